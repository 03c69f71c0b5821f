"""Acceptance: after importing a month's file, `kofu stats table` reproduces the seed tables row by row."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest
from django.core.management import call_command

from tests.initialised import copy_initialised_sqlite

SEED_TABLES = {
    "category_totals": "categories",
    "prefectures": "prefectures",
    "top10_cities_wards": "top10-cities",
    "top10_towns_villages": "top10-towns",
    "special_wards": "special-wards",
    "designated_cities": "designated-cities",
    "core_cities": "core-cities",
}


def seed_rows(shared_dir, as_of: str) -> dict[str, list[list[str]]]:
    rows: dict[str, list[list[str]]] = defaultdict(list)
    path = shared_dir / "seed-tables" / "issuance_tables.csv"
    for row in csv.DictReader(path.open(encoding="utf-8")):
        if row["as_of"] == as_of:
            rows[SEED_TABLES[row["table"]]].append(
                [row["rank"], row["name"], row["population"], row["issued"], row["rate_printed"]]
            )
    for table in rows.values():
        # The seed CSV lists ranked tables in print order except core cities (two print columns).
        if table[0][0]:
            table.sort(key=lambda r: int(r[0]))
    return rows


def cli_table(table: str, as_of: str, *extra: str) -> list[list[str]]:
    out = io.StringIO()
    call_command("stats", "table", table, "--as-of", as_of, "--format", "csv", *extra, stdout=out)
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    assert lines[0] == ["rank", "name", "population", "issued", "rate", "mark"]
    return [line[:5] for line in lines[1:]]


@pytest.fixture
def january_2022(registry, shared_dir):
    call_command("stats", "import", str(shared_dir / "data" / "issuance" / "20220101" / "all_localgovs.csv"))


@pytest.mark.django_db
@pytest.mark.parametrize("table", sorted(set(SEED_TABLES.values())))
def test_every_2022_01_01_seed_row_is_reproduced_by_the_cli(january_2022, shared_dir, table):
    expected = seed_rows(shared_dir, "2022-01-01")[table]
    assert expected, table
    assert cli_table(table, "2022-01-01") == expected


@pytest.mark.django_db
def test_2022_01_01_top10_towns_use_prefecture_and_name_without_district(january_2022):
    rows = cli_table("top10-towns", "2022-01-01")
    assert rows[0] == ["", "大分県姫島村", "1933", "1501", "77.7"]


@pytest.mark.django_db
def test_later_month_uses_the_grouping_then_in_use_and_matches_its_own_summary(registry, shared_dir):
    folder = shared_dir / "data" / "issuance" / "20220930"
    call_command("stats", "import", str(folder / "all_localgovs.csv"))
    rows = cli_table("categories", "2022-09-30")
    assert [r[1] for r in rows] == ["全国", "指定都市", "特別区・市(指定都市を除く)", "町村"]
    published = list(csv.DictReader((folder / "summary_by_types.csv").open(encoding="utf-8-sig")))
    assert [[r[2], r[3], r[4]] for r in rows] == [
        [p["人口"], p["交付枚数"], p["人口に対する交付枚数率"]] for p in published
    ]
    explicit = cli_table("categories", "2022-09-30", "--grouping", "wards-separate")
    assert [r[1] for r in explicit] == ["全国", "特別区", "指定都市", "市（指定都市を除く）", "町村"]


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["20170308", "20200401", "20210801", "20220501", "20220930"])
def test_prefecture_table_matches_the_published_prefecture_file_for_other_months(registry, shared_dir, month):
    folder = shared_dir / "data" / "issuance" / month
    call_command("stats", "import", str(folder / "all_localgovs.csv"))
    as_of = f"{month[:4]}-{month[4:6]}-{month[6:]}"
    rows = cli_table("prefectures", as_of)
    published = {
        p["都道府県名"]: [p["総数（人口）"], p["交付枚数"], p["人口に対する交付枚数率"]]
        for p in csv.DictReader((folder / "all_prefectures.csv").open(encoding="utf-8-sig"))
    }
    assert len(rows) == 47
    assert {r[1]: r[2:] for r in rows} == published
    assert [int(r[0]) for r in rows] == sorted(int(r[0]) for r in rows)


@pytest.mark.django_db
def test_unknown_date_is_a_clear_error(registry):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="取り込まれていません"):
        cli_table("prefectures", "2022-01-01")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        cli_table("prefectures", "2022/01/01")


@pytest.mark.django_db
def test_municipalities_table_filters_by_prefecture_and_category(january_2022):
    miyazaki = cli_table("municipalities", "2022-01-01", "--prefecture", "宮崎県")
    assert len(miyazaki) == 26
    assert miyazaki[0] == ["1", "都城市", "163571", "122835", "75.1"]
    villages = cli_table("municipalities", "2022-01-01", "--category", "村")
    assert len(villages) == 183
    assert villages[0][1] == "大分県姫島村"
    nationwide = cli_table("municipalities", "2022-01-01")
    assert len(nationwide) == 1741
    assert sum(1 for row in nationwide if row[1].endswith("府中市")) == 2


def test_a_closed_pipe_ends_the_cli_quietly(tmp_path, shared_dir):
    import subprocess
    import sys

    env = {"KOFU_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    kofu = [sys.executable, "-m", "kofu.cli"]
    copy_initialised_sqlite(tmp_path / "kofu.sqlite3")
    subprocess.run([*kofu, "init"], env=env, check=True, capture_output=True)
    month = shared_dir / "data" / "issuance" / "20220101" / "all_localgovs.csv"
    subprocess.run([*kofu, "stats", "import", str(month)], env=env, check=True, capture_output=True)
    pipeline = subprocess.run(
        # `true` never reads: every write after it exits hits a closed pipe (EPIPE).
        " ".join(kofu) + " stats table municipalities --as-of 2022-01-01 | true",
        shell=True,
        env=env,
        capture_output=True,
        text=True,
    )
    assert pipeline.returncode == 0
    assert "Traceback" not in pipeline.stderr
    assert "BrokenPipe" not in pipeline.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["20210801", "20220930"])
def test_the_mark_column_marks_prefectures_at_or_below_the_national_ratio(registry, shared_dir, month):
    """Computed here from the published prefecture file, by cross-multiplication (no kofu code)."""
    folder = shared_dir / "data" / "issuance" / month
    call_command("stats", "import", str(folder / "all_localgovs.csv"))
    out = io.StringIO()
    as_of = f"{month[:4]}-{month[4:6]}-{month[6:]}"
    call_command("stats", "table", "prefectures", "--as-of", as_of, stdout=out)
    marks = {row["name"]: row["mark"] for row in csv.DictReader(io.StringIO(out.getvalue()))}
    published = list(csv.DictReader((folder / "all_prefectures.csv").open(encoding="utf-8-sig")))
    population = sum(int(p["総数（人口）"]) for p in published)
    issued = sum(int(p["交付枚数"]) for p in published)
    expected = {
        p["都道府県名"]: "※" if int(p["交付枚数"]) * population <= issued * int(p["総数（人口）"]) else ""
        for p in published
    }
    assert marks == expected
    assert 0 < list(marks.values()).count("※") < 47
