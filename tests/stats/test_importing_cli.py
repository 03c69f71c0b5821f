"""``kofu stats import`` through call_command and as a real process on a fresh SQLite file."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kofu.stats.models import IssuanceSnapshot
from tests.initialised import copy_initialised_sqlite
from tests.stats.test_importing_support import SMALL_ROWS, small_csv_text, table_counts, write

BAD_ROW = '"2022/01/01","北海道","函館市",251891,89a13,35.5,"2021/01/01","2022/01/01",12025'


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("stats", "import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_one_line_per_file(registry, tmp_path):
    out, _ = run(str(write(tmp_path / "a.csv", small_csv_text())))
    first = out.splitlines()[0]
    assert first.startswith(
        "a.csv: 市区町村別（CSV (UTF-8)） 基準日 2022-01-01、人口算出基準日 2021-01-01、4行を取込"
    )
    assert "新規登録 0団体、警告 1件、全市区町村分ではありません" in first
    assert "  警告: a.csv: 台帳の1,741団体のうち1,737団体の数値がありません" in out


def test_a_refused_file_prints_its_messages_and_fails(registry, tmp_path):
    path = write(tmp_path / "bad.csv", small_csv_text([*SMALL_ROWS, BAD_ROW]))
    before = table_counts()
    err = io.StringIO()
    with pytest.raises(
        CommandError, match="bad.csv を取り込めませんでした（このファイルは何も変更していません）"
    ):
        call_command("stats", "import", str(path), stderr=err)
    assert err.getvalue() == "bad.csv 6行目「交付枚数」: 数値ではありません: '89a13'\n"
    assert table_counts() == before


def test_files_are_imported_in_order_up_to_the_first_refused_one(registry, tmp_path):
    good = write(tmp_path / "good.csv", small_csv_text())
    bad = write(tmp_path / "bad.csv", small_csv_text([BAD_ROW]))
    later = write(
        tmp_path / "later.csv", small_csv_text([r.replace("2022/01/01", "2022/02/01") for r in SMALL_ROWS])
    )
    with pytest.raises(CommandError, match="残りの 1 ファイルは取り込んでいません"):
        run(str(good), str(bad), str(later))
    assert [f"{d:%Y-%m-%d}" for d in IssuanceSnapshot.objects.values_list("as_of", flat=True)] == [
        "2022-01-01"
    ]


def test_a_malformed_as_of_option_is_an_error(registry, tmp_path):
    with pytest.raises(CommandError, match="--as-of: 日付として読めません"):
        run(str(write(tmp_path / "a.csv", small_csv_text())), "--as-of", "next tuesday")


def test_allow_and_replace_options_reach_the_service(registry, tmp_path):
    over = '"2022/01/01","北海道","函館市",100,150,150.0,"2021/01/01","2022/01/01",12025'
    path = write(tmp_path / "a.csv", small_csv_text([over]))
    with pytest.raises(CommandError):
        run(str(path))
    out, _ = run(str(path), "--allow")
    assert "を超えています（--allow により取り込みました）" in out
    out, _ = run(str(path), "--allow", "--replace")
    assert "1行を取込（置換）" in out


def _kofu() -> list[str]:
    script = Path(sys.executable).with_name("kofu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kofu.cli"]


def test_the_kofu_command_exits_non_zero_with_the_japanese_message(tmp_path):
    env = {
        **os.environ,
        "KOFU_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kofu.sqlite3'}",
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    copy_initialised_sqlite(tmp_path / "kofu.sqlite3")

    def kofu(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*_kofu(), *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    assert kofu("init").returncode == 0
    bad = write(tmp_path / "bad.csv", small_csv_text([*SMALL_ROWS, BAD_ROW]))
    refused = kofu("stats", "import", str(bad))
    assert refused.returncode != 0
    assert "bad.csv 6行目「交付枚数」: 数値ではありません: '89a13'" in refused.stderr
    assert "bad.csv を取り込めませんでした" in refused.stderr
    good = kofu("stats", "import", str(write(tmp_path / "good.csv", small_csv_text())))
    assert good.returncode == 0, good.stderr
    assert "good.csv: 市区町村別" in good.stdout
