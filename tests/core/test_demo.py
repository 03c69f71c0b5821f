"""``kofu demo``: the bundled figures, loaded through the importer, and the demo server."""

from __future__ import annotations

import csv
import datetime as dt
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from kofu.stats.demo.loader import DEMO_FILES, demo_names, demo_path, extracted_months, month_names
from tests.core.test_cli import kofu_argv
from tests.initialised import copy_initialised_sqlite

JAN, OCT = dt.date(2022, 1, 1), dt.date(2022, 10, 31)


def demo_rows(name: str) -> list[dict[str, str]]:
    if name.endswith("_all_localgovs.csv"):
        with extracted_months() as folder, (folder / name).open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    with demo_path(name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def counts(row: dict[str, str]) -> tuple[int, int, Decimal]:
    population = row.get("総数（人口）") or row["人口"]
    return int(population), int(row["交付枚数"]), Decimal(row["人口に対する交付枚数率"])


# --- the files themselves (no database) --------------------------------------------------------


def test_the_months_are_the_shared_reference_files_unchanged(shared_dir: Path) -> None:
    names = month_names()
    assert names[0] == "20211001_all_localgovs.csv" and names[-1] == "20220930_all_localgovs.csv"
    assert len(names) == 12
    with extracted_months() as folder:
        for name in names:
            original = shared_dir / "data" / "issuance" / name.split("_")[0] / "all_localgovs.csv"
            assert (folder / name).read_bytes() == original.read_bytes(), name


@pytest.mark.parametrize("name", [*DEMO_FILES, "20220101_all_localgovs.csv"])
def test_every_printed_rate_is_issued_over_population_rounded_half_up(name: str) -> None:
    for row in demo_rows(name):
        population, issued, rate = counts(row)
        expected = (Decimal(issued) * 100 / population).quantize(Decimal("0.1"), ROUND_HALF_UP)
        assert rate == expected, row


@pytest.mark.parametrize("date", ["20220101", "20221031"])
def test_prefectures_and_category_groups_each_add_up_to_the_national_row(date: str) -> None:
    prefectures = demo_rows(f"{date}_prefectures.csv")
    national, *groups = demo_rows(f"{date}_categories.csv")

    assert len(prefectures) == 47
    assert national["区分"] == "全国"
    for index in (0, 1):
        assert sum(counts(row)[index] for row in prefectures) == counts(national)[index]
        assert sum(counts(row)[index] for row in groups) == counts(national)[index]


def test_the_demo_holds_every_figure_of_the_seed_tables(shared_dir: Path) -> None:
    """An independent transcription (../shared/seed-tables) agrees with every bundled figure."""
    municipalities = demo_rows("20220101_all_localgovs.csv")
    by_name: dict[str, list[dict[str, str]]] = {}
    for row in municipalities:
        name = row["市区町村名"]
        bare = name.rsplit("郡", 1)[-1] if "郡" in name[:-1] and name[-1] in "町村" else name
        for key in {name, bare, row["都道府県名"] + bare}:
            by_name.setdefault(key, []).append(row)
    published = {
        (date, kind): {row.get("都道府県名") or row["区分"]: row for row in demo_rows(f"{date}_{kind}.csv")}
        for date in ("20220101", "20221031")
        for kind in ("prefectures", "categories")
    }
    with (shared_dir / "seed-tables" / "issuance_tables.csv").open(encoding="utf-8") as handle:
        seed = list(csv.DictReader(handle))

    assert len(seed) == 228
    for expected in seed:
        date = expected["as_of"].replace("-", "")
        if expected["table"] in {"prefectures", "category_totals"}:
            kind = "prefectures" if expected["table"] == "prefectures" else "categories"
            row = published[(date, kind)][expected["name"]]
        else:
            assert date == "20220101"
            (row,) = [r for r in by_name[expected["name"]] if r["総数（人口）"] == expected["population"]]
        assert counts(row) == (
            int(expected["population"]),
            int(expected["issued"]),
            Decimal(expected["rate_printed"]),
        ), expected
    assert len(municipalities) == 1741


# --- loading (database) -------------------------------------------------------------------------


def run_demo() -> str:
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_without_serving_loads_twelve_complete_months_and_the_printed_totals() -> None:
    from kofu.stats.models import (
        ConvenienceParticipation,
        ConvenienceVolume,
        GroupTotal,
        IssuanceSnapshot,
        MunicipalityFigure,
        PrefectureFigure,
    )

    output = run_demo()

    snapshots = {s.as_of: s for s in IssuanceSnapshot.objects.all()}
    assert len(snapshots) == 13 and min(snapshots) == dt.date(2021, 10, 1) and max(snapshots) == OCT
    assert snapshots[JAN].population_base == dt.date(2021, 1, 1)
    assert snapshots[OCT].population_base == dt.date(2022, 1, 1)
    assert all(s.complete for date, s in snapshots.items() if date != OCT) and not snapshots[OCT].complete
    assert all(s.measure == "issued" for s in snapshots.values())
    assert "Code for Japan" in snapshots[JAN].credit and "MIT" in snapshots[JAN].credit
    assert snapshots[JAN].applications == 54_670_000
    assert MunicipalityFigure.objects.filter(snapshot__as_of=JAN).count() == 1741
    assert ConvenienceParticipation.objects.count() == 897
    assert ConvenienceVolume.objects.count() == 36
    assert MunicipalityFigure.objects.filter(snapshot__as_of=OCT).count() == 0
    assert PrefectureFigure.objects.filter(snapshot__as_of=JAN).count() == 47
    assert PrefectureFigure.objects.filter(snapshot__as_of=OCT).count() == 47
    assert GroupTotal.objects.filter(snapshot__as_of=JAN).count() == 5
    assert GroupTotal.objects.filter(snapshot__as_of=OCT).count() == 4
    national = {g.snapshot.as_of: (g.population, g.issued) for g in GroupTotal.objects.filter(label="全国")}
    assert national == {JAN: (126_654_244, 51_871_720), OCT: (125_927_902, 64_384_833)}
    miyakonojo = MunicipalityFigure.objects.get(snapshot__as_of=JAN, municipality__code="452025")
    assert (miyakonojo.municipality.name, miyakonojo.population, miyakonojo.issued) == (
        "都城市",
        163_571,
        122_835,
    )
    miyazaki = PrefectureFigure.objects.get(snapshot__as_of=OCT, prefecture__name="宮崎県")
    assert (miyazaki.population, miyazaki.issued) == (1_078_313, 705_411)
    assert "2022-01-01" in output and "2022-10-31" in output


@pytest.mark.django_db
def test_demo_twice_loads_nothing_the_second_time() -> None:
    from kofu.stats.models import GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure

    run_demo()
    before = [m.objects.count() for m in (IssuanceSnapshot, MunicipalityFigure, PrefectureFigure, GroupTotal)]
    output = run_demo()

    after = [m.objects.count() for m in (IssuanceSnapshot, MunicipalityFigure, PrefectureFigure, GroupTotal)]
    assert after == before
    assert f"読込 0 ファイル、読込済みのため省略 {len(demo_names())} ファイル" in output


@pytest.mark.django_db
def test_the_demo_reproduces_the_published_prefecture_ranking_of_october() -> None:
    run_demo()
    out = StringIO()

    call_command("stats", "table", "prefectures", "--as-of", "2022-10-31", "--format", "csv", stdout=out)

    text = out.getvalue()
    assert "宮崎県" in text and "65.4" in text
    assert text.index("宮崎県") < text.index("兵庫県") < text.index("沖縄県")


# --- serving (subprocess) -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode("utf-8")


@pytest.mark.slow
def test_demo_serves_the_dashboard_on_the_port_it_prints(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KOFU_DATA_DIR"] = str(tmp_path)
    # The subject is serving on the printed port: start from an initialised database (the demo from
    # nothing is tests/browser/test_demo_drive.py's and .ci/smoke's).
    copy_initialised_sqlite(tmp_path / "kofu.sqlite3")
    log = tmp_path / "demo.log"
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [*kofu_argv(), "demo", "--port", str(port)], env=env, stdout=handle, stderr=subprocess.STDOUT
        )
    try:
        status, body = 0, ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, body = fetch(url)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        assert process.poll() is None, log.read_text(encoding="utf-8")
        assert status == 200, log.read_text(encoding="utf-8")
        assert "<html" in body.lower()
        assert url in log.read_text(encoding="utf-8")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_demo_on_a_port_in_use_says_so_in_japanese(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KOFU_DATA_DIR"] = str(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*kofu_argv(), "demo", "--port", str(port)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert result.returncode != 0
    assert f"127.0.0.1:{port} で待ち受けられません" in result.stderr
    assert "Traceback" not in result.stderr
