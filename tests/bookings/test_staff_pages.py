from django.urls import reverse
from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.bookings import services
from kofu.bookings.models import Booking
from kofu.cards.models import ResidentAccess
from tests.conftest import PASSWORD, resident_books


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def day_url(slot):
    return (
        reverse("bookings:day", args=[slot.site_id]) + f"?date={timezone.localtime(slot.starts_at):%Y-%m-%d}"
    )


def test_the_day_sheet_lists_bookings_is_not_cached_and_logs_the_access(
    client, personas, make_slot, make_resident
):
    slot, card = make_slot(), make_resident()
    resident_books(cards=[card], slot_id=slot.pk)
    login(client, personas["municipality"])
    page = client.get(day_url(slot))
    assert card.name in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert ResidentAccess.objects.filter(card=card).count() == 1


def test_other_municipalities_and_prefecture_staff_get_404(client, personas, make_slot):
    slot = make_slot()
    for persona in ("other_municipality", "prefecture", "ministry"):
        client.logout()
        login(client, personas[persona])
        assert client.get(day_url(slot)).status_code == 404


def test_staff_check_in_no_show_and_close_a_window(client, personas, make_slot, make_resident, site):
    site.people_per_window = 1
    site.save()
    slot = make_slot(capacity=3)
    a, b, c = resident_books(cards=[make_resident() for _ in range(3)], slot_id=slot.pk)
    login(client, personas["municipality"])
    client.post(day_url(slot), {"action": "check_in", "booking": a.pk})
    client.post(day_url(slot), {"action": "no_show", "booking": b.pk})
    assert dict(Booking.objects.values_list("pk", "status"))[a.pk] == "checked_in"
    assert dict(Booking.objects.values_list("pk", "status"))[b.pk] == "no_show"
    client.post(day_url(slot), {"action": "close_window"})
    slot.refresh_from_db()
    assert (slot.capacity, slot.booked) == (2, 2)


def test_a_closure_from_the_page_cancels_the_day(client, personas, make_slot, make_resident):
    slot = make_slot()
    (booking,) = resident_books(cards=[make_resident()], slot_id=slot.pk)
    login(client, personas["municipality"])
    day = f"{timezone.localtime(slot.starts_at):%Y-%m-%d}"
    response = client.post(
        reverse("bookings:closures", args=[slot.site_id]),
        {"start": day, "end": day, "reason": "選挙の期日前投票所"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    bad = client.post(
        reverse("bookings:closures", args=[slot.site_id]), {"start": day, "end": "2000-01-01", "reason": "x"}
    )
    assert "休業終了日: 休業終了日は休業開始日以降にしてください。" in bad.content.decode()


def test_the_resident_sees_which_organisation_looked_at_the_record(
    client, personas, make_slot, make_resident
):
    from kofu.bookings.notify import manage_token

    slot, card = make_slot(), make_resident()
    (booking,) = resident_books(cards=[card], slot_id=slot.pk)
    login(client, personas["municipality"])
    client.get(day_url(slot))
    client.logout()
    history = client.get(reverse("bookings:manage", args=[manage_token(booking)])).content.decode()
    assert "都城市" in history and "miyakonojo" not in history


def test_check_in_takes_only_a_window_of_the_sites_own(client, personas, make_slot, make_resident, site):
    """A window of another municipality's site, another site of the same municipality or a window
    no longer in use is refused; the site's own window is recorded."""
    from kofu.bookings.models import Site, Window
    from kofu.registry.models import Municipality

    slot = make_slot()
    (booking,) = services.bookings_create(cards=[make_resident()], slot_id=slot.pk, actor=SYSTEM)
    nobeoka = Site.objects.create(municipality=Municipality.objects.get(code="452033"), name="延岡市役所")
    annex = Site.objects.create(municipality=site.municipality, name="都城市 山之口支所")
    closed = Window.objects.create(site=site, name="3番窓口", active=False)
    foreign = [
        Window.objects.create(site=nobeoka, name="1番窓口"),
        Window.objects.create(site=annex, name="1番"),
    ]
    login(client, personas["municipality"])
    for window in [*foreign, closed]:
        page = client.post(
            day_url(slot), {"action": "check_in", "booking": booking.pk, "window": window.pk}, follow=True
        )
        assert "この会場で使用中の窓口を選んでください" in page.content.decode()
        booking.refresh_from_db()
        assert (booking.status, booking.window_id) == ("booked", None)
    own = site.windows.filter(active=True).first()
    client.post(day_url(slot), {"action": "check_in", "booking": booking.pk, "window": own.pk})
    booking.refresh_from_db()
    assert (booking.status, booking.window_id) == ("checked_in", own.pk)


def test_the_check_in_service_refuses_a_window_of_another_municipality(make_slot, make_resident, personas):
    from kofu.accounts.roles import viewer_of
    from kofu.bookings.models import Site, Window
    from kofu.registry.models import Municipality

    slot = make_slot()
    (booking,) = services.bookings_create(cards=[make_resident()], slot_id=slot.pk, actor=SYSTEM)
    kagoshima = Site.objects.create(municipality=Municipality.objects.get(code="462012"), name="鹿児島市役所")
    window = Window.objects.create(site=kagoshima, name="1番窓口")
    try:
        services.booking_check_in(
            booking_id=booking.pk, actor=viewer_of(personas["municipality"]), window_id=window.pk
        )
    except services.BookingError as exc:
        assert exc.code == "window"
    else:
        raise AssertionError("a window of another municipality was accepted")
    assert Booking.objects.get(pk=booking.pk).status == "booked"


def test_the_day_sheet_has_a_date_picker_and_a_week_view(client, personas, make_slot, make_resident):
    import datetime as dt

    slot = make_slot()
    resident_books(cards=[make_resident()], slot_id=slot.pk)
    day = timezone.localtime(slot.starts_at).date()
    login(client, personas["municipality"])
    page = client.get(day_url(slot)).content.decode()
    assert f'<input type="date" name="date" id="id_day" value="{day:%Y-%m-%d}"' in page
    week = page.split('id="t-week"')[1].split("</table>")[0]
    monday = day - dt.timedelta(days=day.weekday())
    assert week.count("<tr") == 8  # the heading and seven days from Monday
    assert f'href="?date={monday:%Y-%m-%d}"' in week
    row = week.split(f'href="?date={day:%Y-%m-%d}" aria-current="date"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split('<td class="num">')[1:]] == [
        "1",
        str(slot.capacity),
        "1",
    ]
    assert "この日の窓口を1つ閉じる" in page


def test_a_day_without_slots_offers_no_window_to_close(client, personas, make_slot):
    import datetime as dt

    slot = make_slot()
    empty = timezone.localtime(slot.starts_at).date() + dt.timedelta(days=1)
    login(client, personas["municipality"])
    page = client.get(
        reverse("bookings:day", args=[slot.site_id]) + f"?date={empty:%Y-%m-%d}"
    ).content.decode()
    assert "この日の予約枠はありません" in page and "窓口を1つ閉じる" not in page
