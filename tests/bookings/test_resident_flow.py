"""The resident flow as an 80-year-old meets it (issue 15 item 3, issue 16 item 1): typed values
kept, 和暦 birth dates, errors linked to their fields, steps, seats left, venue, booking number,
cancel asked first, book again, calendar file and print view, the family step."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kofu.bookings.models import Booking, OpeningRule
from kofu.rules.wareki import wareki

HOME = "都城市姫城町6-21"


@pytest.fixture(autouse=True)
def no_ip_limit(settings):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def identify(client, card, birth=None):
    return client.post(
        reverse("bookings:start"),
        {"notice_number": card.notice_number, "birth_date": birth or wareki(card.birth_date)},
    )


def test_a_wareki_birth_date_identifies_the_resident(client, make_resident):
    card = make_resident(birth="1980-01-02")
    for typed in ("S55.1.2", "昭和55年1月2日", "1980/1/2"):
        assert identify(client, card, typed).url == reverse("bookings:family")


def test_after_an_error_every_typed_value_is_kept_and_the_error_is_linked_to_its_field(client, make_resident):
    card = make_resident()
    page = client.post(
        reverse("bookings:start"), {"notice_number": card.notice_number, "birth_date": "S55.2.30"}
    )
    body = page.content.decode()
    assert page.status_code == 400
    assert f'value="{card.notice_number}"' in body and 'value="S55.2.30"' in body
    assert '<a href="#id_birth_date">生年月日: 2月30日はありません' in body
    birth_input = re.search(r"<input[^>]*name=\"birth_date\"[^>]*>", body).group(0)
    assert 'aria-invalid="true"' in birth_input
    assert 'aria-describedby="id_birth_date_helptext id_birth_date_error"' in birth_input
    assert 'id="id_birth_date_helptext"' in body and 'id="id_birth_date_error"' in body
    assert "YYYY-MM-DD" not in body
    assert 'aria-current="step"' in body and "本人確認" in body


def test_booking_pages_have_no_statistics_footer(client, make_resident):
    body = client.get(reverse("bookings:start")).content.decode()
    assert "総務省" not in body and "matplotlib" not in body


def test_the_slot_page_shows_seats_left_and_the_venue(client, make_resident, make_slot, site):
    site.address = "宮崎県都城市姫城町6街区21号"
    site.save()
    OpeningRule.objects.create(
        site=site, weekdays="0,1,2,3,4", start="08:30", end="17:15", windows=2, label="平日"
    )
    slot = make_slot(capacity=5)
    card = make_resident()
    identify(client, card)
    client.post(reverse("bookings:family"), {"alone": "1"})
    body = client.get(reverse("bookings:slots")).content.decode()
    assert re.search(rf'id="slot-{slot.pk}".*?残り5席', body, re.S)
    assert "宮崎県都城市姫城町6街区21号" in body and "openstreetmap.org/search?query=" in body
    assert "平日" in body and "08:30" in body and "交付通知書（はがき）" in body and "本人確認書類" in body
    # A slot error keeps the typed e-mail address and links to the slot choice.
    page = client.post(reverse("bookings:slots"), {"email": "hanako@example.jp"})
    body = page.content.decode()
    assert page.status_code == 400 and 'value="hanako@example.jp"' in body
    assert '<a href="#id_slot">来庁日時: 来庁日時を選んでください。' in body


def _book_alone(client, card, slot, email=""):
    identify(client, card)
    client.post(reverse("bookings:family"), {"alone": "1"})
    client.post(reverse("bookings:slots"), {"slot": slot.pk, "email": email})
    return client.post(reverse("bookings:confirm"), {"confirm": "1"}).url


def test_the_booking_number_finds_the_booking_and_the_mail_carries_it(
    client, make_resident, make_slot, site, django_capture_on_commit_callbacks
):
    from django.core import mail

    site.address = "宮崎県都城市姫城町6街区21号"
    site.save()
    card = make_resident(birth="1980-01-02")
    with django_capture_on_commit_callbacks(execute=True):
        manage_url = _book_alone(client, card, make_slot(), email="hanako@example.jp")
    booking = Booking.objects.get(card=card)
    body = client.get(manage_url).content.decode()
    assert f'id="booking-number">{booking.number}<' in body
    text = mail.outbox[0].body
    assert f"予約番号: {booking.number}" in text and "宮崎県都城市姫城町6街区21号" in text
    assert "openstreetmap.org" in text and "本人確認書類" in text
    typed = booking.number.lower().replace("-", "")
    found = client.post(reverse("bookings:find"), {"number": typed, "birth_date": "S55.1.2"})
    assert found.status_code == 302 and "/bookings/manage/" in found.url
    wrong = client.post(reverse("bookings:find"), {"number": typed, "birth_date": "S55.1.3"})
    assert wrong.status_code == 400 and "予約番号または生年月日が正しくありません" in wrong.content.decode()
    assert f'value="{typed}"' in wrong.content.decode()


def test_cancel_is_asked_first_and_the_resident_can_book_again(client, make_resident, make_slot):
    card = make_resident()
    first, second = make_slot(capacity=2), make_slot(capacity=2, hour=11)
    manage_url = _book_alone(client, card, first)
    ask = client.get(manage_url + "cancel/")
    assert ask.status_code == 200 and "予約を取り消しますか" in ask.content.decode()
    assert Booking.objects.get(card=card).status == "booked"
    client.post(manage_url + "cancel/")
    body = client.get(manage_url).content.decode()
    assert "取消" in body and "新しい日時で予約する" in body
    again = client.post(manage_url, {"rebook": "1"})
    assert again.url == reverse("bookings:family")
    client.post(reverse("bookings:family"), {"alone": "1"})
    client.post(reverse("bookings:slots"), {"slot": second.pk})
    client.post(reverse("bookings:confirm"), {"confirm": "1"})
    assert Booking.objects.filter(card=card, status="booked").get().slot_id == second.pk


def test_calendar_file_and_print_view(client, make_resident, make_slot):
    card = make_resident()
    manage_url = _book_alone(client, card, make_slot())
    booking = Booking.objects.get(card=card)
    ics = client.get(manage_url + "calendar.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert "BEGIN:VEVENT" in text and booking.number in text and card.name not in text
    printed = client.get(manage_url + "print/").content.decode()
    assert booking.number in printed and "交付通知書（はがき）" in printed and "site-nav" not in printed


def family_post(members):
    data = {"member-TOTAL_FORMS": "3", "member-INITIAL_FORMS": "3", "member-MIN_NUM_FORMS": "0"}
    data["member-MAX_NUM_FORMS"] = "9"
    for i in range(3):
        number, birth = members[i] if i < len(members) else ("", "")
        data[f"member-{i}-notice_number"] = number
        data[f"member-{i}-birth_date"] = birth
    return data


def test_a_family_books_together_after_typing_each_card_s_number_and_birth_date(
    client, make_resident, make_slot
):
    me = make_resident(address=HOME, birth="1980-01-02")
    spouse, child = (
        make_resident(address=HOME, birth="1982-03-04"),
        make_resident(address=HOME, birth="2012-05-06"),
    )
    neighbour = make_resident(address="都城市姫城町7-1")
    small, roomy = make_slot(capacity=2), make_slot(capacity=3, hour=11)
    identify(client, me)
    page = client.get(reverse("bookings:family")).content.decode()
    assert spouse.name not in page and child.name not in page  # nobody is offered by name
    # A wrong birth date and a neighbour are refused beside their rows; typed values stay.
    wrong = client.post(
        reverse("bookings:family"),
        family_post(
            [(spouse.notice_number, "H1.1.8"), (neighbour.notice_number, wareki(neighbour.birth_date))]
        ),
    )
    body = wrong.content.decode()
    assert wrong.status_code == 400 and body.count("一緒に予約できません") >= 2
    assert f'value="{spouse.notice_number}"' in body and 'value="H1.1.8"' in body
    done = client.post(
        reverse("bookings:family"),
        family_post([(spouse.notice_number, "S57.3.4"), (child.notice_number, "平成24年5月6日")]),
    )
    assert done.url == reverse("bookings:slots")
    body = client.get(reverse("bookings:slots")).content.decode()
    assert f'value="{roomy.pk}"' in body and f'value="{small.pk}"' not in body  # 3 seats needed
    assert "予約する人数: <strong>3人</strong>" in body and "35分" in body  # 15 + 10 + 10
    client.post(reverse("bookings:slots"), {"slot": roomy.pk})
    manage_url = client.post(reverse("bookings:confirm"), {"confirm": "1"}).url
    rows = Booking.objects.filter(slot=roomy)
    assert {b.card_id for b in rows} == {me.pk, spouse.pk, child.pk} and {b.status for b in rows} == {
        "booked"
    }
    roomy.refresh_from_db()
    assert roomy.booked == 3
    body = client.get(manage_url).content.decode()
    assert "3人" in body and spouse.name in body and child.name in body
    client.post(manage_url + "cancel/")
    roomy.refresh_from_db()
    assert roomy.booked == 0 and set(rows.values_list("status", flat=True)) == {"cancelled"}


@pytest.mark.parametrize("suffix", ["", "cancel/", "print/", "calendar.ics"])
def test_a_forged_link_opens_none_of_the_booking_pages(client, suffix):
    assert client.get(f"/bookings/manage/eyJiIjoxfQ:forged:sig/{suffix}").status_code == 404
