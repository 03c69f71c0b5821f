import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from kofu.accounts.audit import GENESIS, audit_record, verify_chain
from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import SYSTEM, Resident, System, viewer_of
from kofu.core import append_only

pytestmark = pytest.mark.django_db


def events(n: int = 3):
    return [
        audit_record(
            actor=SYSTEM, action="test.write", object_type="thing", object_id=i, after={"n": i, "名前": "値"}
        )
        for i in range(n)
    ]


def test_events_chain_from_the_genesis_hash(personas):
    first, *_ = AuditEvent.objects.order_by("id")
    assert first.prev_hash == GENESIS
    chain = list(AuditEvent.objects.order_by("id").values_list("seq", "prev_hash", "hash"))
    assert [seq for seq, _prev, _hash in chain] == list(range(1, len(chain) + 1))
    assert all(prev == chain[i - 1][2] for i, (_seq, prev, _) in enumerate(chain) if i)
    assert list(verify_chain()) == []


def test_hashes_hold_no_run_of_twelve_digits(personas):
    """Base64url hashes: no twelve-digit run a My Number scan would have to explain away."""
    hashes = list(AuditEvent.objects.values_list("hash", flat=True))
    assert hashes and all(len(value) == 43 for value in hashes)
    assert not any(re.search(r"\d{12}", value) for value in hashes)


def test_each_staff_creation_is_recorded_with_who_and_what(personas):
    created = AuditEvent.objects.filter(action="staff.create")
    assert created.count() == 6
    assert created.get(after__username="soumu").actor_label == "kofu accounts"


def test_the_orm_refuses_to_change_or_delete_an_event():
    event = events(1)[0]
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_the_database_refuses_an_update():
    events(1)
    with pytest.raises(Exception, match="追記のみ"), transaction.atomic():
        AuditEvent.objects.update(action="changed")


def _tamper(sql: str, params: list) -> None:
    """Change a row behind kofu's back, as someone with direct database access could, then put the
    triggers back as they were (so that only the chain tells)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # fire pending FK checks before DDL
        append_only.uninstall(connection)
        cursor.execute(sql, params)
    append_only.install(connection)


def test_kofu_audit_verify_detects_a_row_changed_behind_its_back():
    rows = events(3)
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "成功" in out.getvalue()
    _tamper("UPDATE accounts_auditevent SET object_id = %s WHERE id = %s", ["999", rows[1].pk])
    with pytest.raises(CommandError, match="失敗"):
        call_command("audit", "verify", stderr=io.StringIO())
    assert [p.row_id for p in verify_chain()] == [rows[1].pk]


def test_kofu_audit_verify_detects_a_deleted_row():
    rows = events(3)
    _tamper("DELETE FROM accounts_auditevent WHERE id = %s", [rows[1].pk])
    problems = list(verify_chain())
    assert [p.row_id for p in problems] == [rows[2].pk]
    assert "通し番号が" in problems[0].text and "直前の行のハッシュと一致しません" in problems[0].text


def test_a_forked_chain_is_refused_by_the_database():
    rows = events(1)
    duplicate = AuditEvent(
        at=rows[0].at,
        actor_label="x",
        action="x",
        object_type="x",
        seq=rows[0].seq + 1,
        prev_hash=rows[0].prev_hash,
        hash="f" * 64,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_events_name_the_actor_and_organisation(personas):
    viewer = viewer_of(personas["prefecture"])
    event = audit_record(actor=viewer, action="plan.review", object_type="plan", object_id=1)
    assert (event.actor_id, event.actor_label, event.organisation) == (
        viewer.user_id,
        "miyazaki-pref",
        "宮崎県",
    )


def test_commands_and_residents_are_recorded_as_such(registry):
    by = {
        "command": System("kofu cards"),
        "system": SYSTEM,
        "resident": Resident(card_id=1, municipality_id=1),
    }
    recorded = {
        name: audit_record(actor=actor, action="test.who", object_type="thing", object_id=name)
        for name, actor in by.items()
    }
    assert {name: (e.actor_id, e.actor_label, e.organisation) for name, e in recorded.items()} == {
        "command": (None, "kofu cards", ""),
        "system": (None, "system", ""),
        "resident": (None, "resident", ""),
    }
