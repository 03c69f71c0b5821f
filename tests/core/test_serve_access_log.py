"""``kofu serve``: the access log has the path of each request, never its query string.

A real gunicorn over a fresh database (tests/bookings/live.py); requests whose query strings hold a
My Number, a notice number and a name, one with a referrer carrying a query, one whose path holds a
My Number; then the server's log is read.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kofu.core.logs import mask_my_numbers
from kofu.core.serving import without_query
from tests.bookings.live import database, server

pytestmark = pytest.mark.slow

NUMBER = "7000-1234-5676"


def get(url: str, **headers: str) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_access_log_shows_paths_without_query_strings(tmp_path):
    query = urllib.parse.urlencode({"q": f"{NUMBER} 山田", "notice": "ABCDE-23456"})
    with database(tmp_path) as url, server(url, tmp_path, workers=1) as (base, _env):
        get(f"{base}/surveys/practices/?{query}")  # the search box (staff only: redirected to log in)
        get(f"{base}/accounts/login/?next=/surveys/practices/%3F{urllib.parse.quote(query)}")
        get(f"{base}/stats/?as_of=2022-01-01", Referer=f"{base}/surveys/practices/?{query}")
        get(f"{base}/cards/{NUMBER}/")  # a My Number in the path
        time.sleep(1.0)  # gunicorn writes the access log line after the response
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    lines = [line for line in log.splitlines() if '"GET ' in line]
    assert len(lines) >= 4, log[-2000:]
    assert any('"GET /surveys/practices/ HTTP/1.1" 302' in line for line in lines), lines
    assert any('"GET /accounts/login/ HTTP/1.1"' in line for line in lines), lines
    assert any(
        f'"{"GET"} /stats/ HTTP/1.1"' in line and f'"{base}/surveys/practices/"' in line for line in lines
    )
    assert any('"GET /cards/****-****-****/ HTTP/1.1" 302' in line for line in lines), lines
    for needle in ("?", "q=", "7000", "1234", "5676", "%E5%B1%B1", "山田", "ABCDE", "notice"):
        assert not [line for line in lines if needle in line], needle


def test_query_strings_and_my_numbers_are_cut_from_single_values():
    assert without_query("https://kofu.example.jp/cards/?q=1#x") == "https://kofu.example.jp/cards/"
    assert mask_my_numbers("Not Found: /cards/7000.1234.5676") == "Not Found: /cards/****.****.****"
    assert mask_my_numbers("GET /stats/2022-01-01") == "GET /stats/2022-01-01"
