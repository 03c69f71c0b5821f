"""The card list: filtered by state and channel, paginated, and a bulk state change of the filter
(one history row and one audit event per card; refused cards listed with the reason)."""

from __future__ import annotations

import pytest

from kofu.accounts.access import NotFound
from kofu.accounts.models import AuditEvent
from kofu.cards.models import Card, CardTransition, ResidentAccess
from kofu.cards.services.bulk import cards_bulk_transition
from kofu.rules import cards as rules
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_bulk_change_moves_each_card_with_its_own_audit_event(make_card, miyakonojo, staff):
    cards = [make_card(rules.DELIVERED) for _ in range(3)]
    other = make_card(rules.NOTICE_SENT)
    before = AuditEvent.objects.count()
    result = cards_bulk_transition(
        municipality=miyakonojo, state=rules.DELIVERED, to_state=rules.SETUP_DONE, actor=staff
    )
    assert sorted(result.moved) == sorted(c.pk for c in cards) and result.refused == []
    assert set(Card.objects.filter(pk__in=result.moved).values_list("state", flat=True)) == {rules.SETUP_DONE}
    assert Card.objects.get(pk=other.pk).state == rules.NOTICE_SENT
    events = AuditEvent.objects.order_by("id")[before:]
    assert [(e.action, e.object_id) for e in events] == [("cards.transition", str(c.pk)) for c in cards]
    assert CardTransition.objects.filter(to_state=rules.SETUP_DONE).count() == 3


def test_refused_cards_are_listed_and_the_others_still_move(make_card, miyakonojo, staff):
    counter = make_card(rules.SETUP_DONE, channel=rules.COUNTER)
    online = make_card(rules.SETUP_DONE, channel=rules.ONLINE)
    result = cards_bulk_transition(
        municipality=miyakonojo, state=rules.SETUP_DONE, to_state=rules.MAILED, actor=staff
    )
    assert result.moved == [counter.pk]
    assert [(r.card_id, r.application_id) for r in result.refused] == [(online.pk, online.application_id)]
    assert "郵送できません" in result.refused[0].reason
    assert Card.objects.get(pk=online.pk).state == rules.SETUP_DONE


def test_another_municipality_cannot_bulk_change(make_card, miyakonojo, personas):
    from kofu.accounts.roles import viewer_of

    make_card(rules.DELIVERED)
    with pytest.raises(NotFound):
        cards_bulk_transition(
            municipality=miyakonojo,
            state=rules.DELIVERED,
            to_state=rules.SETUP_DONE,
            actor=viewer_of(personas["other_municipality"]),
        )
    assert Card.objects.get().state == rules.DELIVERED


def test_the_list_page_filters_paginates_and_changes_the_filter_in_bulk(client, make_card, personas):
    for _ in range(105):
        make_card(rules.DELIVERED, channel=rules.ONLINE)
    mailed = make_card(rules.DELIVERED, channel=rules.MAIL)
    assert client.login(username=personas["municipality"].username, password=PASSWORD)
    url = "/cards/452025/list/"
    page = client.get(url, {"state": rules.DELIVERED}).content.decode()
    assert "この条件のカード 106 枚" in page and "1/2 ページ" in page and "page=2" in page
    assert ResidentAccess.objects.count() == 100  # only the rows shown are logged
    page = client.get(url, {"state": rules.DELIVERED, "channel": rules.MAIL}).content.decode()
    assert "この条件のカード 1 枚" in page and mailed.application_id in page
    response = client.post(
        url, {"state": rules.DELIVERED, "channel": rules.MAIL, "to_state": rules.SETUP_DONE}, follow=True
    )
    assert "1 枚を「交付前設定済み」にしました" in response.content.decode()
    assert Card.objects.get(pk=mailed.pk).state == rules.SETUP_DONE
    assert Card.objects.filter(state=rules.DELIVERED).count() == 105
