"""The outbox page (/outbox/): a municipality's administrators see each message's state and retry
the failed ones. Addresses are masked (``t***@example.jp``) and bodies are not shown, so the page
shows no resident's personal data."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kofu.accounts.permissions import AccessRequest, access
from kofu.core.listing import Listing, list_page
from kofu.outbox import selectors, services
from kofu.outbox.access import access_message, messages_in_scope
from kofu.outbox.forms import OutboxFilterForm
from kofu.outbox.models import Message


@access("municipality_admin")
@never_cache
@require_http_methods(["GET"])
def outbox(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    form = OutboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.messages_for(
        viewer, state=filters.get("state", ""), since=filters.get("since"), until=filters.get("until")
    )
    listing: Listing[Message] = list_page(request, rows)
    context = {
        "form": form,
        "listing": listing,
        "page": listing.page,
        "rows": selectors.rows_of(listing.rows),
        "counts": selectors.state_counts(messages_in_scope(viewer)),
        "query": listing.query,
        "municipality": viewer.organisation,
    }
    return render(request, "outbox/outbox.html", context, status=200 if not form.errors else 400)


@access("municipality_admin")
@require_POST
def retry(request: AccessRequest, message_id: int) -> HttpResponse:
    viewer = request.viewer
    message = access_message(viewer, message_id)
    try:
        services.message_retry(message_id=message.pk, actor=viewer)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"メール（{message.subject}）を送信待ちに戻しました。")
    back = request.POST.get("next", "")
    return redirect(f"{reverse('outbox:outbox')}?{back}" if back else "outbox:outbox")
