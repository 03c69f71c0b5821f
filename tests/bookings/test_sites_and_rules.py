"""Site, window and opening-rule services and the selectors of the administration pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kofu.accounts.access import NotFound
from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import viewer_of
from kofu.bookings import selectors, services
from kofu.bookings.models import OpeningRule, Slot
from kofu.bookings.services import schedule, sites


@pytest.fixture
def staff(personas):
    return viewer_of(personas["municipality"])


def test_site_create_makes_numbered_windows_and_refuses_bad_shares_by_field(miyakonojo, staff):
    site = sites.site_create(
        municipality=miyakonojo, actor=staff, windows=2, name="高城支所", kind="branch", phone_percent=30
    )
    assert [w.name for w in site.windows.all()] == ["1番窓口", "2番窓口"]
    with pytest.raises(ValidationError) as caught:
        sites.site_create(municipality=miyakonojo, actor=staff, name="x", web_percent=80, phone_percent=30)
    assert list(caught.value.message_dict) == ["phone_percent"]
    with pytest.raises(ValidationError) as caught:
        sites.site_create(
            municipality=miyakonojo, actor=staff, name="x", people_per_window=0, closed_weekend=6
        )
    assert set(caught.value.message_dict) == {"people_per_window", "closed_weekend"}
    with pytest.raises(TypeError):
        sites.site_create(municipality=miyakonojo, actor=staff, name="x", municipality_id=1)


def test_only_the_municipalitys_own_staff_may_write(miyakonojo, personas, site):
    other = viewer_of(personas["other_municipality"])
    for write in (
        lambda: sites.site_create(municipality=miyakonojo, actor=other, name="x"),
        lambda: sites.site_update(site_id=site.pk, actor=other, name="x"),
        lambda: sites.window_add(site=site, name="x", actor=other),
        lambda: sites.window_rename(window_id=site.windows.first().pk, name="x", actor=other),
        lambda: schedule.opening_rule_add(
            site=site, actor=other, weekdays="0", start=dt.time(9), end=dt.time(10), windows=1
        ),
        lambda: schedule.slots_generate(
            site=site, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 1), actor=other
        ),
        lambda: schedule.slots_unused_to_walk_in(site=site, day=dt.date(2026, 6, 1), actor=other),
        lambda: schedule.closure_add(
            municipality=miyakonojo,
            start=dt.date(2026, 6, 1),
            end=dt.date(2026, 6, 1),
            reason="x",
            actor=other,
        ),
    ):
        with pytest.raises(NotFound):  # another municipality's site: not found, like a missing one
            write()
    assert not AuditEvent.objects.filter(object_type__in=["site", "window", "opening_rule"]).exists()


def test_site_update_audits_before_and_after_of_the_changed_fields_only(site, staff):
    sites.site_update(site_id=site.pk, actor=staff, name=site.name, service_minutes=20)
    event = AuditEvent.objects.get(action="bookings.site_change")
    assert (event.before, event.after) == ({"service_minutes": 15}, {"service_minutes": 20})
    sites.site_update(site_id=site.pk, actor=staff, service_minutes=20)
    assert AuditEvent.objects.filter(action="bookings.site_change").count() == 1


def test_a_window_cannot_stop_while_a_current_rule_needs_it_but_an_ended_rule_does_not_count(site, staff):
    first, second = site.windows.all()
    OpeningRule.objects.create(
        site=site, weekdays="5", start=dt.time(9), end=dt.time(12), windows=2, valid_to=dt.date(2020, 3, 31)
    )
    assert sites.windows_needed(site) == 0
    sites.window_set_active(window_id=second.pk, active=False, actor=staff)
    sites.window_set_active(window_id=second.pk, active=True, actor=staff)
    schedule.opening_rule_add(
        site=site, actor=staff, weekdays="0", start=dt.time(9), end=dt.time(10), windows=2
    )
    with pytest.raises(ValidationError, match="先に開庁時間の窓口数を減らしてください"):
        sites.window_set_active(window_id=first.pk, active=False, actor=staff)
    with pytest.raises(ValidationError, match="という窓口がすでにあります"):
        sites.window_rename(window_id=first.pk, name=second.name, actor=staff)


def test_updating_a_rule_checks_overlaps_against_the_others_only(site, staff):
    morning = schedule.opening_rule_add(
        site=site, actor=staff, weekdays="0,1", start=dt.time(9), end=dt.time(12), windows=1, label="午前"
    )
    schedule.opening_rule_add(
        site=site, actor=staff, weekdays="0,1", start=dt.time(13), end=dt.time(16), windows=1, label="午後"
    )
    schedule.opening_rule_update(rule_id=morning.pk, actor=staff, end=dt.time(12, 30))  # overlaps itself only
    with pytest.raises(ValidationError, match="「午前」（月・火 09:00–13:30）は登録済みの開庁時間「午後」"):
        schedule.opening_rule_update(rule_id=morning.pk, actor=staff, end=dt.time(13, 30))
    morning.refresh_from_db()
    assert morning.end == dt.time(12, 30)
    with pytest.raises(ValidationError, match="数字をカンマで区切って"):
        schedule.opening_rule_add(
            site=site, actor=staff, weekdays="月", start=dt.time(17), end=dt.time(18), windows=1
        )


def test_deleting_a_rule_keeps_the_slots_it_made(site, staff):
    rule = schedule.opening_rule_add(
        site=site, actor=staff, weekdays="0", start=dt.time(9), end=dt.time(10), windows=1
    )
    assert (
        schedule.slots_generate(site=site, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 1), actor=staff)
        == 2
    )
    schedule.opening_rule_delete(rule_id=rule.pk, actor=staff)
    assert Slot.objects.filter(site=site).count() == 2
    assert AuditEvent.objects.get(action="bookings.rule_delete").before["weekdays"] == "0"


def test_slot_generation_refuses_a_backwards_or_too_long_range(site, staff):
    with pytest.raises(ValidationError, match="終了日は開始日以降"):
        schedule.slots_generate(site=site, start=dt.date(2026, 6, 2), end=dt.date(2026, 6, 1), actor=staff)
    with pytest.raises(ValidationError, match="366日分まで"):
        schedule.slots_generate(site=site, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 2), actor=staff)
    # 366 days are allowed (the site has no rules yet, so nothing is made).
    assert (
        schedule.slots_generate(site=site, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1), actor=staff)
        == 0
    )


def test_unused_web_and_phone_seats_go_to_walk_ins_through_the_booking_service(
    site, staff, make_slot, make_resident
):
    slot = make_slot(days=0, capacity=5, web_capacity=2, phone_capacity=2)
    services.bookings_create(cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=staff)
    day = timezone.localtime(slot.starts_at).date()
    assert schedule.slots_unused_to_walk_in(site=site, day=day, actor=staff) == 3
    slot.refresh_from_db()
    assert (slot.web_capacity, slot.phone_capacity, slot.walk_in_capacity) == (0, 1, 4)
    assert schedule.slots_unused_to_walk_in(site=site, day=day, actor=staff) == 0
    assert AuditEvent.objects.filter(action="bookings.slot_capacity").count() == 1


def test_selectors_describe_and_order_rules_and_list_a_days_slots(site, make_slot):
    OpeningRule.objects.create(site=site, weekdays="5,6", start=dt.time(9), end=dt.time(12), windows=1)
    OpeningRule.objects.create(
        site=site, weekdays="0,1,2,3,4", start=dt.time(8, 30), end=dt.time(17, 15), windows=2, label="平日"
    )
    assert [text for _, text in selectors.rules_of(site)] == [
        "「平日」（月・火・水・木・金 08:30–17:15）",
        "（土・日 09:00–12:00）",
    ]
    late, early = make_slot(hour=15), make_slot(hour=9)
    make_slot(days=8)
    assert selectors.slots_of_day(site, timezone.localtime(early.starts_at).date()) == [early, late]
