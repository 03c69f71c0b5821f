"""Outreach application events: municipality staff plan and publish their own, residents see the
published upcoming ones, applications per channel, yield per venue type, best-practice search."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from kofu.surveys.models import BestPractice, OutreachEvent
from kofu.surveys.services.outreach import event_applications_record, event_save
from kofu.surveys.services.practices import best_practice_create


def event(
    code="452025", venue_type="tax_return", days=(0, 0), published=True, title="確定申告会場での出張申請受付"
):
    today = timezone.localdate()
    return event_save(
        event=OutreachEvent(
            municipality=Municipality.objects.get(code=code), title=title, venue_type=venue_type,
            venue="都城市総合文化ホール", address="宮崎県都城市北原町", starts_on=today + dt.timedelta(days=days[0]),
            ends_on=today + dt.timedelta(days=days[1]), opens_at=dt.time(9), closes_at=dt.time(16), staff=3,
            published=published,
        ),
        actor=SYSTEM,
    )  # fmt: skip


FORM = {
    "title": "ワクチン接種会場での申請受付", "venue_type": "vaccine", "venue": "体育館", "address": "都城市姫城町",
    "starts_on": "2030-02-01", "ends_on": "2030-02-03", "opens_at": "09:00", "closes_at": "16:00", "staff": "4",
    "has_camera": "on", "has_terminal": "on", "notes": "本人確認書類をお持ちください", "published": "on",
}  # fmt: skip


def test_municipality_staff_plan_and_publish_an_event_residents_see_it(client, personas):
    client.force_login(personas["municipality"])
    assert client.post("/surveys/events/new/", FORM).status_code == 302
    created = OutreachEvent.objects.get()
    assert created.municipality.code == "452025"
    client.logout()
    page = client.get("/surveys/events/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "ワクチン接種会場での申請受付" in text and "宮崎県都城市" in text and "09:00〜16:00" in text


def test_unpublished_and_past_events_are_not_public(client, registry):
    event(title="非公開の受付", published=False)
    event(title="終わった受付", days=(-3, -1))
    event(title="今日の受付")
    text = client.get("/surveys/events/").content.decode()
    assert "今日の受付" in text and "非公開の受付" not in text and "終わった受付" not in text


def test_form_errors_name_the_field_in_japanese(client, personas):
    client.force_login(personas["municipality"])
    page = client.post(
        "/surveys/events/new/", FORM | {"ends_on": "2030-01-01", "closes_at": "08:00"}
    ).content.decode()
    assert "終了日：終了日は開始日以降にしてください" in page
    assert "受付終了時刻：受付終了時刻は受付開始時刻より後にしてください" in page


def test_another_municipality_cannot_edit_or_record(client, personas):
    own = event()
    client.force_login(personas["other_municipality"])
    assert client.get(f"/surveys/events/{own.pk}/edit/").status_code == 404
    assert client.post(f"/surveys/events/{own.pk}/applications/", {"outreach": "5"}).status_code == 404
    client.force_login(personas["municipality"])
    assert (
        client.post(f"/surveys/events/{own.pk}/applications/", {"outreach": "40", "support": "5"}).status_code
        == 302
    )
    assert dict(own.applications.values_list("channel", "count")) == {"outreach": 40, "support": 5}


def test_yield_per_venue_type_orders_by_applications_per_day(client, personas):
    tax = event(venue_type="tax_return", days=(0, 1))  # 2 days
    event_applications_record(event=tax, counts={"outreach": 90, "support": 10}, actor=SYSTEM)
    mall = event(venue_type="mall", days=(0, 0))
    event_applications_record(event=mall, counts={"outreach": 60}, actor=SYSTEM)
    event(venue_type="university")  # no figures recorded: not compared
    client.force_login(personas["prefecture"])
    page = client.get("/surveys/events/yield/").content.decode()
    assert page.index("商業施設") < page.index("確定申告会場") and "大学・専門学校" not in page
    assert "50.0" in page and "60.0" in page
    client.force_login(personas["other_prefecture"])
    assert "確定申告会場" not in client.get("/surveys/events/yield/").content.decode()


def test_best_practices_are_searchable_by_measure(client, personas):
    city = Municipality.objects.get(code="452025")
    best_practice_create(
        practice=BestPractice(municipality=city, measure="確定申告会場での出張申請受付", venue_type="tax_return",
                              period="令和4年2月〜3月", outcome="約1,200件の申請"),
        actor=SYSTEM,
    )  # fmt: skip
    best_practice_create(practice=BestPractice(municipality=city, measure="公民館の巡回"), actor=SYSTEM)
    client.force_login(personas["ministry"])
    page = client.get("/surveys/practices/?q=確定申告").content.decode()
    assert "約1,200件の申請" in page and "公民館の巡回" not in page
    assert client.post("/surveys/practices/", {"measure": "x"}).status_code == 404
    client.force_login(personas["municipality"])
    assert (
        client.post(
            "/surveys/practices/",
            {"theme": "outreach", "measure": "大学での申請受付", "venue_type": "university"},
        ).status_code
        == 302
    )
    assert BestPractice.objects.filter(measure="大学での申請受付", municipality=city).exists()


@pytest.mark.parametrize("field", ["notes", "address"])
def test_free_text_refuses_a_my_number(client, personas, field):
    client.force_login(personas["municipality"])
    page = client.post("/surveys/events/new/", FORM | {field: "123456789018"}).content.decode()
    assert "個人番号" in page and not OutreachEvent.objects.exists()


def test_seed_002_practices_load_once_and_are_found_by_measure(client, personas):
    out = io.StringIO()
    call_command("surveys", "load-practices", stdout=out)
    assert "優良事例を 34 件登録しました" in out.getvalue()
    call_command("surveys", "load-practices", stdout=io.StringIO())
    assert BestPractice.objects.count() == 34
    client.force_login(personas["municipality"])
    page = client.get("/surveys/practices/?q=期日前投票所").content.decode()
    assert "防府市" in page and "期間中15日で145件" in page and "札幌市" not in page
