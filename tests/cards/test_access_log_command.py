"""``kofu audit accesses``: the access log of one municipality as CSV, and the log is append-only."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from kofu.cards.access_log import ACCESS_COLUMNS
from kofu.cards.models import ResidentAccess

pytestmark = pytest.mark.django_db


def accesses(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("audit", "accesses", "--municipality", "452025", *args, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(ACCESS_COLUMNS)
    return list(csv.DictReader(lines))


@pytest.fixture
def viewed(make_card, personas):
    """Two cards of 都城市 opened by its staff, one card of 延岡市 opened by theirs."""
    mine, other = (
        make_card(),
        make_card(municipality=personas["other_municipality"].membership.organisation.municipality),
    )
    client = Client()
    client.force_login(personas["municipality"])
    assert (
        client.get(reverse("cards:detail", args=["452025", mine.pk]), REMOTE_ADDR="192.0.2.7").status_code
        == 200
    )
    client.get(
        reverse("cards:detail", args=["452025", mine.pk]) + "?purpose=inquiry", REMOTE_ADDR="192.0.2.7"
    )
    elsewhere = Client()
    elsewhere.force_login(personas["other_municipality"])
    code = other.municipality.code
    assert elsewhere.get(reverse("cards:detail", args=[code, other.pk])).status_code == 200
    return mine, other


def test_the_csv_lists_who_looked_at_the_municipalitys_cards_oldest_first(viewed):
    mine, _other = viewed
    rows = accesses()
    assert [(r["application_id"], r["purpose"]) for r in rows] == [
        (mine.application_id, "issuance"),
        (mine.application_id, "inquiry"),
    ]
    first = rows[0]
    assert (first["organisation"], first["role"], first["user"], first["source_ip"]) == (
        "宮崎県都城市",
        "municipality_staff",
        "miyakonojo",
        "192.0.2.7",
    )
    assert first["at_utc"].endswith("+00:00") and first["action"] == "view"
    assert mine.name not in ",".join(first.values())  # no personal value


def test_the_days_are_tokyo_days_both_included(viewed):
    card, tokyo = viewed[0], dt.timezone(dt.timedelta(hours=9))
    # 2026-11-30 23:30 in Tokyo is 14:30 UTC; 2026-12-01 00:10 in Tokyo is still 2026-11-30 in UTC.
    for label, at in (("a", dt.datetime(2026, 11, 30, 23, 30)), ("b", dt.datetime(2026, 12, 1, 0, 10))):
        ResidentAccess.objects.create(
            card=card, at=at.replace(tzinfo=tokyo), actor_label=label, action="view", purpose="audit"
        )
    on_the_30th = accesses("--since", "2026-11-30", "--until", "2026-11-30")
    assert [(r["user"], r["at_utc"]) for r in on_the_30th] == [("a", "2026-11-30T14:30:00+00:00")]
    on_the_1st = accesses("--since", "2026-12-01", "--until", "2026-12-01")
    assert [r["user"] for r in on_the_1st if r["purpose"] == "audit"] == ["b"]


def test_bad_arguments_are_refused_in_japanese(registry):
    with pytest.raises(CommandError, match="団体コード 999999 の市区町村がありません"):
        call_command("audit", "accesses", "--municipality", "999999", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--since は YYYY-MM-DD"):
        accesses("--since", "2026/12/01")
    with pytest.raises(CommandError, match="--since は --until 以前"):
        accesses("--since", "2026-12-02", "--until", "2026-12-01")


def test_the_access_log_refuses_to_be_changed_or_deleted(viewed):
    row = ResidentAccess.objects.filter(card=viewed[0]).order_by("id").first()
    with pytest.raises(DatabaseError, match="アクセス記録は追記のみです"), transaction.atomic():
        ResidentAccess.objects.filter(pk=row.pk).update(purpose="audit")
    with pytest.raises(DatabaseError, match="アクセス記録は追記のみです"), transaction.atomic():
        ResidentAccess.objects.filter(pk=row.pk).delete()
    with pytest.raises(PermissionError):
        row.delete()
    assert ResidentAccess.objects.get(pk=row.pk).purpose == "issuance"
