"""Municipal boundaries (bundled), the municipal maps, the download page and its JSON feed."""

from __future__ import annotations

import json
import re

import pytest

from kofu.registry.models import Municipality
from kofu.stats import geo
from tests.stats.factories import load_issuance_snapshot


def test_the_bundled_boundaries_cover_1741_municipalities_and_carry_the_credit():
    data = geo.geo()
    codes = {unit.code for unit in data.units}
    assert len(codes) == len(data.units) == 1747  # 1,741 + 6 北方領土 villages
    assert {f"0{n}" for n in range(1695, 1701)} <= codes
    assert "「国土数値情報（行政区域データ）」（国土交通省）を加工して作成" in data.credit


@pytest.mark.django_db
def test_every_municipality_of_the_registry_has_a_shape(registry):
    shapes = {shape.code for shape in geo.national_view().shapes}
    registry_codes = {
        code[:5]
        for code in Municipality.objects.filter(kind=Municipality.Kind.MUNICIPALITY).values_list(
            "code", flat=True
        )
    }
    assert len(registry_codes) == 1741
    assert registry_codes <= shapes


def test_views_fit_their_box_and_place_distant_islands_apart():
    national = geo.national_view()
    assert national.width == geo.NATIONAL_WIDTH and national.frame
    tokyo = geo.prefecture_view("13")
    assert len(tokyo.shapes) == 62 and tokyo.frame  # the islands in the band below
    assert not geo.prefecture_view("45").frame  # 宮崎県: no distant islands
    for view in (national, tokyo, geo.prefecture_view("47")):
        for shape in view.shapes:
            for x, y in re.findall(r"M(-?\d+) (-?\d+)", shape.path):
                assert -2 <= int(x) <= view.width + 2 and -2 <= int(y) <= view.height + 2, shape.name


@pytest.mark.django_db
def test_the_municipal_map_page_links_every_municipality(registry, client):
    load_issuance_snapshot("2022-01-01")
    response = client.get("/stats/map/?as_of=2022-01-01")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<a href="/stats/municipalities/') == 1741
    assert "<title>宮崎県都城市 75.1%（3位）</title>" in body  # 3rd of 1,741 after 姫島村 and 粟島浦村
    assert "国土数値情報（行政区域データ）」（国土交通省）を加工して作成" in body
    assert 'viewBox="0 0 2000 ' in body
    assert len(response.content) < 400_000


@pytest.mark.django_db
def test_the_prefecture_page_has_its_municipal_map_and_trend(registry, client):
    load_issuance_snapshot("2021-12-01")
    load_issuance_snapshot("2022-01-01")
    body = client.get("/stats/prefectures/13/?as_of=2022-01-01").content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert svg.count('<a href="/stats/municipalities/13') == 62
    assert 'class="inset-frame"' in body
    assert '<img src="/stats/charts/prefectures/13.png"' in body
    assert 'href="/stats/series/prefectures/13.csv"' in body
    png = client.get("/stats/charts/prefectures/13.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


@pytest.mark.django_db
def test_a_snapshot_without_municipalities_explains_the_map(registry, client):
    from tests.stats.factories import load_published_totals

    load_issuance_snapshot("2022-01-01")
    load_published_totals("2022-10-31")
    body = client.get("/stats/map/?as_of=2022-10-31").content.decode()
    assert "市区町村別の数値がありません" in body or "条件に合う市区町村の数値がありません" in body
    assert "?as_of=2022-01-01" in body


@pytest.mark.django_db
def test_download_page_and_feed_list_every_month_and_its_files(registry, client):
    from tests.stats.factories import load_published_totals

    load_issuance_snapshot("2021-12-01")
    load_issuance_snapshot("2022-01-01")
    load_published_totals("2022-10-31")
    page = client.get("/stats/downloads/").content.decode()
    assert "時点ごとの集計表（3時点）" in page
    feed = client.get("/stats/downloads.json")
    assert feed["Content-Type"] == "application/json"
    data = json.loads(feed.content)
    months = data["snapshots"]
    assert [m["as_of"] for m in months] == ["2022-10-31", "2022-01-01", "2021-12-01"]
    assert months[0]["complete"] is False and months[0]["measure"] == "issued"
    assert {f["table"] for f in months[0]["files"]} == {"categories", "prefectures"}
    assert len(months[1]["files"]) == 16  # 8 tables × CSV, XLSX
    for month in months:
        for file in month["files"]:
            assert file["url"].startswith("http://testserver/stats/tables/")
            path = file["url"].removeprefix("http://testserver")
            assert path in page.replace("&amp;", "&")
            response = client.get(path)
            assert response.status_code == 200, path
    series = {(s["unit"], s["format"]) for s in data["series"]}
    assert ("national", "csv") in series and ("45", "xlsx") in series and len(series) == 96
