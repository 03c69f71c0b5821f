"""A living drive for ``kofu demo``: accounts for every role and a working day's data around them.

Everything is made through the services real work uses (so the audit log, histories and
counters are as they would be), by the actors who would do it, dated relative to ``today``.
Demo objects carry 【デモ】 or デモ in their names, and pages say so to demo accounts.
Loaded once: a second run finds the accounts and only prints them again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kofu.accounts.demo import DEMO_PASSWORD
from kofu.registry.models import Municipality

from . import cards, drive
from .accounts import ACCOUNTS, DEMO_MUNICIPALITY, DemoRefused, accounts_create, demo_loaded
from .cards import DemoResident, residents


@dataclass(frozen=True)
class DriveDemoResult:
    created: bool
    residents: list[DemoResident]


def drive_demo_load(today: dt.date | None = None) -> DriveDemoResult:
    """Create the demo accounts and the drive's data (once); return the residents to print."""
    if demo_loaded():
        return DriveDemoResult(created=False, residents=residents())
    today = today or timezone.localdate()
    with transaction.atomic():
        viewers = accounts_create()
        city = Municipality.objects.get(code=DEMO_MUNICIPALITY)
        cards.cards_create(city, viewers.municipality, today)
        cards.bookings_create_demo(city, viewers.municipality, today)
        drive.plans_create(viewers.municipality, viewers.prefecture, today)
        drive.reports_create(viewers.municipality, today)
        drive.claims_create(viewers.municipality, today)
        drive.survey_create_demo(viewers.ministry, today)
        drive.outreach_create(viewers.municipality, today)
    return DriveDemoResult(created=True, residents=residents())


__all__ = [
    "ACCOUNTS",
    "DEMO_PASSWORD",
    "DemoRefused",
    "DemoResident",
    "DriveDemoResult",
    "drive_demo_load",
]
