"""List pages read in a fixed number of queries, however many plans and reports there are."""

from __future__ import annotations

from kofu.plans import services
from kofu.registry.models import Municipality
from tests.plans.conftest import month_rows, plan_figures, report_figures


def fill_prefecture(miyazaki_viewer, count: int) -> None:
    for municipality in Municipality.objects.filter(prefecture__code="45", kind="municipality")[:count]:
        actor = miyazaki_viewer(municipality)
        services.plan_save(municipality=municipality, data=plan_figures(), months=month_rows(), actor=actor)
        services.report_file(
            municipality=municipality,
            month="2022-10",
            data=report_figures(days_arrival_to_notice=30),
            actor=actor,
        )


def viewer_for(municipality):
    from kofu.accounts.models import Organisation
    from kofu.accounts.roles import Role, Viewer

    organisation = Organisation(
        kind=Organisation.Kind.MUNICIPALITY, municipality=municipality, prefecture=municipality.prefecture
    )
    return Viewer(role=Role.MUNICIPALITY, organisation=organisation)


def test_the_rollup_reports_and_hearing_pages_do_not_grow_with_the_plans(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas["prefecture"])
    pages = [
        "/plans/prefectures/45/",
        "/plans/prefectures/45/reports/?month=2022-10",
        "/plans/prefectures/45/hearings/?month=2022-10",
    ]
    fill_prefecture(viewer_for, 2)
    baseline = {}
    for url in pages:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        baseline[url] = len(queries)
    fill_prefecture(viewer_for, 10)
    for url in pages:
        with django_assert_max_num_queries(baseline[url]):
            assert client.get(url).status_code == 200
    assert max(baseline.values()) <= 15


def test_the_ministry_reads_any_plan_but_cannot_act_on_it(client, personas, miyakonojo, viewers):
    services.plan_save(
        municipality=miyakonojo, data=plan_figures(), months=month_rows(), actor=viewers["municipality"]
    )
    client.force_login(personas["ministry"])
    page = client.get("/plans/municipalities/452025/").content.decode()
    assert "都道府県の確認項目" in page and "提出する" not in page and "差し戻す" not in page
    assert client.get("/plans/municipalities/452025/edit/").status_code == 404
    assert client.post("/plans/municipalities/452025/transition/", {"action": "submit"}).status_code == 404
