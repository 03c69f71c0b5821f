"""JSON API for residents: ``POST /api/v1/bookings`` and GET/DELETE of the booking by its token.

CSRF-exempt (no cookies are used: the resident identifies with the notice number and birth date
in the body, or the signed token for an existing booking), so every call is counted by the per-IP
rate limit, identification failures by the per-number limit, and submits honour
``Idempotency-Key`` (a retry with the same key and body gets the same status and body; the key and
the body are kept only as keyed digests, :mod:`kofu.core.keyed`).

The body must be ``application/json`` (else 415). Before anything is counted or stored, every
value of the body and the ``Idempotency-Key`` go through the My Number guard (400 ``my_number``),
and the e-mail through :func:`kofu.core.validators.clean_email` (400 ``invalid_email``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kofu.accounts.access import NotFound
from kofu.accounts.permissions import AccessRequest, access
from kofu.bookings import api_queue, notify, one_turn, residents, services
from kofu.bookings.models import Booking, Slot
from kofu.bookings.openapi import SPEC
from kofu.bookings.services import idempotency
from kofu.cards.models import Card
from kofu.core.validators import MY_NUMBER_REFUSED, clean_email
from kofu.rules.booking_calendar import JST
from kofu.rules.codes import contains_my_number

JSON = "application/json; charset=utf-8"


def _json(status: int, data: dict[str, Any]) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type=JSON)


def _error(status: int, code: str, message: str) -> HttpResponse:
    return _json(status, {"error": code, "message": message})


def booking_json(booking: Booking, *, token: bool = True) -> dict[str, Any]:
    slot = booking.slot
    data: dict[str, Any] = {
        "id": booking.pk,
        "number": booking.number,
        "status": booking.status,
        "status_label": booking.get_status_display(),
        "slot": slot.pk,
        "site": slot.site.name,
        "starts_at": slot.starts_at.astimezone(JST).isoformat(),
        "ends_at": slot.ends_at.astimezone(JST).isoformat(),
    }
    if token:
        data["token"] = notify.manage_token(booking)
    return data


UNSUPPORTED_MEDIA_TYPE = (
    "本文は JSON（Content-Type: application/json）で送ってください。"
    " / Send the body as JSON (Content-Type: application/json)."
)


def _is_json(request: HttpRequest) -> bool:
    charset = request.content_params.get("charset", "utf-8") if request.content_params else "utf-8"
    return request.content_type == "application/json" and charset.lower().replace("_", "-") in {
        "utf-8",
        "utf8",
    }


def _scalars(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, text) of every key and scalar of a JSON value (numbers as their digits)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}（項目名）", str(key)  # a refused key is not echoed as the field
            yield from _scalars(item, f"{path}{key}.")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _scalars(item, f"{path}{index}.")
    elif value is not None and not isinstance(value, bool):
        yield path.rstrip("."), str(value)


def _my_number_in(data: dict[str, Any]) -> HttpResponse | None:
    """400 naming the first field that holds a My Number (never echoing its value)."""
    for field, text in _scalars(data, ""):
        if contains_my_number(text):
            return _json(400, {"error": "my_number", "field": field, "message": MY_NUMBER_REFUSED})
    return None


def _parse(request: HttpRequest) -> tuple[dict[str, Any] | None, HttpResponse | None]:
    if not _is_json(request):
        return None, _error(415, "unsupported_media_type", UNSUPPORTED_MEDIA_TYPE)
    try:
        data = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, _error(
            400, "invalid_json", "JSON として読めません（UTF-8 の JSON オブジェクトを送ってください）。"
        )
    if not isinstance(data, dict):
        return None, _error(400, "invalid_json", "JSON オブジェクトを送ってください。")
    refused = _my_number_in(data)
    if refused is not None:
        return None, refused
    try:
        data["email"] = clean_email(data.get("email"))
    except ValidationError as exc:
        return None, _json(400, {"error": "invalid_email", "field": "email", "message": exc.messages[0]})
    missing = [k for k in ("notice_number", "birth_date", "slot") if data.get(k) in (None, "")]
    if missing:
        return None, _error(400, "missing_field", f"必須の項目がありません: {', '.join(missing)}")
    return data, None


def _book(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    try:
        birth = dt.date.fromisoformat(str(data["birth_date"]))
    except ValueError:
        birth = None
    try:
        slot_id = int(data["slot"])
    except (TypeError, ValueError):
        return _error(400, "invalid_slot", "slot には予約枠の番号（整数）を指定してください。")
    number = str(data["notice_number"])
    try:
        if data.get("family") in (None, []):  # one card: one writer turn (ADR 0035)
            booking = _book_one(request, number, birth, slot_id, data["email"])
        else:
            card, slot = residents.identify_for_slot(request, number, birth, slot_id)
            if card is None:
                return _error(404, "not_found", residents.NOT_FOUND)
            family, problem = _family(request, card, data.get("family"))
            if problem is not None:
                return problem
            booking, *_others = services.bookings_create(
                cards=[card, *family],
                slot_id=slot_id,
                slot=slot,
                email=data["email"],
                actor=residents.resident_of(card, family=frozenset(c.pk for c in family)),
            )
    except one_turn.Unidentified:
        return _error(404, "not_found", residents.NOT_FOUND)
    except NotFound:  # no such slot, or another municipality's: the same answer
        return _error(404, "slot_not_found", "指定の予約枠がありません。")
    except services.SlotFull as exc:
        return _error(409, "full", exc.messages[0])
    except services.BookingError as exc:
        status = 409 if exc.code == "duplicate" else 422
        return _error(status, exc.code or "invalid", exc.messages[0])
    return _json(201, booking_json(booking))


def _book_one(request: HttpRequest, number: str, birth: dt.date | None, slot_id: int, email: str) -> Booking:
    """One card's booking: in one writer turn, or the long way when the seat was not there to take."""

    def book(card: Card, slot: Slot) -> Booking:
        (booking,) = services.bookings_create(
            cards=[card],
            slot_id=slot_id,
            slot=slot,
            email=email,
            actor=residents.resident_of(card),
            seat_taken=True,
        )
        return booking

    try:
        return one_turn.book_in_one_turn(request, number, birth, slot_id, book)
    except one_turn.NoSeat:  # counted already: identify, then the service frees up and takes the seat
        card = residents.identify(request, number, birth, counted=True)
        if card is None:
            raise one_turn.Unidentified() from None
        (booking,) = services.bookings_create(
            cards=[card], slot_id=slot_id, email=email, actor=residents.resident_of(card)
        )
        return booking


def _family(request: HttpRequest, lead: Card, typed: Any) -> tuple[list[Card], HttpResponse | None]:
    """The household cards in ``family`` (each its notice number and birth date), or the error."""
    if typed in (None, []):
        return [], None
    if not isinstance(typed, list) or len(typed) > 9 or not all(isinstance(m, dict) for m in typed):
        return [], _error(
            400,
            "invalid_family",
            "family には家族の {notice_number, birth_date} の配列（9人まで）を指定してください。",
        )
    found: list[Card] = []
    for member in typed:
        try:
            birth = dt.date.fromisoformat(str(member.get("birth_date")))
        except ValueError:
            birth = None
        card = residents.family_member(request, lead, str(member.get("notice_number") or ""), birth)
        if card is None or card in found:
            return [], _error(404, "family_not_found", residents.FAMILY_NOT_FOUND)
        found.append(card)
    return found, None


@access("public")
@csrf_exempt
@never_cache
@require_http_methods(["POST"])
def bookings_collection(request: AccessRequest) -> HttpResponse:
    try:
        return idempotency.when_locked(lambda: _collection(request))
    except idempotency.Busy:
        response = _error(503, "busy", "混み合っています。しばらくしてからもう一度お試しください。")
        response["Retry-After"] = "5"
        return response


def _collection(request: HttpRequest) -> HttpResponse:
    data, problem = _parse(request)
    if problem is not None or data is None:
        return problem or _error(400, "invalid_json", "JSON オブジェクトを送ってください。")
    typed_key = request.headers.get("Idempotency-Key", "").strip()[:100]
    ticket = api_queue.ticket_of(request)
    for header, value in (("Idempotency-Key", typed_key), (api_queue.TICKET_HEADER, ticket)):
        if contains_my_number(value):
            return _json(400, {"error": "my_number", "field": header, "message": MY_NUMBER_REFUSED})
    try:
        queued = api_queue.place_in_queue(request, data, ticket)
        if queued is not None:  # the waiting room: a place and an estimated wait, not an error
            return api_queue.queued_headers(_json(202, queued), queued)
        if not typed_key:  # identification reads outside the write transaction; the service opens its own
            return _book(request, data)
        answer = idempotency.once(
            key=typed_key, body=request.body.decode("utf-8"), run=lambda: _answer(_book(request, data))
        )
    except residents.Throttled:
        return _error(429, "throttled", residents.THROTTLED)
    except idempotency.InProgress:
        return _error(
            409, "in_progress", "同じ Idempotency-Key の要求を処理中です。少し待ってから再送してください。"
        )
    except idempotency.Mismatch:
        return _error(422, "idempotency_mismatch", "この Idempotency-Key は別の内容の要求に使われています。")
    return HttpResponse(answer.body, status=answer.status, content_type=JSON)


def _answer(response: HttpResponse) -> idempotency.Answer:
    return idempotency.Answer(response.status_code, response.content.decode("utf-8"))


@access("public")
@csrf_exempt
@never_cache
@require_http_methods(["GET", "DELETE"])
def booking_item(request: AccessRequest, token: str) -> HttpResponse:
    try:
        residents.check_ip(request)
    except residents.Throttled:
        return _error(429, "throttled", residents.THROTTLED)
    found = residents.resident_of_token(token)
    if found is None:
        return _error(404, "not_found", "予約が見つかりません。")
    resident, booking = found
    if request.method == "DELETE":
        try:
            booking = services.booking_cancel(booking_id=booking.pk, actor=resident, reason="住民による取消")
        except services.BookingError as exc:
            return _error(409 if exc.code == "not_active" else 422, exc.code or "invalid", exc.messages[0])
    return _json(200, booking_json(booking, token=False))


@access("public")
def openapi(request: AccessRequest) -> HttpResponse:
    return JsonResponse(SPEC, json_dumps_params={"ensure_ascii": False})
