"""The prefecture's roll-up of plans through kofu.core.listing: the plan's state (or none yet) and a
word of the municipality's name (through the My Number guard); 50 a page; a flat query count."""

from __future__ import annotations

import pytest

from kofu.plans import services
from kofu.registry.models import Municipality
from tests.my_number_spellings import NUMBER
from tests.plans.conftest import month_rows, plan_figures
from tests.plans.test_page_queries import fill_prefecture, viewer_for
from tests.query_counts import assert_locked

pytestmark = pytest.mark.django_db

URL = "/plans/prefectures/45/"


def test_the_rollup_filters_by_the_plans_state_and_the_name(client, personas):
    city = Municipality.objects.get(code="452025")
    services.plan_save(municipality=city, data=plan_figures(), months=month_rows(), actor=viewer_for(city))
    client.force_login(personas["prefecture"])
    everyone = client.get(URL).content.decode()
    assert "管内市区町村の計画（26団体）" in everyone and ">都城市<" in everyone and ">延岡市<" in everyone
    drafts = client.get(URL + "?status=draft").content.decode()
    assert "（1団体）" in drafts and ">都城市<" in drafts and ">延岡市<" not in drafts
    assert "<dd>25団体</dd>" in drafts  # the counts above stay those of the whole prefecture
    none = client.get(URL + "?status=none").content.decode()
    assert "（25団体）" in none and ">都城市<" not in none
    named = client.get(URL + "?q=延岡").content.decode()
    assert "（1団体）" in named and ">延岡市<" in named
    assert "条件に合う市区町村はありません" in client.get(URL + "?status=accepted").content.decode()
    refused = client.get(URL + f"?q={NUMBER}").content.decode()
    assert 'aria-invalid="true"' in refused and "（26団体）" in refused


def test_the_rollup_pages_fifty(client, personas):
    client.force_login(personas["ministry"])
    hokkaido = client.get("/plans/prefectures/01/").content.decode()
    count = Municipality.objects.filter(prefecture__code="01", kind="municipality").count()
    pages = -(-count // 50)
    assert f"（{count}団体、1/{pages}ページ）" in hokkaido and 'href="?page=2"' in hokkaido
    assert hokkaido.count('<tr><th scope="row"><a href="/plans/') == 50
    last = client.get(f"/plans/prefectures/01/?page={pages}").content.decode()
    assert last.count('<tr><th scope="row"><a href="/plans/') == count - 50 * (pages - 1)


def test_the_filtered_rollup_reads_a_flat_number_of_queries(client, personas, django_assert_max_num_queries):
    client.force_login(personas["prefecture"])
    fill_prefecture(viewer_for, 2)
    urls = [URL + "?status=draft&q=市", URL + "?status=none&page=2"]
    assert_locked(
        client,
        urls,
        lambda: fill_prefecture(viewer_for, 12),
        dict.fromkeys(urls, 15),
        django_assert_max_num_queries,
    )
