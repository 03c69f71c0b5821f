"""Pages of the cards app: backlog dashboard, file import, notices (PDF), card detail and handover."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kofu.accounts.access import access_municipality, access_prefecture, can_edit_municipality
from kofu.accounts.permissions import AccessRequest, access, can_export_resident_pii, personal_data
from kofu.cards import importing, pacing, selectors, services, suppression
from kofu.cards.access import access_card, access_notice_batch, resident_cards
from kofu.cards.access_log import records_shown
from kofu.cards.forms import (
    ExportPurposeForm,
    ImportForm,
    NoteForm,
    NoticeBatchFilterForm,
    NoticeForm,
    RenewalsForm,
    StaggerForm,
    TransitionForm,
)
from kofu.cards.models import Card, NoticeBatch, PersonalDataExport, ResidentAccess
from kofu.cards.notices import notices_pdf
from kofu.cards.selectors import renewals
from kofu.cards.services import exports, purge
from kofu.core.listing import Listing, list_page
from kofu.core.privacy import suppression_k
from kofu.registry.models import Municipality
from kofu.rules import cards as rules


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


@access("staff")
def dashboard(request: AccessRequest, code: str) -> HttpResponse:
    """The backlog dashboard: aggregates only (no resident rows), for every role in scope."""
    municipality = access_municipality(request.viewer, code)
    as_of = _as_of(request)
    since = as_of - dt.timedelta(days=30)
    # Ministry staff: counts below k read "<k" (SECURITY.md 14); everyone else sees exact numbers.
    hide = suppression.suppresses(request.viewer)
    keys = [key for key, _label in selectors.COUNTERS]
    context = {
        "municipality": municipality,
        "as_of": as_of,
        "stages": suppression.stages(selectors.backlog(municipality, as_of), hide, municipality),
        "counters": suppression.counters(selectors.counters(municipality, as_of), keys, hide),
        "counter_labels": selectors.COUNTERS,
        "delays": suppression.delays(selectors.notice_delays(municipality, as_of, since=since), hide),
        "suppressed": hide,
        "k": suppression_k(),
        "hearing_days": rules.HEARING_DAYS,
        "is_own": can_edit_municipality(request.viewer, municipality.pk),
        "ready": selectors.ready_for_notice(municipality),
    }
    return render(request, "cards/dashboard.html", context)


@access("municipality_staff")
@never_cache
def import_file(request: AccessRequest, code: str) -> HttpResponse:
    municipality = access_municipality(request.viewer, code, change=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        function = (
            importing.import_delivery
            if form.cleaned_data["kind"] == "delivery"
            else importing.import_applications
        )
        try:
            result = function(
                upload.name,
                municipality=municipality,
                actor=request.viewer,
                name=upload.name,
                stream=upload.file,
            )
        except importing.CardImportError as exc:
            errors = exc.lines()
        else:
            text = f"{upload.name} を取り込みました：{result.rows}行（新規 {result.created}件、更新 {result.updated}件）"
            if result.skipped_batches:
                text += f"。取込済みの納品 {', '.join(result.skipped_batches)} は飛ばしました"
            messages.success(request, text)
            return redirect("cards:dashboard", code=code)
    return render(
        request,
        "cards/import.html",
        {"municipality": municipality, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@access("municipality_staff")
@never_cache
def notices(request: AccessRequest, code: str) -> HttpResponse:
    municipality = access_municipality(request.viewer, code, change=True)
    ready = selectors.ready_for_notice(municipality)
    stagger_form = StaggerForm(
        request.GET if "start" in request.GET else None, initial={"start": timezone.localdate()}
    )
    batch_form = NoticeBatchFilterForm(request.GET or None)
    month = batch_form.filters().get("sent_month")
    batches: Listing[NoticeBatch] = list_page(request, selectors.notice_batch_rows(municipality, month=month))
    waves = []
    if stagger_form.is_valid():
        waves = rules.stagger(ready, **stagger_form.cleaned_data)
    form = NoticeForm(
        request.POST or None,
        initial={"size": waves[0].size if waves else ready} if not request.POST else None,
    )
    if waves and not request.POST:
        form.initial.update({"visit_from": waves[0].visit_from, "visit_until": waves[0].visit_until})
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.notices_send(
                municipality=municipality, actor=request.viewer, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, f"交付通知書 {batch.size}通を発送済みにしました。PDF を印刷してください。"
            )
            return redirect("cards:notices", code=code)
    context = {
        "municipality": municipality,
        "ready": ready,
        "pacing": pacing.day_batch(municipality, timezone.localdate()),
        "form": form,
        "stagger_form": stagger_form,
        "waves": waves,
        "batches": batches.rows,
        "listing": batches,
        "batch_form": batch_form,
        "may_export": can_export_resident_pii(request.viewer, municipality.pk),
        "refused": exports.REFUSED,
    }
    return render(request, "cards/notices.html", context, status=400 if form.errors else 200)


@access("municipality_staff")
@personal_data
def notice_pdf(request: AccessRequest, code: str, batch_id: int) -> HttpResponse:
    """The notices of one wave as PDF: a 持ち出し of personal data (permission, logged per card)."""
    municipality = access_municipality(request.viewer, code, change=True)
    batch = access_notice_batch(request.viewer, batch_id, municipality=municipality)
    exports.check_export_allowed(request.viewer, municipality)
    cards = list(batch.cards.filter(deletion__isnull=True).order_by("id"))
    if not cards:
        raise Http404("この発送分の個人情報は保存期間が過ぎたため削除済みです")
    exports.personal_data_export_record(
        actor=request.viewer,
        municipality=municipality,
        kind=PersonalDataExport.Kind.NOTICES,
        purpose=ResidentAccess.Purpose.NOTICE,
        cards=cards,
        parameters={"notice_batch": batch.pk},
        action=ResidentAccess.Action.PRINT,
    )  # writes the access-log row of each card printed (so no records_shown here)
    response = HttpResponse(notices_pdf(batch, cards, municipality.full_name), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notices-{batch.pk}.pdf"'
    return response


#: Why a card's page is opened (chosen when looking a card up; the access log records it).
VIEW_PURPOSES = [
    (ResidentAccess.Purpose.ISSUANCE.value, ResidentAccess.Purpose.ISSUANCE.label),
    (ResidentAccess.Purpose.INQUIRY.value, ResidentAccess.Purpose.INQUIRY.label),
]


def _view_purpose(raw: str) -> str:
    return raw if raw in dict(VIEW_PURPOSES) else ResidentAccess.Purpose.ISSUANCE.value


@access("municipality_staff")
@personal_data
@require_POST
def lookup(request: AccessRequest, code: str) -> HttpResponse:
    """Find a card by notice number or application ID (sent by POST: never in the URL).

    Shows nothing itself: the card's page it leads to logs the access, with the chosen purpose.
    """
    municipality = access_municipality(request.viewer, code, change=True)
    key = request.POST.get("key", "").strip().upper()
    cards = resident_cards(request.viewer, municipality)
    card = cards.filter(notice_number=key).first() or cards.filter(application_id=key).first()
    if card is None:
        messages.error(request, "交付通知書番号・申請書IDに当てはまるカードがありません")
        return redirect("cards:list", code=code)
    purpose = _view_purpose(request.POST.get("purpose", ""))
    url = reverse("cards:detail", kwargs={"code": code, "card_id": card.pk})
    return redirect(url if purpose == ResidentAccess.Purpose.ISSUANCE else f"{url}?purpose={purpose}")


@access("municipality_staff")
@personal_data
def card_detail(request: AccessRequest, code: str, card_id: int) -> HttpResponse:
    municipality = access_municipality(request.viewer, code, change=True)
    card = access_card(
        request.viewer,
        card_id,
        rows=Card.objects.filter(municipality=municipality).select_related("batch", "outreach_event"),
    )
    purpose = _view_purpose(request.GET.get("purpose", ""))
    transition_form = TransitionForm(request.POST if "to_state" in request.POST else None)
    note_form = NoteForm(request.POST if "note_only" in request.POST else None, initial={"note": card.note})
    if request.method == "POST" and card.is_purged:
        messages.error(request, "個人情報を削除したカードは変更できません")
        return redirect("cards:detail", code=code, card_id=card.pk)
    if request.method == "POST":
        if transition_form.is_bound and transition_form.is_valid():
            if transition_form.save(card=card, actor=request.viewer):
                records_shown(request, [card], action=ResidentAccess.Action.UPDATE, purpose=purpose)
                to_state = transition_form.cleaned_data["to_state"]
                messages.success(request, f"状態を「{rules.STATE_LABELS[to_state]}」にしました")
                return redirect(request.get_full_path())
        elif note_form.is_bound and note_form.is_valid():
            services.card_note_update(
                card_id=card.pk, note=note_form.cleaned_data["note"], actor=request.viewer
            )
            messages.success(request, "メモを保存しました")  # the service logged the update
            return redirect(request.get_full_path())
    if not card.is_purged:
        records_shown(request, [card], purpose=purpose)
    context = {
        "municipality": municipality,
        "card": card,
        "history": selectors.card_history(card),
        "next_states": selectors.next_states(card),
        "transition_form": transition_form,
        "note_form": note_form,
    }
    status = 400 if (transition_form.errors or note_form.errors) else 200
    return render(request, "cards/detail.html", context, status=status)


def _renewal_period(request: HttpRequest) -> RenewalsForm:
    today = timezone.localdate()
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    last = (first + dt.timedelta(days=92)).replace(day=1) - dt.timedelta(days=1)
    data = request.GET if "start" in request.GET else {"start": first, "until": last, "kind": ""}
    return RenewalsForm(data)


def _renewals_context(
    request: AccessRequest, municipality: Municipality, period: RenewalsForm, purpose_form: ExportPurposeForm
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "municipality": municipality,
        "period": period,
        "purpose_form": purpose_form,
        "may_export": can_export_resident_pii(request.viewer, municipality.pk),
        "purged": renewals.purged_held(municipality),
        "retention_days": purge.retention_days(),
        "refused": exports.REFUSED,
    }
    if period.is_valid():
        data = period.cleaned_data
        items = renewals.renewals(municipality, data["start"], data["until"], data["kind"] or None)
        months = renewals.per_month(items, data["start"], data["until"])
        context.update(
            months=months,
            total_cards=sum(m.card for m in months),
            total_certificates=sum(m.certificate for m in months),
            total=len(items),
        )
    return context


@access("municipality_staff")
@never_cache
def renewals_page(request: AccessRequest, code: str) -> HttpResponse:
    """Renewal reminders: how many cards and certificates expire per month (counts only)."""
    municipality = access_municipality(request.viewer, code, change=True)
    period = _renewal_period(request)
    context = _renewals_context(request, municipality, period, ExportPurposeForm())
    return render(request, "cards/renewals.html", context, status=200 if period.is_valid() else 400)


@access("municipality_staff")
@personal_data
@require_POST
def renewals_csv(request: AccessRequest, code: str) -> HttpResponse:
    """The renewal list as CSV: 持ち出し (permission, purpose, logged per card and audited)."""
    municipality = access_municipality(request.viewer, code, change=True)
    exports.check_export_allowed(request.viewer, municipality)
    period = RenewalsForm(request.POST)
    purpose_form = ExportPurposeForm(request.POST)
    if not (period.is_valid() and purpose_form.is_valid()):
        context = _renewals_context(request, municipality, period, purpose_form)
        return render(request, "cards/renewals.html", context, status=400)
    data = period.cleaned_data
    items = renewals.renewals(municipality, data["start"], data["until"], data["kind"] or None)
    exports.personal_data_export_record(
        actor=request.viewer,
        municipality=municipality,
        kind=PersonalDataExport.Kind.RENEWALS,
        purpose=purpose_form.cleaned_data["purpose"],
        purpose_text=purpose_form.cleaned_data["purpose_text"],
        cards=list({item.card.pk: item.card for item in items}.values()),
        parameters={
            "from": data["start"].isoformat(),
            "until": data["until"].isoformat(),
            "kind": data["kind"] or "all",
        },
    )
    buffer = io.StringIO()
    renewals.write_csv(items, buffer, lineterminator="\r\n")
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"renewals-{municipality.code}-{data['start']:%Y%m%d}-{data['until']:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@access("prefecture_or_ministry")
def prefecture_overview(request: AccessRequest, pref: str) -> HttpResponse:
    """Cards waiting per municipality of a prefecture (ministry: cells below k read "<k")."""
    prefecture = access_prefecture(request.viewer, pref)
    hide = suppression.suppresses(request.viewer)
    rows, totals, total = suppression.overview(selectors.prefecture_backlog(prefecture.pk), hide)
    context = {
        "prefecture": prefecture,
        "stages": selectors.BACKLOG_STAGES,
        "rows": rows,
        "totals": totals,
        "total": total,
        "suppressed": hide,
        "k": suppression_k(),
    }
    return render(request, "cards/prefecture.html", context)
