"""The national dashboard through the Django test client (set-up in views_support.py)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from kofu.stats.models import IssuanceSnapshot
from kofu.stats.tables import build_table
from kofu.stats.views.common import MAX_AGE
from tests.stats.views_support import table, text


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
    assert first.at_or_below_average is False
    okinawa = prefectures.rows[-1].row
    assert (okinawa.rank, okinawa.name, okinawa.at_or_below_average) == (47, "沖縄県", True)
    body = text(response)
    assert re.search(r'<a href="/stats/prefectures/45/\?as_of=2022-01-01">宮崎県</a></th>\s*<td', body)
    assert '<a href="/stats/prefectures/47/?as_of=2022-01-01">沖縄県</a> <span class="mark">※' in body
    assert "※は全国平均（41.0%）以下" in body


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
    assert "<title>沖縄県 32.8%（47位）、全国平均以下</title>" in svg
    assert "地図: japanmap" in body


def test_every_image_has_a_descriptive_alt_and_its_data_in_a_table(stats, client):
    body = text(client.get("/stats/?as_of=2022-01-01"))
    images = re.findall(r"<img [^>]*>", body)
    assert len(images) == 2
    for tag in images:
        alt = re.search(r'alt="([^"]*)"', tag).group(1)
        assert len(alt) > 30
    assert "最も高いのは宮崎県の53.7%、最も低いのは沖縄県の32.8%" in body
    assert '<caption id="trend-caption">全国の推移（3時点）</caption>' in body


def test_page_structure_is_accessible(stats, client):
    body = text(client.get("/stats/?as_of=2022-01-01"))
    assert '<html lang="ja">' in body
    assert '<a class="skip-link" href="#main">' in body and '<main id="main"' in body
    assert "<header" in body and "<nav" in body and "<footer" in body
    assert body.count("<caption") == body.count("<table")
    assert '<th scope="col"' in body and '<th scope="row"' in body
    assert '<label for="as_of">' in body
