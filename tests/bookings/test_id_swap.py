"""Swapped ids: a request that names another municipality's slot, booking, site or window gets the
same answer as one naming nothing, and changes nothing (the API and the staff pages alike)."""

from __future__ import annotations

import json

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from kofu.accounts.access import NotFound
from kofu.accounts.roles import viewer_of
from kofu.bookings import notify, services
from kofu.bookings.models import ACTIVE, Booking, Site, Slot, Window
from kofu.registry.models import Municipality
from tests.conftest import as_resident, resident_books


@pytest.fixture(autouse=True)
def no_ip_limit(settings):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 0


@pytest.fixture
def nobeoka_site(registry):
    site = Site.objects.create(municipality=Municipality.objects.get(code="452033"), name="延岡市役所")
    Window.objects.create(site=site, name="1番窓口")
    return site


def post(client, card, slot_id):
    body = {"notice_number": card.notice_number, "birth_date": card.birth_date.isoformat(), "slot": slot_id}
    return client.post("/api/v1/bookings", json.dumps(body), content_type="application/json")


def taken(slot):
    slot.refresh_from_db()
    return slot.booked


def test_a_resident_cannot_book_another_municipalitys_slot_and_learns_nothing_of_it(
    client, make_resident, make_slot, nobeoka_site
):
    card = make_resident()  # a 都城市 resident
    theirs = make_slot(on_site=nobeoka_site, capacity=3)
    swapped = post(client, card, theirs.pk)
    missing = post(client, card, Slot.objects.order_by("-pk").first().pk + 1000)
    assert swapped.status_code == missing.status_code == 404
    assert swapped.content == missing.content
    assert swapped.json()["error"] == "slot_not_found"
    assert taken(theirs) == 0 and not Booking.objects.exists()
    card.refresh_from_db()
    assert card.state == "notice_sent"  # the card did not move either
    assert post(client, card, make_slot().pk).status_code == 201  # the resident's own slot still works


def test_a_booking_token_opens_its_own_booking_only(client, make_resident, make_slot):
    slot = make_slot(capacity=2)
    mine = post(client, make_resident(), slot.pk).json()
    other = post(client, make_resident(), slot.pk).json()
    # A token is signed: a swapped booking id inside it is not accepted.
    forged = signing.dumps({"b": other["id"]}, salt="some-other-salt")
    assert client.delete(f"/api/v1/bookings/{forged}").status_code == 404
    tampered = mine["token"][:-1] + ("A" if mine["token"][-1] != "A" else "B")
    assert client.delete(f"/api/v1/bookings/{tampered}").status_code == 404
    assert client.delete(f"/api/v1/bookings/{mine['token']}").status_code == 200
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {mine["id"]: "cancelled", other["id"]: "booked"}


def test_the_resident_services_refuse_a_booking_of_another_card(make_resident, make_slot):
    slot = make_slot(capacity=2)
    (mine,) = resident_books(cards=[make_resident()], slot_id=slot.pk)
    (theirs,) = resident_books(cards=[make_resident()], slot_id=slot.pk)
    me = as_resident(mine.card)
    for attempt in (
        lambda: services.booking_cancel(booking_id=theirs.pk, actor=me),
        lambda: services.booking_change(booking_id=theirs.pk, slot_id=make_slot(hour=11).pk, actor=me),
        lambda: services.bookings_create(cards=[theirs.card], slot_id=slot.pk, actor=me),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert Booking.objects.get(pk=theirs.pk).status == "booked"


def test_staff_posting_another_municipalitys_ids_change_nothing(
    client, personas, make_resident, make_slot, site, nobeoka_site
):
    theirs_slot = make_slot(on_site=nobeoka_site, capacity=3)
    (theirs,) = resident_books(
        cards=[make_resident(municipality=nobeoka_site.municipality)], slot_id=theirs_slot.pk
    )
    (mine,) = resident_books(cards=[make_resident()], slot_id=make_slot(capacity=3).pk)
    client.force_login(personas["municipality"])
    day = timezone.localtime(theirs_slot.starts_at).date()
    url = f"{reverse('bookings:day', args=[site.pk])}?date={day:%Y-%m-%d}"
    for action in ("cancel", "no_show", "check_in"):
        page = client.post(url, {"action": action, "booking": theirs.pk}, follow=True)
        assert "予約が見つかりません。" in page.content.decode()
    nobeoka_window = nobeoka_site.windows.get()
    page = client.post(
        url, {"action": "check_in", "booking": mine.pk, "window": nobeoka_window.pk}, follow=True
    )
    assert "この会場で使用中の窓口を選んでください。" in page.content.decode()  # a window of 延岡市
    slots_url = reverse("bookings:slot_admin", args=[site.pk])
    client.post(slots_url, {"action": "capacity", "slot": theirs_slot.pk, "capacity": 9, "web_capacity": 9})
    # Their site's pages are not found at all.
    assert client.get(reverse("bookings:day", args=[nobeoka_site.pk])).status_code == 404
    theirs_slot.refresh_from_db()
    assert (theirs_slot.capacity, Booking.objects.get(pk=theirs.pk).status) == (3, "booked")
    assert Booking.objects.get(pk=mine.pk).status == "booked"
    assert Booking.objects.filter(status__in=ACTIVE).count() == 2


def test_staff_services_refuse_another_municipalitys_objects(
    personas, make_resident, make_slot, nobeoka_site
):
    staff = viewer_of(personas["municipality"])
    slot = make_slot(on_site=nobeoka_site, capacity=3)
    (booking,) = resident_books(
        cards=[make_resident(municipality=nobeoka_site.municipality)], slot_id=slot.pk
    )
    for attempt in (
        lambda: services.booking_cancel(booking_id=booking.pk, actor=staff),
        lambda: services.booking_no_show(booking_id=booking.pk, actor=staff),
        lambda: services.slot_set_capacity(slot_id=slot.pk, capacity=9, actor=staff),
        lambda: services.window_close_day(site_id=nobeoka_site.pk, day=timezone.localdate(), actor=staff),
        lambda: services.bookings_create(
            cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=staff
        ),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert notify.manage_token(booking)  # the booking is still there, untouched
    assert Booking.objects.get(pk=booking.pk).status == "booked" and taken(slot) == 1
