import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kofu.accounts.roles import SYSTEM
from kofu.bookings.models import Site, Slot
from kofu.cards.models import Card


def run(*args):
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
    settings.KOFU_PUBLIC_URL = "http://kofu.example.jp"
    slot = make_slot(days=1, phone_capacity=1)
    services.bookings_create(
        cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=viewer_of(personas["municipality"])
    )
    Booking = services.core.Booking
    Booking.objects.update(email="taro@example.jp")
    assert "1 件" in run("remind")
    assert "0 件" in run("remind")
    from kofu.outbox.models import Message

    (queued,) = Message.objects.all()
    assert (queued.kind, queued.state, queued.recipient) == ("booking.reminder", "queued", "taro@example.jp")
    out = StringIO()
    call_command("outbox", "send", stdout=out)
    assert "送信 1 件、失敗 0 件" in out.getvalue()
    assert len(mail.outbox) == 1 and "+09:00" in mail.outbox[0].body
    assert "http://kofu.example.jp/bookings/" in mail.outbox[0].body  # the absolute link (KOFU_PUBLIC_URL)


def test_slots_on_a_national_holiday_are_closed_and_their_bookings_cancelled(
    registry, site, personas, make_resident
):
    import datetime as dt

    from django.utils import timezone

    from kofu.bookings import services
    from kofu.bookings.services.schedule import holidays_apply

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
    assert [b.pk for b in holidays_apply(actor=SYSTEM)] == [on_holiday.pk]
    slot.refresh_from_db()
    workday.refresh_from_db()
    assert slot.closed and not workday.closed
    kept.refresh_from_db()
    assert kept.status == "booked"
    assert holidays_apply(actor=SYSTEM) == []


def test_fixture_application_ids_never_hold_a_twelve_digit_run(registry):
    """A hex tag of digits only plus the index once made a My-Number-like id (a 500 in 1 of ~30 races)."""
    import re

    from kofu.bookings.fixtures import booking_fixture
    from kofu.cards.models import Card

    for _ in range(30):
        booking_fixture(capacity=1, residents=2)
    assert not [a for a in Card.objects.values_list("application_id", flat=True) if re.search(r"\d{7}", a)]


def test_the_command_line_and_the_pages_share_the_services_end_to_end(registry, client, personas):
    """A site, a seasonal rule and slots made on the command line; the capacity edited there and on
    the page; the same refusals and the same audit events either way."""
    from django.urls import reverse

    from kofu.accounts.models import AuditEvent
    from tests.conftest import PASSWORD

    run(
        *("site-add", "--municipality", "452025", "--name", "都城市 山之口支所", "--kind", "branch"),
        *("--address", "都城市山之口町1", "--windows", "2", "--web-percent", "50", "--phone-percent", "25"),
    )
    site = Site.objects.get(name="都城市 山之口支所")
    assert (site.kind, site.address, site.windows.count()) == ("branch", "都城市山之口町1", 2)
    with pytest.raises(CommandError, match="合計は100%以下"):
        run(
            "site-add",
            "--municipality",
            "452025",
            "--name",
            "x",
            "--web-percent",
            "90",
            "--phone-percent",
            "20",
        )
    run(
        *(
            "rule-add",
            "--site",
            str(site.pk),
            "--weekdays",
            "0,1,2,3,4",
            "--start",
            "09:00",
            "--end",
            "10:00",
        ),
        *("--windows", "2", "--valid-from", "2026-06-01", "--valid-to", "2026-06-30", "--label", "6月の平日"),
    )
    with pytest.raises(CommandError, match="「6月の平日」"):
        run(
            "rule-add",
            "--site",
            str(site.pk),
            "--weekdays",
            "2",
            "--start",
            "09:30",
            "--end",
            "11:00",
            "--windows",
            "1",
        )
    with pytest.raises(CommandError, match="使用中の窓口数（2）"):
        run(
            "rule-add",
            "--site",
            str(site.pk),
            "--weekdays",
            "5",
            "--start",
            "09:00",
            "--end",
            "10:00",
            "--windows",
            "3",
        )
    # 2026-06-29 and -30 are in the rule, 07-01 is not: 2 days × 2 slots of 30 minutes.
    assert "4 件" in run("slots", "--site", str(site.pk), "--from", "2026-06-29", "--to", "2026-07-01")
    assert "0 件" in run("slots", "--site", str(site.pk), "--from", "2026-06-29", "--to", "2026-07-01")
    slot = Slot.objects.filter(site=site).order_by("starts_at").first()
    assert (slot.capacity, slot.web_capacity, slot.phone_capacity) == (4, 2, 1)
    out = run("capacity", "--slot", str(slot.pk), "--capacity", "6", "--phone", "2")
    assert "定員 6（Web 2・電話 2・窓口（当日） 2）" in out
    with pytest.raises(CommandError, match="合計は定員"):
        run("capacity", "--slot", str(slot.pk), "--capacity", "3", "--web", "2", "--phone", "2")
    with pytest.raises(CommandError, match="予約枠 999999 がありません"):
        run("capacity", "--slot", "999999", "--capacity", "1")

    assert client.login(username=personas["municipality"].username, password=PASSWORD)
    page = client.get(reverse("bookings:rules", args=[site.pk])).content.decode()
    assert "「6月の平日」（月・火・水・木・金 09:00–10:00、2026-06-01〜2026-06-30）" in page
    refused = client.post(
        reverse("bookings:rules", args=[site.pk]),
        {"weekdays": ["2"], "start": "09:30", "end": "11:00", "windows": "1"},
    ).content.decode()
    assert "登録済みの開庁時間「6月の平日」" in refused
    events = AuditEvent.objects.filter(
        action__in=[
            "bookings.site_add",
            "bookings.rule_add",
            "bookings.slots_generate",
            "bookings.slot_capacity",
        ]
    )
    assert sorted(e.action for e in events) == [
        "bookings.rule_add",
        "bookings.site_add",
        "bookings.slot_capacity",
        "bookings.slots_generate",
    ]
    assert {e.actor_id for e in events} == {None}


def test_help_describes_the_new_options(tmp_path):
    from tests.core.test_cli import run_kofu

    def help_of(*args):  # argparse wraps lines (in the middle of Japanese words too)
        return "".join(run_kofu("bookings", *args, "--help", data_dir=tmp_path).stdout.split())

    assert "kofubookingscapacity--slotID--capacityN" in help_of()
    assert "画面（/bookings/staff/）と同じサービス" in help_of()
    assert "--valid-fromVALID_FROM適用開始日" in help_of("rule-add")
    assert "窓口（当日）の枠は定員からWebと電話を引いた残り" in help_of("capacity")
    assert "年末年始（12/29〜1/3）" in help_of("slots") and "再実行しても" in help_of("slots")


def test_find_prints_a_booking_by_the_number_as_a_resident_reads_it_out(registry):
    from kofu.bookings.fixtures import booking_fixture
    from tests.conftest import resident_books

    data = booking_fixture(capacity=4, residents=1, family=3)
    lead = data["residents"][0]
    cards = [Card.objects.get(notice_number=r["notice_number"]) for r in [lead, *lead["family"]]]
    first, second, _third = resident_books(cards=cards, slot_id=data["slot"])
    line = run("find", first.number.lower().replace("-", " "))
    assert line.startswith(first.number) and "予約済み" in line and "\t3人" in line
    assert f"代表の予約 {first.number}" in run("find", second.number)
    with pytest.raises(CommandError, match="予約番号 ZZZZ の予約はありません"):
        run("find", "ZZZZ")


def test_fixture_with_families_gives_each_resident_their_household(registry):
    data = json.loads(run("fixture", "--capacity", "6", "--residents", "2", "--family", "3"))
    assert [len(r["family"]) for r in data["residents"]] == [2, 2]
    lead = Card.objects.get(notice_number=data["residents"][0]["notice_number"])
    member = Card.objects.get(notice_number=data["residents"][0]["family"][0]["notice_number"])
    other = Card.objects.get(notice_number=data["residents"][1]["notice_number"])
    assert lead.address == member.address != other.address
