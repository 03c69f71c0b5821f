"""The JSON API is served by the lean handler: no session, login, CSRF, messages or page headers.

``kofu.wsgi.application`` sends ``/api/v1/…`` to :class:`kofu.core.lean.LeanWSGIHandler` and every
other path to Django's full handler; the live-server tests (``tests/bookings/test_concurrent_server.py``)
book through it under gunicorn. Here the same middleware list runs under Django's test client.
"""

import json

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.test.client import ClientHandler

from kofu.core.lean import LEAN_MIDDLEWARE, Dispatch, LeanMiddlewareMixin, LeanWSGIHandler, is_api_path


class LeanClientHandler(LeanMiddlewareMixin, ClientHandler):
    pass


@pytest.fixture
def api_client():
    client = Client()
    client.handler = LeanClientHandler()
    return client


def _environ(path):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": __import__("io").BytesIO(b""),
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }


@pytest.fixture
def no_connection_handling():
    """As Django's test client does: the handler would otherwise close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _call(app, path):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(_environ(path), start_response))
    return seen["status"], seen["headers"], body


def test_the_application_sends_api_paths_to_the_lean_handler_and_pages_to_the_full_one(
    no_connection_handling,
):
    from kofu.wsgi import application

    assert isinstance(application, Dispatch) and isinstance(application.lean, LeanWSGIHandler)
    assert is_api_path("/api/v1/bookings") and is_api_path("/api/v1/availability")
    assert not is_api_path("/bookings/") and not is_api_path("/api/v10/x") and not is_api_path("/")
    status, headers, body = _call(application, "/api/v1/openapi.json")
    assert status.startswith("200") and json.loads(body)["openapi"].startswith("3.")
    assert headers.get("X-Content-Type-Options") == "nosniff"  # SecurityMiddleware stays
    assert "Content-Security-Policy" not in headers and "X-Frame-Options" not in headers
    assert "Set-Cookie" not in headers


def test_lean_middleware_leaves_out_sessions_logins_csrf_and_static_files():
    names = " ".join(LEAN_MIDDLEWARE)
    for left_out in ("Session", "Authentication", "Csrf", "OTP", "SecondFactor", "Message", "whitenoise"):
        assert left_out.lower() not in names.lower()


def test_a_booking_through_the_lean_path_sets_no_cookie_and_ignores_a_staff_session(
    api_client, client, personas, make_resident, make_slot, settings
):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 100
    card, slot = make_resident(), make_slot(capacity=2)
    client.force_login(personas["municipality"])
    api_client.cookies = client.cookies  # a staff member's session sent along changes nothing
    body = {"notice_number": card.notice_number, "birth_date": card.birth_date.isoformat(), "slot": slot.pk}
    response = api_client.post("/api/v1/bookings", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert not response.cookies
    token = response.json()["token"]
    assert api_client.get(f"/api/v1/bookings/{token}").json()["status"] == "booked"
    assert api_client.delete(f"/api/v1/bookings/{token}").json()["status"] == "cancelled"
    from kofu.accounts.models import AuditEvent

    assert set(AuditEvent.objects.filter(object_type="booking").values_list("actor_label", flat=True)) == {
        "resident"
    }


def test_the_hot_paths_are_resolved_once_and_still_answer_through_the_view_and_middleware(
    no_connection_handling, monkeypatch
):
    from django.core.handlers import base

    handler = LeanWSGIHandler()
    walks = []
    resolve = base.BaseHandler.resolve_request
    monkeypatch.setattr(
        base.BaseHandler, "resolve_request", lambda self, r: walks.append(r.path) or resolve(self, r)
    )
    answers = [_call(handler, "/api/v1/availability") for _ in range(3)]  # no municipality: 400 from the view
    assert walks == ["/api/v1/availability"]  # the URL patterns walked once
    for status, headers, body in answers:
        assert status.startswith("400") and json.loads(body)["error"] == "invalid_municipality"
        assert headers.get("X-Content-Type-Options") == "nosniff"
    status, _, _ = _call(handler, "/api/v1/openapi.json")  # not a hot path: resolved each time
    _call(handler, "/api/v1/openapi.json")
    assert status.startswith("200") and walks.count("/api/v1/openapi.json") == 2
    status, _, _ = _call(handler, "/api/v1/bookings")  # GET on the booking path: the view's method rule
    assert status.startswith("405")
