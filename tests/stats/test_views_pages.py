"""Prefecture and municipality pages, downloads and charts through the Django test client."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kofu.stats.importing.services import snapshot_import_file
from tests.stats.views_support import DASHBOARD_TABLES, PNG, table, text

# --- Prefecture page ------------------------------------------------------------------------------


def test_prefecture_page_shows_its_rate_rank_and_ranked_municipalities(stats, client):
    response = client.get("/stats/prefectures/45/?as_of=2022-01-01")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>宮崎県の交付状況" in body
    assert response.context["own"].rate == Decimal("53.7") and response.context["own"].rank == 1
    assert "53.7" in body and '1<span class="unit">位</span>' in body and "全国平均より上" in body
    rows = response.context["table"].rows
    assert len(rows) == 26
    assert rows[0].row.name == "都城市" and rows[0].row.rank == 1
    assert '<a href="/stats/municipalities/452025/?as_of=2022-01-01">都城市</a>' in body
    assert "/stats/tables/municipalities.csv?as_of=2022-01-01&amp;prefecture=45" in body
    assert "/stats/tables/municipalities.xlsx?as_of=2022-01-01&amp;prefecture=45" in body


def test_a_prefecture_below_average_says_so(stats, client):
    body = text(client.get("/stats/prefectures/47/?as_of=2022-01-01"))
    assert "沖縄県の交付状況" in body and "全国平均以下" in body and '47<span class="unit">位</span>' in body


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
    assert out.getvalue().startswith("rank,name,population,issued,rate,mark\n")


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
    assert rows[0][5] is None
    assert rows[-1][1:2] + rows[-1][5:6] == ("沖縄県", "※")
    assert sheet["A2"].value.startswith(
        "交付枚数基準日: 2022-01-01（令和4年1月1日）　人口算出基準日: 2021-01-01"
    )
    assert sheet["A3"].value.startswith("出典: 総務省")


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
    # Every municipality nationwide (the download page offers it) is fine; an unknown prefecture is not.
    assert (
        len(client.get("/stats/tables/municipalities.csv?as_of=2022-01-01").content.splitlines()) == 1 + 1741
    )
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
        "/stats/charts/prefectures.png?as_of=2022-01-01&size=phone",
        "/stats/charts/national.png?size=phone",
        "/stats/charts/prefectures/45.png?size=phone",
        "/stats/charts/municipalities/452025.png?size=phone",
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
    report = snapshot_import_file(
        path=shared_dir / "data" / "issuance" / "20220101" / "all_localgovs.csv", replace=True
    )
    assert report.snapshot.complete
    response = client.get("/stats/?as_of=2022-01-01")
    assert response.context["national"].rate == Decimal("41.0")
    first = table(response, "prefectures").rows[0].row
    assert (first.name, first.rate) == ("宮崎県", Decimal("53.7"))
    assert client.get("/stats/municipalities/133817/?as_of=2022-01-01").status_code == 200
