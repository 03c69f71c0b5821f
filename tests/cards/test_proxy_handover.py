"""A card handed to a proxy for a resident who cannot come (資料002 事例集 P10, 函館市): the checks
are recorded with the handover, in one transaction; incomplete checks change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kofu.accounts.access import NotFound
from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import SYSTEM
from kofu.cards.models import Card, ProxyHandover
from kofu.cards.services.proxy import card_hand_over_by_proxy
from kofu.rules.proxy_handover import ProxyChecks

pytestmark = pytest.mark.django_db

CHECKS = ProxyChecks(
    reason="care_home", relation="facility_head", applicant_id="facility_photo_certificate",
    hardship_proof=True, proxy_identity=True, delegation=True, pin_sealed=True, facility="函館の介護施設",
)  # fmt: skip


def test_the_proxy_receives_the_card_and_the_checks_are_kept(make_card, staff):
    card = make_card(state="notice_sent")
    record = card_hand_over_by_proxy(card_id=card.pk, checks=CHECKS, on=dt.date(2022, 6, 1), actor=staff)
    card.refresh_from_db()
    assert (card.state, card.handed_over_on) == ("handed_over", dt.date(2022, 6, 1))
    assert (record.relation, record.facility, record.recorded_by) == (
        "facility_head",
        "函館の介護施設",
        staff.name,
    )
    assert card.transitions.get().comment == "代理人（施設長）に交付"
    assert AuditEvent.objects.filter(action="cards.proxy_handover", object_id=str(card.pk)).exists()


def test_missing_checks_change_nothing(make_card, staff):
    card = make_card(state="appointment_booked")
    incomplete = ProxyChecks(**{**CHECKS.__dict__, "delegation": False, "pin_sealed": False})
    with pytest.raises(ValidationError) as refused:
        card_hand_over_by_proxy(card_id=card.pk, checks=incomplete, actor=staff)
    assert len(refused.value.messages) == 2
    card.refresh_from_db()
    assert card.state == "appointment_booked" and not ProxyHandover.objects.exists()


def test_the_database_refuses_an_incomplete_record(make_card):
    card = make_card(state="handed_over")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProxyHandover.objects.create(
            card=card, handed_over_on=dt.date(2022, 6, 1), reason="care_home", relation="relative",
            applicant_id="photo_id", hardship_proof=True, proxy_identity=False, delegation=True,
            pin_sealed=True, recorded_by="x",
        )  # fmt: skip


def test_only_the_municipality_s_own_window_staff(make_card, staff, registry):
    card = make_card(state="notice_sent")
    with pytest.raises(PermissionDenied):
        card_hand_over_by_proxy(card_id=card.pk, checks=CHECKS, actor=SYSTEM)
    other = make_card(state="notice_sent", municipality=registry.get(code="452033"))
    with pytest.raises(NotFound):
        card_hand_over_by_proxy(card_id=other.pk, checks=CHECKS, actor=staff)
    assert Card.objects.filter(state="handed_over").count() == 0


def test_the_page_lists_what_is_missing_then_hands_over(client, personas, make_card):
    card = make_card(state="notice_sent")
    client.force_login(personas["municipality"])
    url = f"/cards/452025/cards/{card.pk}/proxy/"
    detail = client.get(f"/cards/452025/cards/{card.pk}/").content.decode()
    assert f'href="{url}"' in detail
    form = {"reason": "care_home", "facility": "函館の介護施設", "relation": "facility_head",
            "applicant_id": "facility_photo_certificate", "hardship_proof": "on", "proxy_identity": "on"}  # fmt: skip
    refused = client.post(url, form)
    assert refused.status_code == 400 and "委任欄" in refused.content.decode()
    done = client.post(url, form | {"delegation": "on", "pin_sealed": "on"})
    assert done.status_code == 302
    card.refresh_from_db()
    assert card.state == "handed_over" and card.proxy_handover.relation == "facility_head"
    assert "代理人に交付する" not in client.get(url).content.decode()  # handed over: no form
    client.force_login(personas["other_municipality"])
    assert client.get(url).status_code == 404
