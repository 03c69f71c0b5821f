"""The card list: filtered by state and channel, paginated, with a bulk state change of the filter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from kofu.accounts.access import access_municipality
from kofu.accounts.permissions import AccessRequest, access, personal_data
from kofu.cards.access import resident_cards
from kofu.cards.access_log import records_shown
from kofu.cards.models import Card, ResidentAccess
from kofu.cards.services.bulk import BULK_LIMIT, cards_bulk_transition
from kofu.cards.views import VIEW_PURPOSES
from kofu.core.listing import Listing, list_page
from kofu.rules import cards as rules

PER_PAGE = 100
#: Refused cards named in the message after a bulk change (the rest are counted).
REFUSED_SHOWN = 20


def _filters(request: AccessRequest) -> tuple[str, str]:
    data = request.POST if request.method == "POST" else request.GET
    state = data.get("state", rules.NOTICE_SENT)
    channel = data.get("channel", "")
    return (
        state if state in rules.STATE_LABELS else rules.NOTICE_SENT,
        channel if channel in rules.CHANNEL_LABELS else "",
    )


def _bulk(request: AccessRequest, municipality_code: str, state: str, channel: str) -> HttpResponse:
    municipality = access_municipality(request.viewer, municipality_code, change=True)
    to_state = request.POST.get("to_state", "")
    try:
        result = cards_bulk_transition(
            municipality=municipality, state=state, to_state=to_state, channel=channel, actor=request.viewer
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        records_shown(request, result.moved, action=ResidentAccess.Action.UPDATE)
        label = rules.STATE_LABELS[to_state]
        messages.success(request, f"{len(result.moved)} 枚を「{label}」にしました。")
        if result.refused:
            names = "、".join(f"{r.application_id}（{r.reason}）" for r in result.refused[:REFUSED_SHOWN])
            more = len(result.refused) - REFUSED_SHOWN
            messages.error(
                request,
                f"変更できなかったカード {len(result.refused)} 枚: {names}"
                + (f" ほか {more} 枚" if more > 0 else ""),
            )
    query = urlencode({"state": state, "channel": channel} if channel else {"state": state})
    return redirect(reverse("cards:list", args=[municipality_code]) + "?" + query)


@access("municipality_staff")
@personal_data
def card_list(request: AccessRequest, code: str) -> HttpResponse:
    """Cards by state and channel, 100 a page (application ID and dates only: no names; each row
    shown is logged); a POST moves every card of the filter to another state."""
    state, channel = _filters(request)
    if request.method == "POST":
        return _bulk(request, code, state, channel)
    municipality = access_municipality(request.viewer, code, change=True)
    rows = resident_cards(request.viewer, municipality).filter(state=state)
    if channel:
        rows = rows.filter(channel=channel)
    listing: Listing[Card] = list_page(request, rows.order_by("state_changed_at", "id"), per_page=PER_PAGE)
    cards = listing.rows
    records_shown(request, cards)
    context = {
        "municipality": municipality,
        "cards": cards,
        "listing": listing,
        "page": listing.page,
        "state": state,
        "state_label": rules.STATE_LABELS[state],
        "channel": channel,
        "states": rules.STATE_LABELS.items(),
        "channels": rules.CHANNEL_LABELS.items(),
        "targets": [(s, rules.STATE_LABELS[s]) for s in sorted(rules.TRANSITIONS[state])],
        "bulk_limit": BULK_LIMIT,
        "purposes": VIEW_PURPOSES,
    }
    return render(request, "cards/list.html", context)
