"""The booking API's hot path: a fixed, short list of SQL statements per booking (issue 16 item 8).

The statements are locked here so that a change that adds a round trip to every booking shows
up as a failing test. One card's booking is one transaction (ADR 0035): the count and lockout
check (one upsert), the seat taken by the conditional UPDATE that also returns the slot, its site
and the card (``UPDATE … RETURNING``), the booking, the card's state with its history row (one
statement: a data-modifying CTE on PostgreSQL, an INSERT into a TEMP view whose trigger writes both
on SQLite), and the audit event linked to the chain's last link in the same statement (PostgreSQL
adds the chain's advisory lock). Transaction control (BEGIN, COMMIT, savepoints) is listed apart.
"""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kofu.accounts.models import AuditEvent
from kofu.bookings.residents import IDENTIFYING_FIELDS
from kofu.cards.models import Card, CardTransition

#: Data statements of one successful booking through ``POST /api/v1/bookings``.
EXPECTED = [
    ("INSERT", "accounts_ratecounter"),  # the client's count + the number's lockout, one statement
    ("UPDATE", "bookings_slot"),  # the seat, RETURNING the slot, its site and the card (subqueries)
    ("INSERT", "bookings_booking"),
    ("CARD", "cards_card"),  # the card's state and its history row, one statement
    ("INSERT", "accounts_auditevent"),  # INSERT … SELECT: the chain's last link read in the statement
]
CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")


def _table(sql: str) -> str:
    for word in sql.replace('"', " ").split():
        if "_" in word and word.split("_", 1)[0] in {"accounts", "cards", "bookings", "outbox"}:
            return word.split(".")[0]
    return ""


def _shape(sql: str) -> tuple[str, str]:
    """(verb, table); the card's one statement as ("CARD", "cards_card") on either database."""
    words = sql.split()
    if connection.vendor == "postgresql" and words[0].upper() == "WITH":
        assert re.match(r'WITH moved AS \(UPDATE "cards_card" .*\) INSERT INTO "cards_cardtransition"', sql)
        return "CARD", "cards_card"
    if (
        connection.vendor == "sqlite"
        and words[:3] == ["INSERT", "INTO", words[2]]
        and "kofu_move_cards_card" in sql
    ):
        return "CARD", "cards_card"
    return words[0].upper(), _table(sql)


def _post(client, card, slot):
    body = {"notice_number": card.notice_number, "birth_date": card.birth_date.isoformat(), "slot": slot.pk}
    return client.post("/api/v1/bookings", json.dumps(body), content_type="application/json")


@pytest.fixture
def limits_on(settings):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 1000
    settings.KOFU_BOOKING_MAX_FAILURES_PER_NUMBER = 20


def test_a_booking_costs_five_data_statements(client, make_resident, make_slot, limits_on):
    slot = make_slot(capacity=3)
    assert _post(client, make_resident(), slot).status_code == 201  # warm: the chain has a last link
    card = make_resident()
    with CaptureQueriesContext(connection) as queries:
        response = _post(client, card, slot)
    assert response.status_code == 201, response.content
    statements = [q["sql"] for q in queries.captured_queries]
    data = [s for s in statements if not s.lstrip().upper().startswith(CONTROL)]
    advisory = [s for s in data if "pg_advisory_xact_lock" in s]
    assert len(advisory) == (1 if connection.vendor == "postgresql" else 0)
    shape = [_shape(s) for s in data if s not in advisory]
    assert shape == EXPECTED, "\n".join(statements)
    assert len([s for s in statements if s.lstrip().upper().startswith(CONTROL)]) <= 6
    # Nothing was dropped for speed: the card's history and the audit event are there.
    assert CardTransition.objects.filter(card=card, to_state="appointment_booked").count() == 1
    assert (
        AuditEvent.objects.filter(action="bookings.book", after__card_state="appointment_booked").count() == 2
    )


def test_the_card_read_leaves_the_resident_s_name_and_address_in_the_database(
    client, make_resident, make_slot, limits_on
):
    card = make_resident()
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, card, make_slot()).status_code == 201
    (read,) = [q["sql"] for q in queries.captured_queries if 'FROM "cards_card" c' in q["sql"]]
    assert read.startswith('UPDATE "bookings_slot"')  # the seat taken, the card read in the same statement
    columns = set(re.findall(r'SELECT c\."(\w+)" FROM "cards_card" c', read))
    assert columns == {Card._meta.get_field(f).column for f in IDENTIFYING_FIELDS}
    assert not {"name", "address", "phone"} & columns


def test_wrong_birth_dates_lock_the_number_through_the_api_then_the_right_one_is_refused(
    client, make_resident, make_slot, settings
):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 1000
    settings.KOFU_BOOKING_MAX_FAILURES_PER_NUMBER = 3
    slot, card = make_slot(), make_resident()
    body = {"notice_number": card.notice_number, "birth_date": "2001-01-01", "slot": slot.pk}
    codes = [
        client.post("/api/v1/bookings", json.dumps(body), content_type="application/json").status_code
        for _ in range(4)
    ]
    assert codes == [404, 404, 404, 429]
    assert _post(client, card, slot).status_code == 429
    other = make_resident()
    assert _post(client, other, slot).status_code == 201  # another number is not locked


def test_the_per_ip_limit_counts_every_booking_request(client, make_resident, make_slot, settings):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 2
    slot = make_slot(capacity=5)
    codes = [_post(client, make_resident(), slot).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
