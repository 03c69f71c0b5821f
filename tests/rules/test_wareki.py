"""The one 和暦 formatter: era boundaries, 元年, fiscal years named as the government names them."""

import datetime as dt

import pytest

from kofu.rules.wareki import EraError, fiscal_year_wareki, wareki


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2022, 1, 1), "令和4年1月1日"),  # the seeds' 令和4年1月1日現在
        (dt.date(2022, 10, 31), "令和4年10月31日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(1950, 3, 15), "昭和25年3月15日"),
        (dt.date(1926, 12, 25), "昭和元年12月25日"),
    ],
)
def test_wareki_names_the_era_in_force_on_the_day(date, expected):
    assert wareki(date) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2021, "令和3年度"),
        (2019, "令和元年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
    ],
)
def test_fiscal_year_takes_the_era_of_its_calendar_year(year, expected):
    assert fiscal_year_wareki(year) == expected


def test_taisho_and_meiji_for_birth_dates_and_nothing_before_meiji():
    assert wareki(dt.date(1926, 12, 24)) == "大正15年12月24日"
    assert wareki(dt.date(1912, 7, 30)) == "大正元年7月30日"
    assert wareki(dt.date(1912, 7, 29)) == "明治45年7月29日"
    with pytest.raises(EraError):
        wareki(dt.date(1867, 12, 31))
    with pytest.raises(EraError):
        fiscal_year_wareki(1867)
