"""Forms of the outreach bookings ahead (事前予約制): the resident's booking, the staff's opening."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from kofu.core.validators import clean_email, no_my_number, single_line
from kofu.surveys.models import OutreachSlot


class OutreachBookForm(forms.Form):
    """The least data (a name to call, a phone or an e-mail); no notice number: no card yet."""

    slot = forms.TypedChoiceField(label="時間枠", coerce=int, widget=forms.RadioSelect)
    name = forms.CharField(
        label="お呼びするお名前", max_length=60, validators=[no_my_number, single_line],
        help_text="会場でお呼びするお名前（ひらがな・カタカナ・ニックネームでも構いません）",
    )  # fmt: skip
    phone = forms.CharField(
        label="電話番号", max_length=20, required=False, validators=[no_my_number, single_line],
        help_text="電話番号かメールアドレスのどちらかを入力してください",
    )  # fmt: skip
    email = forms.CharField(
        label="メールアドレス", max_length=254, required=False, validators=[no_my_number, single_line],
        help_text="入力すると予約の確認メールが届きます",
    )  # fmt: skip

    def __init__(self, *args: Any, slots: list[OutreachSlot], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["slot"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(s.pk, self._label(s)) for s in slots if s.free > 0]

    @staticmethod
    def _label(slot: OutreachSlot) -> str:
        start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
        return f"{start:%m月%d日 %H:%M}〜{end:%H:%M}（残り{slot.free}人）"

    def clean_email(self) -> str:
        return clean_email(self.cleaned_data.get("email", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and not self.has_error("email"):
            self.add_error("phone", "電話番号かメールアドレスのどちらかを入力してください")
        return data


class BookingOpenForm(forms.Form):
    minutes = forms.IntegerField(label="1枠の長さ（分）", min_value=5, max_value=240, initial=30)
    seats = forms.IntegerField(label="1枠の定員（人）", min_value=1, max_value=500, initial=5)
    day_before = forms.BooleanField(
        label="予約は前日まで", required=False, initial=True,
        help_text="資料002 事例集 P7（札幌市）: 密を避けるため前日までの事前予約制",
    )  # fmt: skip
