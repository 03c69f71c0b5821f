import json

import pytest
from django.core.management import CommandError, call_command

from kofu.bookings.models import Site, Slot
from kofu.cards.models import Card


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("bookings", *args, stdout=out)
    return out.getvalue()


def test_fixture_prints_the_slot_and_residents_whose_cards_await_pickup(registry):
    data = json.loads(run("fixture", "--capacity", "3", "--residents", "4", "--format", "json"))
    slot = Slot.objects.get(pk=data["slot"])
    assert (slot.capacity, slot.web_capacity, slot.booked) == (3, 3, 0)
    assert len(data["residents"]) == 4
    for resident in data["residents"]:
        card = Card.objects.get(notice_number=resident["notice_number"])
        assert card.birth_date.isoformat() == resident["birth_date"]
        assert card.state == "notice_sent"


def test_site_rules_and_slots_from_the_command_line(registry):
    run(
        "site-add",
        "--municipality",
        "452025",
        "--name",
        "都城市 特設センター",
        "--kind",
        "special",
        "--windows",
        "3",
    )
    site = Site.objects.get(name="都城市 特設センター")
    assert site.windows.count() == 3
    run(
        "rule-add",
        "--site",
        str(site.pk),
        "--weekdays",
        "5,6",
        "--start",
        "10:00",
        "--end",
        "12:00",
        "--windows",
        "3",
    )
    with pytest.raises(CommandError, match="重なっています"):
        run(
            "rule-add",
            "--site",
            str(site.pk),
            "--weekdays",
            "6",
            "--start",
            "11:00",
            "--end",
            "13:00",
            "--windows",
            "1",
        )
    assert "8 件" in run("slots", "--site", str(site.pk), "--from", "2026-06-06", "--to", "2026-06-07")


def test_reminders_go_once_to_tomorrows_bookings_with_jst_times(
    registry, make_slot, make_resident, personas, settings
):
    from django.core import mail

    from kofu.accounts.roles import viewer_of
    from kofu.bookings import services

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    slot = make_slot(days=1, phone_capacity=1)
    services.bookings_create(
        cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=viewer_of(personas["municipality"])
    )
    Booking = services.core.Booking
    Booking.objects.update(email="taro@example.jp")
    assert "1 件" in run("remind")
    assert "0 件" in run("remind")
    assert len(mail.outbox) == 1 and "+09:00" in mail.outbox[0].body


def test_slots_on_a_national_holiday_are_closed_and_their_bookings_cancelled(
    registry, site, personas, make_resident
):
    import datetime as dt

    from django.utils import timezone

    from kofu.bookings import services
    from kofu.bookings.schedule import holidays_apply

    holiday = dt.date(2027, 1, 11)  # 成人の日 (a Monday)
    starts = timezone.make_aware(dt.datetime.combine(holiday, dt.time(10, 0)))
    slot = Slot.objects.create(
        site=site, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), capacity=2, phone_capacity=2
    )
    workday = Slot.objects.create(
        site=site,
        starts_at=starts + dt.timedelta(days=1),
        ends_at=starts + dt.timedelta(days=1, minutes=30),
        capacity=2,
        phone_capacity=2,
    )
    from kofu.accounts.roles import viewer_of

    staff = viewer_of(personas["municipality"])
    (on_holiday,) = services.bookings_create(
        cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=staff
    )
    (kept,) = services.bookings_create(
        cards=[make_resident()], slot_id=workday.pk, channel="phone", actor=staff
    )
    assert [b.pk for b in holidays_apply()] == [on_holiday.pk]
    slot.refresh_from_db()
    workday.refresh_from_db()
    assert slot.closed and not workday.closed
    kept.refresh_from_db()
    assert kept.status == "booked"
    assert holidays_apply() == []


def test_fixture_application_ids_never_hold_a_twelve_digit_run(registry):
    """A hex tag of digits only plus the index once made a My-Number-like id (a 500 in 1 of ~30 races)."""
    import re

    from kofu.bookings.fixtures import booking_fixture
    from kofu.cards.models import Card

    for _ in range(30):
        booking_fixture(capacity=1, residents=2)
    assert not [a for a in Card.objects.values_list("application_id", flat=True) if re.search(r"\d{7}", a)]
