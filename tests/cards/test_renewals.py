"""Renewal reminders: which cards and certificates expire in a period, counted per month, and the
list as CSV (an export of personal data: permission, purpose, logged per card)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kofu.accounts.audit import verify_chain
from kofu.accounts.grants import export_permission_set
from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import SYSTEM
from kofu.cards.models import PersonalDataDeletion, PersonalDataExport, ResidentAccess
from kofu.cards.selectors import renewals
from kofu.rules import cards as rules

pytestmark = pytest.mark.django_db

URL = "/cards/452025/renewals/"
EXPORT = "/cards/452025/renewals/export/"
PERIOD = {"start": "2026-06-01", "until": "2027-04-30", "kind": ""}


@pytest.fixture
def holders(make_card, registry):
    """Cards with expiries worked out by hand from the validity rules (seed 004)."""

    def held(app_id: str, birth, received, delivered, handed, state=rules.HANDED_OVER, **extra):
        return make_card(
            application_id=app_id,
            name=f"住民 {app_id}",
            birth_date=birth,
            received_on=received,
            delivered_on=delivered,
            handed_over_on=handed,
            state=state,
            state_since=handed or dt.date(2022, 6, 1),
            **extra,
        )

    d = dt.date
    cards = {
        # adult (42, applied before 2022-04-01): card 2032-04-01, certificate 2027-04-01
        "A": held("A", d(1980, 4, 1), d(2022, 3, 1), d(2022, 5, 9), d(2022, 6, 1)),
        # minor (11): card and certificate both 2026-08-20 — listed once, as the card
        "B": held("B", d(2010, 8, 20), d(2022, 5, 1), d(2022, 7, 1), d(2022, 7, 5)),
        # 18 and applied after 2022-04-01: adult, card 2032-01-10, certificate 2027-01-10
        "C": held("C", d(2004, 1, 10), d(2022, 4, 15), d(2022, 6, 1), d(2022, 6, 3)),
        # mailed, no delivery date: issued = hand-over 2022-06-10, certificate 2026-06-15
        "G": held("G", d(1990, 6, 15), d(2022, 3, 1), None, d(2022, 6, 10), state=rules.MAILED),
        # not in the residents' hands yet
        "D": held("D", d(1980, 4, 1), d(2022, 3, 1), d(2022, 5, 9), None, state=rules.NOTICE_SENT),
        # another municipality
        "F": held(
            "F",
            d(1980, 4, 1),
            d(2022, 3, 1),
            d(2022, 5, 9),
            d(2022, 6, 1),
            municipality=registry.get(code="452033"),
        ),
    }
    return cards


def test_the_expiries_in_a_period_follow_the_validity_rules(holders, miyakonojo):
    items = renewals.renewals(miyakonojo, dt.date(2026, 6, 1), dt.date(2027, 4, 30))
    assert [(i.card.application_id, i.kind, i.expires_on) for i in items] == [
        ("G", "certificate", dt.date(2026, 6, 15)),
        ("B", "card", dt.date(2026, 8, 20)),
        ("C", "certificate", dt.date(2027, 1, 10)),
        ("A", "certificate", dt.date(2027, 4, 1)),
    ]
    assert items[0].issued_on == dt.date(2022, 6, 10) and items[3].issued_on == dt.date(2022, 5, 9)
    cards_only = renewals.renewals(miyakonojo, dt.date(2026, 6, 1), dt.date(2027, 4, 30), "card")
    assert [i.card.application_id for i in cards_only] == ["B"]
    later = renewals.renewals(miyakonojo, dt.date(2032, 1, 1), dt.date(2032, 12, 31), "card")
    assert [(i.card.application_id, i.expires_on) for i in later] == [
        ("C", dt.date(2032, 1, 10)),
        ("A", dt.date(2032, 4, 1)),
    ]


def test_counts_per_month_cover_every_month_of_the_period(holders, miyakonojo):
    start, end = dt.date(2026, 6, 1), dt.date(2027, 4, 30)
    months = renewals.per_month(renewals.renewals(miyakonojo, start, end), start, end)
    assert len(months) == 11 and months[0].month == dt.date(2026, 6, 1)
    shown = {m.month: (m.card, m.certificate) for m in months if m.total}
    assert shown == {
        dt.date(2026, 6, 1): (0, 1),
        dt.date(2026, 8, 1): (1, 0),
        dt.date(2027, 1, 1): (0, 1),
        dt.date(2027, 4, 1): (0, 1),
    }


def test_purged_cards_are_not_listed(holders, miyakonojo):
    deletion = PersonalDataDeletion.objects.create(
        at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        as_of=dt.date(2024, 1, 1),
        retention_days=365,
        cutoff=dt.date(2023, 1, 1),
        actor_label="test",
        card_count=1,
    )
    holders["A"].deletion = deletion
    holders["A"].save()
    items = renewals.renewals(miyakonojo, dt.date(2026, 6, 1), dt.date(2027, 4, 30))
    assert "A" not in {i.card.application_id for i in items}
    assert renewals.purged_held(miyakonojo) == 1


def test_a_period_is_checked(miyakonojo):
    with pytest.raises(renewals.PeriodError, match="終わりは始まり以降"):
        renewals.renewals(miyakonojo, dt.date(2027, 1, 2), dt.date(2027, 1, 1))
    assert renewals.renewals(miyakonojo, dt.date(2026, 1, 1), dt.date(2027, 12, 31)) == []  # 730 days
    with pytest.raises(renewals.PeriodError, match="731日"):
        renewals.renewals(miyakonojo, dt.date(2026, 1, 1), dt.date(2028, 1, 2))


def test_the_page_shows_counts_per_month_and_no_resident(client, personas, holders):
    client.force_login(personas["municipality"])
    response = client.get(URL, PERIOD)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<tr data-month="2026-08"><th scope="row">2026年8月</th><td class="card">1</td>' in body
    assert '<td id="total">4</td>' in body
    assert "住民 A" not in body and 'id="export-refused"' in body  # no permission: no form
    for persona in ("prefecture", "ministry", "other_municipality"):
        client.force_login(personas[persona])
        assert client.get(URL, PERIOD).status_code == 404
        assert client.post(EXPORT, {**PERIOD, "purpose": "renewal"}).status_code == 404


def test_the_export_needs_the_permission(client, personas, holders):
    client.force_login(personas["municipality"])
    response = client.post(EXPORT, {**PERIOD, "purpose": "renewal"})
    assert response.status_code == 403
    assert "「住民の個人情報の出力（持ち出し）」の権限が必要です" in response.content.decode()
    assert not ResidentAccess.objects.filter(action="export").exists()
    assert not PersonalDataExport.objects.exists()


def test_the_export_needs_a_purpose(client, personas, holders):
    export_permission_set(username="miyakonojo", allowed=True, actor=SYSTEM)
    client.force_login(personas["municipality"])
    assert client.post(EXPORT, PERIOD).status_code == 400
    missing = client.post(EXPORT, {**PERIOD, "purpose": "other", "purpose_text": " "})
    assert missing.status_code == 400
    assert "目的が「その他」のときは内容を書いてください" in missing.content.decode()
    refused = client.post(EXPORT, {**PERIOD, "purpose": "other", "purpose_text": "送付 1234 5678 9018"})
    assert refused.status_code == 400 and "1234 5678 9018" not in refused.content.decode()
    assert not PersonalDataExport.objects.exists() and not ResidentAccess.objects.exists()


def test_the_export_writes_the_csv_and_logs_each_card(client, personas, holders):
    export_permission_set(username="miyakonojo", allowed=True, actor=SYSTEM)
    client.force_login(personas["municipality"])
    response = client.post(EXPORT, {**PERIOD, "purpose": "other", "purpose_text": "転出者の確認"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'attachment; filename="renewals-452025-20260601-20270430.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == renewals.CSV_COLUMNS
    assert rows[1] == [
        "certificate",
        "2026-06-15",
        "G",
        "住民 G",
        "ミヤコノジョウ ハナコ",
        "宮崎県都城市姫城町6街区21号",
        "",
        "2022-06-10",
    ]
    assert [row[2] for row in rows[1:]] == ["G", "B", "C", "A"]

    record = PersonalDataExport.objects.get()
    assert (record.kind, record.purpose, record.purpose_text, record.rows) == (
        "renewals",
        "other",
        "転出者の確認",
        4,
    )
    assert record.parameters == {"from": "2026-06-01", "until": "2027-04-30", "kind": "all"}
    logged = ResidentAccess.objects.filter(action="export")
    assert sorted(a.card.application_id for a in logged) == ["A", "B", "C", "G"]
    assert {(a.purpose, a.organisation, a.actor_label) for a in logged} == {
        ("other", "宮崎県都城市", "miyakonojo")
    }
    event = AuditEvent.objects.get(action="cards.personal_data_export")
    assert event.after["rows"] == 4 and "住民" not in str(event.after)
    assert list(verify_chain()) == []


def test_the_command_needs_a_purpose_and_logs_the_export(holders):
    args = ["cards", "renewals", "--municipality", "452025", "--from", "2026-06-01", "--until", "2027-04-30"]
    with pytest.raises(CommandError, match="--purpose"):
        call_command(*args, stdout=io.StringIO())
    with pytest.raises(CommandError, match="「その他」のときは内容"):
        call_command(*args, "--purpose", "other", stdout=io.StringIO())
    with pytest.raises(CommandError, match="個人番号（マイナンバー）と思われる") as refused:
        call_command(
            *args, "--purpose", "other", "--purpose-text", "１２３４ ５６７８ ９０１８", stdout=io.StringIO()
        )
    assert "９０１８" not in str(refused.value)
    assert not ResidentAccess.objects.exists()
    out = io.StringIO()
    call_command(*args, "--kind", "certificate", "--purpose", "renewal", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(renewals.CSV_COLUMNS)
    assert [line.split(",")[2] for line in lines[1:]] == ["G", "C", "A"]
    logged = ResidentAccess.objects.filter(action="export", purpose="renewal")
    assert logged.count() == 3
    assert {(a.actor_label, a.organisation) for a in logged} == {("kofu cards renewals", "宮崎県都城市")}
    assert {(a.role, a.source_ip) for a in logged} == {("", None)}  # a command: no role, no address
    assert logged.first().get_purpose_display() == "有効期限の更新案内"
    with pytest.raises(CommandError, match="731日"):
        call_command(*args[:-2], "--until", "2028-12-31", "--purpose", "renewal", stdout=io.StringIO())
