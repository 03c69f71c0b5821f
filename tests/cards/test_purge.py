"""Retention purge: personal values of finished cards are erased after the retention period,
leaving a deletion record, an audit event, and every counter as it was."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from kofu.accounts.audit import verify_chain
from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import SYSTEM, System
from kofu.bookings.models import Booking, Site, Slot
from kofu.bookings.residents import identify
from kofu.cards import selectors
from kofu.cards.models import Card, CardTransition, DailyCount, PersonalDataDeletion, ResidentAccess
from kofu.cards.services import card_transition, purge, resident_access_record
from kofu.rules import cards as rules

pytestmark = pytest.mark.django_db

NAME = "鷺宮 瑠璃子"
KANA = "サギノミヤ ルリコ"
ADDRESS = "宮崎県都城市刈谷町九番地の三"
EMAIL = "ruriko.saginomiya@example.jp"
BIRTH = dt.date(1961, 7, 14)


@pytest.fixture
def finished(make_card, staff):
    """A card through the real pipeline, handed over on 2022-06-01, with notes and a booking."""
    card = make_card(
        name=NAME, name_kana=KANA, address=ADDRESS, phone="0986-11-2233", birth_date=BIRTH, note=f"{NAME}様"
    )
    for state, day in [
        (rules.DELIVERED, dt.date(2022, 5, 9)),
        (rules.SETUP_DONE, dt.date(2022, 5, 11)),
        (rules.NOTICE_SENT, dt.date(2022, 5, 13)),
    ]:
        card_transition(card_id=card.pk, to_state=state, actor=staff, on=day, note=f"{NAME}様に連絡")
    site = Site.objects.create(municipality=card.municipality, name="本庁舎")
    starts = timezone.make_aware(dt.datetime(2022, 6, 1, 10, 0))
    slot = Slot.objects.create(
        site=site, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), capacity=2, booked=1
    )
    now = timezone.now()
    Booking.objects.create(
        card=card, slot=slot, status="checked_in", channel="web", email=EMAIL, created_at=now, changed_at=now
    )
    card_transition(card_id=card.pk, to_state=rules.HANDED_OVER, actor=staff, on=dt.date(2022, 6, 1))
    resident_access_record(cards=[card], actor=staff)
    card.refresh_from_db()
    return card


def counters_snapshot(municipality):
    return (
        sorted(DailyCount.objects.values_list("day", "stage", "channel", "days", "n")),
        selectors.counters(municipality, dt.date(2023, 6, 30)),
        selectors.monthly_figures(municipality, 2022, 6),
        selectors.backlog(municipality, dt.date(2023, 6, 30)),
        sorted(Slot.objects.values_list("pk", "booked")),
        CardTransition.objects.count(),
        ResidentAccess.objects.count(),
    )


def test_the_purge_erases_personal_values_and_keeps_every_counter(finished, miyakonojo):
    before = counters_snapshot(miyakonojo)
    notice_number = finished.notice_number
    deletion = purge.personal_data_purge(
        actor=System("kofu cards purge"), as_of=dt.date(2023, 6, 2), days=365
    )

    finished.refresh_from_db()
    assert (finished.name, finished.name_kana, finished.address, finished.phone, finished.note) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert finished.birth_date is None and finished.notice_number is None
    assert finished.deletion == deletion and finished.is_purged
    # What the row keeps: identity inside kofu, state and dates (history, statistics).
    assert (finished.application_id, finished.state, finished.handed_over_on) == (
        "T000001",
        rules.HANDED_OVER,
        dt.date(2022, 6, 1),
    )
    assert set(finished.transitions.values_list("comment", flat=True)) == {""}
    assert Booking.objects.get(card=finished).email == ""
    assert counters_snapshot(miyakonojo) == before

    assert deletion.card_count == 1 and deletion.booking_count == 1
    assert deletion.counts == {"452025": {"handed_over": 1}}
    assert (deletion.retention_days, deletion.cutoff, deletion.actor_label) == (
        365,
        dt.date(2022, 6, 2),
        "kofu cards purge",
    )
    assert list(deletion.cards.values_list("pk", flat=True)) == [finished.pk]
    event = AuditEvent.objects.get(action="cards.personal_data_purge")
    assert event.object_id == str(deletion.pk) and event.after["cards"] == 1
    assert list(verify_chain()) == []
    for text in (str(PersonalDataDeletion.objects.values().get()), str(event.after), str(event.before)):
        assert NAME not in text and ADDRESS not in text and EMAIL not in text and notice_number not in text

    # The notice number no longer identifies anyone for a booking.
    request = RequestFactory().post("/bookings/")
    assert identify(request, notice_number, BIRTH) is None


def test_the_retention_period_is_counted_from_the_day_the_card_was_finished(finished):
    assert purge.personal_data_purge(actor=SYSTEM, as_of=dt.date(2023, 6, 1), days=365) is None
    finished.refresh_from_db()
    assert finished.name == NAME  # finished on 2022-06-01: exactly 365 days ago is still kept
    assert purge.personal_data_purge(actor=SYSTEM, as_of=dt.date(2023, 6, 2), days=365) is not None


def test_which_states_are_purged(make_card):
    old = dt.date(2020, 1, 6)
    cards = {
        state: make_card(state=state, state_since=old, notice_number=None)
        for state in rules.STATE_LABELS
        if state not in rules.WAITING_STATES or state in (rules.UNCLAIMED, rules.RETURNED, rules.DEFECTIVE)
    }
    deletion = purge.personal_data_purge(actor=SYSTEM, as_of=dt.date(2024, 1, 1), days=365)
    purged = set(deletion.cards.values_list("state", flat=True))
    assert purged == {rules.HANDED_OVER, rules.MAILED, rules.CANCELLED}
    kept = {card.state for card in Card.objects.filter(deletion__isnull=True)}
    assert kept == set(cards) - purged
    assert all(card.name == "都城 花子" for card in Card.objects.filter(deletion__isnull=True))


def test_the_dry_run_changes_nothing_and_a_second_purge_finds_nothing(finished, make_card, registry):
    make_card(
        state=rules.CANCELLED, state_since=dt.date(2021, 1, 5), municipality=registry.get(code="452033")
    )
    rows = list(Card.objects.values())
    plan = purge.purge_plan(as_of=dt.date(2023, 6, 2), days=365)
    assert plan.counts == {"452025": {"handed_over": 1}, "452033": {"cancelled": 1}} and plan.total == 2
    assert list(Card.objects.values()) == rows and not PersonalDataDeletion.objects.exists()
    assert purge.personal_data_purge(actor=SYSTEM, as_of=dt.date(2023, 6, 2), days=365).card_count == 2
    assert purge.personal_data_purge(actor=SYSTEM, as_of=dt.date(2023, 6, 2), days=365) is None
    assert PersonalDataDeletion.objects.count() == 1


def test_the_command_prints_counts_and_purges_only_with_execute(finished, settings):
    settings.KOFU_RETENTION_DAYS = 365
    out = io.StringIO()
    call_command("cards", "purge", "--as-of", "2023-06-02", stdout=out)
    text = out.getvalue()
    assert "確認だけ" in text and "452025,宮崎県都城市,交付済み,1" in text and "合計 1件" in text
    finished.refresh_from_db()
    assert finished.name == NAME
    out = io.StringIO()
    call_command("cards", "purge", "--as-of", "2023-06-02", "--execute", stdout=out)
    assert "カード 1件・来庁予約 1件の個人情報を削除しました" in out.getvalue()
    finished.refresh_from_db()
    assert finished.name == "" and finished.is_purged


def test_the_retention_setting_is_a_positive_integer(monkeypatch):
    from kofu.config import ConfigError, env_int

    monkeypatch.setenv("KOFU_RETENTION_DAYS", "0")
    with pytest.raises(ConfigError, match="KOFU_RETENTION_DAYS は 1 以上"):
        env_int("KOFU_RETENTION_DAYS", 365, minimum=1)
    monkeypatch.setenv("KOFU_RETENTION_DAYS", "730")
    assert env_int("KOFU_RETENTION_DAYS", 365, minimum=1) == 730
    with pytest.raises(ValueError):
        purge.cutoff_for(dt.date(2024, 1, 1), 0)


def test_a_purged_card_shows_the_deletion_and_refuses_changes(client, personas, finished):
    purge.personal_data_purge(actor=SYSTEM, as_of=dt.date(2023, 6, 2), days=365)
    client.force_login(personas["municipality"])
    url = f"/cards/452025/cards/{finished.pk}/"
    body = client.get(url).content.decode()
    assert "個人情報（氏名・生年月日・住所・連絡先・メモ・交付通知書番号）" in body and NAME not in body
    assert "変更する" not in body
    response = client.post(url, {"note_only": "1", "note": "追記"}, follow=True)
    assert "個人情報を削除したカードは変更できません" in response.content.decode()
    finished.refresh_from_db()
    assert finished.note == ""


def test_the_sqlite_connection_deletes_securely(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite の設定")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
