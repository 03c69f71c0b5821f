"""Log in (throttled, with the TOTP second factor when enrolled) and out; the user's own page."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from kofu.accounts import mfa, throttle
from kofu.accounts.access import NotFound
from kofu.accounts.forms import LoginForm, TokenForm
from kofu.accounts.permissions import RULE_LABELS, AccessRequest, access, personal_data
from kofu.core.worklist import tasks_for

#: How long a password-checked login may wait for its token (seconds).
PENDING_SECONDS = 300
_PENDING = "kofu_mfa_pending"


def _locked_response(request: HttpRequest, form: AuthenticationForm) -> HttpResponse:
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked": True, "lockout_message": throttle.LOCKED_OUT},
        status=429,
    )


@method_decorator(never_cache, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")
        if throttle.is_locked(request, username):
            return _locked_response(request, self.get_form())
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        if throttle.record_failure(self.request, self.request.POST.get("username", "")):
            return _locked_response(self.request, form)
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        throttle.record_success(self.request, user.get_username())
        if mfa.has_second_factor(user.pk):
            self.request.session[_PENDING] = {
                "user": user.pk,
                "at": time.time(),
                "next": self.get_success_url(),
            }
            return redirect("accounts:mfa_verify")
        return super().form_valid(form)


_login = LoginView.as_view()
_logout = auth_views.LogoutView.as_view()


@access("public")
def login(request: AccessRequest) -> HttpResponseBase:
    """Django's login page with the throttle and the second factor (:class:`LoginView`)."""
    return _login(request)


@access("public")
def logout(request: AccessRequest) -> HttpResponseBase:
    """Django's logout (POST)."""
    return _logout(request)


def _pending_user(request: AccessRequest) -> tuple[User, str] | None:
    pending = request.session.get(_PENDING)
    if not pending or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is None:
        return None
    return user, str(pending.get("next") or "")


@access("public")
@never_cache
def mfa_verify(request: AccessRequest) -> HttpResponse:
    """Second step of a staff login: the 6-digit code from the authenticator app."""
    pending = _pending_user(request)
    if pending is None:
        request.session.pop(_PENDING, None)
        return redirect("accounts:login")
    user, next_url = pending
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        if throttle.is_locked(request, user.get_username()):
            return render(request, "accounts/mfa_verify.html", {"form": form, "locked": True}, status=429)
        device = mfa.confirmed_device(user.pk)
        token = mfa.normalise_token(request.POST.get("token", ""))
        if form.is_valid() and device is not None and device.verify_token(token):
            throttle.record_success(request, user.get_username())
            request.session.pop(_PENDING, None)
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                next_url = ""
            return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        locked = throttle.record_failure(request, user.get_username())
        form.add_error(
            "token", "確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。"
        )
        status = 429 if locked else 200
        return render(request, "accounts/mfa_verify.html", {"form": form, "locked": locked}, status=status)
    return render(request, "accounts/mfa_verify.html", {"form": form})


@access("staff")
@personal_data
def mfa_enrol(request: AccessRequest) -> HttpResponse:
    """Enrol a TOTP authenticator: scan the QR code (inline SVG), then confirm with one code."""
    viewer = request.viewer
    if viewer.user_id is None:  # the staff rule admits signed-in accounts only
        raise NotFound("アカウントが見つかりません")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.mfa_enrol_confirm(request=request, token=form.cleaned_data["token"], actor=viewer):
            return redirect(resolve_url(settings.LOGIN_REDIRECT_URL) + "?mfa=enrolled")
        form.add_error(
            "token", "確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。"
        )
    device = mfa.pending_device(viewer.user_id)
    context = {
        "form": form,
        "qr": mfa.qr_svg(device.config_url),
        "secret": mfa.secret_for_display(device),
        "enrolled": mfa.has_second_factor(viewer.user_id),
        "required": mfa.mfa_required(),
    }
    return render(request, "accounts/mfa_enrol.html", context)


@access("staff")
@never_cache
def me(request: AccessRequest) -> HttpResponse:
    """The staff home page: the work queue (``#todo``), then the organisation, role and menu."""
    context = {
        "viewer": request.viewer,
        "tasks": tasks_for(request.viewer, timezone.localdate()),
        "rules": RULE_LABELS,
        "has_second_factor": mfa.has_second_factor(request.viewer.user_id),
        "just_enrolled": request.GET.get("mfa") == "enrolled",
    }
    return render(request, "accounts/me.html", context)
