"""The prefecture's reports list through kofu.core.listing: the month, the state of each
municipality's report and a word of its name (through the My Number guard); 50 a page."""

from __future__ import annotations

import pytest

from kofu.plans import services
from kofu.registry.models import Municipality
from tests.my_number_spellings import NUMBER
from tests.plans.conftest import month_rows, plan_figures, report_figures
from tests.plans.test_page_queries import viewer_for

pytestmark = pytest.mark.django_db

URL = "/plans/prefectures/45/reports/"
OCTOBER = URL + "?month=2022-10"


def file_october(municipality: Municipality) -> None:
    actor = viewer_for(municipality)
    services.plan_save(municipality=municipality, data=plan_figures(), months=month_rows(), actor=actor)
    services.report_file(municipality=municipality, month="2022-10", data=report_figures(), actor=actor)


def test_filters_by_state_and_name(client, personas):
    file_october(Municipality.objects.get(code="452025"))
    client.force_login(personas["prefecture"])
    everyone = client.get(OCTOBER).content.decode()
    assert "（遅延・未提出を強調。26団体）" in everyone and "都城市" in everyone and "延岡市" in everyone
    missing = client.get(OCTOBER + "&status=missing").content.decode()
    assert "25団体" in missing and ">都城市<" not in missing and ">延岡市<" in missing
    filed = (
        client.get(OCTOBER + "&status=late").content.decode()
        + client.get(OCTOBER + "&status=on_time").content.decode()
    )
    assert ">都城市<" in filed and ">延岡市<" not in filed
    named = client.get(OCTOBER + "&q=延岡").content.decode()
    assert "1団体" in named and ">延岡市<" in named and ">都城市<" not in named
    assert "条件に合う市区町村はありません" in client.get(OCTOBER + "&q=札幌").content.decode()
    refused = client.get(OCTOBER + f"&q={NUMBER}").content.decode()
    assert 'aria-invalid="true"' in refused and ">延岡市<" in refused


def test_pages_of_fifty_in_a_large_prefecture(client, personas):
    client.force_login(personas["ministry"])
    first = client.get("/plans/prefectures/01/reports/?month=2022-10").content.decode()
    count = Municipality.objects.filter(prefecture__code="01", kind="municipality").count()
    assert count > 50 and "1/" in first and 'month=2022-10&amp;page=2"' in first
    second = client.get("/plans/prefectures/01/reports/?month=2022-10&page=2").content.decode()
    assert "2/" in second and 'rel="prev"' in second


def test_the_list_reads_a_flat_number_of_queries(client, personas, django_assert_max_num_queries):
    from tests.query_counts import assert_locked

    municipalities = iter(
        Municipality.objects.filter(prefecture__code="45", kind="municipality").order_by("code")
    )
    file_october(next(municipalities))
    client.force_login(personas["prefecture"])
    urls = [OCTOBER, OCTOBER + "&status=on_time&q=市&page=2"]

    def grow() -> None:
        for _ in range(3):
            file_october(next(municipalities))

    assert_locked(client, urls, grow, dict.fromkeys(urls, 11), django_assert_max_num_queries)
