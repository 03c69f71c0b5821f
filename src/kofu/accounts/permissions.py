"""The single permission table: every view declares one rule; scope checks live here too.

A view is wrapped with :func:`access`; the URL test walks every route and fails on a view that
declares no rule. Objects outside the viewer's jurisdiction answer 404, the same as missing ones.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from kofu.accounts.roles import Role, Viewer, viewer_of
from kofu.registry.models import Municipality, Prefecture

View = TypeVar("View", bound=Callable[..., HttpResponse])

STAFF = frozenset({Role.MUNICIPALITY, Role.PREFECTURE, Role.MINISTRY})

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


def allowed(rule: str, viewer: Viewer) -> bool:
    return viewer.role in RULES[rule] and (rule not in ADMIN_RULES or viewer.is_org_admin)


def access(rule: str) -> Callable[[View], View]:
    """Declare and enforce a view's access rule; anonymous users are sent to log in."""
    if rule not in RULES:
        raise ValueError(f"unknown access rule {rule!r}")

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            viewer = viewer_of(request.user)
            request.viewer = viewer  # type: ignore[attr-defined]
            if allowed(rule, viewer):
                return view(request, *args, **kwargs)
            if viewer.role is Role.ANONYMOUS and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            raise Http404("ページが見つかりません")

        wrapped.access_rule = rule  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


#: Called as ``hook(request, response)`` after every view marked :func:`personal_data` (the
#: resident-record access log of :mod:`kofu.cards.access_log` registers itself here). A hook that
#: raises fails the request: a page whose access cannot be logged is not shown.
PERSONAL_DATA_HOOKS: list[Callable[[HttpRequest, HttpResponse], None]] = []


def personal_data(view: View) -> View:
    """Mark a view that shows personal data: ``Cache-Control: no-store`` and the access-log hooks.

    Use under :func:`access` (``@access("rule")`` then ``@personal_data``). Such pages must never
    carry names, birth dates or notice numbers in their URL (a URLconf test checks the parameters).
    """
    cached = never_cache(view)

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = cached(request, *args, **kwargs)
        for hook in PERSONAL_DATA_HOOKS:
            hook(request, response)
        return response

    wrapped.personal_data = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


def municipalities_in_scope(viewer: Viewer) -> QuerySet[Municipality]:
    """Municipalities whose records the viewer may see (ministry: all, for aggregates)."""
    queryset = Municipality.objects.select_related("prefecture")
    if viewer.role is Role.MINISTRY:
        return queryset.all()
    if viewer.role is Role.PREFECTURE:
        return queryset.filter(prefecture_id=viewer.prefecture_id)
    if viewer.role is Role.MUNICIPALITY:
        return queryset.filter(pk=viewer.municipality_id)
    return queryset.none()


def prefectures_in_scope(viewer: Viewer) -> QuerySet[Prefecture]:
    if viewer.role is Role.MINISTRY:
        return Prefecture.objects.all()
    if viewer.role in {Role.PREFECTURE, Role.MUNICIPALITY}:
        return Prefecture.objects.filter(pk=viewer.prefecture_id)
    return Prefecture.objects.none()


def municipality_or_404(viewer: Viewer, code: str) -> Municipality:
    """The municipality with ``code`` if it is in the viewer's scope; else 404 (missing or not yours)."""
    municipality = municipalities_in_scope(viewer).filter(code=code).first()
    if municipality is None:
        raise Http404("市区町村が見つかりません")
    return municipality


def prefecture_or_404(viewer: Viewer, code: str) -> Prefecture:
    prefecture = prefectures_in_scope(viewer).filter(code=code).first()
    if prefecture is None:
        raise Http404("都道府県が見つかりません")
    return prefecture


def can_edit_municipality(viewer: Viewer, municipality: Municipality) -> bool:
    """Only the municipality's own staff edit its records (plans, reports, claims)."""
    return viewer.role is Role.MUNICIPALITY and viewer.municipality_id == municipality.pk


#: The permission to export residents' personal data (持ち出し, SECURITY.md 23).
EXPORT_RESIDENT_PII = "export_resident_pii"
EXPORT_RESIDENT_PII_LABEL = "住民の個人情報の出力（持ち出し）"


def can_export_resident_pii(viewer: Viewer, municipality: Municipality) -> bool:
    """Own municipality's staff whose administrator granted ``export_resident_pii``.

    Roles outside ``municipality_staff`` never reach an export (404 from the rule); staff of the
    municipality without the grant get 403 and a message naming the permission.
    """
    return can_edit_municipality(viewer, municipality) and viewer.export_resident_pii
