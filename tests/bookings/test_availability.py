"""The public availability feed: sites, open slots, web seats left; ETag, Cache-Control, 304."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kofu.bookings.models import Site, Slot
from tests.conftest import resident_books

URL = "/api/v1/availability"


def _period(days_from: int, days_until: int) -> str:
    today = timezone.localdate()
    return (
        f"&from={today + dt.timedelta(days=days_from):%Y-%m-%d}"
        f"&until={today + dt.timedelta(days=days_until):%Y-%m-%d}"
    )


def test_the_feed_lists_open_slots_with_web_seats_left(client, site, make_slot, make_resident, miyakonojo):
    first = make_slot(days=7, hour=10, capacity=4, web_capacity=3, phone_capacity=1)
    make_slot(days=7, hour=11, capacity=2)
    closed = make_slot(days=8, hour=10)
    Slot.objects.filter(pk=closed.pk).update(closed=True)
    make_slot(days=20, hour=10)  # outside the period asked for
    resident_books([make_resident()], slot_id=first.pk)
    other = Site.objects.create(municipality=miyakonojo, name="山之口支所", active=False)
    make_slot(days=7, hour=9, on_site=other)  # an inactive site is left out

    answer = client.get(f"{URL}?municipality=452025{_period(7, 9)}")
    assert answer.status_code == 200
    data = answer.json()
    assert data["municipality"] == {"code": "452025", "name": "都城市"}
    assert [s["name"] for s in data["sites"]] == ["都城市役所 本庁舎"]
    slots = data["sites"][0]["slots"]
    assert [(s["id"], s["seats_left"]) for s in slots] == [(first.pk, 2), (first.pk + 1, 2)]
    assert slots[0]["starts_at"].endswith("T10:00:00+09:00")
    assert "都城 花子" not in answer.content.decode()


def test_answers_are_cacheable_and_revalidate_with_the_etag(client, site, make_slot, make_resident):
    slot = make_slot(days=7)
    url = f"{URL}?municipality=452025{_period(7, 7)}"
    answer = client.get(url)
    etag = answer["ETag"]
    assert answer["Cache-Control"] == "public, max-age=60"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    resident_books([make_resident()], slot_id=slot.pk)  # a seat is taken: the tag changes
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["sites"][0]["slots"][0]["seats_left"] == 3


def test_bad_questions_get_clear_errors(client, registry):
    assert client.get(URL).json()["error"] == "invalid_municipality"
    assert client.get(f"{URL}?municipality=45202").status_code == 400
    missing = client.get(f"{URL}?municipality=999999")
    assert missing.status_code == 404 and missing.json()["error"] == "municipality_not_found"
    assert client.get(f"{URL}?municipality=452025&from=2026-13-01").json()["error"] == "invalid_date"
    assert client.get(f"{URL}?municipality=452025{_period(9, 7)}").json()["error"] == "invalid_period"
    too_long = client.get(f"{URL}?municipality=452025{_period(0, 92)}")
    assert too_long.status_code == 400 and too_long["Cache-Control"] == "no-store"
    assert client.post(URL).status_code == 405


def test_the_feed_is_in_the_openapi_schema(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/availability"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"municipality", "from", "until"}
    assert set(operation["responses"]) >= {"200", "304", "400", "404"}
    assert "seats_left" in spec["components"]["schemas"]["Slot"]["properties"]
