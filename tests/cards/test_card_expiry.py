import datetime as dt

from kofu.cards.models import Card
from kofu.cards.selectors import card_expiry


def card(**fields):
    base = {"birth_date": dt.date(1990, 2, 28), "received_on": dt.date(2024, 1, 10), "handed_over_on": None}
    return Card(**{**base, **fields})


def test_projected_from_the_planned_day_until_the_card_is_handed_over():
    projected = card_expiry(card(), planned_issue=dt.date(2024, 2, 28))  # a birthday on the issue day
    assert projected.projected and projected.issued_on == dt.date(2024, 2, 28)
    assert (projected.card, projected.certificate, projected.adult) == (
        dt.date(2034, 2, 28),
        dt.date(2029, 2, 28),
        True,
    )
    issued = card_expiry(card(handed_over_on=dt.date(2024, 2, 27)), planned_issue=dt.date(2024, 2, 28))
    assert not issued.projected and (issued.card, issued.certificate) == (
        dt.date(2033, 2, 28),  # the birthday the day after the handover counts as the 1st
        dt.date(2028, 2, 28),
    )


def test_no_expiry_without_an_issue_date_or_with_contradicting_dates():
    assert card_expiry(card()) is None
    assert card_expiry(card(), planned_issue=dt.date(2023, 12, 1)) is None  # before the application
