"""Issuing, calling and finishing walk-in tickets (the one place they change).

Numbers: the next number of the site's day, taken inside the write transaction; the unique index
refuses a duplicate and the issue is retried (PostgreSQL; SQLite's writers are already one at a
time). Calling: the window's current ticket is finished as served, then the oldest waiting ticket
is taken by a conditional UPDATE (``status = waiting``), so two windows never call the same one.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.bookings.access import access_site, access_window
from kofu.bookings.models import Window
from kofu.walkins.models import Ticket

Status = Ticket.Status
#: How often an issue is retried when a parallel one took the same number.
ISSUE_RETRIES = 5


class TicketError(ValueError):
    """A ticket that cannot be called or finished; the message is Japanese."""


def _audit(actor: Actor, action: str, ticket: Ticket, before: dict[str, str] | None = None) -> None:
    audit_record(
        actor=actor,
        action=f"walkins.{action}",
        object_type="ticket",
        object_id=ticket.pk,
        before=before,
        after={"status": ticket.status, "number": ticket.number, "window": ticket.window_id},
        purpose="窓口の発券",
    )


def ticket_issue(*, site_id: int, actor: Actor, now: dt.datetime | None = None) -> Ticket:
    """Issue the site's next number for today (JST)."""
    site = access_site(actor, site_id)
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    for attempt in range(ISSUE_RETRIES):
        try:
            with transaction.atomic():
                last = Ticket.objects.filter(site=site, day=day).aggregate(n=Max("number"))["n"] or 0
                ticket = Ticket.objects.create(site=site, day=day, number=last + 1, issued_at=now)
                _audit(actor, "issue", ticket)
                return ticket
        except IntegrityError:
            if attempt == ISSUE_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def _finish(ticket: Ticket, status: str, *, actor: Actor, now: dt.datetime) -> None:
    before = {"status": ticket.status}
    ticket.status = status
    ticket.finished_at = now
    ticket.save(update_fields=["status", "finished_at"])
    _audit(actor, "finish", ticket, before=before)


@transaction.atomic
def ticket_call_next(*, window_id: int, actor: Actor, now: dt.datetime | None = None) -> Ticket | None:
    """The window is free: finish its current ticket (served) and call the oldest waiting one
    (None when nobody waits)."""
    window = access_window(actor, window_id, rows=Window.objects.filter(active=True).select_related("site"))
    now = now or timezone.now()
    current = Ticket.objects.select_for_update().filter(window=window, status=Status.CALLED).first()
    if current is not None:
        _finish(current, Status.SERVED, actor=actor, now=now)
    day = timezone.localtime(now).date()
    while True:
        waiting = (
            Ticket.objects.filter(site_id=window.site_id, day=day, status=Status.WAITING)
            .order_by("number")
            .values_list("pk", flat=True)
            .first()
        )
        if waiting is None:
            return None
        if Ticket.objects.filter(pk=waiting, status=Status.WAITING).update(
            status=Status.CALLED, window=window, called_at=now
        ):
            ticket = Ticket.objects.get(pk=waiting)
            _audit(actor, "call", ticket, before={"status": Status.WAITING})
            return ticket


@transaction.atomic
def ticket_finish(
    *, ticket_id: int, actor: Actor, served: bool = True, now: dt.datetime | None = None
) -> Ticket:
    """The called person was served, or did not come to the window (``served=False``: 不在)."""
    ticket = Ticket.objects.select_for_update().select_related("site").filter(pk=ticket_id).first()
    if ticket is None:
        raise TicketError("受付番号札が見つかりません。")
    access_site(actor, ticket.site)
    if ticket.status != Status.CALLED:
        raise TicketError(f"{ticket.number}番は呼出中ではありません。")
    _finish(ticket, Status.SERVED if served else Status.LEFT, actor=actor, now=now or timezone.now())
    return ticket
