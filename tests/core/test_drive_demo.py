"""The demo of a living drive (``kofu demo``): accounts per role, every stage and state, dates from
today, the work queues it fills, and the login under the production settings. Every test here reads
the same demo, loaded once for the module; its refusal to load under the production settings (with
no demo loaded yet) is in test_drive_demo_refused.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.test import Client, override_settings
from django.utils import timezone

from kofu.accounts.roles import viewer_of
from kofu.bookings.models import Booking, Slot
from kofu.cards.models import Card
from kofu.cards.selectors import backlog
from kofu.core.drive_demo import DEMO_PASSWORD, drive_demo_load
from kofu.core.worklist import tasks_for
from kofu.plans import selectors as plan_selectors
from kofu.plans.models import PlanTransition, SmoothingPlan
from kofu.registry.models import Municipality
from kofu.rules import cards as card_rules
from kofu.rules.calendar import YearMonth
from kofu.rules.plan_followup import ReportStatus
from kofu.subsidies.models import Claim
from kofu.surveys.models import Answer, OutreachEvent, Respondent
from tests.conftest import FAST_PASSWORD_HASHERS
from tests.module_data import module_transaction

pytestmark = pytest.mark.django_db

USERS = ("demo-municipality", "demo-prefecture", "demo-ministry", "demo-admin")


@pytest.fixture(scope="module")
def demo_of_the_module(request, django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and rolled back after it (tests/module_data.py), with
    the settings every test has (tests/conftest.py: the fast hasher, seats back at once)."""
    with module_transaction(request, django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS, KOFU_BOOKING_RELEASE_MINUTES=0),
        ):
            loaded = drive_demo_load()
        yield loaded


@pytest.fixture
def demo(demo_of_the_module, db):
    """What the demo's first run returned; each test's changes are rolled back after it."""
    return demo_of_the_module


def test_every_role_has_an_account_with_the_published_password(demo):
    for username in USERS:
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None, username
    roles = {u: viewer_of(authenticate(username=u, password=DEMO_PASSWORD)) for u in USERS}
    assert str(roles["demo-municipality"].organisation) == "宮崎県都城市"
    assert str(roles["demo-prefecture"].organisation) == "宮崎県"
    assert roles["demo-ministry"].role == "ministry_staff"
    assert roles["demo-admin"].is_org_admin and not roles["demo-municipality"].is_org_admin


def test_cards_wait_at_every_stage_some_longer_than_21_days(demo):
    today = timezone.localdate()
    city = Municipality.objects.get(code="452025")
    rows = {row.state: row for row in backlog(city, today)}
    for state in (
        card_rules.DELIVERED,
        card_rules.SETUP_DONE,
        card_rules.NOTICE_SENT,
        card_rules.APPOINTMENT_BOOKED,
        card_rules.RETURNED,
        card_rules.UNCLAIMED,
        card_rules.DEFECTIVE,
    ):
        assert rows[state].count > 0, state
    assert rows[card_rules.SETUP_DONE].oldest_days == 25 and rows[card_rules.NOTICE_SENT].oldest_days == 35
    assert Card.objects.filter(municipality=city, state=card_rules.HANDED_OVER).count() == 14


def test_the_site_has_slots_over_the_coming_weeks_and_bookings(demo):
    today = timezone.localdate()
    slots = Slot.objects.filter(site__name__startswith="【デモ】")
    last = timezone.localtime(slots.order_by("-starts_at").first().starts_at).date()
    assert last >= today + dt.timedelta(days=28)
    booked = Booking.objects.filter(status=Booking.Status.BOOKED)
    assert booked.count() == 6
    assert all(b.card.state == card_rules.APPOINTMENT_BOOKED for b in booked)


def test_the_printed_residents_can_book(demo):
    assert [r.name for r in demo.residents] == ["デモ 花子", "デモ 太郎", "デモ 一郎"]
    for resident in demo.residents:
        card = Card.objects.get(notice_number=resident.notice_number)
        assert card.birth_date == resident.birth_date
        assert card.state == card_rules.NOTICE_SENT
        assert card.notice_batch.visit_until > timezone.localdate()


def test_plans_in_every_state_one_returned_with_advice(demo):
    states = dict(SmoothingPlan.objects.values_list("municipality__code", "status"))
    assert states == {"452025": "returned", "452017": "submitted", "452033": "accepted", "452041": "draft"}
    advice = PlanTransition.objects.get(plan__municipality__code="452025", action="return").comment
    assert "土日開庁" in advice


def test_reports_are_dated_from_today_one_late(demo):
    today = timezone.localdate()
    city = Municipality.objects.get(code="452025")
    this = YearMonth(today.year, today.month)
    months = [this.shift(-3), this.shift(-2), this.shift(-1)]
    statuses = [
        r.status for r in plan_selectors.report_rows(plan_selectors.reports_of(city), months, today=today)
    ]
    assert statuses[0] is ReportStatus.ON_TIME and statuses[1] is ReportStatus.LATE
    assert statuses[2] in (ReportStatus.MISSING, ReportStatus.NOT_DUE)


def test_claims_survey_answers_and_outreach(demo):
    assert dict(Claim.objects.values_list("municipality__code", "status")) == {
        "452025": "draft",
        "452017": "submitted",
    }
    assert Respondent.objects.filter(survey__slug="demo-measures").count() == 5
    assert Answer.objects.filter(respondent__survey__slug="demo-measures").count() == 8
    today = timezone.localdate()
    assert OutreachEvent.objects.filter(published=True, starts_on__gt=today).count() == 2


def test_each_staff_home_page_lists_its_work(demo):
    client = Client()
    expected = {
        "demo-municipality": [
            "交付円滑化計画が差し戻されました",
            "カード：交付前設定済み・通知書発送待ち",
            "補助金の実績報告（申請）",
            "調査への回答",
        ],
        "demo-prefecture": ["交付円滑化計画の確認：宮崎市", "実績報告"],
        "demo-ministry": ["補助金の実績報告（申請）の確認待ち", "実績報告のない指定都市・中核市・特別区"],
    }
    for username, labels in expected.items():
        assert client.login(username=username, password=DEMO_PASSWORD)
        html = client.get("/accounts/me/").content.decode()
        todo = html[html.index('id="todo"') : html.index("</ul>", html.index('id="todo"'))]
        for label in labels:
            assert label in todo, (username, label)
        assert f"ログイン中：{username}" in html and "ログアウト" in html and "デモデータ" in html
        client.logout()


def test_the_prefecture_queue_counts_the_reports_missing(demo):
    from kofu.accounts.models import StaffMembership
    from kofu.core.worklist.items import last_due_month

    today = timezone.localdate()
    viewer = viewer_of(StaffMembership.objects.get(user__username="demo-prefecture").user)
    missing = next(t for t in tasks_for(viewer, today) if "未提出" in t.label)
    rows = plan_selectors.prefecture_report_rows(
        viewer.organisation.prefecture, last_due_month(today), today=today
    )
    filed = sum(1 for _m, row in rows if row.report is not None)
    assert missing.urgent and missing.count == len(rows) - filed and 0 < filed < len(rows)


def test_a_second_run_keeps_the_data_and_prints_the_same_residents(demo):
    again = drive_demo_load()
    assert not again.created and again.residents == demo.residents
    assert Card.objects.filter(application_id__startswith="DEMO-").count() == 85


def test_the_login_form_refuses_the_demo_password_under_production(demo, settings):
    settings.KOFU_DEMO_ALLOWED = False
    client = Client()
    response = client.post("/accounts/login/", {"username": "demo-municipality", "password": DEMO_PASSWORD})
    assert response.status_code == 200 and "パスワードが正しくありません" in response.content.decode()
    assert "_auth_user_id" not in client.session
    settings.KOFU_DEMO_ALLOWED = True
    response = client.post("/accounts/login/", {"username": "demo-municipality", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
