"""Forms of the bookings pages (Japanese labels and errors naming the field)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from kofu.core.validators import no_my_number, single_line
from kofu.rules import date_text
from kofu.rules.booking_numbers import normalise_number


class BirthDateField(forms.CharField):
    """A birth date typed as residents write it: 西暦 or 和暦 (:mod:`kofu.rules.date_text`)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", "生年月日")
        kwargs.setdefault("help_text", f"和暦でも西暦でも入力できます（{date_text.EXAMPLE}）。")
        kwargs.setdefault(
            "error_messages", {"required": f"生年月日を入力してください（{date_text.EXAMPLE}）。"}
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "bday", "maxlength": "30"}))
        kwargs.setdefault("validators", [no_my_number])
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def run_validators(self, value: object) -> None:
        """The validators (the My Number guard) ran on the typed text in :meth:`to_python`."""

    def to_python(self, value: object) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(date_text.UNREADABLE, code="invalid")
        super().run_validators(text)
        try:
            return date_text.parse_date(text, today=timezone.localdate())
        except date_text.DateTextError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class NoticeNumberField(forms.CharField):
    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", "交付通知書番号")
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "help_text",
            "交付通知書（はがき）に印字された番号（例: ABCDE-FGHJK）。個人番号（12桁）ではありません。",
        )
        kwargs.setdefault("error_messages", {"required": "交付通知書番号を入力してください。"})
        kwargs.setdefault("validators", [no_my_number])
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        super().__init__(**kwargs)  # type: ignore[arg-type]


class ResidentLoginForm(forms.Form):
    notice_number = NoticeNumberField()
    birth_date = BirthDateField()


class FindBookingForm(forms.Form):
    number = forms.CharField(
        label="予約番号",
        max_length=20,
        help_text="予約確定の画面・メール・印刷した控えにある 4文字-4文字 の番号（例: K7QM-3HXP）。",
        validators=[no_my_number],
        error_messages={"required": "予約番号を入力してください。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    birth_date = BirthDateField()

    def clean_number(self) -> str:
        number = normalise_number(self.cleaned_data["number"])
        if number is None:
            raise forms.ValidationError("予約番号は 4文字-4文字 の形で入力してください（例: K7QM-3HXP）。")
        return number


class FamilyMemberForm(forms.Form):
    """One more card of the household: its own notice number and birth date (both or neither)."""

    notice_number = NoticeNumberField(required=False, label="ご家族の交付通知書番号")
    birth_date = BirthDateField(required=False, label="ご家族の生年月日")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        number, birth = data.get("notice_number"), data.get("birth_date")
        if number and not birth and "birth_date" not in self.errors:
            self.add_error("birth_date", f"ご家族の生年月日を入力してください（{date_text.EXAMPLE}）。")
        if birth and not number:
            self.add_error("notice_number", "ご家族の交付通知書番号を入力してください。")
        return data


FamilyFormSet = forms.formset_factory(FamilyMemberForm, extra=0, max_num=9, absolute_max=9)


class SlotChoiceForm(forms.Form):
    slot = forms.IntegerField(
        label="来庁日時",
        error_messages={"required": "来庁日時を選んでください。", "invalid": "来庁日時を選んでください。"},
    )
    email = forms.EmailField(
        label="メールアドレス（任意）",
        required=False,
        help_text="予約の確認・変更・取消・前日のお知らせを送ります。",
        validators=[no_my_number, single_line],
        error_messages={"invalid": "メールアドレスの形式が正しくありません（例: hanako@example.jp）。"},
    )


class StaffBookingForm(forms.Form):
    notice_number = forms.CharField(
        label="交付通知書番号",
        max_length=20,
        validators=[no_my_number],
        error_messages={"required": "交付通知書番号を入力してください。"},
    )
    slot = forms.IntegerField(label="予約枠", error_messages={"required": "予約枠を選んでください。"})
    channel = forms.ChoiceField(label="受付方法", choices=[("phone", "電話"), ("walk_in", "窓口（当日）")])


class ClosureForm(forms.Form):
    start = forms.DateField(
        label="休業開始日",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "休業開始日を入力してください。"},
    )
    end = forms.DateField(
        label="休業終了日",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "休業終了日を入力してください。"},
    )
    reason = forms.CharField(
        label="理由",
        max_length=100,
        validators=[no_my_number],
        error_messages={"required": "理由を入力してください。"},
    )
    whole_municipality = forms.BooleanField(label="市区町村のすべての会場を休みにする", required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "休業終了日は休業開始日以降にしてください。")
        return data
