"""The bookings app's staff lists on the one list shape (ADR 0031): the sites, the visit outcomes
behind the no-show rates and a site's closures — 50 a page, their filters (free text through the
My Number guard), another municipality's rows never shown, and a flat query count."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from kofu.bookings.models import Booking, Closure, Site, Window
from tests.my_number_spellings import NUMBER
from tests.query_counts import assert_locked

pytestmark = pytest.mark.django_db

SITES = "/bookings/staff/"
OUTCOMES = "/bookings/staff/outcomes/"

#: Measured on 2026-12-08 on SQLite: the session, user, membership, device and organisation (5),
#: the session save (3), then the list: COUNT + page (+ the outcomes: the counted rows, the site
#: choices and, with a site chosen, that site; the closures: the site). A list that needs more must
#: say why here.
LIMITS = {"sites": 10, "outcomes": 13, "closures": 11}

_names = itertools.count(1)


def add_sites(city, count: int, *, kind: str = Site.Kind.BRANCH, active: bool = True) -> list[Site]:
    made = []
    for _ in range(count):
        number = next(_names)
        site = Site.objects.create(
            municipality=city, name=f"支所{number:03d}", kind=kind, address=f"中町{number}番地", active=active
        )
        Window.objects.create(site=site, name="1番窓口")
        Window.objects.create(site=site, name="2番窓口", active=False)
        made.append(site)
    return made


@pytest.fixture
def other_city(personas):
    from kofu.registry.models import Municipality

    return Municipality.objects.get(code="452033")


@pytest.fixture
def staff(client, personas):
    client.force_login(personas["municipality"])
    return client


def test_the_sites_list_pages_fifty_and_filters_by_word_kind_and_state(staff, site, miyakonojo, personas):
    add_sites(miyakonojo, 50)
    add_sites(miyakonojo, 1, kind=Site.Kind.SPECIAL, active=False)
    first = staff.get(SITES).content.decode()
    assert "52件、1/2ページ" in first and 'href="?page=2"' in first
    assert "都城市役所 本庁舎" in first and "支所050" not in first  # the order they were registered
    second = staff.get(SITES + "?page=2").content.decode()
    assert "支所050" in second and "支所051" in second and "都城市役所 本庁舎" not in second
    assert '<td class="num">1/2</td>' in second  # windows in use / all, counted in the list's query
    special = staff.get(SITES + "?kind=special").content.decode()
    assert "（本庁舎・支所・特設センター。1件" in special and "支所051（受付停止）" in special
    stopped = staff.get(SITES + "?active=no").content.decode()
    assert "支所051" in stopped and "1件" in stopped
    taking = staff.get(SITES + "?active=yes&kind=branch").content.decode()
    assert "50件" in taking
    by_address = staff.get(SITES + "?q=中町17番地").content.decode()
    assert "支所017" in by_address and "1件" in by_address
    assert "この条件の会場はありません" in staff.get(SITES + "?q=該当なし").content.decode()
    refused = staff.get(SITES + f"?q={NUMBER}")
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'aria-invalid="true"' in body and "52件" in body  # the error and the whole list
    client_of_another = staff
    client_of_another.force_login(personas["other_municipality"])
    assert "会場が登録されていません" in client_of_another.get(SITES).content.decode()


def test_the_sites_list_reads_a_flat_number_of_queries(
    staff, site, miyakonojo, django_assert_max_num_queries
):
    add_sites(miyakonojo, 3)
    urls = [SITES, SITES + "?q=支所&kind=branch&active=yes&page=2"]
    assert_locked(
        staff,
        urls,
        lambda: add_sites(miyakonojo, 60),
        dict.fromkeys(urls, LIMITS["sites"]),
        django_assert_max_num_queries,
    )


def visit(slot, status: str, card, *, days_before: int = 1, channel: str = "web") -> Booking:
    created = slot.starts_at - dt.timedelta(days=days_before)
    return Booking.objects.create(
        card=card, slot=slot, status=status, channel=channel, created_at=created, changed_at=created
    )


def test_the_outcomes_list_pages_and_filters_by_period_site_and_channel(
    staff, site, miyakonojo, make_slot, make_resident
):
    (branch,) = add_sites(miyakonojo, 1)
    at_hall = make_slot(days=-3, hour=10, capacity=60)
    at_branch = make_slot(days=-40, hour=14, capacity=10, on_site=branch)
    for number in range(50):
        visit(at_hall, "no_show" if number < 10 else "checked_in", make_resident())
    visit(at_branch, "excused", make_resident(), days_before=20, channel="phone")
    visit(at_branch, "booked", make_resident())  # not an outcome
    first = staff.get(OUTCOMES).content.decode()
    assert "来庁の結果（51件、1/2ページ" in first and 'href="?page=2"' in first
    assert (
        '<th scope="row">都城市役所 本庁舎</th><td class="num">40</td><td class="num">10</td>'
        '<td class="num">0</td><td class="num">20.0</td>' in first
    )
    second = staff.get(OUTCOMES + "?page=2").content.decode()
    visited = timezone.localtime(at_branch.starts_at)
    assert (
        f'<th scope="row">{visited:%Y-%m-%d %H:%M}</th><td>{branch.name}</td><td>電話</td>'
        f'<td>{visited.date() - dt.timedelta(days=20):%Y-%m-%d}</td><td class="num">20日</td>'
        "<td>欠席の連絡あり</td>" in second
    )
    by_site = staff.get(OUTCOMES + f"?site={branch.pk}").content.decode()
    assert "来庁の結果（1件" in by_site and "都城市役所 本庁舎</th>" not in by_site
    by_phone = staff.get(OUTCOMES + "?channel=phone").content.decode()
    assert "来庁の結果（1件" in by_phone
    recent = timezone.localdate() - dt.timedelta(days=7)
    assert "来庁の結果（50件" in staff.get(OUTCOMES + f"?since={recent:%Y-%m-%d}").content.decode()
    # a period typed backwards is read forwards
    today = timezone.localdate()
    backwards = f"?since={today:%Y-%m-%d}&until={today - dt.timedelta(days=60):%Y-%m-%d}"
    assert "来庁の結果（51件" in staff.get(OUTCOMES + backwards).content.decode()
    wrong = staff.get(OUTCOMES + "?until=2026-13-40")
    assert wrong.status_code == 400 and 'id="filter-errors"' in wrong.content.decode()


def test_the_outcomes_list_offers_only_the_staffs_own_sites(client, personas, site, make_slot, make_resident):
    visit(make_slot(days=-3), "no_show", make_resident())
    client.force_login(personas["other_municipality"])
    body = client.get(OUTCOMES).content.decode()
    assert "来庁の結果（0件" in body and site.name not in body
    assert client.get(OUTCOMES + f"?site={site.pk}").status_code == 400  # not a choice of theirs


def test_the_outcomes_page_reads_a_flat_number_of_queries(
    staff, site, miyakonojo, make_slot, make_resident, django_assert_max_num_queries
):
    slot = make_slot(days=-3, capacity=200)

    def grow(count: int) -> None:
        add_sites(miyakonojo, 2)
        for number in range(count):
            visit(slot, "no_show" if number % 3 else "checked_in", make_resident(), channel="web")

    grow(3)
    urls = [OUTCOMES, OUTCOMES + f"?site={site.pk}&channel=web&page=2"]
    assert_locked(
        staff, urls, lambda: grow(60), dict.fromkeys(urls, LIMITS["outcomes"]), django_assert_max_num_queries
    )


def closures(city, count: int, *, start: dt.date, reason: str = "庁舎点検") -> None:
    for number in range(count):
        day = start + dt.timedelta(days=number)
        Closure.objects.create(municipality=city, start=day, end=day, reason=f"{reason}{number:02d}")


def test_the_closures_list_pages_and_filters_by_time_and_reason(staff, site, miyakonojo, other_city):
    today = timezone.localdate()
    closures(miyakonojo, 50, start=today - dt.timedelta(days=100))
    closures(miyakonojo, 2, start=today + dt.timedelta(days=10), reason="選挙")
    closures(other_city, 1, start=today, reason="他市の休み")
    url = f"/bookings/staff/{site.pk}/closures/"
    first = staff.get(url).content.decode()
    assert "登録済みの休業日（52件、1/2ページ" in first and "選挙01" in first and "他市の休み" not in first
    assert "庁舎点検00" in staff.get(url + "?page=2").content.decode()
    upcoming = staff.get(url + "?when=upcoming").content.decode()
    assert "（2件" in upcoming and "庁舎点検" not in upcoming.split("<tbody>")[1]
    assert "（50件" in staff.get(url + "?when=past").content.decode()
    assert "（1件" in staff.get(url + "?q=選挙00").content.decode()
    refused = staff.get(url + f"?q={NUMBER}")
    assert refused.status_code == 400 and "（52件" in refused.content.decode()


def test_the_closures_list_reads_a_flat_number_of_queries(
    staff, site, miyakonojo, django_assert_max_num_queries
):
    today = timezone.localdate()
    closures(miyakonojo, 3, start=today)
    url = f"/bookings/staff/{site.pk}/closures/"
    urls = [url, url + "?when=upcoming&q=点検&page=2"]
    assert_locked(
        staff,
        urls,
        lambda: closures(miyakonojo, 60, start=today + dt.timedelta(days=5)),
        dict.fromkeys(urls, LIMITS["closures"]),
        django_assert_max_num_queries,
    )
