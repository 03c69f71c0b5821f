"""The demo prefecture's paperwork: plans in every state, monthly reports, claims, a survey, outreach.

宮崎県 and five of its municipalities: 都城市 (the demo account's city: plan returned with advice,
one report filed late, a draft claim), 宮崎市 (plan submitted, claim submitted), 延岡市 (plan
accepted, a report missing), 日南市 (plan in draft) and 小林市 (no plan yet). Months are counted
back from ``today``, so some reports are always due and none is years overdue.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from kofu.accounts.roles import Viewer
from kofu.plans import services as plans
from kofu.registry.models import Municipality
from kofu.rules.calendar import YearMonth
from kofu.rules.categories import Category
from kofu.rules.plan_followup import report_due
from kofu.subsidies.services import ClaimInput, claim_create, claim_transition
from kofu.surveys.models import OutreachEvent, Question, Respondent, Survey
from kofu.surveys.models.outreach import VenueType
from kofu.surveys.services.measure import answers_save, question_add, survey_create
from kofu.surveys.services.outreach import event_save

from .accounts import ACTOR, municipality_clerk

TOKYO = ZoneInfo("Asia/Tokyo")
MIYAZAKI, MIYAKONOJO, NOBEOKA, NICHINAN, KOBAYASHI = "452017", "452025", "452033", "452041", "452050"
#: code → (population, cards issued at the base month)
FIGURES = {
    MIYAZAKI: (400_000, 250_000),
    MIYAKONOJO: (160_000, 100_000),
    NOBEOKA: (118_000, 70_000),
    NICHINAN: (50_000, 30_000),
    KOBAYASHI: (44_000, 26_000),
}
RETURN_ADVICE = "土日開庁の日数が計画の月ごとに足りません。12月と1月の土日開庁を増やし、臨時窓口の設置を検討してください。"


def _plan_data(code: str, base: YearMonth) -> tuple[dict[str, object], list[dict[str, object]]]:
    population, issued = FIGURES[code]
    monthly = max(1_000, (population - issued) // 12)
    data: dict[str, object] = {
        "base_month": str(base),
        "deadline": str(base.shift(8)),
        "population": population,
        "issued": issued,
        "per_window_daily": "60",
        "windows": max(2, monthly // 1_200),
        "shared_windows": 0,
        "shared_per_window_daily": "0",
        "office_max_windows": max(4, monthly // 600),
        "notes": "デモデータ",
    }
    months = [
        {
            "month": str(base.shift(i)),
            "target": monthly,
            "weekend_days": 2,
            "windows": max(2, monthly // 1_200),
            "staff": max(2, monthly // 1_200),
            "terminals": max(2, monthly // 1_200),
            "temporary_windows": 0,
        }
        for i in range(1, 9)
    ]
    return data, months


def plans_create(municipality_staff: Viewer, prefecture_staff: Viewer, today: dt.date) -> None:
    """Returned with advice (都城市), submitted (宮崎市), accepted (延岡市), draft (日南市)."""
    base = YearMonth(today.year, today.month).shift(-4)
    states = {MIYAKONOJO: "returned", MIYAZAKI: "submitted", NOBEOKA: "accepted", NICHINAN: "draft"}
    for code, state in states.items():
        municipality = Municipality.objects.get(code=code)
        clerk = municipality_staff if code == MIYAKONOJO else municipality_clerk(code)
        data, months = _plan_data(code, base)
        plans.plan_save(municipality=municipality, data=data, months=months, actor=clerk)
        if state == "draft":
            continue
        plans.plan_transition(municipality=municipality, action="submit", actor=clerk)
        if state == "returned":
            plans.plan_transition(
                municipality=municipality, action="return", actor=prefecture_staff, advice=RETURN_ADVICE
            )
        elif state == "accepted":
            plans.plan_transition(municipality=municipality, action="accept", actor=prefecture_staff)


def _report(
    code: str, month: YearMonth, filed_on: dt.date, clerk: Viewer, cumulative: int, slow: bool
) -> int:
    population, _ = FIGURES[code]
    issued = max(800, population // 150)
    cumulative += issued
    plans.report_file(
        municipality=Municipality.objects.get(code=code),
        month=str(month),
        data={
            "cards_issued": issued,
            "cumulative_issued": cumulative,
            "cumulative_applications": cumulative + issued * 2,
            "apps_at_counter": issued // 2,
            "apps_outreach": issued // 10,
            "apps_support": issued // 10,
            "apps_online": issued // 2,
            "apps_mail": issued // 5,
            "apps_other": 0,
            "windows_open": 3,
            "weekend_days_opened": 2,
            "cards_waiting": issued // 3,
            "days_arrival_to_notice": 25 if slow else 8,  # ≥ 21 days: a hearing candidate
            "notes": "デモデータ",
        },
        actor=clerk,
        filed_at=dt.datetime.combine(filed_on, dt.time(10), tzinfo=TOKYO),
    )
    return cumulative


def reports_create(municipality_staff: Viewer, today: dt.date) -> None:
    """Three months back: 都城市 on time, then late, then (after the 15th) missing; 延岡市 misses one."""
    this = YearMonth(today.year, today.month)
    for code in (MIYAKONOJO, MIYAZAKI, NOBEOKA):
        clerk = municipality_staff if code == MIYAKONOJO else municipality_clerk(code)
        cumulative = FIGURES[code][1]
        for back in (3, 2, 1):
            month = this.shift(-back)
            due = report_due(month)
            if code == MIYAKONOJO and back == 2:
                filed = due + dt.timedelta(days=4)  # the late one
            elif code == MIYAKONOJO and back == 1:
                continue  # due this month: missing once the 15th has passed
            elif code == NOBEOKA and back == 2:
                continue  # missing
            else:
                filed = due - dt.timedelta(days=3)
            if filed > today:
                continue
            slow = (code, back) in {(MIYAKONOJO, 2), (NOBEOKA, 1)}
            cumulative = _report(code, month, filed, clerk, cumulative, slow)


def claims_create(municipality_staff: Viewer, today: dt.date) -> None:
    """都城市: a draft to finish; 宮崎市: a submitted claim for the ministry to check."""
    fiscal_year = 2022
    spend = {"personnel": 5_000_000, "publicity": 3_000_000, "receipt_encouragement": 2_000_000}
    claim_create(
        municipality=Municipality.objects.get(code=MIYAKONOJO),
        data=ClaimInput(
            fiscal_year=fiscal_year,
            at_counter=1_200,
            outreach=300,
            support=200,
            unit_price=2_000,
            spend=spend,
        ),
        actor=municipality_staff,
    )
    clerk = municipality_clerk(MIYAZAKI)
    claim = claim_create(
        municipality=Municipality.objects.get(code=MIYAZAKI),
        data=ClaimInput(
            fiscal_year=fiscal_year,
            at_counter=3_000,
            outreach=800,
            support=400,
            unit_price=2_000,
            spend=spend,
        ),
        actor=clerk,
    )
    claim_transition(claim_id=claim.pk, action="submit", actor=clerk)


def survey_create_demo(ministry_staff: Viewer, today: dt.date) -> Survey:
    """A two-question survey of six Miyazaki municipalities; four have answered, 都城市 has not."""
    survey = survey_create(
        slug="demo-measures",
        title="【デモ】交付促進の取組調査",
        description="デモデータです。",
        reference_date=today - dt.timedelta(days=30),
        actor=ministry_staff,
    )
    question_add(
        survey=survey,
        key="incentive",
        text="カード取得者への特典を配布しましたか",
        kind=Question.Kind.YES_NO,
        actor=ministry_staff,
    )
    question_add(
        survey=survey,
        key="outreach-events",
        text="出張申請受付の実施回数",
        kind=Question.Kind.COUNT,
        actor=ministry_staff,
    )
    answered = {MIYAZAKI: (True, 24), NOBEOKA: (False, 9), NICHINAN: (True, 5), KOBAYASHI: (False, 3)}
    for rank, code in enumerate((MIYAZAKI, MIYAKONOJO, NOBEOKA, NICHINAN, KOBAYASHI), start=1):
        municipality = Municipality.objects.get(code=code)
        category = Category.CORE_CITY if code == MIYAZAKI else Category.OTHER_CITY
        respondent = Respondent.objects.create(
            survey=survey, municipality=municipality, category=category, side="top", rank=rank
        )
        if code in answered:
            yes, count = answered[code]
            answers_save(
                respondent=respondent, values={"incentive": yes, "outreach-events": count}, actor=ACTOR
            )
    return survey


def outreach_create(municipality_staff: Viewer, today: dt.date) -> None:
    """Two published outreach events ahead (the public schedule) and one held last month."""
    city = Municipality.objects.get(code=MIYAKONOJO)
    events = (
        ("【デモ】ショッピングセンターでの出張申請受付", VenueType.MALL, "イオンモール都城駅前", 10),
        ("【デモ】公民館での出張申請受付", VenueType.COMMUNITY_CENTRE, "五十市地区公民館", 24),
        ("【デモ】確定申告会場での出張申請受付", VenueType.TAX_RETURN, "都城市総合文化ホール", -20),
    )
    for title, venue_type, venue, ahead in events:
        day = today + dt.timedelta(days=ahead)
        event_save(
            event=OutreachEvent(
                municipality=city,
                title=title,
                venue_type=venue_type,
                venue=venue,
                address="宮崎県都城市",
                starts_on=day,
                ends_on=day,
                opens_at=dt.time(10),
                closes_at=dt.time(16),
                staff=3,
                notes="デモデータです。交付通知書と本人確認書類をお持ちください。",
                published=True,
            ),
            actor=municipality_staff,
        )


def now_date() -> dt.date:
    return timezone.localdate()
