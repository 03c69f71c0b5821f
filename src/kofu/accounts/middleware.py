"""Second factor for staff: a session without it may not reach staff pages.

* A staff member who has enrolled a TOTP device but whose session was not verified with a token
  (e.g. a session from before enrolment) is logged out and sent to the login page.
* With ``KOFU_REQUIRE_STAFF_MFA`` on, a staff member without a device is sent to enrolment first.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from kofu.accounts.mfa import has_second_factor, mfa_required


def _exempt_paths() -> tuple[str, ...]:
    return (
        reverse("accounts:login"),
        reverse("accounts:logout"),
        reverse("accounts:mfa_verify"),
        reverse("accounts:mfa_enrol"),
        settings.STATIC_URL,
    )


class StaffSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and hasattr(user, "membership")
            # django-otp's OTPMiddleware (before this one) adds is_verified to request.user.
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(_exempt_paths())
        ):
            if has_second_factor(user.pk):
                logout(request)
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if mfa_required():
                return redirect("accounts:mfa_enrol")
        return self.get_response(request)
