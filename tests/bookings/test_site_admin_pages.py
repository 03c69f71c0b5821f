"""Staff administration pages end to end: site, windows, opening rules, slot generation, capacity."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kofu.accounts.models import AuditEvent
from kofu.bookings import services
from kofu.bookings.models import OpeningRule, Site, Slot, Window
from tests.conftest import PASSWORD, resident_books

SITE = {
    "name": "都城市 イオンモール特設センター",
    "kind": "special",
    "address": "都城市早鈴町1-1",
    "service_minutes": "15",
    "people_per_window": "2",
    "max_party": "4",
    "extra_person_minutes": "10",
    "web_percent": "50",
    "phone_percent": "25",
    "year_end_closed": "on",
    "closed_weekend": "3",
    "active": "on",
    "windows": "3",
}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def body(response):
    return response.content.decode()


@pytest.fixture
def staff(client, personas):
    login(client, personas["municipality"])
    return personas["municipality"]


def test_staff_register_a_special_centre_with_its_windows_and_it_is_audited(client, staff, miyakonojo):
    response = client.post(reverse("bookings:site_new"), SITE)
    site = Site.objects.get(name=SITE["name"])
    assert response.status_code == 302 and response["Location"] == reverse("bookings:rules", args=[site.pk])
    assert (site.municipality_id, site.kind, site.closed_weekend, site.web_percent) == (
        miyakonojo.pk,
        "special",
        3,
        50,
    )
    assert list(site.windows.values_list("name", flat=True)) == ["1番窓口", "2番窓口", "3番窓口"]
    event = AuditEvent.objects.get(action="bookings.site_add", object_id=str(site.pk))
    assert event.actor_id == staff.pk and event.after["windows"] == 3
    listing = body(client.get(reverse("bookings:sites")))
    assert SITE["name"] in listing and reverse("bookings:slot_admin", args=[site.pk]) in listing


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "会場名: 会場名を入力してください。"),
        (
            {"web_percent": "80", "phone_percent": "30"},
            "電話予約の割合（%）: Web（80%）と電話（30%）の割合の合計は100%以下",
        ),
        (
            {"service_minutes": "0"},
            "1人あたりの交付時間（分）: 1人あたりの交付時間（分）は1〜240の整数で入力してください。",
        ),
        ({"windows": "abc"}, "窓口の数: 窓口の数は1〜50の整数で入力してください。"),
        ({"closed_weekend": "9"}, "毎月の休業日: "),
    ],
)
def test_bad_site_input_gets_a_japanese_error_naming_the_field_and_changes_nothing(
    client, staff, change, message
):
    response = client.post(reverse("bookings:site_new"), {**SITE, **change})
    assert response.status_code == 200
    assert message in body(response)
    assert not Site.objects.filter(name=SITE["name"]).exists()


def test_editing_a_site_records_only_what_changed(client, staff, site):
    url = reverse("bookings:site_edit", args=[site.pk])
    assert site.name in body(client.get(url))
    fields = {**SITE, "name": site.name, "people_per_window": "3", "closed_weekend": ""}
    del fields["windows"]
    assert client.post(url, fields).status_code == 302
    site.refresh_from_db()
    assert (site.people_per_window, site.closed_weekend, site.kind) == (3, None, "special")
    event = AuditEvent.objects.filter(action="bookings.site_change", object_id=str(site.pk)).get()
    assert event.after["people_per_window"] == 3 and "name" not in event.after


def test_windows_are_added_renamed_and_taken_out_of_use_unless_a_rule_needs_them(client, staff, site):
    url = reverse("bookings:windows", args=[site.pk])
    client.post(url, {"action": "add", "name": "3番窓口"})
    duplicate = client.post(url, {"action": "add", "name": "3番窓口"})
    assert "窓口名: この会場には「3番窓口」という窓口がすでにあります。" in body(duplicate)
    third = site.windows.get(name="3番窓口")
    client.post(url, {"action": "rename", "window": third.pk, "name": "臨時窓口"})
    third.refresh_from_db()
    assert third.name == "臨時窓口"
    OpeningRule.objects.create(site=site, weekdays="0,1,2,3,4", start=dt.time(9), end=dt.time(12), windows=2)
    client.post(url, {"action": "deactivate", "window": third.pk})
    first = site.windows.get(name="1番窓口")
    refused = client.post(url, {"action": "deactivate", "window": first.pk}, follow=True)
    assert "開庁時間で窓口を2つ開けることになっているため" in body(refused)
    assert list(site.windows.filter(active=True).values_list("name", flat=True)) == ["1番窓口", "2番窓口"]
    client.post(url, {"action": "activate", "window": third.pk})
    assert Window.objects.get(pk=third.pk).active
    actions = set(AuditEvent.objects.filter(object_type="window").values_list("action", flat=True))
    assert actions == {
        "bookings.window_add",
        "bookings.window_rename",
        "bookings.window_deactivate",
        "bookings.window_activate",
    }


RULE = {
    "label": "平日",
    "weekdays": ["0", "1", "2", "3", "4"],
    "start": "08:30",
    "end": "17:15",
    "windows": "2",
}


def test_rules_are_added_and_an_overlap_is_refused_naming_the_rule_it_overlaps(client, staff, site):
    url = reverse("bookings:rules", args=[site.pk])
    assert client.post(url, RULE).status_code == 302
    evening = {"label": "夜間", "weekdays": ["2"], "start": "17:00", "end": "19:00", "windows": "1"}
    refused = body(client.post(url, evening))
    assert (
        "「夜間」（水 17:00–19:00）は登録済みの開庁時間「平日」（月・火・水・木・金 08:30–17:15）と水曜日"
        in refused
    )
    too_many = body(client.post(url, {**evening, "start": "17:15", "windows": "3"}))
    assert "開ける窓口数（3）が、この会場の使用中の窓口数（2）より多くなっています。" in too_many
    backwards = body(client.post(url, {**evening, "start": "19:00", "end": "18:00"}))
    assert "終了時刻: 終了時刻は開始時刻より後にしてください。" in backwards
    none = body(client.post(url, {**evening, "weekdays": []}))
    assert "曜日: 曜日を1つ以上選んでください。" in none
    weekend = {
        "label": "休日",
        "weekdays": ["5", "6"],
        "start": "09:00",
        "end": "12:00",
        "windows": "1",
        "valid_from": "2026-04-01",
        "valid_to": "2027-03-31",
    }
    assert client.post(url, weekend).status_code == 302
    assert client.post(url, {**evening, "start": "17:15"}).status_code == 302
    listing = body(client.get(url))
    assert "「休日」（土・日 09:00–12:00、2026-04-01〜2027-03-31）" in listing
    assert OpeningRule.objects.filter(site=site).count() == 3
    assert AuditEvent.objects.filter(action="bookings.rule_add").count() == 3


def test_a_rule_is_ended_by_its_validity_and_can_be_deleted(client, staff, site):
    client.post(reverse("bookings:rules", args=[site.pk]), RULE)
    rule = site.rules.get()
    url = reverse("bookings:rule_edit", args=[site.pk, rule.pk])
    assert "08:30" in body(client.get(url))
    assert client.post(url, {**RULE, "action": "save", "valid_to": "2026-09-30"}).status_code == 302
    rule.refresh_from_db()
    assert rule.valid_to == dt.date(2026, 9, 30)
    client.post(url, {"action": "delete"})
    assert not site.rules.exists()
    assert {"bookings.rule_change", "bookings.rule_delete"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_slots_are_generated_around_holidays_the_year_end_and_the_monthly_closed_weekend(client, staff, site):
    site.closed_weekend = 3
    site.save()
    client.post(reverse("bookings:rules", args=[site.pk]), RULE)
    weekend = {"label": "休日", "weekdays": ["5", "6"], "start": "09:00", "end": "10:00", "windows": "1"}
    client.post(reverse("bookings:rules", args=[site.pk]), weekend)
    url = reverse("bookings:slot_admin", args=[site.pk])
    # February 2026 starts on a Sunday: the 3rd Saturday is the 21st and the Sunday after it the
    # 22nd (the 4th Sunday). 11th (建国記念の日) and 23rd (天皇誕生日) are national holidays.
    made = body(
        client.post(url, {"action": "generate", "start": "2026-02-01", "end": "2026-02-28"}, follow=True)
    )
    days = sorted({timezone.localtime(s.starts_at).date().day for s in Slot.objects.filter(site=site)})
    weekdays = [d for d in range(2, 28) if dt.date(2026, 2, d).weekday() < 5 and d not in (11, 23)]
    assert days == sorted([1, 7, 8, 14, 15, 28, *weekdays])
    count = Slot.objects.filter(site=site).count()
    assert f"の予約枠を {count} 件作成しました" in made
    again = body(
        client.post(url, {"action": "generate", "start": "2026-02-01", "end": "2026-02-28"}, follow=True)
    )
    assert "の予約枠を 0 件作成しました" in again and Slot.objects.filter(site=site).count() == count
    year_end = {"action": "generate", "start": "2026-12-28", "end": "2027-01-05"}
    client.post(url, year_end)
    new_days = {
        timezone.localtime(s.starts_at).date()
        for s in Slot.objects.filter(site=site, starts_at__gte=timezone.make_aware(dt.datetime(2026, 12, 1)))
    }
    assert new_days == {dt.date(2026, 12, 28), dt.date(2027, 1, 4), dt.date(2027, 1, 5)}
    monday = Slot.objects.get(site=site, starts_at=timezone.make_aware(dt.datetime(2026, 2, 2, 8, 30)))
    assert (monday.capacity, monday.web_capacity, monday.phone_capacity) == (4, 2, 0)  # 2 windows; 60 %, 20 %
    sunday = Slot.objects.get(site=site, starts_at=timezone.make_aware(dt.datetime(2026, 2, 1, 9, 0)))
    assert (sunday.capacity, sunday.web_capacity, sunday.ends_at - sunday.starts_at) == (
        2,
        1,
        dt.timedelta(minutes=30),
    )
    too_long = body(client.post(url, {"action": "generate", "start": "2026-01-01", "end": "2027-01-02"}))
    assert "一度に作れるのは366日分までです" in too_long


def test_capacity_edits_go_through_the_booking_service_and_are_refused_below_booked(
    client, staff, personas, make_slot, make_resident
):
    from kofu.accounts.roles import viewer_of

    slot = make_slot(capacity=4, web_capacity=2, phone_capacity=1)
    resident_books(cards=[make_resident()], slot_id=slot.pk)
    services.bookings_create(
        cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=viewer_of(personas["municipality"])
    )
    day = timezone.localtime(slot.starts_at).date()
    url = f"{reverse('bookings:slot_admin', args=[slot.site_id])}?date={day:%Y-%m-%d}"
    page = body(client.get(url))
    assert "1／2" in page and "1／1" in page and "0／1" in page  # web, phone, walk-in
    refused = body(
        client.post(
            url,
            {"action": "capacity", "slot": slot.pk, "capacity": 4, "web_capacity": 2, "phone_capacity": 0},
            follow=True,
        )
    )
    assert "10:00の予約枠: 電話予約枠（0人）を予約数（1人）より少なくはできません。" in refused
    over = body(
        client.post(
            url,
            {"action": "capacity", "slot": slot.pk, "capacity": 2, "web_capacity": 2, "phone_capacity": 1},
            follow=True,
        )
    )
    assert "電話予約枠: Web予約枠と電話予約枠の合計（3）は定員（2）以下にしてください。" in over
    client.post(
        url, {"action": "capacity", "slot": slot.pk, "capacity": 6, "web_capacity": 3, "phone_capacity": 2}
    )
    slot.refresh_from_db()
    assert (slot.capacity, slot.web_capacity, slot.phone_capacity, slot.walk_in_capacity) == (6, 3, 2, 1)
    client.post(url, {"action": "to_walk_in"})
    slot.refresh_from_db()
    assert (slot.web_capacity, slot.phone_capacity, slot.walk_in_capacity) == (1, 1, 4)
    assert AuditEvent.objects.filter(action="bookings.slot_capacity", object_id=str(slot.pk)).count() == 2


def test_another_municipalitys_staff_get_404_and_change_nothing(client, personas, site, make_slot):
    slot = make_slot()
    rule = OpeningRule.objects.create(site=site, weekdays="0", start=dt.time(9), end=dt.time(10), windows=1)
    login(client, personas["other_municipality"])
    for name, args in [
        ("site_edit", [site.pk]),
        ("windows", [site.pk]),
        ("rules", [site.pk]),
        ("rule_edit", [site.pk, rule.pk]),
        ("slot_admin", [site.pk]),
    ]:
        url = reverse(f"bookings:{name}", args=args)
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"action": "delete"}).status_code == 404, name
    url = reverse("bookings:slot_admin", args=[site.pk])
    client.post(
        url, {"action": "capacity", "slot": slot.pk, "capacity": 0, "web_capacity": 0, "phone_capacity": 0}
    )
    slot.refresh_from_db()
    assert slot.capacity == 4 and OpeningRule.objects.filter(pk=rule.pk).exists()
    # The rule of one site is not reachable under another site of the same municipality either.
    other_site = Site.objects.create(municipality=site.municipality, name="高崎支所")
    client.logout()
    login(client, personas["municipality"])
    assert client.get(reverse("bookings:rule_edit", args=[other_site.pk, rule.pk])).status_code == 404
    assert client.get(reverse("bookings:rule_edit", args=[site.pk, rule.pk])).status_code == 200
