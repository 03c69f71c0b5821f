import datetime as dt

from django.core import mail
from django.utils import timezone

from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import SYSTEM, viewer_of
from kofu.bookings.models import Booking, Site
from kofu.bookings.services.schedule import closure_add
from tests.conftest import resident_books


def test_adding_a_closure_cancels_and_notifies_exactly_the_affected_bookings(
    make_slot, make_resident, personas, miyakonojo, django_capture_on_commit_callbacks
):
    staff = viewer_of(personas["municipality"])
    branch = Site.objects.create(municipality=miyakonojo, name="山之口支所", kind=Site.Kind.BRANCH)
    closed_day, open_day, branch_slot = (
        make_slot(days=8),
        make_slot(days=9),
        make_slot(days=8, on_site=branch),
    )
    affected = [
        resident_books(cards=[make_resident()], slot_id=closed_day.pk, email=f"a{i}@example.jp")[0]
        for i in range(2)
    ]
    kept = [
        resident_books(cards=[make_resident()], slot_id=open_day.pk, email="b@example.jp")[0],
        resident_books(cards=[make_resident()], slot_id=branch_slot.pk, email="c@example.jp")[0],
    ]
    day = timezone.localtime(closed_day.starts_at).date()
    with django_capture_on_commit_callbacks(execute=True):
        _, cancelled = closure_add(
            municipality=miyakonojo,
            site=closed_day.site,
            start=day,
            end=day,
            reason="庁舎の電気設備点検",
            actor=staff,
        )
    assert sorted(b.pk for b in cancelled) == sorted(b.pk for b in affected)
    assert {b.status for b in Booking.objects.filter(pk__in=[b.pk for b in affected])} == {"cancelled"}
    assert {b.status for b in Booking.objects.filter(pk__in=[b.pk for b in kept])} == {"booked"}
    assert sorted(m.to[0] for m in mail.outbox) == ["a0@example.jp", "a1@example.jp"]
    message = mail.outbox[0]
    assert "+09:00" in message.body and "庁舎の電気設備点検" in message.body
    ics = message.attachments[0][1]
    assert "STATUS:CANCELLED" in ics and "+09:00" in ics
    closed_day.refresh_from_db()
    assert (closed_day.closed, closed_day.booked) == (True, 0)
    assert AuditEvent.objects.filter(action="bookings.closure_cancel").count() == 2
    assert AuditEvent.objects.filter(action="bookings.closure_add").count() == 1


def test_a_municipality_wide_closure_covers_every_site(make_slot, make_resident, miyakonojo, personas):
    branch = Site.objects.create(municipality=miyakonojo, name="高崎支所", kind=Site.Kind.BRANCH)
    slot = make_slot(days=10, on_site=branch)
    resident_books(cards=[make_resident()], slot_id=slot.pk)
    day = timezone.localtime(slot.starts_at).date()
    _, cancelled = closure_add(
        municipality=miyakonojo,
        start=day - dt.timedelta(days=1),
        end=day,
        reason="臨時休業",
        actor=SYSTEM,
    )
    assert len(cancelled) == 1
