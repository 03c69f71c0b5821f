"""Statistics exports carry no personal data (SECURITY.md 23): the files the ministry downloads have
the statistics columns only, and nothing of a resident whose card is in the database."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kofu.cards.models import Card
from kofu.stats.selectors import DASHBOARD_TABLES
from kofu.stats.tables.output import CSV_HEADER
from tests.stats.factories import load_issuance_snapshot

pytestmark = pytest.mark.django_db

#: Column names that would mean residents' personal data (the cards' and bookings' fields).
PERSONAL_COLUMNS = {
    "name_kana",
    "birth_date",
    "address",
    "phone",
    "email",
    "notice_number",
    "application_id",
    "note",
    "氏名",
    "生年月日",
    "住所",
    "電話番号",
    "メールアドレス",
    "交付通知書番号",
    "申請書ID",
}
RESIDENT = "鷺宮 瑠璃子"


@pytest.fixture
def resident_and_statistics(registry):
    load_issuance_snapshot("2022-01-01")
    Card.objects.create(
        municipality=registry.get(code="452025"),
        application_id="ST0001",
        channel="counter",
        received_on=dt.date(2021, 11, 1),
        name=RESIDENT,
        birth_date=dt.date(1961, 7, 14),
        address="宮崎県都城市刈谷町九番地の三",
        state="handed_over",
        state_changed_at=timezone.now(),
        state_since=dt.date(2021, 12, 1),
        handed_over_on=dt.date(2021, 12, 1),
    )


@pytest.mark.parametrize("key", DASHBOARD_TABLES)
def test_the_ministrys_statistics_csv_has_no_personal_columns(client, personas, resident_and_statistics, key):
    client.force_login(personas["ministry"])
    response = client.get(f"/stats/tables/{key}.csv?as_of=2022-01-01")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header == CSV_HEADER and not set(header) & PERSONAL_COLUMNS
    assert RESIDENT not in text and "ST0001" not in text


def test_the_backlog_csv_has_no_personal_columns(resident_and_statistics):
    out = io.StringIO()
    call_command("cards", "backlog", "--municipality", "452025", "--as-of", "2022-01-01", stdout=out)
    header = out.getvalue().splitlines()[0].split(",")
    assert header == ["stage", "count", "oldest_days", "median_days"]
    assert RESIDENT not in out.getvalue()
