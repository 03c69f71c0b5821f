"""Access to sites, windows, opening rules, slots and bookings (the rules: ``kofu.accounts.access``).

Everything here belongs to a municipality through its site: the municipality's own staff (and the
operator's commands) see and change it. A resident sees the slots of their card's municipality (to
book a seat in one) and acts on the bookings of their own and their household's cards.

Each ``access_*`` takes the object or its id (read from ``rows`` when given: locked, or with the
relations the caller needs) and, where the URL names a site, that ``site``: an id of another site
is not found. It returns the object or raises :class:`~kofu.accounts.access.NotFound`.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from kofu.accounts.access import Area, NotFound, can_edit_municipality, own_area
from kofu.accounts.roles import Actor, Resident
from kofu.bookings.models import Booking, OpeningRule, Site, Slot, Window

M = TypeVar("M", bound=Model)


def _read(item: int | M, rows: QuerySet[M], site: Site | None, path: str = "site") -> M | None:
    """The object (by id from ``rows``, or as given), or None when it is not at ``site``."""
    if isinstance(item, int):
        return (rows.filter(**{path: site}) if site is not None else rows).filter(pk=item).first()
    at = item.slot.site_id if isinstance(item, Booking) else getattr(item, "site_id", None)
    return item if site is None or at == site.pk else None


def sites_in_scope(actor: Actor) -> QuerySet[Site]:
    """The sites the actor runs: their municipality's (the operator's commands: all)."""
    return Site.objects.filter(own_area(actor).q("municipality")).select_related("municipality")


def access_site(actor: Actor, site: int | Site, *, rows: QuerySet[Site] | None = None) -> Site:
    found = _read(site, rows if rows is not None else Site.objects.select_related("municipality"), None)
    if found is None or not can_edit_municipality(actor, found.municipality_id):
        raise NotFound("会場が見つかりません")
    return found


def access_window(
    actor: Actor, window: int | Window, *, site: Site | None = None, rows: QuerySet[Window] | None = None
) -> Window:
    found = _read(window, rows if rows is not None else Window.objects.select_related("site"), site)
    if found is None or not can_edit_municipality(actor, found.site.municipality_id):
        raise NotFound("窓口が見つかりません")
    return found


def access_opening_rule(
    actor: Actor,
    rule: int | OpeningRule,
    *,
    site: Site | None = None,
    rows: QuerySet[OpeningRule] | None = None,
) -> OpeningRule:
    found = _read(rule, rows if rows is not None else OpeningRule.objects.select_related("site"), site)
    if found is None or not can_edit_municipality(actor, found.site.municipality_id):
        raise NotFound("開庁時間が見つかりません")
    return found


def _seat_area(actor: Actor) -> Area:
    """Where the actor may take a seat: a resident in their card's municipality, staff (and the
    operator's commands) where they run the sites."""
    return Area(municipality_id=actor.municipality_id) if isinstance(actor, Resident) else own_area(actor)


def access_slot(
    actor: Actor,
    slot: int | Slot,
    *,
    change: bool = False,
    site: Site | None = None,
    rows: QuerySet[Slot] | None = None,
) -> Slot:
    """A slot: a resident may book a seat in one of their municipality's; only staff ``change`` it."""
    found = _read(slot, rows if rows is not None else Slot.objects.select_related("site"), site)
    area = own_area(actor) if change else _seat_area(actor)
    if found is None or not area.covers(found.site.municipality_id):
        raise NotFound("予約枠が見つかりません")
    return found


def access_booking(
    actor: Actor, booking: int | Booking, *, site: Site | None = None, rows: QuerySet[Booking] | None = None
) -> Booking:
    """A booking: the resident's own (or their household's), or one at the staff's own sites."""
    found = _read(
        booking,
        rows if rows is not None else Booking.objects.select_related("card", "slot__site"),
        site,
        path="slot__site",
    )
    if found is None or not (
        found.card_id in actor.cards
        if isinstance(actor, Resident)
        else can_edit_municipality(actor, found.slot.site.municipality_id)
    ):
        raise NotFound("予約が見つかりません")
    return found
