"""Plans fixtures: viewers of the personas, a plan's figures, a month's report."""

from __future__ import annotations

import pytest

from kofu.accounts.roles import viewer_of
from kofu.registry.models import Municipality


@pytest.fixture
def viewers(personas):
    return {name: viewer_of(user) for name, user in personas.items()}


@pytest.fixture
def miyakonojo(registry):
    return Municipality.objects.select_related("prefecture").get(code="452025")


def plan_figures(**overrides):
    data = {
        "base_month": "2022-09",
        "deadline": "2023-03",
        "population": 160_000,
        "issued": 100_000,
        "per_window_daily": "80",
        "windows": 10,
        "shared_windows": 0,
        "shared_per_window_daily": "0",
        "office_max_windows": 12,
        "notes": "",
    }
    data.update(overrides)
    return data


def month_rows(targets=(10_000,) * 6, *, weekend_days=2, temporary_windows=0, start="2022-10"):
    from kofu.rules.calendar import YearMonth

    first = YearMonth.parse(start)
    return [
        {
            "month": str(first.shift(i)),
            "target": target,
            "weekend_days": weekend_days,
            "windows": 8,
            "staff": 8,
            "terminals": 8,
            "temporary_windows": temporary_windows,
        }
        for i, target in enumerate(targets)
    ]


def report_figures(**overrides):
    data = {
        "cards_issued": 9_000,
        "cumulative_issued": 109_000,
        "cumulative_applications": 130_000,
        "apps_at_counter": 1_000,
        "apps_outreach": 200,
        "apps_support": 100,
        "apps_online": 3_000,
        "apps_mail": 1_500,
        "apps_other": 0,
        "windows_open": 8,
        "weekend_days_opened": 2,
        "cards_waiting": 4_000,
        "days_arrival_to_notice": 10,
        "notes": "",
    }
    data.update(overrides)
    return data
