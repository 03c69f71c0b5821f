import json

import pytest

from kofu.bookings.models import Booking


@pytest.fixture(autouse=True)
def no_ip_limit(settings):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 0


def post(client, data, key=None):
    return client.post(
        "/api/v1/bookings",
        json.dumps(data),
        content_type="application/json",
        headers={"Idempotency-Key": key} if key else {},
    )


def payload(card, slot):
    return {"notice_number": card.notice_number, "birth_date": card.birth_date.isoformat(), "slot": slot.pk}


def test_booking_through_the_api_answers_201_then_409_when_full(client, make_resident, make_slot):
    slot = make_slot(capacity=1)
    first = post(client, payload(make_resident(), slot))
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "booked" and body["starts_at"].endswith("+09:00")
    full = post(client, payload(make_resident(), slot))
    assert full.status_code == 409 and full.json()["error"] == "full"


def test_clear_japanese_errors_for_bad_requests(client, make_resident, make_slot):
    slot = make_slot()
    assert post(client, {"slot": slot.pk}).json()["message"].startswith("必須の項目がありません")
    bad = client.post("/api/v1/bookings", "not json", content_type="application/json")
    assert bad.status_code == 400 and "JSON" in bad.json()["message"]
    unknown = post(client, {"notice_number": "ZZZZZ-ZZZZZ", "birth_date": "1980-01-01", "slot": slot.pk})
    wrong = post(client, {**payload(make_resident(), slot), "birth_date": "1900-02-02"})
    assert unknown.status_code == wrong.status_code == 404
    assert unknown.content == wrong.content


def test_a_retry_with_the_same_idempotency_key_gets_the_same_body(client, make_resident, make_slot):
    slot, card = make_slot(capacity=3), make_resident()
    one = post(client, payload(card, slot), key="k-1")
    two = post(client, payload(card, slot), key="k-1")
    assert one.status_code == two.status_code == 201
    assert one.content == two.content
    assert Booking.objects.filter(card=card).count() == 1
    other = post(client, payload(make_resident(), slot), key="k-1")
    assert other.status_code == 422


def test_get_and_delete_by_token(client, make_resident, make_slot):
    slot = make_slot(capacity=1)
    token = post(client, payload(make_resident(), slot)).json()["token"]
    assert client.get(f"/api/v1/bookings/{token}").json()["status"] == "booked"
    assert client.delete(f"/api/v1/bookings/{token}").json()["status"] == "cancelled"
    assert client.get("/api/v1/bookings/forged").status_code == 404
    assert post(client, payload(make_resident(), slot)).status_code == 201


def test_the_openapi_description_lists_the_operations(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"post"} <= set(spec["paths"]["/bookings"])
    assert {"get", "delete"} <= set(spec["paths"]["/bookings/{token}"])


def test_a_database_that_stays_locked_gets_a_clear_busy_answer_after_retries(client, monkeypatch):
    from django.db import OperationalError

    from kofu.bookings import api

    calls = []

    def locked(request):
        calls.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr(api, "_collection", locked)
    response = post(client, {"notice_number": "X", "birth_date": "2000-01-01", "slot": 1})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "混み合っています" in response.json()["message"]
    assert len(calls) == api.LOCK_RETRIES
