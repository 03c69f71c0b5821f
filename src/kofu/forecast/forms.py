"""Forms of the forecast pages: periods and the capacity what-ifs (GET; nothing is stored)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django import forms

from kofu.rules import forecast_capacity as rules


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="期間の始め", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="期間の終わり", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, until = data.get("start"), data.get("until")
        if start and until and until < start:
            raise forms.ValidationError("期間の終わりは始まり以降の日にしてください")
        if (
            isinstance(start, dt.date)
            and isinstance(until, dt.date)
            and (until.year - start.year) * 12 + until.month - start.month >= 120
        ):
            raise forms.ValidationError("一度に表示できる期間は10年までです")
        return data


class CapacityForm(PeriodForm):
    day_minutes = forms.IntegerField(
        label="窓口の1日の開設時間（分）",
        min_value=60,
        max_value=1440,
        initial=rules.DAY_MINUTES,
        required=False,
    )
    card_minutes = forms.IntegerField(
        label="カードの更新1件の処理時間（分）",
        min_value=1,
        max_value=240,
        initial=rules.CARD_RENEWAL_MINUTES,
        required=False,
    )
    certificate_minutes = forms.IntegerField(
        label="電子証明書の更新1件の処理時間（分）",
        min_value=1,
        max_value=240,
        initial=rules.CERTIFICATE_RENEWAL_MINUTES,
        required=False,
    )
    extra_windows = forms.IntegerField(
        label="追加する窓口数", min_value=0, max_value=100, initial=0, required=False
    )
    saturdays = forms.BooleanField(label="毎週土曜日に開庁する", required=False)
    outreach_days = forms.IntegerField(
        label="出張対応の日数（月）", min_value=0, max_value=31, initial=0, required=False
    )
    outreach_daily = forms.IntegerField(
        label="出張対応1日の処理件数（新規換算）", min_value=0, max_value=10000, initial=0, required=False
    )
    measured = forms.DecimalField(
        label="窓口で測った1窓口1日当たりの処理件数（空欄: 計画の値）",
        min_value=1,
        max_value=1000,
        decimal_places=1,
        required=False,
    )

    def handling(self) -> rules.Handling:
        data = self.cleaned_data
        return rules.Handling(
            data.get("day_minutes") or rules.DAY_MINUTES,
            data.get("card_minutes") or rules.CARD_RENEWAL_MINUTES,
            data.get("certificate_minutes") or rules.CERTIFICATE_RENEWAL_MINUTES,
        )

    def what_if(self) -> rules.WhatIf:
        data = self.cleaned_data
        measured = data.get("measured")
        return rules.WhatIf(
            extra_windows=data.get("extra_windows") or 0,
            saturdays=bool(data.get("saturdays")),
            outreach_days=data.get("outreach_days") or 0,
            outreach_daily=data.get("outreach_daily") or 0,
            measured_per_window_daily=Fraction(measured) if measured else None,
        )
