"""The grant eligibility page: rate against the national average, declared goal, cards needed."""

from __future__ import annotations

import datetime as dt

import pytest

from kofu.accounts.roles import SYSTEM
from kofu.subsidies.services import goal_declaration_record
from tests.subsidies.conftest import KAGOSHIMA, MIYAKONOJO, NOBEOKA

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(make_snapshot):
    # National: 150,000 / 300,000 = 50 %. 都城市 60 %, 延岡市 40 %, 鹿児島市 50 %.
    make_snapshot(
        dt.date(2022, 1, 1),
        {MIYAKONOJO: (100_000, 60_000), NOBEOKA: (100_000, 40_000), KAGOSHIMA: (100_000, 50_000)},
    )
    goal_declaration_record(code=MIYAKONOJO, declared_on=dt.date(2021, 12, 1), actor=SYSTEM)


def test_the_ministry_sees_every_municipality(client, personas, snapshot):
    client.force_login(personas["ministry"])
    text = client.get("/subsidies/grants/").content.decode()
    assert "50.0" in text and "宮崎県都城市" in text and "鹿児島県鹿児島市" in text
    assert text.count("申請できる</span>") == 1  # 都城市: above average and declared
    assert "10,000" in text  # 延岡市 needs 10,000 more cards


def test_a_prefecture_sees_only_its_municipalities_against_the_national_average(client, personas, snapshot):
    client.force_login(personas["prefecture"])
    text = client.get("/subsidies/grants/?as_of=2022-01-01").content.decode()
    assert "宮崎県延岡市" in text and "鹿児島県鹿児島市" not in text
    assert "50.0" in text


def test_a_missing_snapshot_is_explained(client, personas, snapshot):
    client.force_login(personas["ministry"])
    assert "取り込まれていません" in client.get("/subsidies/grants/?as_of=2020-01-01").content.decode()
    assert "日付の形式" in client.get("/subsidies/grants/?as_of=yesterday").content.decode()


def test_the_page_downloads_the_same_csv_as_kofu_grants_check(client, personas, snapshot):
    client.force_login(personas["prefecture"])
    response = client.get("/subsidies/grants/?as_of=2022-01-01&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines() == [
        "code,name,rate,national_average,eligible,cards_needed",
        "452025,宮崎県都城市,60.0,50.0,true,",
        "452033,宮崎県延岡市,40.0,50.0,false,10000",
    ]
