"""The forecast pages as each persona, with the published months 2021-10 … 2022-09 imported."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from kofu.plans.models import PlanMonth, SmoothingPlan
from kofu.registry.models import Municipality


def cli(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("forecast", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.fixture
def tight_plan(issuance, registry):
    """都城市's plan: one window of 80 cards a day against 6,000 cards a month (short every month)."""
    plan = SmoothingPlan.objects.create(
        municipality=Municipality.objects.get(code="452025"),
        base_month="2022-09",
        deadline="2023-03",
        population=160_000,
        issued=130_000,
        per_window_daily=Decimal("80"),
        windows=1,
    )
    for month in ("2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03"):
        PlanMonth.objects.create(plan=plan, month=month, target=6000)
    return plan


def test_each_role_starts_on_its_own_page(issuance, personas, client):
    for persona, target in [
        ("municipality", "/forecast/municipalities/452025/"),
        ("prefecture", "/forecast/prefectures/45/"),
        ("ministry", "/forecast/national/"),
    ]:
        client.force_login(personas[persona])
        assert client.get("/forecast/")["Location"] == target


def test_the_municipality_page_shows_the_forecast_the_command_prints(issuance, personas, client):
    client.force_login(personas["municipality"])
    page = client.get("/forecast/municipalities/452025/").content.decode()
    first = next(
        r for r in cli("rates", "--horizon", "1", "--level", "municipality") if r["code"] == "452025"
    )
    assert f"<td>{first['rate']}</td><td>{first['low']}〜{first['high']}</td>" in page
    assert "統計から推計" in page and "カードの更新" in page
    assert client.get("/forecast/municipalities/452033/").status_code == 404
    assert client.get("/forecast/municipalities/452033/renewals.csv").status_code == 404


def test_the_renewals_csv_is_the_command_output(issuance, personas, client):
    client.force_login(personas["municipality"])
    response = client.get("/forecast/municipalities/452025/renewals.csv?start=2025-01-01&until=2025-06-30")
    expected = io.StringIO()
    call_command(
        "forecast",
        "renewals",
        "--municipality",
        "452025",
        "--from",
        "2025-01-01",
        "--until",
        "2025-06-30",
        stdout=expected,
    )
    assert response.content.decode() == expected.getvalue()


def test_the_prefecture_sees_its_municipalities_and_their_shortfalls(tight_plan, personas, client):
    client.force_login(personas["prefecture"])
    page = client.get("/forecast/prefectures/45/").content.decode()
    assert "都城市</a>: 2022-10（専用窓口 必要" in page
    assert "延岡市" in page and "鹿児島市" not in page
    assert client.get("/forecast/prefectures/46/").status_code == 404
    assert client.get("/forecast/national/").status_code == 404


def test_the_capacity_page_flags_short_months_and_what_ifs_change_them(tight_plan, personas, client):
    client.force_login(personas["municipality"])
    page = client.get("/forecast/municipalities/452025/capacity/").content.decode()
    assert "不足する月：計画のまま" in page and "不足（" in page
    relieved = client.get(
        "/forecast/municipalities/452025/capacity/?extra_windows=5&saturdays=on"
    ).content.decode()
    assert "試算の条件で 0か月" in relieved
    bad = client.get("/forecast/municipalities/452025/capacity/?card_minutes=0").content.decode()
    assert 'role="alert"' in bad


def test_candidates_are_exactly_those_the_rules_select(issuance, personas, client):
    rates = {(r["code"], r["as_of"]): r for r in cli("rates", "--horizon", "3")}
    third = sorted({as_of for _, as_of in rates})[-1]
    national = float(rates[("000000", third)]["rate"])
    expected = {
        code
        for (code, as_of), r in rates.items()
        if as_of == third
        and code.startswith("01")
        and code != "010006"
        and (float(r["rate"]) < 33 or float(r["high"]) < national)
    }
    listed = {r["code"] for r in cli("candidates", "--prefecture", "01")}
    assert listed == expected and expected
    client.force_login(personas["ministry"])
    page = client.get("/forecast/prefectures/01/candidates/").content.decode()
    assert all(f"/forecast/municipalities/{code}/" in page for code in listed)
    client.force_login(personas["prefecture"])
    assert client.get("/forecast/prefectures/01/candidates/").status_code == 404


def test_the_ministry_sees_the_national_curve_and_every_prefecture(issuance, personas, client):
    client.force_login(personas["ministry"])
    page = client.get("/forecast/national/").content.decode()
    assert (
        "新規交付と更新の見通し（全国）" in page
        and 'id="t-wave"' in page
        and "宮崎県" in page
        and "北海道" in page
    )
    assert client.get("/forecast/candidates/").status_code == 200
