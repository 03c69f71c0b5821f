"""Log in and out (Django's auth views with kofu's templates and access rules)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kofu.accounts.permissions import RULE_LABELS, access

login = access("public")(auth_views.LoginView.as_view(template_name="accounts/login.html"))
logout = access("public")(auth_views.LogoutView.as_view())


@access("staff")
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in staff member's organisation, role and what each rule admits."""
    return render(request, "accounts/me.html", {"viewer": request.viewer, "rules": RULE_LABELS})  # type: ignore[attr-defined]
