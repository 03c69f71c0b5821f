"""The statistics pages, downloads and charts, through the Django test client.

Figures are the ministry's: 2021-12-01 and 2022-01-01 per municipality (complete), and the
2022-10-31 prefecture and category totals seed 001 prints (no municipalities, like the demo data).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from openpyxl import load_workbook

from kofu.stats.models import IssuanceSnapshot
from kofu.stats.tables import build_table
from kofu.stats.views.common import MAX_AGE
from tests.stats.factories import load_issuance_snapshot, load_published_totals

PNG = b"\x89PNG\r\n\x1a\n"
DASHBOARD_TABLES = [
    "categories",
    "prefectures",
    "top10-cities",
    "top10-towns",
    "special-wards",
    "designated-cities",
    "core-cities",
]


@pytest.fixture(scope="module")
def snapshots(django_db_setup, django_db_blocker):
    """Three snapshots, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_issuance_snapshot("2021-12-01")
            load_issuance_snapshot("2022-01-01")
            load_published_totals("2022-10-31")
            yield
            transaction.set_rollback(True)


@pytest.fixture
def stats(snapshots, db):
    """Per-test access on top of the module's snapshots (each test rolls back its own changes)."""


def text(response) -> str:
    return response.content.decode()


def table(response, key: str):
    return next(t for t in response.context["tables"] if t.key == key)


# --- National dashboard ---------------------------------------------------------------------------


def test_dashboard_shows_both_dates_in_wareki_and_the_national_total(stats, client):
    response = client.get("/stats/?as_of=2022-01-01")
    assert response.status_code == 200
    body = text(response)
    assert "マイナンバーカードの交付状況" in body
    assert "交付枚数基準日" in body and "2022年1月1日" in body and "令和4年1月1日" in body
    assert "人口算出基準日" in body and "2021年1月1日" in body and "令和3年1月1日" in body
    assert "126,654,244" in body and "51,871,720" in body
    assert response.context["national"].rate == Decimal("41.0")
    assert re.search(r"全国平均）</dt><dd>41\.0<", body)


def test_dashboard_shows_every_published_table(stats, client):
    body = text(client.get("/stats/?as_of=2022-01-01"))
    for title in [
        "団体区分別",
        "都道府県別",
        "区分別交付率上位10団体【特別区・市】",
        "区分別交付率上位10団体【町村】",
        "特別区",
        "指定都市",
        "中核市",
    ]:
        assert f">{title}</h2>" in body


def test_prefecture_table_ranks_miyazaki_first_and_marks_below_average_with_text(stats, client):
    response = client.get("/stats/?as_of=2022-01-01")
    prefectures = table(response, "prefectures")
    first = prefectures.rows[0].row
    assert (first.rank, first.name, first.rate) == (1, "宮崎県", Decimal("53.7"))
    assert first.below_average is False
    okinawa = prefectures.rows[-1].row
    assert (okinawa.rank, okinawa.name, okinawa.below_average) == (47, "沖縄県", True)
    body = text(response)
    assert re.search(r'<a href="/stats/prefectures/45/\?as_of=2022-01-01">宮崎県</a></th>\s*<td', body)
    assert '<a href="/stats/prefectures/47/?as_of=2022-01-01">沖縄県</a> <span class="mark">※' in body
    assert "※は全国平均（41.0%）未満" in body


def test_top10_lists_link_to_municipality_pages(stats, client):
    response = client.get("/stats/?as_of=2022-01-01")
    cities = table(response, "top10-cities")
    assert [item.row.name for item in cities.rows[:2]] == ["宮崎県都城市", "石川県加賀市"]
    assert '<a href="/stats/municipalities/452025/?as_of=2022-01-01">宮崎県都城市</a>' in text(response)


def test_category_grouping_defaults_to_the_one_in_use_and_can_be_switched(stats, client):
    default = table(client.get("/stats/?as_of=2022-01-01"), "categories")
    assert [item.row.name for item in default.rows] == [
        "全国",
        "特別区",
        "指定都市",
        "市（指定都市を除く）",
        "町村",
    ]
    switched = table(client.get("/stats/?as_of=2022-01-01&grouping=wards-with-cities"), "categories")
    assert [item.row.name for item in switched.rows] == [
        "全国",
        "指定都市",
        "特別区・市(指定都市を除く)",
        "町村",
    ]
    assert [item.row.rate for item in switched.rows][0] == Decimal("41.0")


def test_tables_sort_without_javascript_through_header_links(stats, client):
    response = client.get("/stats/?as_of=2022-01-01&sort=prefectures.population&dir=desc")
    prefectures = table(response, "prefectures")
    assert [item.row.name for item in prefectures.rows[:3]] == ["東京都", "神奈川県", "大阪府"]
    assert prefectures.rows[0].row.rank == 5  # the rank stays the published one
    population = next(c for c in prefectures.columns if c.key == "population")
    assert population.aria_sort == "descending"
    assert "dir=asc" in population.href and population.href.endswith("#t-prefectures")
    assert 'aria-sort="descending"' in text(response)
    # Other tables keep their published order.
    assert table(response, "designated-cities").rows[0].row.rank == 1


def test_sorting_by_name_uses_the_code_order(stats, client):
    response = client.get("/stats/?as_of=2022-01-01&sort=prefectures.name&dir=asc")
    assert [item.row.name for item in table(response, "prefectures").rows[:2]] == ["北海道", "青森県"]


def test_change_since_another_snapshot_shows_points_and_rank_moves(stats, client):
    response = client.get("/stats/?as_of=2022-01-01&compare=2021-12-01")
    assert response.status_code == 200
    prefectures = table(response, "prefectures")
    previous = {row.code: row for row in build_table("prefectures", as_of=dt.date(2021, 12, 1)).rows}
    for item in prefectures.rows:
        change = item.change
        assert change.previous == previous[item.row.code]
        assert change.points == item.row.rate - previous[item.row.code].rate
        assert change.rank_move == previous[item.row.code].rank - item.row.rank
    body = text(response)
    assert "前回の交付率（%）" in body and "増減（ポイント）" in body and "順位の変動" in body
    assert "位上昇" in body or "位下降" in body or "変動なし" in body


def test_comparing_with_a_missing_snapshot_says_so_and_shows_the_tables(stats, client):
    response = client.get("/stats/?as_of=2022-01-01&compare=2020-01-01")
    assert response.status_code == 200
    assert "比較する時点 2020-01-01 の交付状況は取り込まれていません。" in text(response)
    assert table(response, "prefectures").result.changes is None


def test_dashboard_defaults_to_the_latest_snapshot_and_explains_tables_it_cannot_build(stats, client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["snapshot"].as_of.isoformat() == "2022-10-31"
    body = text(response)
    assert "令和4年10月31日" in body
    # Prefecture and category totals are published for that date …
    assert table(response, "prefectures").rows[0].row.name == "宮崎県"
    assert [item.row.name for item in table(response, "categories").rows][1] == "指定都市"
    # … municipality detail is not: the builder's message stands in for those tables.
    top10 = table(response, "top10-cities")
    assert top10.result.table is None
    assert top10.result.error in body
    assert "市区町村別の数値がありません" in top10.result.error


def test_a_grouping_the_snapshot_did_not_publish_is_explained_in_the_pages_terms(stats, client):
    response = client.get("/?grouping=wards-separate")
    categories = table(response, "categories")
    assert "この時点の区分別の公表値に「特別区」がありません" in categories.result.error
    assert "「まとめ方」を切り替えてください" in text(response)
    assert "--grouping" not in text(response)


def test_an_unknown_snapshot_date_gets_a_clear_message_not_an_error(stats, client):
    response = client.get("/stats/?as_of=2030-01-01")
    assert response.status_code == 404
    body = text(response)
    assert "2030-01-01（令和12年1月1日）時点の交付状況は取り込まれていません。" in body
    assert '<a href="/stats/?as_of=2022-01-01">' in body
    assert "no-store" in response["Cache-Control"]


def test_a_malformed_date_is_a_bad_request_with_a_japanese_message(stats, client):
    response = client.get("/stats/?as_of=2022-13-01")
    assert response.status_code == 400
    assert "YYYY-MM-DD 形式" in text(response)


def test_an_unknown_grouping_is_a_bad_request(stats, client):
    response = client.get("/stats/?as_of=2022-01-01&grouping=by-colour")
    assert response.status_code == 400
    assert "団体区分のまとめ方の指定が正しくありません。" in text(response)


def test_without_snapshots_the_dashboard_says_none_are_imported(stats, client):
    IssuanceSnapshot.objects.all().delete()
    response = client.get("/")
    assert response.status_code == 200
    assert "取込済みの交付状況がありません。" in text(response)


def test_dashboard_query_count_is_fixed(stats, client, django_assert_max_num_queries):
    # One load of the snapshot (5 queries) shared by all 7 tables, the dates, the snapshot, and the
    # national series (3 queries + 2 for the published totals of incomplete snapshots); a
    # comparison loads the second snapshot once more.
    with django_assert_max_num_queries(11):
        assert client.get("/stats/?as_of=2022-01-01").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/stats/?as_of=2022-01-01&compare=2021-12-01").status_code == 200


def test_pages_are_cacheable_public_html(stats, client):
    response = client.get("/stats/?as_of=2022-01-01")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "public" in response["Cache-Control"] and f"max-age={MAX_AGE}" in response["Cache-Control"]


def test_dashboard_has_the_map_with_a_link_and_title_per_prefecture(stats, client):
    body = text(client.get("/stats/?as_of=2022-01-01"))
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert svg.count('<a href="/stats/prefectures/') == 47
    assert "<title>宮崎県 53.7%（1位）</title>" in svg
    assert "<title>沖縄県 32.8%（47位）、全国平均未満</title>" in svg
    assert "地図: japanmap" in body


def test_every_image_has_a_descriptive_alt_and_its_data_in_a_table(stats, client):
    body = text(client.get("/stats/?as_of=2022-01-01"))
    images = re.findall(r"<img [^>]*>", body)
    assert len(images) == 2
    for tag in images:
        alt = re.search(r'alt="([^"]*)"', tag).group(1)
        assert len(alt) > 30
    assert "最も高いのは宮崎県の53.7%、最も低いのは沖縄県の32.8%" in body
    assert '<caption id="trend-caption">全国の交付率の推移</caption>' in body


def test_page_structure_is_accessible(stats, client):
    body = text(client.get("/stats/?as_of=2022-01-01"))
    assert '<html lang="ja">' in body
    assert '<a class="skip-link" href="#main">' in body and '<main id="main"' in body
    assert "<header" in body and "<nav" in body and "<footer" in body
    assert body.count("<caption") == body.count("<table")
    assert '<th scope="col"' in body and '<th scope="row"' in body
    assert '<label for="as_of">' in body


# --- Prefecture page ------------------------------------------------------------------------------


def test_prefecture_page_shows_its_rate_rank_and_ranked_municipalities(stats, client):
    response = client.get("/stats/prefectures/45/?as_of=2022-01-01")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>宮崎県の交付状況" in body
    assert response.context["own"].rate == Decimal("53.7") and response.context["own"].rank == 1
    assert "53.7" in body and '1<span class="unit">位</span>' in body and "全国平均以上" in body
    rows = response.context["table"].rows
    assert len(rows) == 26
    assert rows[0].row.name == "都城市" and rows[0].row.rank == 1
    assert '<a href="/stats/municipalities/452025/?as_of=2022-01-01">都城市</a>' in body
    assert "/stats/tables/municipalities.csv?as_of=2022-01-01&amp;prefecture=45" in body
    assert "/stats/tables/municipalities.xlsx?as_of=2022-01-01&amp;prefecture=45" in body


def test_a_prefecture_below_average_says_so(stats, client):
    body = text(client.get("/stats/prefectures/47/?as_of=2022-01-01"))
    assert "沖縄県の交付状況" in body and "全国平均未満" in body and '47<span class="unit">位</span>' in body


def test_prefecture_page_without_municipality_detail_shows_the_message(stats, client):
    response = client.get("/stats/prefectures/45/")
    assert response.status_code == 200
    assert (response.context["own"].rate, response.context["own"].rank) == (Decimal("65.4"), 1)
    assert "条件に合う市区町村の数値がありません" in text(response)


def test_prefecture_page_shows_the_change_since_another_snapshot(stats, client):
    response = client.get("/stats/prefectures/45/?as_of=2022-01-01&compare=2021-12-01")
    change = response.context["own_change"]
    assert change.row.name == "宮崎県" and change.points == change.row.rate - change.previous.rate
    body = text(response)
    assert "2021年12月1日からの変化" in body
    assert "前回の交付率（%）" in body  # the municipalities table gains the change columns


@pytest.mark.parametrize("code", ["99", "00", "1", "ab", "450"])
def test_an_unknown_prefecture_is_not_found(stats, client, code):
    response = client.get(f"/stats/prefectures/{code}/")
    assert response.status_code == 404
    assert "ページが見つかりません" in text(response)


# --- Municipality page ----------------------------------------------------------------------------


def test_municipality_page_shows_category_history_and_chart(stats, client):
    response = client.get("/stats/municipalities/452017/?as_of=2022-01-01")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>宮崎県宮崎市の交付状況" in body
    assert "団体区分（2022年1月1日時点）" in body and "<dd>中核市</dd>" in body
    history = response.context["history"]
    assert [point.as_of.isoformat() for point in history] == ["2021-12-01", "2022-01-01"]
    assert history[-1].national_rate == Decimal("41.0")
    assert '<img src="/stats/charts/municipalities/452017.png"' in body
    assert "宮崎県宮崎市と全国平均の交付率の推移を示す折れ線グラフ" in body
    assert "宮崎県内の順位" in body and "全国の順位" in body


def test_municipality_page_ranks_within_the_prefecture_and_the_nation(stats, client):
    response = client.get("/stats/municipalities/452025/?as_of=2022-01-01")
    assert response.context["prefecture_row"].rank == 1
    assert response.context["prefecture_count"] == 26
    assert response.context["national_count"] == 1741
    assert response.context["category"].value == "その他の市"


def test_a_municipality_without_figures_says_so(stats, client):
    from kofu.stats.models import MunicipalityFigure

    MunicipalityFigure.objects.filter(municipality__code="452025").delete()
    response = client.get("/stats/municipalities/452025/?as_of=2022-01-01")
    assert response.status_code == 200
    assert "都城市の交付状況は取り込まれていません。" in text(response)
    assert "<img" not in text(response)


@pytest.mark.parametrize("code", ["999999", "13101", "131017", "abcdef"])
def test_an_unknown_municipality_is_not_found(stats, client, code):
    assert client.get(f"/stats/municipalities/{code}/").status_code == 404


# --- Downloads ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", DASHBOARD_TABLES)
def test_csv_download_equals_the_kofu_stats_table_command(stats, client, key):
    response = client.get(f"/stats/tables/{key}.csv?as_of=2022-01-01")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="kofu-{key}-20220101.csv"'
    assert response.content.startswith("\ufeff".encode())
    out = io.StringIO()
    call_command("stats", "table", key, "--as-of", "2022-01-01", stdout=out)
    assert response.content.decode("utf-8-sig") == out.getvalue()
    assert out.getvalue().startswith("rank,name,population,issued,rate\n")


def test_csv_download_keeps_the_grouping(stats, client):
    response = client.get("/stats/tables/categories.csv?as_of=2022-01-01&grouping=wards-with-cities")
    out = io.StringIO()
    call_command(
        "stats", "table", "categories", "--as-of", "2022-01-01", "--grouping", "wards-with-cities", stdout=out
    )
    assert response.content.decode("utf-8-sig") == out.getvalue()


def test_xlsx_download_opens_with_the_title_and_rows(stats, client):
    response = client.get("/stats/tables/prefectures.xlsx?as_of=2022-01-01")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="kofu-prefectures-20220101.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "マイナンバーカードの交付状況（令和4年1月1日現在）　都道府県別"
    rows = list(sheet.iter_rows(min_row=5, max_row=51, values_only=True))
    assert rows[0][:4] == (1, "宮崎県", 1087372, 583771)
    assert rows[0][4] == pytest.approx(0.537)
    assert rows[-1][1] == "沖縄県 ※"


def test_a_prefectures_municipalities_download_names_the_prefecture(stats, client):
    response = client.get("/stats/tables/municipalities.xlsx?as_of=2022-01-01&prefecture=45")
    assert response["Content-Disposition"] == 'attachment; filename="kofu-municipalities-45-20220101.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "宮崎県 市区町村別" in sheet["A1"].value
    assert sheet["B5"].value == "都城市"
    csv_body = client.get("/stats/tables/municipalities.csv?as_of=2022-01-01&prefecture=45").content
    assert len(csv_body.decode("utf-8-sig").splitlines()) == 1 + 26


def test_a_table_that_cannot_be_built_is_not_downloadable(stats, client):
    response = client.get("/stats/tables/top10-cities.csv?as_of=2022-10-31")
    assert response.status_code == 404
    assert "市区町村別の数値がありません" in text(response)
    assert client.get("/stats/tables/municipalities.csv?as_of=2022-01-01").status_code == 404
    assert client.get("/stats/tables/municipalities.csv?as_of=2022-01-01&prefecture=99").status_code == 404


def test_an_unknown_table_is_not_found(stats, client):
    assert client.get("/stats/tables/secret.csv").status_code == 404
    assert client.get("/stats/tables/prefectures.pdf").status_code == 404


def test_downloads_default_to_the_latest_snapshot(stats, client):
    response = client.get("/stats/tables/prefectures.csv")
    assert response["Content-Disposition"] == 'attachment; filename="kofu-prefectures-20221031.csv"'


# --- Charts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/stats/charts/prefectures.png?as_of=2022-01-01",
        "/stats/charts/national.png",
        "/stats/charts/municipalities/452025.png",
    ],
)
def test_charts_are_png_images(stats, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG)
    assert "public" in response["Cache-Control"]


def test_chart_of_an_unknown_municipality_is_not_found(stats, client):
    assert client.get("/stats/charts/municipalities/999999.png").status_code == 404


# --- Access declarations --------------------------------------------------------------------------


def test_every_stats_url_declares_its_access_rule():
    from kofu.stats import urls

    source = Path(urls.__file__).read_text(encoding="utf-8")
    assert source.count("# access: public (aggregate statistics)") == len(urls.urlpatterns)


# --- Display helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("1.2"), "+1.2"), (Decimal("-0.3"), "−0.3"), (Decimal("0.0"), "±0.0"), (None, "—")],
)
def test_points_show_their_sign(value, shown):
    from kofu.core.templatetags.kofu_format import points

    assert points(value) == shown


@pytest.mark.parametrize(
    ("value", "arrow", "words"), [(2, "↑2", "2位上昇"), (-1, "↓1", "1位下降"), (0, "→", "変動なし")]
)
def test_rank_moves_have_a_text_alternative(value, arrow, words):
    from kofu.core.templatetags.kofu_format import rank_move, rank_move_label

    assert (rank_move(value), rank_move_label(value)) == (arrow, words)


def test_dates_in_western_and_japanese_calendars():
    from kofu.core.templatetags.kofu_format import jdate, wareki

    assert (jdate(dt.date(2019, 5, 1)), wareki(dt.date(2019, 5, 1))) == ("2019年5月1日", "令和元年5月1日")
    assert wareki(dt.date(2019, 4, 30)) == "平成31年4月30日"


# --- With the importer ----------------------------------------------------------------------------


def test_a_snapshot_imported_with_kofu_stats_import_shows_the_same_figures(stats, client, shared_dir):
    services = pytest.importorskip("kofu.stats.importing.services")
    report = services.snapshot_import_file(
        path=shared_dir / "data" / "issuance" / "20220101" / "all_localgovs.csv", replace=True
    )
    assert report.snapshot.complete
    response = client.get("/stats/?as_of=2022-01-01")
    assert response.context["national"].rate == Decimal("41.0")
    first = table(response, "prefectures").rows[0].row
    assert (first.name, first.rate) == ("宮崎県", Decimal("53.7"))
    assert client.get("/stats/municipalities/133817/?as_of=2022-01-01").status_code == 200
