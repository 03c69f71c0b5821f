"""The ``kofu`` command, run as a user would: in a subprocess, with its own data directory."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kofu.cli import COMMANDS

REPO = Path(__file__).resolve().parents[2]


def kofu_argv() -> list[str]:
    """The installed ``kofu`` script beside this Python, else ``python -m kofu.cli``."""
    script = Path(sys.executable).with_name("kofu")
    if script.exists():
        return [str(script)]
    found = shutil.which("kofu")
    return [found] if found else [sys.executable, "-m", "kofu.cli"]


def run_kofu(*args: str, data_dir: Path, database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env["KOFU_DATA_DIR"] = str(data_dir)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [*kofu_argv(), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_help_lists_every_command_in_japanese_and_english(tmp_path: Path) -> None:
    result = run_kofu("--help", data_dir=tmp_path)

    assert result.returncode == 0
    for name, japanese, english in COMMANDS:
        assert re.search(rf"^\s+{re.escape(name)}\s", result.stdout, re.MULTILINE), name
        assert japanese in result.stdout
        assert english in result.stdout


def test_help_without_arguments_is_the_same_as_help(tmp_path: Path) -> None:
    assert run_kofu(data_dir=tmp_path).stdout == run_kofu("--help", data_dir=tmp_path).stdout


@pytest.mark.parametrize("name", [name for name, _, _ in COMMANDS])
def test_every_listed_command_exists_and_explains_itself(tmp_path: Path, name: str) -> None:
    result = run_kofu(name, "--help", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_every_kofu_management_command_is_listed_in_help() -> None:
    from django.core.management import get_commands

    ours = {name for name, app in get_commands().items() if app.startswith("kofu.")}
    listed = {name for name, _, _ in COMMANDS}

    assert ours - listed == set(), "add these to kofu.cli.COMMANDS"


def test_init_twice_in_a_fresh_data_directory_gives_the_same_registry(tmp_path: Path) -> None:
    first = run_kofu("init", data_dir=tmp_path)
    second = run_kofu("init", data_dir=tmp_path)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "市区町村 1741（新規 1741）" in first.stdout
    assert "市区町村 1741（新規 0）" in second.stdout
    assert (tmp_path / "kofu.sqlite3").exists()


def test_init_uses_the_sqlite_file_named_by_database_url(tmp_path: Path) -> None:
    database = tmp_path / "elsewhere" / "x.db"
    database.parent.mkdir()
    url = f"sqlite:///{database}"

    first = run_kofu("init", data_dir=tmp_path / "data", database_url=url)
    second = run_kofu("init", data_dir=tmp_path / "data", database_url=url)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "（新規 0）" in second.stdout
    assert database.exists()
    assert not (tmp_path / "data" / "kofu.sqlite3").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not-a-url", "DATABASE_URL を解釈できません"),
        ("postgres://kofu:kofu@127.0.0.1:notaport/kofu", "DATABASE_URL を解釈できません"),
        ("mysql://kofu@127.0.0.1/kofu", "対応していません"),
    ],
)
def test_a_malformed_database_url_is_a_clear_japanese_error_not_a_traceback(
    tmp_path: Path, url: str, message: str
) -> None:
    result = run_kofu("init", data_dir=tmp_path, database_url=url)

    assert result.returncode != 0
    assert result.stderr.startswith("設定エラー:")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_is_a_clear_japanese_error(tmp_path: Path) -> None:
    result = run_kofu("init", data_dir=tmp_path, database_url="postgres://kofu:kofu@127.0.0.1:9/kofu")

    assert result.returncode != 0
    assert "データベースに接続できません" in result.stderr
    assert "Traceback" not in result.stderr


def readme_commands() -> list[str]:
    """The commands in the README's first code block, one per line."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", text, re.DOTALL)
    assert block, "README.md has no code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_starts_with_the_demo_and_the_test_command() -> None:
    demo, test = readme_commands()

    assert demo.endswith("kofu demo")
    assert "pip install -e" in demo
    assert test.endswith("pytest")
    assert "'.[test]'" in test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    _, test = readme_commands()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")

    assert f'TEST_COMMAND="{test}"' in ci


def test_make_test_runs_the_readme_test_command() -> None:
    _, test = readme_commands()
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")

    assert f"test:\n\t{test}\n" in makefile


def test_the_readme_help_block_is_kofu_help_verbatim(tmp_path: Path) -> None:
    """README's ``kofu --help`` block is the command's own output (regenerate it with ``kofu --help``)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.index("## コマンド / `kofu --help`")
    start = readme.index("```text\n", section) + len("```text\n")
    block = readme[start : readme.index("```", start)]
    assert block == run_kofu("--help", data_dir=tmp_path).stdout


@pytest.mark.parametrize("name", ["accounts", "registry", "bookings", "demo"])
def test_help_examples_stand_one_per_line(name: str, tmp_path: Path) -> None:
    """Each example of the help starts its own line (argparse must not run them into a paragraph)."""
    lines = run_kofu(name, "--help", data_dir=tmp_path).stdout.splitlines()
    examples = [line for line in lines if f"kofu {name} " in line and not line.startswith("usage:")]
    assert len(examples) >= 3
    assert all(line.lstrip().startswith(f"kofu {name}") for line in examples), examples
