"""Reads for the walk-in pages: the queue, the call display and the window figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Q

from kofu.bookings.models import Site, Window
from kofu.registry.models import Municipality
from kofu.rules import walkins as rules
from kofu.walkins.models import Ticket

Status = Ticket.Status


@dataclass(frozen=True)
class Queue:
    waiting: list[Ticket]
    #: Per window in use: the ticket it calls now (or None).
    windows: list[tuple[Window, Ticket | None]]
    #: The latest calls, newest first (for the hall screen).
    latest: list[Ticket]


def queue(site: Site, day: dt.date) -> Queue:
    tickets = list(Ticket.objects.filter(site=site, day=day).select_related("window"))
    called = {t.window_id: t for t in tickets if t.status == Status.CALLED}
    latest = sorted((t for t in tickets if t.called_at), key=lambda t: (t.called_at, t.pk), reverse=True)
    return Queue(
        waiting=[t for t in tickets if t.status == Status.WAITING],
        windows=[(w, called.get(w.pk)) for w in site.windows.filter(active=True)],
        latest=latest[:6],
    )


def _calls(rows: Q, first: dt.date, last: dt.date, *, by_id: bool = False) -> list[rules.Call]:
    """The called tickets of the period as rule inputs, keyed by window name (or id: windows of
    different sites may share a name)."""
    tickets = Ticket.objects.filter(
        rows, day__gte=first, day__lte=last, called_at__isnull=False, window__isnull=False
    ).select_related("window")
    return [
        rules.Call(
            window=str(t.window_id) if by_id or t.window is None else t.window.name,
            issued_at=t.issued_at,
            called_at=t.called_at,
            served=t.status != Status.LEFT,
        )
        for t in tickets
        if t.called_at is not None
    ]


def figures(site: Site, first: dt.date, last: dt.date) -> list[rules.HourFigure]:
    return rules.hour_figures(_calls(Q(site=site), first, last))


def observed_per_window_daily(municipality: Municipality, first: dt.date, last: dt.date) -> Fraction | None:
    """People served per window per day at the municipality's sites (None without tickets)."""
    return rules.served_per_window_day(_calls(Q(site__municipality=municipality), first, last, by_id=True))
