"""The outreach-event management list through kofu.core.listing: 50 a page, filters by a word of
the name or venue, the month it runs in, the venue type and publication; flat query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.my_number_spellings import NUMBER
from tests.query_counts import assert_locked
from tests.surveys.test_outreach import event

pytestmark = pytest.mark.django_db

URL = "/surveys/events/manage/"


def test_filters_by_word_month_venue_and_publication(client, personas):
    today = timezone.localdate()
    event(title="確定申告会場の受付", venue_type="tax_return", published=True)
    event(title="来月の商業施設会場", venue_type="mall", days=(40, 41), published=False)
    client.force_login(personas["municipality"])
    assert "来月の商業施設会場" not in client.get(URL + "?q=確定").content.decode()
    month = (today + dt.timedelta(days=40)).strftime("%Y-%m")
    by_month = client.get(URL + f"?month={month}").content.decode()
    assert "来月の商業施設会場" in by_month and "確定申告会場の受付" not in by_month
    hidden = client.get(URL + "?published=no&venue_type=mall").content.decode()
    assert "来月の商業施設会場" in hidden and "確定申告会場の受付" not in hidden and "（1件" in hidden
    refused = client.get(URL + f"?q={NUMBER}").content.decode()
    assert 'aria-invalid="true"' in refused and "確定申告会場の受付" in refused


def test_pages_of_fifty_and_a_flat_query_count(client, personas, django_assert_max_num_queries):
    client.force_login(personas["municipality"])
    for number in range(52):
        event(title=f"地区巡回 {number:02d}", days=(number, number))
    first = client.get(URL).content.decode()
    assert "（52件、1/2ページ" in first and 'href="?page=2"' in first
    assert "地区巡回 51" in first and "地区巡回 00" not in first  # latest first
    assert "地区巡回 00" in client.get(URL + "?page=2").content.decode()
    urls = [URL, URL + "?q=地区&published=yes&page=2"]

    def grow() -> None:
        for number in range(3):
            event(title=f"追加の巡回 {number}", days=(60 + number, 60 + number))

    # 13: the page's rows, the count, and the bookings ahead per event (事前予約, one grouped read).
    assert_locked(client, urls, grow, dict.fromkeys(urls, 13), django_assert_max_num_queries)
