"""Follow-up rules: report and hearing deadlines, report status, plan vs actual."""

from __future__ import annotations

import datetime as dt

import pytest

from kofu.rules.calendar import YearMonth
from kofu.rules.plan_followup import (
    ReportStatus,
    hearing_due,
    plan_vs_actual,
    report_due,
    report_status,
)

JAN = YearMonth(2022, 1)


def test_the_report_is_due_on_the_15th_and_the_hearing_on_the_25th_of_the_next_month():
    assert report_due(JAN) == dt.date(2022, 2, 15)
    assert hearing_due(JAN) == dt.date(2022, 2, 25)
    assert report_due(YearMonth(2022, 12)) == dt.date(2023, 1, 15)


@pytest.mark.parametrize(
    ("filed_on", "today", "expected"),
    [
        (dt.date(2022, 2, 15), dt.date(2022, 3, 1), ReportStatus.ON_TIME),
        (dt.date(2022, 2, 1), dt.date(2022, 2, 1), ReportStatus.ON_TIME),
        (dt.date(2022, 2, 16), dt.date(2022, 3, 1), ReportStatus.LATE),
        (None, dt.date(2022, 2, 15), ReportStatus.NOT_DUE),
        (None, dt.date(2022, 2, 16), ReportStatus.MISSING),
    ],
)
def test_a_report_is_on_time_late_missing_or_not_yet_due(filed_on, today, expected):
    assert report_status(JAN, filed_on=filed_on, today=today) is expected


def test_plan_vs_actual_gives_monthly_and_cumulative_deviation():
    feb, mar = YearMonth(2022, 2), YearMonth(2022, 3)
    rows = plan_vs_actual([(JAN, 100), (feb, 100), (mar, 100)], {JAN: 90, mar: 130})
    assert [r.deviation for r in rows] == [-10, None, 30]
    assert [r.cumulative_target for r in rows] == [100, 200, 300]
    assert [r.cumulative_actual for r in rows] == [90, 90, 220]
    assert [r.cumulative_deviation for r in rows] == [-10, -110, -80]
    assert [r.reported for r in rows] == [True, False, True]
