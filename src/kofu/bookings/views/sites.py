"""Staff administration pages: sites, windows, opening rules, slot generation and slot capacity.

Municipal staff only, their own municipality only (another's site answers 404). Every write goes
through ``kofu.bookings.services.sites`` / ``schedule`` / ``services`` — the functions ``kofu bookings``
calls — which check the jurisdiction again and write the audit event.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kofu.accounts.access import NotFound, own_municipality
from kofu.accounts.permissions import AccessRequest, access
from kofu.bookings import selectors, services
from kofu.bookings.access import access_opening_rule, access_site, access_slot, access_window
from kofu.bookings.models import Site, Slot, Window
from kofu.bookings.services import schedule, sites
from kofu.bookings.site_forms import CapacityForm, GenerateForm, RuleForm, SiteForm, WindowForm, day_of


def _show(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form (by field where the form has the field)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


NEW_SITE = {
    "kind": Site.Kind.TOWN_HALL,
    "service_minutes": 15,
    "people_per_window": 2,
    "web_percent": 60,
    "phone_percent": 20,
    "year_end_closed": True,
    "active": True,
    "windows": 1,
}


@access("municipality_staff")
@require_http_methods(["GET", "POST"])
def site_new(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    municipality = own_municipality(viewer)
    form = SiteForm(request.POST or None, new=True, initial=NEW_SITE)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        windows = data.pop("windows")
        try:
            site = sites.site_create(municipality=municipality, actor=viewer, windows=windows, **data)
        except ValidationError as exc:
            _show(form, exc)
        else:
            messages.success(
                request, f"会場「{site.name}」を登録しました。続けて開庁時間を登録してください。"
            )
            return redirect("bookings:rules", site_id=site.pk)
    return render(
        request, "bookings/site_form.html", {"form": form, "site": None, "municipality": municipality}
    )


@access("municipality_staff")
@require_http_methods(["GET", "POST"])
def site_edit(request: AccessRequest, site_id: int) -> HttpResponse:
    viewer = request.viewer
    site = access_site(viewer, site_id)
    form = SiteForm(request.POST or None, initial=SiteForm.initial_of(site))
    if request.method == "POST" and form.is_valid():
        try:
            site = sites.site_update(site_id=site.pk, actor=viewer, **form.cleaned_data)
        except ValidationError as exc:
            _show(form, exc)
        else:
            messages.success(
                request, f"会場「{site.name}」の設定を保存しました（作成済みの予約枠は変わりません）。"
            )
            return redirect("bookings:site_edit", site_id=site.pk)
    return render(
        request, "bookings/site_form.html", {"form": form, "site": site, "municipality": site.municipality}
    )


def _window(site: Site, request: AccessRequest) -> Window:
    try:
        return access_window(request.viewer, int(request.POST.get("window", "")), site=site)
    except ValueError as exc:
        raise NotFound("窓口が見つかりません") from exc


@access("municipality_staff")
@require_http_methods(["GET", "POST"])
def windows(request: AccessRequest, site_id: int) -> HttpResponse:
    viewer = request.viewer
    site = access_site(viewer, site_id)
    form = WindowForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                form = WindowForm(request.POST)
                if form.is_valid():
                    window = sites.window_add(site=site, name=form.cleaned_data["name"], actor=viewer)
                    messages.success(request, f"「{window.name}」を追加しました。")
                    return redirect("bookings:windows", site_id=site.pk)
            elif action == "rename":
                rename = WindowForm(request.POST)
                window = _window(site, request)
                if rename.is_valid():
                    window = sites.window_rename(
                        window_id=window.pk, name=rename.cleaned_data["name"], actor=viewer
                    )
                    messages.success(request, f"窓口名を「{window.name}」にしました。")
                    return redirect("bookings:windows", site_id=site.pk)
                messages.error(request, f"窓口名: {rename.errors['name'][0]}")
            elif action in ("deactivate", "activate"):
                window = sites.window_set_active(
                    window_id=_window(site, request).pk, active=action == "activate", actor=viewer
                )
                state = "再開しました" if window.active else "止めました"
                messages.success(request, f"「{window.name}」の使用を{state}。")
                return redirect("bookings:windows", site_id=site.pk)
        except ValidationError as exc:
            if action == "add":
                _show(form, exc)
            else:
                messages.error(request, ("窓口名: " if action == "rename" else "") + exc.messages[0])
    return render(
        request,
        "bookings/windows.html",
        {"site": site, "form": form, "windows": site.windows.all(), "needed": sites.windows_needed(site)},
    )


@access("municipality_staff")
@require_http_methods(["GET", "POST"])
def rules(request: AccessRequest, site_id: int) -> HttpResponse:
    viewer = request.viewer
    site = access_site(viewer, site_id)
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = schedule.opening_rule_add(site=site, actor=viewer, **form.rule_fields())
        except ValidationError as exc:
            _show(form, exc)
        else:
            messages.success(request, f"開庁時間{selectors.rule_text(rule)}を登録しました。")
            return redirect("bookings:rules", site_id=site.pk)
    return render(
        request,
        "bookings/rules.html",
        {
            "site": site,
            "form": form,
            "rules": selectors.rules_of(site),
            "in_use": site.windows.filter(active=True).count(),
        },
    )


@access("municipality_staff")
@require_http_methods(["GET", "POST"])
def rule_edit(request: AccessRequest, site_id: int, rule_id: int) -> HttpResponse:
    viewer = request.viewer
    site = access_site(viewer, site_id)
    rule = access_opening_rule(viewer, rule_id, site=site)
    form = RuleForm(request.POST or None, initial=RuleForm.initial_of(rule))
    if request.method == "POST" and request.POST.get("action") == "delete":
        schedule.opening_rule_delete(rule_id=rule.pk, actor=viewer)
        messages.success(
            request, f"開庁時間{selectors.rule_text(rule)}を削除しました（作成済みの予約枠は残ります）。"
        )
        return redirect("bookings:rules", site_id=site.pk)
    if request.method == "POST" and form.is_valid():
        try:
            rule = schedule.opening_rule_update(rule_id=rule.pk, actor=viewer, **form.rule_fields())
        except ValidationError as exc:
            _show(form, exc)
        else:
            messages.success(request, f"開庁時間{selectors.rule_text(rule)}を保存しました。")
            return redirect("bookings:rules", site_id=site.pk)
    return render(request, "bookings/rule_edit.html", {"site": site, "rule": rule, "form": form})


def _slots_url(site: Site, day: dt.date) -> str:
    return f"{reverse('bookings:slot_admin', args=[site.pk])}?date={day:%Y-%m-%d}"


@access("municipality_staff")
@require_http_methods(["GET", "POST"])
def slot_admin(request: AccessRequest, site_id: int) -> HttpResponse:
    viewer = request.viewer
    site = access_site(viewer, site_id)
    day = day_of(request.GET.get("date", ""), timezone.localdate())
    generate = GenerateForm(initial={"start": day, "end": day + dt.timedelta(days=30)})
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "generate":
            generate = GenerateForm(request.POST)
            if generate.is_valid():
                start, end = generate.cleaned_data["start"], generate.cleaned_data["end"]
                try:
                    made = schedule.slots_generate(site=site, start=start, end=end, actor=viewer)
                except ValidationError as exc:
                    _show(generate, exc)
                else:
                    messages.success(
                        request,
                        f"{start:%Y-%m-%d}〜{end:%Y-%m-%d} の予約枠を {made} 件作成しました"
                        "（祝日・年末年始・休業日には作りません。作成済みの枠はそのままです）。",
                    )
                    return redirect(_slots_url(site, start))
        elif action == "capacity":
            _set_capacity(request, site)
            return redirect(_slots_url(site, day))
        elif action == "to_walk_in":
            moved = schedule.slots_unused_to_walk_in(site=site, day=day, actor=viewer)
            messages.success(request, f"空いていたWeb・電話の枠 {moved} 人分を窓口（当日）の枠に回しました。")
            return redirect(_slots_url(site, day))
    return render(
        request,
        "bookings/slot_admin.html",
        {
            "site": site,
            "day": day,
            "form": generate,
            "slots": selectors.slots_of_day(site, day),
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
        },
    )


def _slot(request: AccessRequest, site: Site, form: CapacityForm) -> Slot | None:
    if not form.is_valid():
        return None
    try:
        return access_slot(request.viewer, form.cleaned_data["slot"], change=True, site=site)
    except NotFound:
        return None


def _set_capacity(request: AccessRequest, site: Site) -> None:
    form = CapacityForm(request.POST)
    slot = _slot(request, site, form)
    if slot is None:
        problems = [
            f"{form.fields[f].label}: {e}"
            for f, errs in form.errors.items()
            if f in form.fields
            for e in errs
        ]
        messages.error(request, problems[0] if problems else "予約枠が見つかりません。")
        return
    when = f"{timezone.localtime(slot.starts_at):%H:%M}の予約枠"
    try:
        slot = services.slot_set_capacity(
            slot_id=slot.pk,
            capacity=form.cleaned_data["capacity"],
            web_capacity=form.cleaned_data["web_capacity"],
            phone_capacity=form.cleaned_data["phone_capacity"],
            actor=request.viewer,
        )
    except ValidationError as exc:
        messages.error(request, f"{when}: {exc.messages[0]}")
    else:
        messages.success(
            request,
            f"{when}を 定員 {slot.capacity}（Web {slot.web_capacity}・電話 {slot.phone_capacity}・"
            f"窓口（当日） {slot.walk_in_capacity}）にしました。",
        )
