"""The single permission table: every view declares one rule (:func:`access`).

A view is wrapped with :func:`access`; the URL test walks every route and fails on a view that
declares no rule. The rule admits roles; which objects an admitted actor may see is decided by the
access functions (``kofu.accounts.access`` and each app's ``access`` module), which answer 404 for
objects outside the actor's jurisdiction, the same as for missing ones.

:func:`access` puts the actor on the request (:class:`AccessRequest`, ``request.viewer``): the
signed-in staff member or anonymous visitor (:func:`kofu.accounts.roles.viewer_of`), or — on pages
under the ``resident`` rule — the resident identified in the session.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from kofu.accounts.access import can_edit_municipality
from kofu.accounts.roles import ANONYMOUS, STAFF_ROLES, Actor, Role, resident_of_session, viewer_of

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

STAFF = STAFF_ROLES

#: rule → roles allowed. "public" admits everyone; the others need a logged-in account.
RULES: dict[str, frozenset[Role]] = {
    "public": frozenset(Role),
    "staff": STAFF,
    "municipality_staff": frozenset({Role.MUNICIPALITY}),
    "prefecture_staff": frozenset({Role.PREFECTURE}),
    "ministry_staff": frozenset({Role.MINISTRY}),
    "prefecture_or_ministry": frozenset({Role.PREFECTURE, Role.MINISTRY}),
    "municipality_or_prefecture": frozenset({Role.MUNICIPALITY, Role.PREFECTURE}),
    "resident": frozenset({Role.RESIDENT}),
    "organisation_admin": STAFF,
    "supervising_admin": frozenset({Role.PREFECTURE, Role.MINISTRY}),
    "municipality_admin": frozenset({Role.MUNICIPALITY}),
}

#: Rules that also need the organisation-administrator flag (``StaffMembership.is_admin``).
ADMIN_RULES = frozenset({"organisation_admin", "supervising_admin", "municipality_admin"})

RULE_LABELS = {
    "public": "誰でも（公開の統計）",
    "staff": "職員（市区町村・都道府県・総務省）",
    "municipality_staff": "市区町村職員（自団体のみ）",
    "prefecture_staff": "都道府県職員（管内のみ）",
    "ministry_staff": "総務省職員（集計値のみ）",
    "prefecture_or_ministry": "都道府県職員（管内）・総務省職員",
    "municipality_or_prefecture": "市区町村職員（自団体）・都道府県職員（管内）",
    "resident": "住民（本人の記録のみ）",
    "organisation_admin": "組織の管理者（自組織の職員アカウントの管理）",
    "supervising_admin": "総務省・都道府県の管理者（管下の組織の最初の管理者の作成）",
    "municipality_admin": "市区町村の管理者（自団体の送信メールなど）",
}


#: Shown to a visitor sent from a resident page to identify themselves first.
RESIDENT_LOGIN_PROMPT = "交付通知書番号と生年月日を入力してください。"


class AccessRequest(HttpRequest):
    """A request that passed :func:`access`: ``viewer`` is who is acting (the one way to get it)."""

    viewer: Actor


def allowed(rule: str, actor: Actor) -> bool:
    return actor.role in RULES[rule] and (rule not in ADMIN_RULES or actor.is_org_admin)


def actor_of(request: HttpRequest, rule: str) -> Actor:
    """Who acts on a page of ``rule``: the session's resident under ``resident``, else the user."""
    if rule == "resident":
        return resident_of_session(request.session) or ANONYMOUS
    return viewer_of(request.user)


def access(rule: str) -> Callable[[View], View]:
    """Declare and enforce a view's access rule. Anonymous users are sent to log in (to identify
    themselves, on resident pages); an actor the rule does not admit gets 404."""
    if rule not in RULES:
        raise ValueError(f"unknown access rule {rule!r}")

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            actor = actor_of(request, rule)
            cast(AccessRequest, request).viewer = actor
            if allowed(rule, actor):
                return view(request, *args, **kwargs)
            if rule == "resident":
                messages.info(request, RESIDENT_LOGIN_PROMPT)
                return redirect(settings.KOFU_RESIDENT_LOGIN_URL)
            if actor.role is Role.ANONYMOUS and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            raise Http404("ページが見つかりません")

        # A marker on the function for the URL walk (functions carry no declared attributes).
        wrapped.access_rule = rule  # type: ignore[attr-defined]
        return cast(View, wrapped)

    return decorate


#: Called as ``hook(request, response)`` after every view marked :func:`personal_data` (the
#: resident-record access log of :mod:`kofu.cards.access_log` registers itself here). A hook that
#: raises fails the request: a page whose access cannot be logged is not shown.
PERSONAL_DATA_HOOKS: list[Callable[[AccessRequest, HttpResponseBase], None]] = []


def personal_data(view: View) -> View:
    """Mark a view that shows personal data: ``Cache-Control: no-store`` and the access-log hooks.

    Use under :func:`access` (``@access("rule")`` then ``@personal_data``). Such pages must never
    carry names, birth dates or notice numbers in their URL (a URLconf test checks the parameters).
    """
    cached = never_cache(view)

    @functools.wraps(view)
    def wrapped(request: AccessRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = cached(request, *args, **kwargs)
        for hook in PERSONAL_DATA_HOOKS:
            hook(request, response)
        return response

    # A marker on the function for the URLconf test (functions carry no declared attributes).
    wrapped.personal_data = True  # type: ignore[attr-defined]
    return cast(View, wrapped)


#: The permission to export residents' personal data (持ち出し, SECURITY.md 23).
EXPORT_RESIDENT_PII = "export_resident_pii"
EXPORT_RESIDENT_PII_LABEL = "住民の個人情報の出力（持ち出し）"


def can_export_resident_pii(actor: Actor, municipality_id: int) -> bool:
    """Own municipality's staff whose administrator granted ``export_resident_pii`` (and the
    operator's commands, ``kofu cards renewals --purpose …``).

    Roles outside ``municipality_staff`` never reach an export (404 from the rule); staff of the
    municipality without the grant get 403 and a message naming the permission.
    """
    if actor.role is Role.SYSTEM:
        return True
    return can_edit_municipality(actor, municipality_id) and actor.export_resident_pii
