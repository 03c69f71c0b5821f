import hashlib
import json

import pytest

from kofu.accounts.models import RateCounter
from kofu.bookings.models import Booking, IdempotencyRecord
from kofu.core.keyed import keyed_digest
from kofu.core.validators import MY_NUMBER_REFUSED
from tests.my_number_spellings import NUMBER, SPELLINGS


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
    from kofu.bookings.services import idempotency

    calls = []

    def locked(request):
        calls.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr(api, "_collection", locked)
    response = post(client, {"notice_number": "X", "birth_date": "2000-01-01", "slot": 1})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "混み合っています" in response.json()["message"]
    assert len(calls) == idempotency.LOCK_RETRIES


# --- Issue 13: JSON only, e-mail validated, no My Number in any field ----------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
    ],
)
def test_the_booking_api_accepts_application_json_only(client, make_resident, make_slot, content_type):
    body = json.dumps(payload(make_resident(), make_slot()))
    response = client.post("/api/v1/bookings", body, content_type=content_type)
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported_media_type"
    assert (
        "application/json" in response.json()["message"]
        and "Send the body as JSON" in response.json()["message"]
    )
    assert not Booking.objects.exists()


def test_json_with_a_charset_parameter_is_accepted(client, make_resident, make_slot):
    body = json.dumps(payload(make_resident(), make_slot()))
    response = client.post("/api/v1/bookings", body, content_type="application/json; charset=UTF-8")
    assert response.status_code == 201


@pytest.mark.parametrize(
    "email",
    [
        "yamada@example.jp\nBcc: everyone@example.jp",
        "yamada@example.jp\r\nSubject: x",
        "yamada\t@example.jp",
        '"a\x0bb"@example.jp',
        "yamada@example.jp\u2028",
        "not-an-address",
        "yamada@",
        "a" * 250 + "@example.jp",
    ],
)
def test_a_malformed_email_is_refused_and_nothing_is_booked(client, make_resident, make_slot, email):
    response = post(client, {**payload(make_resident(), make_slot()), "email": email})
    assert response.status_code == 400, response.content
    assert response.json()["error"] == "invalid_email" and response.json()["field"] == "email"
    assert not Booking.objects.exists()


def test_a_valid_email_is_kept(client, make_resident, make_slot):
    response = post(
        client, {**payload(make_resident(), make_slot()), "email": " yamada.taro+kofu@example.jp "}
    )
    assert response.status_code == 201
    assert Booking.objects.get().email == "yamada.taro+kofu@example.jp"


@pytest.mark.parametrize(("name", "text"), SPELLINGS, ids=[name for name, _ in SPELLINGS])
@pytest.mark.parametrize("field", ["email", "notice_number", "birth_date", "slot", "extra"])
def test_a_my_number_in_any_field_is_refused_before_anything_is_counted_or_stored(
    client, make_resident, make_slot, field, name, text
):
    response = post(client, {**payload(make_resident(), make_slot()), field: text}, key="retry-1")
    assert response.status_code == 400
    assert response.json() == {"error": "my_number", "field": field, "message": MY_NUMBER_REFUSED}
    assert not Booking.objects.exists()
    assert not RateCounter.objects.exists() and not IdempotencyRecord.objects.exists()


def test_a_my_number_as_a_json_number_key_or_header_is_refused(client, make_resident, make_slot):
    body = payload(make_resident(), make_slot())
    assert post(client, {**body, "slot": int(NUMBER)}).json()["error"] == "my_number"
    refused = post(client, {**body, NUMBER: 1})
    assert refused.json()["error"] == "my_number" and NUMBER not in refused.content.decode()
    assert (
        post(client, {**body, "x": [{"y": f"{NUMBER[:4]}.{NUMBER[4:8]}.{NUMBER[8:]}"}]}).json()["field"]
        == "x.0.y"
    )
    assert post(client, body, key=f"key {NUMBER}").json()["field"] == "Idempotency-Key"
    assert not Booking.objects.exists() and not IdempotencyRecord.objects.exists()


def test_idempotency_keys_and_bodies_are_stored_as_keyed_digests(client, make_resident, make_slot):
    body = payload(make_resident(), make_slot())
    assert post(client, body, key="resident-typed-key-1").status_code == 201
    record = IdempotencyRecord.objects.get()
    raw = json.dumps(body).encode()
    assert record.key == keyed_digest("idempotency-key", "resident-typed-key-1")
    assert record.fingerprint == keyed_digest("idempotency-body", raw.decode())
    assert record.fingerprint != hashlib.sha256(raw).hexdigest()
    assert post(client, body, key="resident-typed-key-1").status_code == 201  # the retry still matches
