"""What a snapshot counts (交付枚数 / 保有枚数) is said everywhere; cached tables follow imports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kofu.stats import cache
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure
from kofu.stats.tables import build_table
from tests.stats.factories import load_issuance_snapshot

JAN = dt.date(2022, 1, 1)


@pytest.fixture
def held(registry):
    """2022-01-01's figures relabelled as cards held (the importer of the 公表用 workbook comes later)."""
    snapshot = load_issuance_snapshot("2022-01-01")
    snapshot.measure = "held"
    snapshot.save(update_fields=["measure"])
    return snapshot


@pytest.mark.django_db
def test_existing_and_new_snapshots_count_cards_issued_by_default(registry):
    assert load_issuance_snapshot("2022-01-01").measure == "issued"
    assert build_table("prefectures", as_of=JAN).measure == "issued"


@pytest.mark.django_db
def test_csv_names_the_fourth_column_after_the_measure(held):
    out = io.StringIO()
    call_command("stats", "table", "prefectures", "--as-of", "2022-01-01", stdout=out)
    header = next(csv.reader(io.StringIO(out.getvalue())))
    assert header == ["rank", "name", "population", "held", "rate", "mark"]


@pytest.mark.django_db
def test_xlsx_and_pages_say_cards_held(held, client, tmp_path):
    path = tmp_path / "t.xlsx"
    call_command(
        "stats",
        "table",
        "prefectures",
        "--as-of",
        "2022-01-01",
        "--format",
        "xlsx",
        "-o",
        str(path),
        stderr=io.StringIO(),
    )
    sheet = load_workbook(path).active
    assert sheet["A1"].value.startswith("マイナンバーカードの保有状況")
    assert sheet["A2"].value.startswith("保有枚数基準日: 2022-01-01")
    assert [c.value for c in sheet[4]][3:5] == ["保有枚数", "人口に対する保有枚数率"]
    body = client.get("/stats/?as_of=2022-01-01").content.decode()
    assert "<h1>マイナンバーカードの保有状況" in body
    assert "<dt>保有枚数基準日</dt>" in body and "<dt>人口算出基準日</dt>" in body
    assert "保有率（%）" in body and "交付率（%）" not in body
    prefecture = client.get("/stats/prefectures/45/?as_of=2022-01-01").content.decode()
    assert "<dt>保有枚数</dt>" in prefecture and "宮崎県の保有率" in prefecture


@pytest.mark.django_db
def test_every_table_on_the_dashboard_states_measure_dates_and_source(registry, client):
    load_issuance_snapshot("2022-01-01")
    body = client.get("/stats/?as_of=2022-01-01").content.decode()
    captions = re.findall(r'<caption id="t-[a-z0-9-]+-caption">(.*?)</caption>', body)
    assert len(captions) == 7
    for caption in captions:
        assert "交付枚数、2022年1月1日時点、人口は2021年1月1日時点" in caption, caption
    sources = re.findall(r'<p class="source">出典: (.*?)</p>', body)
    assert len(sources) >= 8 and all("総務省" in s for s in sources)


@pytest.mark.django_db
def test_chart_titles_name_the_dates(registry):
    from kofu.stats.series.selectors import national_series
    from kofu.stats.views.files import _dates, _rate_label

    load_issuance_snapshot("2021-12-01")
    load_issuance_snapshot("2022-01-01")
    series = national_series()
    assert _dates(series) == "（2021年12月1日～2022年1月1日、人口は2021年1月1日時点）"
    assert _rate_label(series) == "交付率"
    assert series.sources[0].startswith("総務省")


@pytest.mark.django_db
def test_tables_are_cached_until_the_snapshot_is_imported_again(
    registry, shared_dir, tmp_path, django_assert_max_num_queries
):
    month = shared_dir / "data" / "issuance" / "20220101" / "all_localgovs.csv"
    call_command("stats", "import", str(month), stdout=io.StringIO())
    first = build_table("prefectures", as_of=JAN)
    with django_assert_max_num_queries(1):  # the snapshot row only
        assert build_table("prefectures", as_of=JAN) is first
    token = IssuanceSnapshot.objects.get(as_of=JAN).cache_token
    # Replace the month with figures one card higher in 都城市: the cached table must not be served.
    text = month.read_text(encoding="utf-8-sig").replace(",163571,122835,", ",163571,122836,")
    path = tmp_path / "all_localgovs.csv"
    path.write_text(text, encoding="utf-8")
    call_command("stats", "import", "--replace", str(path), stdout=io.StringIO())
    assert IssuanceSnapshot.objects.get(as_of=JAN).cache_token != token
    again = build_table("prefectures", as_of=JAN)
    assert again is not first
    miyazaki = next(r for r in again.rows if r.name == "宮崎県")
    assert miyazaki.issued == next(r for r in first.rows if r.name == "宮崎県").issued + 1


@pytest.mark.django_db
def test_the_dashboard_costs_the_same_queries_with_many_months(
    registry, client, django_assert_max_num_queries
):
    load_issuance_snapshot("2022-01-01")
    client.get("/stats/?as_of=2022-01-01")
    with django_assert_max_num_queries(2) as one:
        client.get("/stats/?as_of=2022-01-01")
    for month in ["2021-10-01", "2021-11-01", "2021-12-01", "2022-02-01", "2022-03-01"]:
        load_issuance_snapshot(month)
    client.get("/stats/?as_of=2022-01-01")
    with django_assert_max_num_queries(2) as many:
        response = client.get("/stats/?as_of=2022-01-01")
    assert len(many.captured_queries) == len(one.captured_queries)
    assert "2022年3月1日" in response.content.decode()  # the series has the new months


@pytest.mark.django_db
def test_national_applications_and_the_target(registry, client):
    snapshot = load_issuance_snapshot("2022-01-01")
    snapshot.applications, snapshot.applications_note = 54_670_000, "万枚単位の公表値"
    snapshot.save(update_fields=["applications", "applications_note"])
    body = client.get("/stats/?as_of=2022-01-01").content.decode()
    assert "54,670,000" in body and "人口の43.2%" in body  # seed 004: 約43.2％
    # ほぼ全国民 by 2023-03-31: 126,654,244 − 51,871,720 cards still needed (seed 004's figures).
    assert "74,782,524" in body
    assert "令和4年度末（2023年3月31日）までにほぼ全国民" in body


@pytest.mark.django_db
def test_applications_summed_from_municipalities_when_every_one_has_them(registry):
    from kofu.stats.selectors import national_applications
    from kofu.stats.tables import build_table as build

    snapshot = load_issuance_snapshot("2022-01-01")
    national = build("prefectures", as_of=JAN).national
    assert national_applications(snapshot, national) is None
    MunicipalityFigure.objects.filter(snapshot=snapshot).update(applications=10)
    snapshot.save()  # as an import would: a new cache token
    found = national_applications(snapshot, national)
    assert found is not None and found.count == 17_410 and "合計" in found.note


def test_cache_drops_the_least_recently_used():
    memo = cache.Memo(2)
    memo.remember("a", lambda: 1)
    memo.remember("b", lambda: 2)
    memo.remember("a", lambda: 0)
    memo.remember("c", lambda: 3)
    assert memo.remember("a", lambda: 9) == 1
    assert memo.remember("b", lambda: 9) == 9
