"""SECURITY 16 / issue 13: the audit log and the resident access log show any row edited or deleted.

Each log is attacked as someone with the database file (or a superuser's connection) would: a
plain DELETE is refused by the triggers; with the triggers dropped first, deleting the last row,
the last two or every row is found by ``kofu audit verify`` — by the head the INSERT trigger kept,
and by a checkpoint kept off the host even when the attacker also fixed the head and put the
triggers back. Runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from kofu.accounts import request_source
from kofu.accounts.audit import audit_record
from kofu.accounts.chains import CHAINS, GENESIS, digest
from kofu.accounts.roles import SYSTEM
from kofu.accounts.verification import checkpoint_line, parse_checkpoints, verify_logs
from kofu.cards import access_log
from kofu.core import append_only

pytestmark = pytest.mark.django_db

TABLES = {"audit": "accounts_auditevent", "access": "cards_residentaccess"}


@pytest.fixture
def logs(make_card):
    """Five audit events and five access rows (two pages' worth), all verified."""
    for n in range(5):
        audit_record(actor=SYSTEM, action="test.write", object_type="thing", object_id=n, after={"n": n})
    cards = [make_card().pk for _ in range(3)]
    access_log.record(cards, actor=SYSTEM, action="view", purpose="issuance")
    access_log.record(cards[:2], actor=SYSTEM, action="update", purpose="inquiry")
    report = verify_logs()
    assert report.ok, report.problems
    assert [state.rows for state in report.chains] == [5, 5]


def drop_triggers() -> None:
    """What an attacker does first: lift every trigger of both logs."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before DDL
    append_only.uninstall(connection)


def delete_last(chain: str, count: int | None) -> None:
    table = TABLES[chain]
    with connection.cursor() as cursor:
        if count is None:
            cursor.execute(f"DELETE FROM {table}")
        else:
            cursor.execute(f"SELECT id FROM {table} ORDER BY id DESC LIMIT {count}")
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({','.join(map(str, ids))})")


def verify_fails(*files: str) -> str:
    """Run ``kofu audit verify`` expecting failure; its Japanese messages."""
    err = io.StringIO()
    args = [arg for name in files for arg in ("--checkpoint", name)]
    with pytest.raises(CommandError, match="監査ログの検証に失敗しました"):
        call_command("audit", "verify", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def keep_checkpoint(tmp_path) -> str:
    out = io.StringIO()
    call_command("audit", "checkpoint", "--append", str(tmp_path / "kept.log"), stdout=out)
    assert out.getvalue().startswith("kofu-checkpoint ")
    return str(tmp_path / "kept.log")


CUTS = [pytest.param(1, id="last-row"), pytest.param(2, id="last-two"), pytest.param(None, id="all-rows")]


@pytest.mark.parametrize("chain", ["audit", "access"])
@pytest.mark.parametrize("count", CUTS)
def test_the_database_refuses_the_delete(logs, chain, count):
    with pytest.raises(DatabaseError, match="追記のみ"), transaction.atomic():
        delete_last(chain, count)


@pytest.mark.parametrize("chain", ["audit", "access"])
def test_the_database_refuses_an_update(logs, chain):
    with pytest.raises(DatabaseError, match="追記のみ"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {TABLES[chain]} SET action = 'x'")


@pytest.mark.parametrize("chain", ["audit", "access"])
@pytest.mark.parametrize("count", CUTS)
def test_deleting_the_last_rows_with_the_triggers_dropped_is_found(logs, chain, count, tmp_path):
    kept = keep_checkpoint(tmp_path)
    drop_triggers()
    delete_last(chain, count)
    label = "監査ログ" if chain == "audit" else "アクセス記録"
    cut = count or 5
    err = verify_fails()
    assert f"{label}: 最後の行の記録では5番までありますが、表は{5 - cut}番で終わっています" in err
    assert f"（最後の{cut}行が削除されています）" in err
    assert f"トリガー {TABLES[chain]}_no_delete がありません" in err
    err = verify_fails(kept)
    assert f"{label}: チェックポイント（{kept} の1行目）では5番までありましたが" in err


@pytest.mark.parametrize("chain", ["audit", "access"])
@pytest.mark.parametrize("count", CUTS)
def test_an_attacker_who_also_fixes_the_head_and_the_triggers_is_caught_by_the_checkpoint(
    logs, chain, count, tmp_path
):
    kept = keep_checkpoint(tmp_path)
    drop_triggers()
    delete_last(chain, count)
    with connection.cursor() as cursor:
        if count is None:
            cursor.execute("DELETE FROM kofu_log_head WHERE chain = %s", [chain])
        else:
            cursor.execute(
                f"UPDATE kofu_log_head SET seq = (SELECT MAX(seq) FROM {TABLES[chain]}), "
                f"hash = (SELECT hash FROM {TABLES[chain]} ORDER BY seq DESC LIMIT 1) WHERE chain = %s",
                [chain],
            )
    append_only.install(connection)
    err = verify_fails(kept)
    assert "チェックポイント" in err and "削除されています" in err


@pytest.mark.parametrize("chain", ["audit", "access"])
def test_a_log_rebuilt_with_fresh_hashes_is_caught_by_the_checkpoint(logs, chain, tmp_path):
    """Delete row 2 and recompute every later hash: the chain verifies, the checkpoint does not."""
    kept = keep_checkpoint(tmp_path)
    drop_triggers()
    spec = CHAINS[chain]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLES[chain]} WHERE seq = 2")
    prev = GENESIS
    for seq, row in enumerate(spec.model._default_manager.order_by("id"), start=1):
        new_hash = digest(prev, spec.content(row))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {TABLES[chain]} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [seq, prev, new_hash, row.pk],
            )
        prev = new_hash
    with connection.cursor() as cursor:
        cursor.execute("UPDATE kofu_log_head SET seq = 4, hash = %s WHERE chain = %s", [prev, chain])
    append_only.install(connection)
    assert verify_logs().ok  # without a checkpoint nothing inside the database can tell
    err = verify_fails(kept)
    assert "チェックポイント" in err


@pytest.mark.parametrize("chain", ["audit", "access"])
def test_an_edited_row_is_found(logs, chain):
    drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLES[chain]} SET purpose = 'other' WHERE seq = 3")
    append_only.install(connection)
    err = verify_fails()
    label = "監査ログ" if chain == "audit" else "アクセス記録"
    assert f"{label} " in err and "内容がハッシュと一致しません（行の改ざん）" in err


def test_untouched_logs_verify_with_and_without_checkpoints(logs, tmp_path):
    kept = keep_checkpoint(tmp_path)
    audit_record(actor=SYSTEM, action="test.later", object_type="thing")  # after the checkpoint: fine
    out = io.StringIO()
    call_command("audit", "verify", "--checkpoint", kept, stdout=out)
    assert (
        "監査ログの検証に成功しました（監査ログ 6行・アクセス記録 5行、削除防止トリガーあり、チェックポイント 1件）"
        in (out.getvalue())
    )
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "成功" in out.getvalue() and "チェックポイントを指定していません" in out.getvalue()


def test_a_checkpoint_names_both_heads_and_is_refused_when_the_head_does_not_match(logs):
    line = checkpoint_line()
    points = parse_checkpoints(line, "stdin")
    assert [(p.chain, p.seq) for p in points] == [("audit", 5), ("access", 5)]
    drop_triggers()
    delete_last("audit", 1)
    with pytest.raises(CommandError, match="チェックポイントを出力しません"):
        call_command("audit", "checkpoint", stdout=io.StringIO())


def test_a_malformed_checkpoint_file_is_named_with_its_line(logs, tmp_path):
    kept = tmp_path / "kept.log"
    kept.write_text("# kept off the host\nkofu-checkpoint 2026-11-30T12:00:00+09:00 audit=12:zzz\n", "utf-8")
    with pytest.raises(CommandError, match=r"kept.log の2行目: 「audit=12:zzz」"):
        call_command("audit", "verify", "--checkpoint", str(kept), stdout=io.StringIO())
    empty = tmp_path / "empty.log"
    empty.write_text("nothing here\n", "utf-8")
    with pytest.raises(CommandError, match="チェックポイント（kofu-checkpoint で始まる行）がありません"):
        call_command("audit", "verify", "--checkpoint", str(empty), stdout=io.StringIO())


def test_a_row_with_a_source_ip_chains_as_the_database_gives_it_back(make_card):
    """The hash covers the address as the database returns it (PostgreSQL's inet, IPv6 spelled)."""
    card = make_card()
    for address in ["192.0.2.10", "2001:DB8:0:0::1", "::ffff:192.0.2.1"]:
        token = request_source._SOURCE_IP.set(address)
        try:
            access_log.record([card.pk], actor=SYSTEM, action="view", purpose="issuance")
        finally:
            request_source._SOURCE_IP.reset(token)
    assert verify_logs().ok


def test_only_a_test_database_lifts_the_delete_triggers_for_a_flush():
    from kofu.core.sqlite_backend.base import is_test_database

    assert is_test_database("file:memorydb_default?mode=memory&cache=shared")
    assert is_test_database("/tmp/x/test_kofu.sqlite3")
    assert not is_test_database("/var/lib/kofu/kofu.sqlite3")


@pytest.mark.slow
def test_outside_a_test_database_flush_and_truncate_are_refused(tmp_path):
    from tests.security.sites import new_site

    with new_site(tmp_path) as site:
        site.kofu("init")
        site.kofu("accounts", "create-ministry-admin", "soumu-admin")
        count = "SELECT COUNT(*) FROM accounts_auditevent"
        before = site.sql(count)
        assert before[0][0] >= 2
        flushed = site.kofu("flush", "--no-input", check=False)
        assert flushed.returncode != 0
        if site.is_postgres:
            refused = site.sql_error("TRUNCATE accounts_auditevent CASCADE")
            assert "監査ログは追記のみです（TRUNCATE）" in refused
        assert site.sql(count) == before
        assert "監査ログの検証に成功しました" in site.kofu("audit", "verify").stdout
