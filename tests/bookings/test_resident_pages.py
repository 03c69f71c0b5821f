import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from kofu.bookings.models import Booking
from tests.conftest import as_resident, resident_books


@pytest.fixture(autouse=True)
def no_ip_limit(settings):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def login(client, card, birth=None):
    return client.post(
        reverse("bookings:start"),
        {"notice_number": card.notice_number, "birth_date": birth or card.birth_date.isoformat()},
    )


def test_unknown_number_and_wrong_birth_date_get_byte_identical_answers(client, make_resident):
    card = make_resident()
    wrong_birth = login(client, card, birth="1999-12-31")
    unknown = client.post(
        reverse("bookings:start"), {"notice_number": "ZZZZZ-ZZZZZ", "birth_date": card.birth_date}
    )
    # Apart from the token and the typed values (kept in their fields), the pages are the same.
    strip = re.compile(rb'name="(?:csrfmiddlewaretoken|notice_number|birth_date)" value="[^"]+"')
    assert wrong_birth.status_code == unknown.status_code == 400
    assert strip.sub(b"", wrong_birth.content) == strip.sub(b"", unknown.content)
    assert "交付通知書番号または生年月日が正しくありません" in wrong_birth.content.decode()
    assert wrong_birth["Cache-Control"].startswith("max-age=0") or "no-store" in wrong_birth["Cache-Control"]


def test_twenty_wrong_attempts_lock_the_number_even_for_the_right_birth_date(client, make_resident, settings):
    settings.KOFU_BOOKING_MAX_FAILURES_PER_NUMBER = 20
    card = make_resident()
    for _ in range(20):
        login(client, card, birth="2001-01-01")
    assert login(client, card).status_code == 429


def test_the_per_ip_limit_throttles_one_client(client, make_resident, settings):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 5
    card = make_resident()
    codes = [login(client, card, birth="2001-01-01").status_code for _ in range(6)]
    assert codes[-1] == 429


def test_the_resident_books_confirms_and_cancels_with_the_signed_link(
    client, make_resident, make_slot, django_capture_on_commit_callbacks
):
    card = make_resident()
    slot = make_slot(capacity=2)
    assert login(client, card).url == reverse("bookings:family")
    assert client.post(reverse("bookings:family"), {"alone": "1"}).url == reverse("bookings:slots")
    page = client.get(reverse("bookings:slots"))
    assert f'value="{slot.pk}"' in page.content.decode()
    response = client.post(reverse("bookings:slots"), {"slot": slot.pk, "email": "hanako@example.jp"})
    assert response.url == reverse("bookings:confirm")
    assert Booking.objects.get(card=card).status == "held"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("bookings:confirm"), {"confirm": "1"})
    manage_url = done.url
    assert Booking.objects.get(card=card).status == "booked"
    assert "notice" not in manage_url and card.notice_number not in manage_url
    assert len(mail.outbox) == 1 and "+09:00" in mail.outbox[0].body
    assert mail.outbox[0].attachments[0][0].endswith(".ics")
    assert "予約済み" in client.get(manage_url).content.decode()
    assert client.post(manage_url, {"cancel": "1"}).url == manage_url + "cancel/"  # asked first
    assert Booking.objects.get(card=card).status == "booked"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage_url + "cancel/")
    assert Booking.objects.get(card=card).status == "cancelled"
    assert "取り消しました" in mail.outbox[-1].subject
    slot.refresh_from_db()
    assert slot.booked == 0


def test_a_tampered_link_is_not_found(client):
    assert client.get(reverse("bookings:manage", args=["eyJiIjoxfQ:forged:sig"])).status_code == 404


def test_slots_outside_the_horizon_are_not_offered(client, make_resident, make_slot):
    card = make_resident()
    inside, soon, late = make_slot(days=5), make_slot(days=1, hour=11), make_slot(days=35, hour=12)
    login(client, card)
    page = client.get(reverse("bookings:slots")).content.decode()
    assert f'value="{inside.pk}"' in page
    assert f'value="{soon.pk}"' not in page and f'value="{late.pk}"' not in page
    assert dt.date.today()  # pages use JST days (USE_TZ, Asia/Tokyo)


def _manage(client, booking):
    from kofu.bookings.notify import manage_token

    return client.get(reverse("bookings:manage", args=[manage_token(booking)])).content.decode()


def _japanese(day):
    return f"{day.year}年{day.month}月{day.day}日"


def test_before_issuance_the_page_shows_the_expiry_the_card_would_have_on_the_booked_day(
    client, make_slot, make_resident
):
    from django.utils import timezone

    slot, card = make_slot(), make_resident(birth="1980-05-05")
    (booking,) = resident_books(cards=[card], slot_id=slot.pk)
    day = timezone.localtime(slot.starts_at).date()
    # An adult: the 10th birthday after the issue day; the certificates: the 5th.
    first = day.year if dt.date(day.year, 5, 5) > day else day.year + 1
    page = _manage(client, booking)
    card_expiry = re.search(r'id="card-expiry">([^<]+)<', page).group(1)
    certificate_expiry = re.search(r'id="certificate-expiry">([^<]+)<', page).group(1)
    assert card_expiry == f"{_japanese(dt.date(first + 9, 5, 5))}（見込み）"
    assert certificate_expiry == f"{_japanese(dt.date(first + 4, 5, 5))}（見込み）"
    assert "予約した来庁日にカードを受け取った場合の期限です" in page
    assert "あなたの記録を見た組織" in page  # next to the access log


@pytest.mark.parametrize(
    ("received", "card_expiry"),
    [
        # 19 on the issue day: a minor for an application before 2022-04-01 (adult age 20) …
        ("2022-03-01", "2027年1月10日"),
        # … an adult for one received from 2022-04-01 (adult age 18).
        ("2022-04-01", "2032年1月10日"),
    ],
)
def test_after_the_handover_the_page_shows_the_expiry_from_the_handover_date(
    client, make_slot, make_resident, received, card_expiry
):

    slot, card = make_slot(), make_resident(birth="2003-01-10")
    (booking,) = resident_books(cards=[card], slot_id=slot.pk)
    type(card).objects.filter(pk=card.pk).update(
        received_on=dt.date.fromisoformat(received), handed_over_on=dt.date(2022, 4, 15), state="handed_over"
    )
    page = _manage(client, booking)
    assert re.search(r'id="card-expiry">([^<]+)<', page).group(1) == card_expiry
    assert re.search(r'id="certificate-expiry">([^<]+)<', page).group(1) == "2027年1月10日"
    assert "見込み" not in page and "2022年4月15日" in page


def test_a_cancelled_booking_before_issuance_shows_no_expiry_yet(client, make_slot, make_resident):
    from kofu.bookings import services

    (booking,) = resident_books(cards=[make_resident()], slot_id=make_slot().pk)
    services.booking_cancel(booking_id=booking.pk, actor=as_resident(booking.card))
    page = _manage(client, booking)
    assert 'id="expiry-none"' in page and 'id="card-expiry"' not in page
