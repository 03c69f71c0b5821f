import pytest
from hypothesis import given
from hypothesis import strategies as st

from kofu.rules.quotas import Booked, QuotaError, choose, fit, shortfall


def test_fit_keeps_the_wanted_quotas_when_they_hold_the_bookings():
    assert fit(6, 3, 2, booked=Booked(total=3, web=2, phone=1)) == (3, 2)


def test_fit_shrinks_web_first_but_never_below_what_each_channel_booked():
    # 4 seats, web 2 booked, phone 1 booked, 1 walk-in: nothing is left to give.
    assert fit(4, 4, 4, booked=Booked(total=4, web=2, phone=1)) == (2, 1)
    # Two seats for 1 web and 1 phone booking: both quotas keep one seat although 0 was wanted.
    assert fit(2, 0, 0, booked=Booked(total=2, web=1, phone=1)) == (1, 1)


def test_fit_refuses_a_capacity_below_the_bookings():
    with pytest.raises(QuotaError, match="予約数"):
        fit(1, 1, 0, booked=Booked(total=2, web=2, phone=0))


def test_choose_takes_given_quotas_as_they_are_and_fits_the_others():
    booked = Booked(total=2, web=1, phone=1)
    assert choose(6, 4, 1, now=(3, 1), booked=booked) == (4, 1)
    assert choose(6, None, None, now=(3, 1), booked=booked) == (3, 1)
    assert choose(6, 5, None, now=(3, 1), booked=booked) == (5, 1)
    assert choose(3, None, 2, now=(3, 1), booked=booked) == (1, 2)  # web shrinks to make room
    with pytest.raises(QuotaError, match="合計は定員"):
        choose(3, 2, 2, now=(1, 1), booked=booked)
    with pytest.raises(QuotaError, match="0以上"):
        choose(3, -1, 0, now=(1, 1), booked=booked)


def test_shortfall_names_the_channel_that_would_lose_booked_seats():
    booked = Booked(total=4, web=2, phone=1)
    assert shortfall(4, 2, 1, booked=booked) == ""
    assert shortfall(3, 2, 1, booked=booked).startswith("定員（3人）を予約数（4人）")
    assert shortfall(5, 2, 1, booked=booked) == ""  # the spare seat goes to walk-ins
    assert shortfall(4, 2, 2, booked=booked).startswith("窓口（当日）の枠（0人）を予約数（1人）")
    assert shortfall(4, 2, 0, booked=booked).startswith("電話予約枠（0人）を予約数（1人）")
    assert shortfall(5, 1, 1, booked=booked).startswith("Web予約枠（1人）を予約数（2人）")


@given(
    web=st.integers(0, 10),
    phone=st.integers(0, 10),
    walk_in=st.integers(0, 10),
    spare=st.integers(0, 10),
    want_web=st.integers(0, 30),
    want_phone=st.integers(0, 30),
)
def test_fitted_quotas_always_hold_every_channel(web, phone, walk_in, spare, want_web, want_phone):
    capacity = web + phone + walk_in + spare
    booked = Booked(total=web + phone + walk_in, web=web, phone=phone)
    got_web, got_phone = fit(capacity, want_web, want_phone, booked=booked)
    assert shortfall(capacity, got_web, got_phone, booked=booked) == ""
    assert got_web + got_phone <= capacity
    assert got_web <= max(web, want_web) and got_phone <= max(phone, want_phone)
