import json

import pytest
from django.core.management import CommandError, call_command

from kofu.bookings.models import Site, Slot
from kofu.cards.models import Card


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("bookings", *args, stdout=out)
    return out.getvalue()


def test_fixture_prints_the_slot_and_residents_whose_cards_await_pickup(registry):
    data = json.loads(run("fixture", "--capacity", "3", "--residents", "4", "--format", "json"))
    slot = Slot.objects.get(pk=data["slot"])
    assert (slot.capacity, slot.web_capacity, slot.booked) == (3, 3, 0)
    assert len(data["residents"]) == 4
    for resident in data["residents"]:
        card = Card.objects.get(notice_number=resident["notice_number"])
        assert card.birth_date.isoformat() == resident["birth_date"]
        assert card.state == "notice_sent"


def test_site_rules_and_slots_from_the_command_line(registry):
    run(
        "site-add",
        "--municipality",
        "452025",
        "--name",
        "都城市 特設センター",
        "--kind",
        "special",
        "--windows",
        "3",
    )
    site = Site.objects.get(name="都城市 特設センター")
    assert site.windows.count() == 3
    run(
        "rule-add",
        "--site",
        str(site.pk),
        "--weekdays",
        "5,6",
        "--start",
        "10:00",
        "--end",
        "12:00",
        "--windows",
        "3",
    )
    with pytest.raises(CommandError, match="重なっています"):
        run(
            "rule-add",
            "--site",
            str(site.pk),
            "--weekdays",
            "6",
            "--start",
            "11:00",
            "--end",
            "13:00",
            "--windows",
            "1",
        )
    assert "8 件" in run("slots", "--site", str(site.pk), "--from", "2026-06-06", "--to", "2026-06-07")
