"""The public availability feed: ``GET /api/v1/availability?municipality=CODE&from=&until=``.

For each active site of the municipality, its open slots between ``from`` and ``until`` (dates in
JST, both included) and the seats left that a resident can book on the web. Nothing about any
resident. Answers carry ``Cache-Control: public, max-age=…`` and a strong ``ETag`` (a digest of
the body), and ``If-None-Match`` with that tag answers 304 without a body — so a national
aggregator (France's ANTS style) can poll it cheaply.

Each worker keeps the answer per slot version for ``KOFU_AVAILABILITY_CACHE_SECONDS`` (default 1):
a read then costs no query. The version moves when the worker takes or gives back a seat
(:mod:`kofu.bookings.services.seats`) or saves a slot, so its own changes show at once; other
workers' show within that time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import threading
import time
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kofu.accounts.permissions import AccessRequest, access
from kofu.bookings.models import Site, Slot
from kofu.registry.models import Municipality
from kofu.rules.booking_calendar import JST

JSON = "application/json; charset=utf-8"
#: The longest period one request may ask for (days, both ends included).
MAX_DAYS = 92
#: How long a shared cache may keep an answer (seconds).
MAX_AGE = 60


class FeedError(ValueError):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _date(text: str | None, default: dt.date, name: str) -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FeedError(400, "invalid_date", f"{name} は YYYY-MM-DD で指定してください。") from None


def feed_period(params: dict[str, str], *, today: dt.date) -> tuple[dt.date, dt.date]:
    """``from`` (default: the first bookable day) and ``until`` (default: the booking horizon)."""
    first = _date(params.get("from"), today + dt.timedelta(days=settings.KOFU_BOOKING_CLOSING_DAYS), "from")
    last = _date(params.get("until"), today + dt.timedelta(days=settings.KOFU_BOOKING_HORIZON_DAYS), "until")
    if last < first:
        raise FeedError(400, "invalid_period", "until は from 以後の日付にしてください。")
    if (last - first).days >= MAX_DAYS:
        raise FeedError(400, "invalid_period", f"一度に指定できる期間は {MAX_DAYS} 日までです。")
    return first, last


def feed_code(code: str | None) -> str:
    if not code or not code.isascii() or not code.isdigit() or len(code) != 6:
        raise FeedError(400, "invalid_municipality", "municipality には6桁の団体コードを指定してください。")
    return code


def feed_municipality(code: str | None) -> Municipality:
    code = feed_code(code)
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        raise FeedError(404, "municipality_not_found", f"団体コード {code} の市区町村がありません。")
    return found


def availability(municipality: Municipality, first: dt.date, last: dt.date) -> dict[str, Any]:
    """The feed's body: the municipality, the period and every active site with its open slots."""
    start = dt.datetime.combine(first, dt.time.min, tzinfo=JST)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=JST)
    sites: dict[int, dict[str, Any]] = {
        site.pk: {"id": site.pk, "name": site.name, "kind": site.kind, "address": site.address, "slots": []}
        for site in Site.objects.filter(municipality=municipality, active=True).order_by("id")
    }
    rows = Slot.objects.filter(
        site_id__in=list(sites), closed=False, starts_at__gte=start, starts_at__lt=end
    ).order_by("starts_at", "id")
    for slot_id, site_id, starts, ends, web_capacity, web_booked in rows.values_list(
        "id", "site_id", "starts_at", "ends_at", "web_capacity", "web_booked"
    ):
        sites[site_id]["slots"].append(
            {
                "id": slot_id,
                "starts_at": starts.astimezone(JST).isoformat(),
                "ends_at": ends.astimezone(JST).isoformat(),
                "seats_left": max(0, web_capacity - web_booked),
            }
        )
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "from": first.isoformat(),
        "until": last.isoformat(),
        "sites": list(sites.values()),
    }


def _answer(municipality: Municipality, first: dt.date, last: dt.date) -> tuple[str, str]:
    body = json.dumps(availability(municipality, first, last), ensure_ascii=False, separators=(",", ":"))
    return body, '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


# --- The answer per slot version: a read costs no query while nothing changed --------------------
#: This worker's slot version: moves when this worker takes or gives back a seat or saves a slot.
_version = itertools.count()
_current = [0]
#: (municipality code, from, until) → (slot version, monotonic time, body, ETag); a few hundred at most.
_ANSWERS: dict[tuple[str, dt.date, dt.date], tuple[int, float, str, str]] = {}
_LOCK = threading.Lock()


def slots_changed(**_: object) -> None:
    """A seat or a slot changed in this worker: the next feed request reads the database again."""
    _current[0] = next(_version) + 1


def _remembered(key: tuple[str, dt.date, dt.date]) -> tuple[str, str] | None:
    found = _ANSWERS.get(key)
    if found is None or found[0] != _current[0]:
        return None
    if time.monotonic() - found[1] >= settings.KOFU_AVAILABILITY_CACHE_SECONDS:
        return None
    return found[2], found[3]


def _remember(key: tuple[str, dt.date, dt.date], body: str, etag: str) -> tuple[str, str]:
    if settings.KOFU_AVAILABILITY_CACHE_SECONDS > 0:
        with _LOCK:
            if len(_ANSWERS) >= 512:
                _ANSWERS.clear()
            _ANSWERS[key] = (_current[0], time.monotonic(), body, etag)
    return body, etag


def _error(error: FeedError) -> HttpResponse:
    body = json.dumps({"error": error.code, "message": error.message}, ensure_ascii=False)
    response = HttpResponse(body, status=error.status, content_type=JSON)
    response["Cache-Control"] = "no-store"
    return response


@access("public")
@require_http_methods(["GET", "HEAD"])
def availability_feed(request: AccessRequest) -> HttpResponse:
    try:
        code = feed_code(request.GET.get("municipality"))
        first, last = feed_period(request.GET.dict(), today=timezone.localdate())
        key = (code, first, last)
        remembered = _remembered(key)
        if remembered is None:
            remembered = _remember(key, *_answer(feed_municipality(code), first, last))
    except FeedError as exc:
        return _error(exc)
    body, etag = remembered
    wanted = {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}
    response = (
        HttpResponse(status=304) if etag in wanted or "*" in wanted else HttpResponse(body, content_type=JSON)
    )
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Vary"] = "Accept-Encoding"
    return response
