"""docs/security.md points each SECURITY.md requirement at tests: every test it names exists."""

from __future__ import annotations

import re

from tests.security.sites import REPO

DOC = REPO / "docs" / "security.md"


def named_tests() -> list[tuple[str, str | None]]:
    text = DOC.read_text(encoding="utf-8")
    return [(path, name or None) for path, name in re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", text)]


def test_every_requirement_of_security_md_has_a_row():
    text = DOC.read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r"^\| (\d+) \|", text, re.M)]
    assert numbers == list(range(1, 26))


def test_every_named_test_exists():
    named = named_tests()
    assert len(named) > 50
    missing = []
    for path, name in named:
        source = REPO / path
        if not source.is_file():
            missing.append(path)
        elif name and not re.search(rf"^(async )?def {name}\(", source.read_text(encoding="utf-8"), re.M):
            missing.append(f"{path}::{name}")
    assert missing == []
