"""Site and window writes (staff pages and ``kofu bookings site-add`` call these, nothing else).

Changing a site's service time, people per window or channel shares affects the slots generated
afterwards; slots already made keep their seats (edit those through
:func:`kofu.bookings.services.slot_set_capacity`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from kofu.accounts.access import access_municipality
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.bookings.access import access_site, access_window
from kofu.bookings.models import Site, Window
from kofu.registry.models import Municipality

#: The fields of a site staff may set (the form and the command line use the same names).
SITE_FIELDS = (
    "name",
    "kind",
    "address",
    "service_minutes",
    "people_per_window",
    "max_party",
    "extra_person_minutes",
    "web_percent",
    "phone_percent",
    "year_end_closed",
    "closed_weekend",
    "active",
)


def _check_site_fields(site: Site) -> None:
    """Japanese errors by field, before the database constraints would refuse the row."""
    errors: dict[str, str] = {}
    if site.service_minutes is None or not 1 <= site.service_minutes <= 240:
        errors["service_minutes"] = "1人あたりの交付時間は1〜240分にしてください。"
    if site.people_per_window is None or not 1 <= site.people_per_window <= 50:
        errors["people_per_window"] = "1枠・1窓口あたりの人数は1〜50人にしてください。"
    if site.max_party is None or not 1 <= site.max_party <= 10:
        errors["max_party"] = "一度に予約できる人数は1〜10人にしてください。"
    if site.extra_person_minutes is None or not 0 <= site.extra_person_minutes <= 120:
        errors["extra_person_minutes"] = "2人目から加える交付時間は0〜120分にしてください。"
    if site.web_percent is None or not 0 <= site.web_percent <= 100:
        errors["web_percent"] = "Web予約の割合は0〜100%にしてください。"
    if site.phone_percent is None or not 0 <= site.phone_percent <= 100:
        errors["phone_percent"] = "電話予約の割合は0〜100%にしてください。"
    elif site.web_percent is not None and site.web_percent + site.phone_percent > 100:
        errors["phone_percent"] = (
            f"Web（{site.web_percent}%）と電話（{site.phone_percent}%）の割合の合計は100%以下にしてください"
            "（残りが窓口（当日）の枠です）。"
        )
    if site.closed_weekend is not None and not 1 <= site.closed_weekend <= 5:
        errors["closed_weekend"] = "毎月休む土曜日は第1〜第5のどれかにしてください。"
    if errors:
        raise ValidationError(errors)
    site.full_clean(exclude=["municipality"])


def _values(site: Site) -> dict[str, Any]:
    return {name: getattr(site, name) for name in SITE_FIELDS}


@transaction.atomic
def site_create(*, municipality: Municipality, actor: Actor, windows: int = 1, **fields: Any) -> Site:
    """Register a site (本庁舎・支所・特設センター) with ``windows`` windows named 1番窓口, 2番窓口 …"""
    access_municipality(actor, municipality, change=True)
    unknown = set(fields) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"unknown site fields: {sorted(unknown)}")
    if not 1 <= windows <= 50:
        raise ValidationError({"windows": "窓口の数は1〜50にしてください。"})
    site = Site(municipality=municipality, **fields)
    _check_site_fields(site)
    site.save()
    Window.objects.bulk_create([Window(site=site, name=f"{n}番窓口") for n in range(1, windows + 1)])
    audit_record(
        actor=actor,
        action="bookings.site_add",
        object_type="site",
        object_id=site.pk,
        after={**_values(site), "windows": windows},
        purpose="来庁予約",
    )
    return site


@transaction.atomic
def site_update(*, site_id: int, actor: Actor, **fields: Any) -> Site:
    """Change a site's name, kind, address, service time, people per window, shares or closing days."""
    site = access_site(
        actor, site_id, rows=Site.objects.select_for_update(of=("self",)).select_related("municipality")
    )
    unknown = set(fields) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"unknown site fields: {sorted(unknown)}")
    before = _values(site)
    for name, value in fields.items():
        setattr(site, name, value)
    _check_site_fields(site)
    site.save()
    after = _values(site)
    changed = {k: v for k, v in after.items() if before[k] != v}
    if changed:
        audit_record(
            actor=actor,
            action="bookings.site_change",
            object_type="site",
            object_id=site.pk,
            before={k: before[k] for k in changed},
            after=changed,
            purpose="来庁予約",
        )
    return site


def _window_name(site: Site, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "窓口名を入力してください。"})
    # exclude(pk=None) keeps every window (no pk is NULL): a new window is checked against all of them
    if site.windows.filter(name=name).exclude(pk=exclude).exists():  # type: ignore[misc]
        raise ValidationError({"name": f"この会場には「{name}」という窓口がすでにあります。"})
    return name


@transaction.atomic
def window_add(*, site: Site, name: str, actor: Actor) -> Window:
    access_site(actor, site)
    window = Window(site=site, name=_window_name(site, name))
    window.full_clean()
    window.save()
    audit_record(
        actor=actor,
        action="bookings.window_add",
        object_type="window",
        object_id=window.pk,
        after={"site": site.pk, "name": window.name},
        purpose="来庁予約",
    )
    return window


@transaction.atomic
def window_rename(*, window_id: int, name: str, actor: Actor) -> Window:
    window = access_window(
        actor, window_id, rows=Window.objects.select_for_update(of=("self",)).select_related("site")
    )
    before = window.name
    window.name = _window_name(window.site, name, exclude=window.pk)
    window.full_clean()
    window.save(update_fields=["name"])
    audit_record(
        actor=actor,
        action="bookings.window_rename",
        object_type="window",
        object_id=window.pk,
        before={"name": before},
        after={"name": window.name},
        purpose="来庁予約",
    )
    return window


def windows_needed(site: Site, *, today: dt.date | None = None) -> int:
    """The most windows any current or future opening rule of the site opens."""
    today = today or timezone.localdate()
    current = site.rules.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    return current.aggregate(n=Max("windows"))["n"] or 0


@transaction.atomic
def window_set_active(*, window_id: int, active: bool, actor: Actor) -> Window:
    """Take a window out of use (or back). Refused while an opening rule needs the window."""
    window = access_window(
        actor, window_id, rows=Window.objects.select_for_update(of=("self",)).select_related("site")
    )
    site = window.site
    if window.active == active:
        return window
    if not active:
        remaining = site.windows.filter(active=True).exclude(pk=window.pk).count()
        needed = windows_needed(site)
        if needed > remaining:
            raise ValidationError(
                f"開庁時間で窓口を{needed}つ開けることになっているため、「{window.name}」を止めると"
                f"足りなくなります（使用中の窓口は{remaining}つになります）。先に開庁時間の窓口数を減らしてください。"
            )
    window.active = active
    window.save(update_fields=["active"])
    audit_record(
        actor=actor,
        action="bookings.window_activate" if active else "bookings.window_deactivate",
        object_type="window",
        object_id=window.pk,
        before={"active": not active},
        after={"active": active},
        purpose="来庁予約",
    )
    return window
