"""Error pages reveal nothing: no traceback, settings, paths or URL list with DEBUG off."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import include, path


def crash(request):
    raise RuntimeError("secret-internal-detail /srv/kofu/settings.py SECRET_KEY")


urlpatterns = [path("crash/", crash), path("", include("kofu.urls"))]

LEAKS = ["Traceback", "RuntimeError", "secret-internal-detail", "SECRET_KEY", "settings.py", "urlpatterns"]


@pytest.fixture
def crashing_site(settings, registry):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def test_a_server_error_shows_the_plain_japanese_page_only(crashing_site):
    response = Client(raise_request_exception=False).get("/crash/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "エラーが発生しました" in body
    assert [leak for leak in LEAKS if leak in body] == []


def test_a_missing_page_lists_no_urls_and_echoes_nothing_internal(crashing_site, client):
    response = client.get("/no-such-page-xyz/")
    body = response.content.decode()
    assert response.status_code == 404
    assert [leak for leak in LEAKS if leak in body] == []
    assert "accounts/login/code/" not in body
