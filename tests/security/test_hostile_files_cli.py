"""Hostile files through the real ``kofu`` command (a new process, as an operator runs it): exit 1
with a Japanese message naming the file and no traceback, the database unchanged; a CP932 delivery
file imports."""

from __future__ import annotations

import pytest

from tests.hostile_files import Base, Hostile, corpus, write
from tests.security.sites import new_site
from tests.security.test_hostile_files import DELIVERY_ROWS, MIYAKONOJO, STATS_ROWS

#: The files an operator is most likely to meet, with the limits at their defaults.
KEYS = (
    "xlsx-named-csv",
    "huge-field",
    "utf16",
    "zip-bomb",
    "truncated-xlsx",
    "my-number-hyphens",
    "bom-only",
)


def _files(base: Base) -> list[Hostile]:
    return [hostile for hostile in corpus(base) if hostile.key in KEYS]


@pytest.mark.slow
def test_hostile_files_through_the_kofu_command(tmp_path):
    with new_site(tmp_path) as site:
        site.kofu("init")
        delivery = Base(DELIVERY_ROWS, "csv", target=(1, 5), stem="delivery")
        stats = Base(STATS_ROWS, "csv", target=(1, 2), stem="all_localgovs")
        before = site.snapshot()
        runs = [
            (hostile, ("cards", "import-delivery", "--municipality", MIYAKONOJO, "--quiet"))
            for hostile in _files(delivery)
        ] + [(hostile, ("stats", "import")) for hostile in _files(stats)]
        for hostile, command in runs:
            path = write(tmp_path, hostile)
            result = site.kofu(*command, str(path), check=False)
            assert result.returncode == 1, (hostile.key, command, result.stdout, result.stderr)
            assert "Traceback" not in result.stderr, (hostile.key, result.stderr)
            assert f"{hostile.name}" in result.stderr and "取り込めませんでした" in result.stderr, (
                result.stderr
            )
        assert site.snapshot() == before

        cp932 = next(hostile for hostile in corpus(delivery) if hostile.key == "cp932")
        result = site.kofu(
            "cards", "import-delivery", str(write(tmp_path, cp932)), "--municipality", MIYAKONOJO, "--quiet"
        )
        assert "delivery.csv: 2行、新規 2件" in result.stdout
