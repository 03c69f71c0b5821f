"""No-show rates by site, weekday and lead time."""

import datetime as dt
from fractions import Fraction

from kofu.rules.outcomes import Outcome, by_lead_time, by_site, by_weekday, lead_band

MON, TUE = dt.date(2026, 12, 7), dt.date(2026, 12, 8)


def out(site: str, visit: dt.date, lead: int, status: str) -> Outcome:
    return Outcome(site, visit, visit - dt.timedelta(days=lead), status)


OUTCOMES = [
    out("本庁舎", MON, 1, "checked_in"),
    out("本庁舎", MON, 1, "no_show"),
    out("本庁舎", MON, 10, "checked_in"),
    out("本庁舎", TUE, 20, "no_show"),
    out("本庁舎", TUE, 20, "excused"),
    out("支所", TUE, 3, "checked_in"),
    out("支所", TUE, 3, "cancelled"),  # not an outcome of a visit
]


def test_the_rate_is_no_shows_over_seen_and_no_shows():
    rates = {r.key: r for r in by_site(OUTCOMES)}
    main = rates["本庁舎"]
    assert (main.seen, main.no_show, main.excused, main.rate) == (2, 2, 1, Fraction(1, 2))
    assert rates["支所"].rate == 0 and rates["支所"].percent == 0


def test_by_weekday_in_calendar_order():
    rates = by_weekday(OUTCOMES)
    assert [(r.key, r.rate) for r in rates] == [("月", Fraction(1, 3)), ("火", Fraction(1, 2))]


def test_lead_time_bands():
    assert [lead_band(out("x", MON, d, "no_show")) for d in (0, 2, 3, 6, 7, 13, 14, 90, -1)] == [
        "2日前まで",
        "2日前まで",
        "3〜6日前",
        "3〜6日前",
        "7〜13日前",
        "7〜13日前",
        "14日以上前",
        "14日以上前",
        "2日前まで",
    ]
    rates = by_lead_time(OUTCOMES)
    assert [(r.key, r.rate) for r in rates] == [
        ("2日前まで", Fraction(1, 2)),
        ("3〜6日前", Fraction(0)),
        ("7〜13日前", Fraction(0)),
        ("14日以上前", Fraction(1)),
    ]


def test_no_expected_visit_has_no_rate():
    (only,) = by_site([out("本庁舎", MON, 1, "excused")])
    assert only.rate is None and only.percent is None
