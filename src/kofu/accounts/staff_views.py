"""Staff-account administration pages (``/accounts/staff/…``) and the one-time set-password link.

An organisation's administrator manages the accounts of their own organisation; a ministry or
prefecture administrator also creates the first administrator of an organisation below. Every
write goes through :mod:`kofu.accounts.services`; another organisation's account answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods
from django.views.generic.edit import FormView

from kofu.accounts import grants, selectors, services
from kofu.accounts.access import NotFound, access_staff_account
from kofu.accounts.forms import (
    FirstAdminForm,
    StaffCreateForm,
    StaffFilterForm,
    StaffRenameForm,
    add_service_errors,
)
from kofu.accounts.models import Organisation, StaffMembership
from kofu.accounts.permissions import AccessRequest, access, personal_data
from kofu.accounts.roles import Actor, Role
from kofu.core.listing import Listing, list_page

#: Actions that end the account's sessions (on one's own account: log out at once).
ENDS_SESSIONS = {"disable", "reset_second_factor", "password_link"}
#: POSTed ``action`` on an account's page → the message on success.
ACTIONS = {
    "disable": "を無効にしました（ログイン中の画面も使えなくなりました）",
    "enable": "を有効に戻しました",
    "grant_admin": "を組織の管理者にしました",
    "revoke_admin": "の管理者の権限を外しました",
    "reset_second_factor": "の二要素認証をリセットしました（本人が設定し直せます）",
    "grant_export": "に住民の個人情報の出力（持ち出し）の権限を付与しました",
    "withdraw_export": "の住民の個人情報の出力（持ち出し）の権限を取り消しました",
    "rename": "の表示名を変更しました",
}


def _link_page(
    request: HttpRequest, membership: StaffMembership, path: str, *, created: bool
) -> HttpResponse:
    """Show the one-time set-password link once (it is never stored or shown again)."""
    context = {
        "membership": membership,
        "link": request.build_absolute_uri(path),
        "created": created,
        "hours": services.link_valid_hours(),
    }
    return render(request, "accounts/staff_link.html", context)


@access("organisation_admin")
@personal_data
def staff_list(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    form = StaffFilterForm(request.GET or None)
    listing: Listing[StaffMembership] = list_page(request, selectors.staff_accounts(viewer, **form.filters()))
    context = {
        "viewer": viewer,
        "form": form,
        "listing": listing,
        "rows": selectors.staff_rows(listing.rows),
        "supervises": viewer.role in {Role.MINISTRY, Role.PREFECTURE},
    }
    return render(request, "accounts/staff_list.html", context)


@access("organisation_admin")
@personal_data
@require_http_methods(["GET", "POST"])
def staff_new(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    organisation = viewer.organisation
    if organisation is None:  # the rule admits staff only, who all have one
        raise NotFound("組織が見つかりません")
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.staff_create(
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
                is_admin=form.cleaned_data["is_admin"],
                organisation=organisation,
                actor=viewer,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            path = services.set_password_link_path(membership.user)
            return _link_page(request, membership, path, created=True)
    status = 400 if form.errors else 200
    context = {"form": form, "viewer": viewer, "title": "職員アカウントの追加"}
    return render(request, "accounts/staff_form.html", context, status=status)


@access("organisation_admin")
@personal_data
@require_http_methods(["GET", "POST"])
def staff_detail(request: AccessRequest, user_id: int) -> HttpResponse:
    viewer = request.viewer
    membership = access_staff_account(viewer, user_id)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        is_self = membership.user_id == viewer.user_id
        try:
            if action == "password_link":
                path = services.staff_password_reset(membership=membership, actor=viewer)
            elif action in ACTIONS:
                _apply(action, membership, viewer, request.POST)
            else:
                raise ValidationError("操作を選び直してください。")
        except (ValidationError, PermissionDenied) as exc:
            error = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        else:
            if is_self and action in ENDS_SESSIONS:
                logout(request)  # the service ended this session too; start a clean one
            if action == "password_link":
                return _link_page(request, membership, path, created=False)
            if is_self and action in ENDS_SESSIONS:
                return redirect("accounts:login")
            messages.success(request, f"「{membership.user.get_username()}」{ACTIONS[action]}。")
            return redirect("accounts:staff_detail", user_id=membership.user_id)
    membership = access_staff_account(viewer, user_id)
    context = {
        "membership": membership,
        "account": membership.user,
        "has_second_factor": selectors.has_second_factor(membership),
        "is_self": membership.user_id == viewer.user_id,
        "may_hold_export": membership.organisation.kind == Organisation.Kind.MUNICIPALITY,
        "error": error,
    }
    return render(request, "accounts/staff_detail.html", context, status=400 if error else 200)


def _apply(action: str, membership: StaffMembership, viewer: Actor, posted: QueryDict) -> None:
    if action == "rename":
        form = StaffRenameForm(posted)
        if not form.is_valid():
            raise ValidationError(next(iter(form.errors.values()))[0])
        services.staff_set_display_name(
            membership=membership, display_name=form.cleaned_data["display_name"], actor=viewer
        )
    elif action == "disable":
        services.staff_deactivate(membership=membership, actor=viewer)
    elif action == "enable":
        services.staff_reactivate(membership=membership, actor=viewer)
    elif action in {"grant_admin", "revoke_admin"}:
        services.staff_set_admin(membership=membership, is_admin=action == "grant_admin", actor=viewer)
    elif action in {"grant_export", "withdraw_export"}:
        grants.export_permission_set(
            username=membership.user.get_username(), allowed=action == "grant_export", actor=viewer
        )
    else:
        services.staff_second_factor_reset(membership=membership, actor=viewer)


@access("supervising_admin")
@personal_data
@require_http_methods(["GET", "POST"])
def first_admin(request: AccessRequest) -> HttpResponse:
    """A ministry or prefecture administrator creates the first administrator of an organisation."""
    viewer = request.viewer
    form = FirstAdminForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.first_admin_create(
                code=form.cleaned_data["code"],
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
                actor=viewer,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            path = services.set_password_link_path(membership.user)
            return _link_page(request, membership, path, created=True)
    status = 400 if form.errors else 200
    context = {"form": form, "viewer": viewer, "title": "管下の組織の最初の管理者の作成"}
    return render(request, "accounts/staff_form.html", context, status=status)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The holder of a new (or reset) account sets its password through the one-time link."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:set_password_done")

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        if user is None or not user.is_active or not hasattr(user, "membership"):
            return None
        return user

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        services.staff_password_set(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return FormView.form_valid(self, form)


_set_password = SetPasswordView.as_view()


@access("public")
def set_password(request: AccessRequest, uidb64: str, token: str) -> HttpResponseBase:
    """The one-time link's page (:class:`SetPasswordView`)."""
    return _set_password(request, uidb64=uidb64, token=token)


@access("public")
def set_password_done(request: AccessRequest) -> HttpResponse:
    return render(request, "accounts/set_password_done.html")
