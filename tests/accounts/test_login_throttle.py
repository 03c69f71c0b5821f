"""Staff login throttling: per username and per client IP, the same answer for real and unknown users."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client: Client, username: str, password: str, ip: str = "192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def limits(settings):
    settings.KOFU_LOGIN_MAX_FAILURES_PER_USER = 10
    settings.KOFU_LOGIN_MAX_FAILURES_PER_IP = 50
    settings.KOFU_LOGIN_LOCKOUT_SECONDS = 600
    return settings


def test_twenty_wrong_passwords_lock_the_username_out_with_429(personas, client, limits):
    answers = [attempt(client, "miyakonojo", "wrong-password").status_code for _ in range(20)]
    assert answers[:9] == [200] * 9
    assert answers[-1] == 429
    locked = attempt(client, "miyakonojo", PASSWORD)
    assert locked.status_code == 429
    assert "しばらくログインできません" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_username_does_not_stop_other_users_from_another_ip(personas, client, limits):
    for _ in range(20):
        attempt(client, "miyakonojo", "wrong-password")
    other = Client()
    response = attempt(other, "nobeoka", PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302
    assert other.session["_auth_user_id"] == str(personas["other_municipality"].pk)


def test_one_ip_trying_many_usernames_is_throttled_while_a_second_ip_still_logs_in(personas, limits):
    limits.KOFU_LOGIN_MAX_FAILURES_PER_IP = 20
    spray = Client()
    answers = [attempt(spray, f"guess-{n}", "wrong-password").status_code for n in range(20)]
    assert answers[-1] == 429
    assert attempt(spray, "nobeoka", PASSWORD).status_code == 429
    second = Client()
    assert attempt(second, "nobeoka", PASSWORD, ip="198.51.100.8").status_code == 302


def test_the_failure_answer_is_the_same_whether_or_not_the_user_exists(personas, limits):
    def body(username: str) -> str:
        response = attempt(Client(), username, "wrong-password", ip="203.0.113.5")
        assert response.status_code == 200
        text = response.content.decode()
        # The CSRF token and the echoed username differ by design; compare the rest.
        import re

        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
        return text.replace(username, "USERNAME")

    assert body("miyakonojo") == body("no-such-user-at-all")


def test_an_unknown_username_is_locked_out_the_same_way(personas, client, limits):
    answers = [attempt(client, "no-such-user", "wrong-password").status_code for _ in range(10)]
    assert answers[-1] == 429


def test_a_successful_login_clears_the_username_count(personas, client, limits):
    for _ in range(9):
        attempt(client, "miyakonojo", "wrong-password")
    assert attempt(client, "miyakonojo", PASSWORD).status_code == 302
    client.logout()
    assert [attempt(client, "miyakonojo", "wrong-password").status_code for _ in range(9)] == [200] * 9


def test_the_lockout_ends_after_the_configured_time(personas, client, limits, settings, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    for _ in range(10):
        attempt(client, "miyakonojo", "wrong-password")
    assert attempt(client, "miyakonojo", PASSWORD).status_code == 429
    later = timezone.now() + dt.timedelta(seconds=settings.KOFU_LOGIN_LOCKOUT_SECONDS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert attempt(client, "miyakonojo", PASSWORD).status_code == 302


def test_the_counters_live_in_the_database_shared_by_all_workers_without_usernames(personas, client, limits):
    from kofu.accounts.models import RateCounter

    attempt(client, "miyakonojo", "wrong-password")

    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2  # the username and the client's IP
    assert not any("miyakonojo" in key or "192.0.2.10" in key for key in keys)
