"""Staff pages: sites, the day sheet (check-in, no-show, walk-in/phone bookings), closures."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kofu.accounts.access import NotFound
from kofu.accounts.permissions import AccessRequest, access, personal_data
from kofu.bookings import selectors, services
from kofu.bookings.access import access_booking, access_site
from kofu.bookings.forms import ClosureForm, StaffBookingForm
from kofu.bookings.list_forms import ClosureFilterForm, SiteFilterForm
from kofu.bookings.models import Booking, Closure, Site
from kofu.bookings.residents import normalise_notice_number
from kofu.bookings.services.schedule import closure_add
from kofu.bookings.week import week_of, week_summary
from kofu.cards.access_log import records_shown
from kofu.cards.models import ResidentAccess
from kofu.core.listing import Listing, list_page
from kofu.outbox.selectors import delivery_summary

#: The day sheet's buttons that change a booking (each shows the resident's record).
OUTCOME_ACTIONS = frozenset({"check_in", "no_show", "excused", "cancel", "office_cancel"})


def _mail_note(bookings: list[Booking], kind: str) -> str:
    """What became of the residents' e-mails the service queued (sent, waiting, failed)."""
    summary = delivery_summary("booking", [b.pk for b in bookings], f"booking.{kind}")
    return f"住民への{summary}。" if summary else ""


@access("municipality_staff")
@require_http_methods(["GET"])
def sites(request: AccessRequest) -> HttpResponse:
    form = SiteFilterForm(request.GET or None)
    listing: Listing[Site] = list_page(request, selectors.site_rows(request.viewer, **form.filters()))
    context = {"form": form, "listing": listing, "sites": listing.rows}
    return render(request, "bookings/staff_sites.html", context, status=400 if form.errors else 200)


def _day(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()


def _week(site: Site, day: dt.date) -> dict[str, object]:
    """The week view beside the day: its seven days and the weeks before and after."""
    monday = week_of(day)
    return {
        "week": week_summary(site, monday),
        "previous_week": monday - dt.timedelta(days=7),
        "next_week": monday + dt.timedelta(days=7),
    }


@access("municipality_staff")
@personal_data
@require_http_methods(["GET", "POST"])
def day_sheet(request: AccessRequest, site_id: int) -> HttpResponse:
    viewer = request.viewer
    site = access_site(viewer, site_id)
    day = _day(request)
    form = StaffBookingForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "book":
                form = StaffBookingForm(request.POST)
                if form.is_valid():
                    number = normalise_notice_number(form.cleaned_data["notice_number"])
                    card = selectors.staff_card_by_number(viewer, site, number)
                    if card is None:
                        form.add_error("notice_number", "この交付通知書番号のカードがありません。")
                    else:
                        services.bookings_create(
                            cards=[card],
                            slot_id=form.cleaned_data["slot"],
                            channel=form.cleaned_data["channel"],
                            actor=viewer,
                        )
                        records_shown(request, [card], action=ResidentAccess.Action.UPDATE)
                        messages.success(request, "予約を登録しました。")
                        return redirect(f"{reverse('bookings:day', args=[site.pk])}?date={day:%Y-%m-%d}")
            elif action == "close_window":
                moved, cancelled = services.window_close_day(site_id=site.pk, day=day, actor=viewer)
                messages.success(
                    request,
                    f"窓口を1つ閉じました。予約 {len(moved)} 件を後の時間帯へ移し、{len(cancelled)} 件を取り消しました。"
                    + _mail_note(moved, "change")
                    + _mail_note(cancelled, "closure"),
                )
                return redirect(f"{reverse('bookings:day', args=[site.pk])}?date={day:%Y-%m-%d}")
            else:
                booking = access_booking(viewer, int(request.POST.get("booking", "0")), site=site)
                if action == "check_in":
                    window = request.POST.get("window") or None
                    services.booking_check_in(
                        booking_id=booking.pk, actor=viewer, window_id=int(window) if window else None
                    )
                    messages.success(request, "受付しました。")
                elif action == "no_show":
                    services.booking_no_show(booking_id=booking.pk, actor=viewer)
                    messages.success(request, "来庁なしにしました（枠を空けました）。")
                elif action == "excused":
                    services.booking_excuse(booking_id=booking.pk, actor=viewer)
                    messages.success(request, "欠席の連絡ありにしました（枠を空けました）。")
                elif action == "cancel":
                    services.booking_cancel(booking_id=booking.pk, actor=viewer, reason="窓口で取消")
                    messages.success(request, "取り消しました。" + _mail_note([booking], "cancel"))
                elif action == "office_cancel":
                    services.booking_office_cancel(booking_id=booking.pk, actor=viewer)
                    messages.success(
                        request, "市区町村の都合で取り消しました。" + _mail_note([booking], "cancel")
                    )
                if action in OUTCOME_ACTIONS:
                    records_shown(request, [booking.card_id], action=ResidentAccess.Action.UPDATE)
                return redirect(f"{reverse('bookings:day', args=[site.pk])}?date={day:%Y-%m-%d}")
        except (NotFound, ValueError):
            messages.error(request, "予約が見つかりません。")
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    sheet = selectors.day_sheet(site, day)
    records_shown(request, [b.card_id for _, bookings in sheet for b in bookings])
    return render(
        request,
        "bookings/day_sheet.html",
        {
            "site": site,
            "day": day,
            "sheet": sheet,
            "form": form,
            "windows": selectors.active_windows(site),
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            **_week(site, day),
        },
    )


@access("municipality_staff")
@require_http_methods(["GET", "POST"])
def closures(request: AccessRequest, site_id: int) -> HttpResponse:
    viewer = request.viewer
    site = access_site(viewer, site_id)
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, cancelled = closure_add(
                municipality=site.municipality,
                site=None if data["whole_municipality"] else site,
                start=data["start"],
                end=data["end"],
                reason=data["reason"],
                actor=viewer,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request,
                f"休業日を登録しました。予約 {len(cancelled)} 件を取り消しました。"
                + _mail_note(cancelled, "closure"),
            )
            return redirect("bookings:closures", site_id=site.pk)
    filters = ClosureFilterForm(request.GET or None)
    listing: Listing[Closure] = list_page(
        request, selectors.closure_rows(site, today=timezone.localdate(), **filters.filters())
    )
    context = {"site": site, "form": form, "filters": filters, "listing": listing, "closures": listing.rows}
    return render(request, "bookings/closures.html", context, status=400 if filters.errors else 200)
