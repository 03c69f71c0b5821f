"""The notice batches list (交付通知書の発送) through kofu.core.listing: every batch, 50 a page,
latest sent first, filtered by the month sent; the stagger form beside it is untouched by the filter;
a flat query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kofu.cards.models import NoticeBatch
from tests.query_counts import assert_locked

pytestmark = pytest.mark.django_db

NOTICES = "/cards/452025/notices/"


def batches(municipality, first: dt.date, count: int) -> None:
    for day in range(count):
        sent = first + dt.timedelta(days=day)
        NoticeBatch.objects.create(
            municipality=municipality,
            sent_on=sent,
            visit_from=sent + dt.timedelta(days=7),
            visit_until=sent + dt.timedelta(days=14),
            size=10 + day,
            created_at=timezone.now(),
        )


@pytest.fixture
def window(client, personas):
    client.force_login(personas["municipality"])
    return client


def test_every_batch_is_listed_fifty_a_page_latest_first(window, miyakonojo):
    batches(miyakonojo, dt.date(2022, 4, 1), 52)  # 2022-04-01 … 2022-05-22
    first = window.get(NOTICES).content.decode()
    assert "52回（1/2ページ）" in first and 'href="?page=2"' in first
    assert "2022年5月22日 発送" in first and "2022年4月1日 発送" not in first
    assert "2022年4月1日 発送" in window.get(NOTICES + "?page=2").content.decode()


def test_the_month_filter_and_the_stagger_form_do_not_disturb_each_other(window, miyakonojo):
    batches(miyakonojo, dt.date(2022, 4, 25), 10)  # 4/25 … 5/4
    april = window.get(NOTICES + "?sent_month=2022-04").content.decode()
    assert "6回" in april and "2022年4月30日 発送" in april and "2022年5月1日 発送" not in april
    assert 'class="errorlist"' not in april  # the stagger form is not bound by the filter
    june = window.get(NOTICES + "?sent_month=2022-06").content.decode()
    assert "条件に合う発送はありません" in june
    wrong = window.get(NOTICES + "?sent_month=2022-13").content.decode()
    assert 'aria-invalid="true"' in wrong and "10回" in wrong  # the error and every batch
    staggered = window.get(NOTICES + "?capacity_per_day=1&days_per_wave=1&start=2022-06-01").content.decode()
    assert 'value="2022-06-01"' in staggered and 'class="errorlist"' not in staggered and "10回" in staggered


def test_another_municipality_s_batches_are_not_listed(window, registry):
    batches(registry.get(code="452033"), dt.date(2022, 4, 1), 3)
    body = window.get(NOTICES).content.decode()
    assert "まだありません" in body and "2022年4月1日 発送" not in body


def test_the_list_reads_a_flat_number_of_queries(window, miyakonojo, django_assert_max_num_queries):
    batches(miyakonojo, dt.date(2022, 4, 1), 3)
    start = iter([dt.date(2022, 6, 1), dt.date(2022, 7, 1)])
    urls = [NOTICES, NOTICES + "?sent_month=2022-04&page=2"]
    assert_locked(
        window,
        urls,
        lambda: batches(miyakonojo, next(start), 3),
        dict.fromkeys(urls, 15),
        django_assert_max_num_queries,
    )
