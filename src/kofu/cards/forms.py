"""Forms of the cards app (Japanese labels; every free-text field refuses My Numbers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict

from kofu.accounts.roles import Actor
from kofu.cards import services
from kofu.cards.models import Card
from kofu.cards.selectors.renewals import PeriodError, check_period
from kofu.cards.services.exports import EXPORT_PURPOSES, check_purpose
from kofu.core.listing import ListFilterForm, MonthField
from kofu.core.validators import no_my_number
from kofu.rules import cards as rules
from kofu.rules import proxy_handover as proxy

UPLOAD_LIMIT = 200 * 1024 * 1024


class ForgetsMyNumbers(forms.Form):
    """A refused My Number is not echoed back: the field is shown empty with the error."""

    def full_clean(self) -> None:
        super().full_clean()
        refused = [
            name
            for name, errors in self.errors.as_data().items()
            if any(e.code == "my_number" for e in errors)
        ]
        if refused:
            data = self.data.copy() if isinstance(self.data, MultiValueDict) else dict(self.data)
            for name in refused:
                data[self.add_prefix(name)] = ""
            self.data = data


class ImportForm(forms.Form):
    KINDS = [("delivery", "J-LIS納品ファイル"), ("applications", "申請受付の一覧")]
    kind = forms.ChoiceField(label="ファイルの種類", choices=KINDS, initial="delivery")
    file = forms.FileField(
        allow_empty_file=True,  # refused by the import core, which names the file
        label="CSVファイル",
        help_text="UTF-8 または Shift_JIS の CSV（1行目は見出し）。形式は利用者ガイドを参照。",
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if (upload.size or 0) > UPLOAD_LIMIT:
            raise forms.ValidationError(
                "CSVファイルが大きすぎます（200MBまで。大きなファイルは kofu cards コマンドで）"
            )
        return upload


class NoticeForm(forms.Form):
    size = forms.IntegerField(label="今回送る通数", min_value=1, max_value=100000)
    visit_from = forms.DateField(label="来庁期間（開始）", widget=forms.DateInput(attrs={"type": "date"}))
    visit_until = forms.DateField(label="来庁期間（終了）", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("visit_from") and data.get("visit_until") and data["visit_until"] < data["visit_from"]:
            self.add_error("visit_until", "来庁期間（終了）は開始日以降にしてください")
        return data


class StaggerForm(forms.Form):
    capacity_per_day = forms.IntegerField(
        label="窓口の1日あたりの交付可能枚数", min_value=1, max_value=10000, initial=80
    )
    days_per_wave = forms.IntegerField(
        label="1回の通知で案内する開庁日数", min_value=1, max_value=60, initial=5
    )
    start = forms.DateField(label="最初の来庁期間の開始日", widget=forms.DateInput(attrs={"type": "date"}))


class TransitionForm(ForgetsMyNumbers):
    to_state = forms.ChoiceField(label="変更後の状態", choices=list(rules.STATE_LABELS.items()))
    on = forms.DateField(label="日付", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="メモ", required=False, max_length=200, validators=[no_my_number])

    def save(self, *, card: Card, actor: Actor) -> bool:
        """Move ``card`` as the form says (the one transition service); a refusal becomes the
        error of the state field and ``False``."""
        data = self.cleaned_data
        try:
            services.card_transition(
                card_id=card.pk, to_state=data["to_state"], on=data["on"], note=data["note"], actor=actor
            )
        except (rules.TransitionError, ValidationError) as exc:
            self.add_error(
                "to_state", str(exc) if isinstance(exc, rules.TransitionError) else exc.messages[0]
            )
            return False
        return True


class NoteForm(ForgetsMyNumbers):
    note = forms.CharField(
        label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 3}), validators=[no_my_number]
    )


class RenewalsForm(forms.Form):
    """The period of the renewal-reminder list (dates in the query string: no personal data)."""

    start = forms.DateField(label="期間（開始）", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="期間（終了）", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label="種類",
        required=False,
        choices=[("", "カードと電子証明書"), ("card", "カード"), ("certificate", "電子証明書")],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("until"):
            try:
                check_period(data["start"], data["until"])
            except PeriodError as exc:
                self.add_error("until", str(exc))
        return data


class ExportPurposeForm(ForgetsMyNumbers):
    """持ち出し: the purpose of an export of personal data (required; logged)."""

    purpose = forms.ChoiceField(label="出力の目的", choices=[("", "選んでください"), *EXPORT_PURPOSES])
    purpose_text = forms.CharField(
        label="目的の内容（「その他」のときは必須。個人番号は書かないでください）",
        required=False,
        max_length=200,
        validators=[no_my_number],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("purpose") and "purpose_text" not in self.errors:
            try:
                data["purpose_text"] = check_purpose(data["purpose"], data.get("purpose_text", ""))
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        return data


class ProxyHandoverForm(forms.Form):
    """The window's checks before a card goes to a proxy (資料002 事例集 P10, 函館市)."""

    reason = forms.ChoiceField(
        label="本人が出頭できない理由", choices=[("", "選んでください"), *proxy.REASONS.items()]
    )
    facility = forms.CharField(
        label="施設名（入所・入院の場合）", max_length=100, required=False, validators=[no_my_number]
    )
    relation = forms.ChoiceField(label="代理人", choices=[("", "選んでください"), *proxy.RELATIONS.items()])
    applicant_id = forms.ChoiceField(
        label="本人の本人確認書類", choices=[("", "選んでください"), *proxy.APPLICANT_IDS.items()]
    )
    hardship_proof = forms.BooleanField(
        label="出頭が困難であることを証する書類（在所証明書・診断書など）を確認した", required=False
    )
    proxy_identity = forms.BooleanField(label="代理人の本人確認書類を確認した", required=False)
    delegation = forms.BooleanField(
        label="照会書兼回答書の委任欄（本人の記入・署名）を確認した", required=False
    )
    pin_sealed = forms.BooleanField(
        label="本人が暗証番号を記入し封をした照会書兼回答書を受け取った", required=False
    )
    on = forms.DateField(label="交付日", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def checks(self) -> proxy.ProxyChecks:
        data = self.cleaned_data
        return proxy.ProxyChecks(
            reason=data["reason"], relation=data["relation"], applicant_id=data["applicant_id"],
            hardship_proof=data["hardship_proof"], proxy_identity=data["proxy_identity"],
            delegation=data["delegation"], pin_sealed=data["pin_sealed"], facility=data["facility"],
        )  # fmt: skip


class NoticeBatchFilterForm(ListFilterForm):
    """The notice batches list's filter: the month they were sent (no free text: a batch has none)."""

    # Django drops a field the base form declares when a subclass sets it to None.
    q = None  # type: ignore[assignment]
    sent_month = MonthField(label="発送月", required=False)
