"""The page where the window records a card handed to a proxy (代理交付) — kept apart from
``kofu.cards.views`` to keep that module short."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from kofu.accounts.access import access_municipality
from kofu.accounts.permissions import AccessRequest, access, personal_data
from kofu.cards.access import access_card
from kofu.cards.access_log import records_shown
from kofu.cards.forms import ProxyHandoverForm
from kofu.cards.models import Card, ResidentAccess
from kofu.cards.services.proxy import card_hand_over_by_proxy
from kofu.rules.proxy_handover import FROM_STATES


@access("municipality_staff")
@personal_data
def proxy_handover(request: AccessRequest, code: str, card_id: int) -> HttpResponse:
    municipality = access_municipality(request.viewer, code, change=True)
    card = access_card(request.viewer, card_id, rows=Card.objects.filter(municipality=municipality))
    form = ProxyHandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            card_hand_over_by_proxy(
                card_id=card.pk, checks=form.checks(), on=form.cleaned_data["on"], actor=request.viewer
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            records_shown(request, [card], action=ResidentAccess.Action.UPDATE)
            messages.success(request, "代理人に交付しました")
            return redirect("cards:detail", code=code, card_id=card.pk)
    if not card.is_purged:
        records_shown(request, [card])
    context = {
        "municipality": municipality,
        "card": card,
        "form": form,
        "allowed": card.state in FROM_STATES and not card.is_purged,
    }
    return render(request, "cards/proxy_handover.html", context, status=400 if form.errors else 200)
