"""Walk-in tickets: numbers per site and day, calls in order, one call per window, figures."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from kofu.accounts.access import NotFound
from kofu.accounts.audit import AuditEvent
from kofu.accounts.roles import SYSTEM, viewer_of
from kofu.walkins import services
from kofu.walkins.models import Ticket
from tests.conftest import PASSWORD

JST_NINE = dt.time(9, 0)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_numbers_count_up_per_site_and_start_again_each_day(site):
    today = timezone.localdate()
    numbers = [
        services.ticket_issue(site_id=site.pk, actor=SYSTEM, now=at(today, 9, m)).number for m in range(3)
    ]
    assert numbers == [1, 2, 3]
    tomorrow = services.ticket_issue(site_id=site.pk, actor=SYSTEM, now=at(today + dt.timedelta(days=1), 9))
    assert tomorrow.number == 1
    assert AuditEvent.objects.filter(action="walkins.issue").count() == 4


def test_windows_call_the_smallest_waiting_number_and_finish_the_last_one(site):
    one, two = site.windows.order_by("id")
    today = timezone.localdate()
    for minute in range(3):
        services.ticket_issue(site_id=site.pk, actor=SYSTEM, now=at(today, 9, minute))
    first = services.ticket_call_next(window_id=one.pk, actor=SYSTEM, now=at(today, 9, 10))
    second = services.ticket_call_next(window_id=two.pk, actor=SYSTEM, now=at(today, 9, 11))
    assert (first.number, first.window, second.number, second.window) == (1, one, 2, two)
    third = services.ticket_call_next(window_id=one.pk, actor=SYSTEM, now=at(today, 9, 20))
    assert third.number == 3
    assert Ticket.objects.get(pk=first.pk).status == "served"
    assert services.ticket_call_next(window_id=two.pk, actor=SYSTEM, now=at(today, 9, 30)) is None
    assert Ticket.objects.get(pk=second.pk).status == "served"
    services.ticket_finish(ticket_id=third.pk, actor=SYSTEM, served=False)
    assert Ticket.objects.get(pk=third.pk).status == "left"
    with pytest.raises(services.TicketError, match="呼出中ではありません"):
        services.ticket_finish(ticket_id=third.pk, actor=SYSTEM)


def test_the_database_refuses_two_calls_at_one_window_and_a_repeated_number(site):
    window = site.windows.first()
    now = timezone.now()
    Ticket.objects.create(
        site=site, day=now.date(), number=1, issued_at=now, status="called", window=window, called_at=now
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(
            site=site, day=now.date(), number=2, issued_at=now, status="called", window=window, called_at=now
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(site=site, day=now.date(), number=1, issued_at=now)


def test_other_municipalities_cannot_issue_or_call(site, personas):
    other = viewer_of(personas["other_municipality"])
    with pytest.raises(NotFound):
        services.ticket_issue(site_id=site.pk, actor=other)
    with pytest.raises(NotFound):
        services.ticket_call_next(window_id=site.windows.first().pk, actor=other)


def test_the_queue_page_issues_and_calls_and_the_display_shows_the_call(client, site, personas):
    assert client.login(username=personas["municipality"].username, password=PASSWORD)
    page = client.post(f"/walkins/{site.pk}/", {"action": "issue"}, follow=True)
    assert "受付番号 1 番を発券しました" in page.content.decode()
    window = site.windows.order_by("id").first()
    page = client.post(f"/walkins/{site.pk}/", {"action": "call", "window": window.pk}, follow=True)
    assert "1番を1番窓口へ呼び出しました" in page.content.decode()
    client.logout()
    display = client.get(f"/walkins/{site.pk}/display/")
    body = display.content.decode()
    assert display.status_code == 200 and "1番" in body and "1番窓口" in body
    assert 'data-refresh="5"' in body and "display.js" in body and "no-cache" in display["Cache-Control"]
    assert client.get(f"/walkins/{site.pk}/").status_code == 302  # the queue page needs a login


def test_other_staff_get_404_on_the_queue_and_figures(client, site, personas):
    for persona in ("other_municipality", "prefecture"):
        client.logout()
        assert client.login(username=personas[persona].username, password=PASSWORD)
        assert client.get(f"/walkins/{site.pk}/").status_code == 404
        assert client.get(f"/walkins/{site.pk}/figures/").status_code == 404


def _a_morning(site, day):
    """Window 1 serves 1 and 3; window 2 serves 2; 4 leaves."""
    one, two = site.windows.order_by("id")
    for minute in (0, 5, 10, 15):
        services.ticket_issue(site_id=site.pk, actor=SYSTEM, now=at(day, 9, minute))
    services.ticket_call_next(window_id=one.pk, actor=SYSTEM, now=at(day, 9, 10))  # 1 waited 10
    services.ticket_call_next(window_id=two.pk, actor=SYSTEM, now=at(day, 9, 25))  # 2 waited 20
    services.ticket_call_next(window_id=one.pk, actor=SYSTEM, now=at(day, 9, 40))  # 3 waited 30
    left = services.ticket_call_next(window_id=two.pk, actor=SYSTEM, now=at(day, 10, 5))  # 4 waited 50
    services.ticket_finish(ticket_id=left.pk, actor=SYSTEM, served=False, now=at(day, 10, 10))
    services.ticket_call_next(window_id=one.pk, actor=SYSTEM, now=at(day, 10, 30))  # finishes 3


def test_figures_per_window_and_hour_on_the_page_and_the_command(client, site, personas):
    day = timezone.localdate() - dt.timedelta(days=1)
    _a_morning(site, day)
    assert client.login(username=personas["municipality"].username, password=PASSWORD)
    page = client.get(f"/walkins/{site.pk}/figures/").content.decode()
    assert "1窓口1日あたりの対応数 <strong>1.5</strong>人" in page  # 3 served over 2 window-days
    out = StringIO()
    call_command("walkins", "figures", "--municipality", "452025", stdout=out)
    lines = out.getvalue().splitlines()
    assert "1番窓口\t9時\t1\t2\t2.0\t20.0\t30" in lines  # waits 10 and 30
    assert "2番窓口\t9時\t1\t1\t1.0\t20.0\t20" in lines
    assert "2番窓口\t10時\t1\t0\t0.0\t50.0\t50" in lines  # the one who left
    assert "1窓口1日あたりの対応数: 1.5" in out.getvalue()


def test_the_command_issues_and_calls(site):
    out = StringIO()
    call_command("walkins", "issue", "--site", str(site.pk), stdout=out)
    call_command("walkins", "call", "--window", str(site.windows.order_by("id").first().pk), stdout=out)
    call_command("walkins", "call", "--window", str(site.windows.order_by("id").first().pk), stdout=out)
    assert out.getvalue().splitlines() == [
        f"受付番号 1 番を発券しました（{site.name}）",
        "1番を1番窓口へ呼び出しました",
        "お待ちの方はいません",
    ]
    with pytest.raises(CommandError):
        call_command("walkins", "issue", "--site", "999999", stdout=out)
    with pytest.raises(CommandError, match="団体コード"):
        call_command("walkins", "figures", "--municipality", "999999", stdout=out)
