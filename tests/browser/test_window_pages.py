"""The window in a real browser: a reminder queued by the cron command shows in the outbox and
its opt-out link works; a walk-in ticket is issued and called to a window, and the hall's call
display announces it. Axe on each page."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from tests.browser.test_bookings_pages import serious_violations
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def server(keep_registry, transactional_db, live_server, settings):
    from kofu.accounts import services
    from kofu.registry.services import registry_load_reference

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.KOFU_PUBLIC_URL = live_server.url
    if Municipality.objects.count() < 1741:
        registry_load_reference()
    make_staff(
        "window-admin",
        services.organisation_for_municipality(
            municipality=Municipality.objects.get(code="452025"), actor=SYSTEM
        ),
        is_admin=True,
    )
    return live_server.url


def log_in(page, url: str, then: str) -> None:
    page.goto(f"{url}/accounts/login/?next={then}")
    page.get_by_label("利用者名").fill("window-admin")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_a_reminder_is_in_the_outbox_and_its_link_stops_reminders(server, page, screenshot):
    from kofu.bookings import services
    from kofu.bookings.fixtures import booking_fixture
    from kofu.bookings.models import Booking
    from kofu.cards.models import Card
    from kofu.outbox.models import Message

    data = booking_fixture(capacity=2, residents=1, days_ahead=2)
    card = Card.objects.get(notice_number=data["residents"][0]["notice_number"])
    (booking,) = services.bookings_create(
        cards=[card], slot_id=data["slot"], email="hanako.tsuru@example.jp", actor=SYSTEM
    )
    out = StringIO()
    call_command("bookings", "remind", stdout=out)  # what cron runs each morning
    assert "1 件" in out.getvalue()

    log_in(page, server, "/outbox/")
    page.wait_for_url(re.compile(r"/outbox/$"))
    table = page.locator("#t-outbox")
    assert "受取日が近づいています" in table.inner_text()
    assert "hanako.tsuru" not in page.content()
    assert serious_violations(page) == []
    screenshot(page, "outbox-reminder")

    reminder = Message.objects.get(kind="booking.reminder")
    assert f"予約番号: {booking.number}" in reminder.body and "お持ちいただくもの" in reminder.body
    link = re.search(r"(/bookings/reminders/off/[^/\s]+/)", reminder.body).group(1)
    page.goto(server + link)
    assert serious_violations(page) == []
    page.get_by_role("button", name="リマインドメールを停止する").click()
    page.wait_for_selector("#reminders-state:text('停止しました')")
    assert Booking.objects.get(pk=booking.pk).reminders_off


def test_a_walk_in_ticket_is_called_to_a_window_and_shown_in_the_hall(server, page, browser, screenshot):
    from kofu.bookings.fixtures import booking_fixture
    from kofu.bookings.models import Site, Window

    booking_fixture(capacity=2, residents=0)
    site = Site.objects.get()
    Window.objects.create(site=site, name="2番窓口")

    log_in(page, server, "/bookings/staff/")
    page.get_by_role("link", name="発券と呼出").click()
    page.wait_for_url(re.compile(rf"/walkins/{site.pk}/$"))
    assert serious_violations(page) == []
    page.get_by_role("button", name="受付番号を発券する").click()
    assert "受付番号 1 番を発券しました" in page.get_by_role("status").inner_text()
    page.get_by_role("button", name="受付番号を発券する").click()
    assert "お待ちの方: 2人（次は 1番）" in page.locator("#waiting-count").inner_text()
    page.get_by_role("button", name="2番窓口に次の方を呼ぶ").click()
    assert "1番を2番窓口へ呼び出しました" in page.get_by_role("status").inner_text()
    assert "1番" in page.locator("#t-windows").inner_text()
    screenshot(page, "walkins-queue")

    hall = browser.new_context(locale="ja-JP", viewport={"width": 1920, "height": 1080}).new_page()
    hall.goto(f"{server}/walkins/{site.pk}/display/")
    calls = hall.locator("#calls").inner_text()
    assert "1番" in calls and "2番窓口へお越しください" in calls
    assert "お待ちの方 1人" in hall.locator("#display-waiting").inner_text()
    assert serious_violations(hall) == []
    screenshot(hall, "walkins-display")

    page.get_by_role("button", name="1番窓口に次の方を呼ぶ").click()
    # the screen updates itself (no reload): the new call appears within a few seconds
    hall.locator("#calls li", has_text=re.compile(r"2番\s*の方は\s*1番窓口へ")).wait_for()
    assert "お待ちの方 0人" in hall.locator("#display-waiting").inner_text()
    hall.context.close()


def test_a_resident_joins_the_waiting_list_and_moves_to_an_earlier_slot(server, page, settings, screenshot):
    import datetime as dt

    from kofu.accounts.roles import SYSTEM as system
    from kofu.bookings import notify, services
    from kofu.bookings.fixtures import booking_fixture
    from kofu.bookings.models import Booking, Slot
    from kofu.cards.models import Card
    from kofu.outbox.models import Message

    settings.KOFU_BOOKING_HORIZON_DAYS = 60
    data = booking_fixture(capacity=1, residents=2, days_ahead=10)  # the early slot
    early = Slot.objects.get(pk=data["slot"])
    late = Slot.objects.create(
        site=early.site,
        starts_at=early.starts_at + dt.timedelta(days=10),
        ends_at=early.ends_at + dt.timedelta(days=10),
        capacity=1,
        web_capacity=1,
    )
    hanako, taro = (Card.objects.get(notice_number=r["notice_number"]) for r in data["residents"])
    (blocker,) = services.bookings_create(cards=[taro], slot_id=early.pk, actor=system)
    (mine,) = services.bookings_create(
        cards=[hanako], slot_id=late.pk, email="hanako@example.jp", actor=system
    )

    page.goto(server + notify.manage_url(mine).removeprefix(settings.KOFU_PUBLIC_URL))
    page.get_by_role("button", name="空き待ちに登録する").click()
    assert "空き待ちに登録しました" in page.get_by_role("status").inner_text()
    assert serious_violations(page) == []

    services.booking_cancel(booking_id=blocker.pk, actor=system)  # a seat frees up earlier
    out = StringIO()
    call_command("bookings", "waitlist", stdout=out)  # what cron runs every few minutes
    assert "空きの案内を 1 件" in out.getvalue()
    offer = Message.objects.get(kind="booking.waitlist_offer")
    link = re.search(r"(/bookings/waitlist/[^/\s]+/)", offer.body).group(1)

    page.goto(server + link)
    assert "空いた日時" in page.locator("#offer").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "waitlist-offer")
    page.get_by_role("button", name="この日時に移る").click()
    page.wait_for_selector("#offer-result:text('移しました')")
    assert Booking.objects.get(pk=mine.pk).slot_id == early.pk
    assert Slot.objects.get(pk=late.pk).booked == 0
