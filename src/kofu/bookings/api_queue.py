"""The booking API's waiting room (``KOFU_BOOKING_QUEUE_RATE``): 202 with a place instead of an error.

Above the configured rate a ``POST /api/v1/bookings`` is answered ``202`` with the resident's
number, how many are ahead, the estimated wait and a signed ticket (body and ``Queue-Ticket``
header, ``Retry-After`` in seconds). Sent again with the ticket in the ``Queue-Ticket`` header,
the same request goes in once its turn has come — never before anyone who came earlier
(:mod:`kofu.accounts.waiting_room`). The ticket is bound to a keyed digest of the notice number.
Taking a new number counts as a request of the client's address (``KOFU_BOOKING_MAX_REQUESTS_PER_IP``),
so one client cannot push everyone else back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from kofu.accounts import waiting_room
from kofu.bookings import residents
from kofu.core.keyed import keyed_digest

ROOM = "bookings-api"
TICKET_HEADER = "Queue-Ticket"
QUEUED = (
    "ただいま混み合っています。順番にご案内しますので、待ち時間の後に同じ内容を整理券とともに"
    "もう一度送ってください（順番は保たれます）。"
)


def ticket_of(request: HttpRequest) -> str:
    return request.headers.get(TICKET_HEADER, "").strip()[:1000]


def place_in_queue(request: HttpRequest, data: dict[str, Any], ticket: str) -> dict[str, Any] | None:
    """None when the request may go in now; else the 202 body (the caller adds the headers).

    Raises :class:`kofu.bookings.residents.Throttled` when a new number would exceed the client's
    request limit.
    """
    rate = settings.KOFU_BOOKING_QUEUE_RATE
    if rate <= 0:
        return None
    number = residents.normalise_notice_number(str(data.get("notice_number", "")))
    bound = keyed_digest("waiting-room", number)[:32]
    if (
        not ticket
        or waiting_room.number_of(
            ticket, name=ROOM, bound_to=bound, max_age=settings.KOFU_BOOKING_QUEUE_TICKET_SECONDS
        )
        is None
    ):
        residents.check_ip(request)  # a new number: counted like any request of this client
        ticket = ""
    place = waiting_room.enter(
        ROOM,
        rate=rate,
        burst=settings.KOFU_BOOKING_QUEUE_BURST,
        bound_to=bound,
        ticket=ticket,
        max_age=settings.KOFU_BOOKING_QUEUE_TICKET_SECONDS,
    )
    if place.admitted:
        return None
    return {
        "status": "queued",
        "message": QUEUED,
        "queue": {
            "ticket": place.ticket,
            "number": place.number,
            "ahead": place.ahead,
            "estimated_wait_seconds": place.wait_seconds,
            "estimated_wait_ms": place.wait_ms,
        },
    }


def queued_headers(response: HttpResponse, body: dict[str, Any]) -> HttpResponse:
    response["Retry-After"] = str(max(1, body["queue"]["estimated_wait_seconds"]))
    response[TICKET_HEADER] = body["queue"]["ticket"]
    return response
