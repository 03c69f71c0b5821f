"""Start-up costs: data commands skip Django's system checks; the web server warms up once (preload)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import ManagementUtility
from django.db import connections

from kofu import cli
from kofu.core.management.commands import serve
from tests.core.test_cli import run_kofu


def test_data_commands_are_every_listed_command_but_init_demo_and_serve():
    assert {"init", "demo", "serve"} & cli.DATA_COMMANDS == set()
    assert {"stats", "registry", "plan", "cards", "bookings"} <= cli.DATA_COMMANDS


@pytest.mark.django_db
def test_a_data_command_runs_without_the_system_checks(monkeypatch, capsys):
    ran: list[str] = []

    def spy(**kwargs):
        ran.append("checks")
        return []

    monkeypatch.setattr(checks, "run_checks", spy)
    # run_from_argv closes every connection when it ends; keep the test's own (PostgreSQL).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    cli._execute(["stats", "snapshots"])
    assert ran == []
    assert "取込済みの時点はありません" in capsys.readouterr().out
    # The same command through Django's own entry point does run them (what the skip saves).
    command = ManagementUtility(["kofu", "stats"]).fetch_command("stats")
    command.stdout = command.stderr = io.StringIO()
    command.run_from_argv(["kofu", "stats", "snapshots"])
    assert ran == ["checks"]


def test_a_data_command_s_errors_are_still_japanese_and_exit_1(tmp_path: Path):
    result = run_kofu("stats", "table", "prefectures", "--as-of", "2022-13-01", data_dir=tmp_path)
    assert result.returncode == 1
    assert "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


def test_serve_preloads_the_application(monkeypatch):
    started: list[list[str]] = []
    monkeypatch.setattr(serve, "_run", started.append)
    serve.Command(stdout=io.StringIO()).handle(host="127.0.0.1", port=8123, workers=2, threads=1)
    assert "--preload" in started[0] and "--threads" not in started[0]
    # two or more threads: gunicorn's gthread worker (keep-alive), still preloaded
    serve.Command(stdout=io.StringIO()).handle(host="127.0.0.1", port=8123, workers=2, threads=4)
    assert "--preload" in started[1] and started[1][started[1].index("--threads") + 1] == "4"


@pytest.mark.django_db
def test_the_warm_up_loads_maps_charts_and_templates_without_the_database(django_assert_num_queries):
    from kofu.stats import geo
    from kofu.warmup import warm_up

    geo.national_view.cache_clear()
    with django_assert_num_queries(0):
        warm_up()
    assert geo.national_view.cache_info().currsize == 1
    assert geo.prefecture_view.cache_info().currsize == 47


HEAVY = ("matplotlib", "openpyxl", "scipy", "pandas", "numpy", "reportlab", "pdfplumber", "PIL")


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    """Top-level modules loaded in a fresh interpreter after ``django.setup()`` and ``code``."""
    script = (
        "import os, sys\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'kofu.settings'\n"
        "import django\n"
        "django.setup()\n" + code + "\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    env = dict(os.environ, KOFU_DATA_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_loading_django_and_the_stats_command_imports_no_heavy_library(tmp_path):
    """A data command pays for what it uses: charts, workbooks, PDF and statistics libraries are
    imported where they are used (a CSV import, a table as CSV, the snapshot list need none)."""
    loaded = _modules_after(
        "import kofu.stats.management.commands.stats, kofu.stats.tables.command\n"
        "import kofu.stats.importing.services, kofu.core.tabular, kofu.registry.selectors",
        tmp_path,
    )
    assert loaded & set(HEAVY) == set()


def test_an_xlsx_is_still_read_with_openpyxl_imported_where_it_is_used(tmp_path):
    loaded = _modules_after(
        "import io\n"
        "from kofu.core.tabular import read_table\n"
        "from tests.hostile_files import xlsx_bytes\n"
        "assert [list(r.cells) for r in read_table(io.BytesIO(xlsx_bytes([['a', 'b']])), name='f.xlsx').rows]"
        " == [['a', 'b']]",
        tmp_path,
    )
    assert "openpyxl" in loaded
