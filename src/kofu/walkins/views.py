"""Walk-in pages: the window staff's queue (issue, call, finish), the hall's call display, figures."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kofu.accounts.access import NotFound
from kofu.accounts.permissions import AccessRequest, access
from kofu.bookings.access import access_site
from kofu.bookings.models import Site
from kofu.walkins import selectors, services

#: The hall screen reloads itself this often (seconds).
DISPLAY_REFRESH = 5


def _date(text: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return default


@access("municipality_staff")
@require_http_methods(["GET", "POST"])
def queue(request: AccessRequest, site_id: int) -> HttpResponse:
    viewer = request.viewer
    site = access_site(viewer, site_id)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "issue":
                ticket = services.ticket_issue(site_id=site.pk, actor=viewer)
                messages.success(request, f"受付番号 {ticket.number} 番を発券しました。")
            elif action == "call":
                called = services.ticket_call_next(
                    window_id=int(request.POST.get("window", "0")), actor=viewer
                )
                messages.success(
                    request,
                    f"{called.number}番を{called.window.name if called.window else ''}へ呼び出しました。"
                    if called
                    else "お待ちの方はいません。",
                )
            elif action in {"served", "left"}:
                services.ticket_finish(
                    ticket_id=int(request.POST.get("ticket", "0")), actor=viewer, served=action == "served"
                )
                messages.success(
                    request, "対応を終了しました。" if action == "served" else "不在にしました。"
                )
        except (NotFound, ValueError) as exc:
            messages.error(
                request, str(exc) if isinstance(exc, services.TicketError) else "窓口が見つかりません。"
            )
        return redirect("walkins:queue", site_id=site.pk)
    return render(
        request,
        "walkins/queue.html",
        {"site": site, "queue": selectors.queue(site, timezone.localdate()), "today": timezone.localdate()},
    )


@access("public")
@never_cache
@require_http_methods(["GET"])
def display(request: AccessRequest, site_id: int) -> HttpResponse:
    """The hall screen: large type, reloading itself; ticket numbers and windows only (no names)."""
    site = Site.objects.filter(pk=site_id, active=True).first()
    if site is None:
        raise Http404("会場が見つかりません")
    return render(
        request,
        "walkins/display.html",
        {"site": site, "queue": selectors.queue(site, timezone.localdate()), "refresh": DISPLAY_REFRESH},
    )


@access("municipality_staff")
@require_http_methods(["GET"])
def figures(request: AccessRequest, site_id: int) -> HttpResponse:
    site = access_site(request.viewer, site_id)
    today = timezone.localdate()
    last = _date(request.GET.get("until"), today)
    first = _date(request.GET.get("from"), last - dt.timedelta(days=27))
    if first > last:
        first, last = last, first
    observed = selectors.observed_per_window_daily(site.municipality, first, last)
    return render(
        request,
        "walkins/figures.html",
        {
            "site": site,
            "first": first,
            "last": last,
            "rows": selectors.figures(site, first, last),
            "observed": observed,
        },
    )
