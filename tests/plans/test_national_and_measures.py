"""Plan fields of seeds 003/004 (costs, the re-revision, other measures) and the ministry's national roll-up."""

from __future__ import annotations

import csv
import io

import pytest

from kofu.plans import services
from kofu.plans.models import SmoothingPlan
from kofu.registry.models import Municipality
from tests.plans.conftest import month_rows, plan_figures
from tests.plans.test_plan_pages import plan_post

MEASURES = {
    "cost_fy2021": 12_000_000,
    "cost_fy2022": 30_000_000,
    "estimated_grant": 25_000_000,
    "capacity_ready": "2022-07",
    "setup_outsourced": True,
    "pickup_booking": False,
    "part_time_early": True,
    "evening_days": 4,
    "qr_letters_from": "2020-12",
    "qr_letters_until": "2021-05",
    "insurance_help": True,
}


def test_the_plan_page_shows_costs_rerevision_checks_and_measures(client, personas):
    client.force_login(personas["municipality"])
    post = plan_post()
    post.update(
        {k: str(v) if not isinstance(v, bool) else ("true" if v else "false") for k, v in MEASURES.items()}
    )
    response = client.post("/plans/municipalities/452025/edit/", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = SmoothingPlan.objects.get()
    assert (plan.cost_fy2021, plan.estimated_grant, plan.pickup_booking) == (12_000_000, 25_000_000, False)

    client.force_login(personas["prefecture"])
    page = client.get("/plans/municipalities/452025/").content.decode()
    assert "12,000,000円" in page and "30,000,000円" in page and "25,000,000円" in page
    # Check 5: ready in 2022-07, later than "遅くとも６月頃"; check 7: no pickup booking.
    assert "体制構築の予定 2022-07（目安 2022-06 まで）" in page
    assert "予約受付の予定なし" in page and "交付前設定を民間に委託する予定" in page
    assert "2021-12-09から: 毎週土日いずれも開庁" in page
    assert "2021-05（2021-03 までに完了の要請より遅い）" in page and "月4日" in page
    rollup = client.get("/plans/prefectures/45/").content.decode()
    assert "12,000,000" in rollup and "確認7" in rollup
    reports = client.get("/plans/municipalities/452025/reports/").content.decode()
    assert "窓口での健康保険証利用の申込支援" in reports and "前倒しで採用" in reports


def test_a_qr_schedule_ending_before_it_starts_is_refused(viewers, miyakonojo):
    with pytest.raises(services.PlanError, match="送付完了月が開始月より前"):
        services.plan_save(
            municipality=miyakonojo,
            data=plan_figures(qr_letters_from="2021-03", qr_letters_until="2020-12"),
            months=month_rows(),
            actor=viewers["municipality"],
        )


def _two_plans(viewers) -> None:
    from kofu.accounts.roles import SYSTEM

    miyakonojo = Municipality.objects.get(code="452025")
    services.plan_save(
        municipality=miyakonojo,
        data=plan_figures(cost_fy2021=1_000, estimated_grant=700),
        months=month_rows(targets=(3_000_000, 10, 10, 10, 10, 10)),
        actor=viewers["municipality"],
    )
    other = Municipality.objects.exclude(pk=miyakonojo.pk).order_by("code").first()
    services.plan_save(
        municipality=other,
        data=plan_figures(cost_fy2021=500, population=10_000_000),
        months=month_rows(targets=(300_001, 20, 20, 20, 20, 20)),
        actor=SYSTEM,
    )


def test_the_ministry_sees_every_plan_summed_against_the_monthly_ceiling(client, personas, viewers):
    _two_plans(viewers)
    client.force_login(personas["ministry"])
    page = client.get("/plans/national/").content.decode()
    # 2022-10: 3,000,000 + 300,001 = 3,300,001 > 3,300,000 (seed 003: 月間三百三十万枚).
    assert "3,300,001" in page and "上限超過" in page
    assert "1,500円" in page and "記載 2団体" in page and "700円" in page
    response = client.get("/plans/national.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0] == {
        "month": "2022-10",
        "planned": "3300001",
        "plans": "2",
        "ceiling": "3300000",
        "share_of_ceiling_percent": "100.0",
        "over_ceiling": "true",
        # 7万件/日 × 2 × 20 business days in October 2022 (スポーツの日 10/10).
        "doubled_pace": "2800000",
    }
    assert rows[1]["planned"] == "30" and rows[1]["over_ceiling"] == "false"


@pytest.mark.parametrize("persona", ["prefecture", "municipality"])
def test_only_the_ministry_opens_the_national_rollup(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get("/plans/national/").status_code == 404
    assert client.get("/plans/national.csv").status_code == 404
