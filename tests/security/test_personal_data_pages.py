"""Pages with personal data: ``@personal_data`` sends no-store and calls the access-log hooks."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory

from kofu.accounts import permissions
from kofu.accounts.permissions import access, personal_data


def test_a_personal_data_view_sends_no_store_and_calls_every_hook(monkeypatch, db):
    seen = []
    monkeypatch.setattr(permissions, "PERSONAL_DATA_HOOKS", [lambda request, response: seen.append(response)])

    @access("public")
    @personal_data
    def page(request):
        return HttpResponse("山田 太郎")

    request = RequestFactory().get("/x/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = page(request)
    assert "no-store" in response["Cache-Control"]
    assert seen == [response]
    assert page.access_rule == "public" and page.personal_data is True


def test_the_second_factor_enrolment_page_is_marked_personal(personas, client):
    client.force_login(personas["municipality"])
    assert "no-store" in client.get("/accounts/me/second-factor/")["Cache-Control"]


def test_login_and_code_pages_are_not_cached(client, registry):
    assert "no-store" in client.get("/accounts/login/")["Cache-Control"]
