"""Forms of the subsidies pages (Japanese labels; errors name the field)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from kofu.core.listing import ListFilterForm
from kofu.core.validators import no_my_number
from kofu.rules import subsidy
from kofu.rules.subsidy_claims import BASIS_LABELS, COST_CATEGORIES
from kofu.subsidies.models import Claim
from kofu.subsidies.services import ClaimInput

FIRST_FISCAL_YEAR = 2016  # the card was first issued in January 2016 (FY2015's last quarter)

_ERRORS = {
    "required": "%(label)sを入力してください",
    "invalid": "%(label)sは整数（半角数字）で入力してください",
    "min_value": "%(label)sは0以上で入力してください",
    "max_value": "%(label)sが大きすぎます",
}


def _integer(label: str, help_text: str = "") -> forms.IntegerField:
    field = forms.IntegerField(label=label, min_value=0, max_value=10**12, initial=0, help_text=help_text)
    field.error_messages = {key: text % {"label": label} for key, text in _ERRORS.items()}
    field.widget.attrs.update({"inputmode": "numeric", "class": "amount"})
    return field


def fiscal_year_choices() -> list[tuple[int, str]]:
    current = subsidy.fiscal_year(timezone.localdate())
    return [(year, subsidy.fiscal_year_label(year)) for year in range(current, FIRST_FISCAL_YEAR - 1, -1)]


def spend_field_name(key: str) -> str:
    return f"spend_{key}"


class ClaimForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(
        label="年度",
        coerce=int,
        error_messages={"required": "年度を選んでください", "invalid_choice": "年度を選び直してください"},
    )
    at_counter = _integer("申請時来庁方式の受付件数", "件")
    outreach = _integer("出張申請受付方式の受付件数", "件")
    support = _integer("申請サポート方式の受付件数", "件")
    unit_price = _integer(
        "宣伝及び集客経費の単価（円）", "団体の取組状況に応じた単価。上限は年度により1,000円または2,000円"
    )
    note = forms.CharField(
        label="備考",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_my_number],
        error_messages={"max_length": "備考は2,000文字以内で入力してください"},
    )

    def __init__(
        self,
        *args: Any,
        fixed_year: int | None = None,
        overrides: dict[int, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.overrides = overrides or {}
        choices = fiscal_year_choices()
        if fixed_year is not None:
            choices = [(fixed_year, subsidy.fiscal_year_label(fixed_year))]
        cast(forms.TypedChoiceField, self.fields["fiscal_year"]).choices = choices
        for category in COST_CATEGORIES:
            self.fields[spend_field_name(category.key)] = _integer(
                f"{category.label}（実支出額・円）", BASIS_LABELS[category.basis]
            )

    def spend_fields(self) -> list[forms.BoundField]:
        return [self[spend_field_name(c.key)] for c in COST_CATEGORIES]

    def channel_fields(self) -> list[forms.BoundField]:
        return [self["at_counter"], self["outreach"], self["support"], self["unit_price"]]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        year, price = data.get("fiscal_year"), data.get("unit_price")
        if year is not None and price is not None:
            ceiling = subsidy.unit_price_ceiling(year, self.overrides)
            if price > ceiling:
                self.add_error(
                    "unit_price",
                    f"宣伝及び集客経費の単価（円）は{subsidy.fiscal_year_label(year)}の上限"
                    f"{subsidy.yen(ceiling)}以下で入力してください（{subsidy.yen(price)}）",
                )
        return data

    def claim_input(self) -> ClaimInput:
        data = self.cleaned_data
        return ClaimInput(
            fiscal_year=data["fiscal_year"],
            at_counter=data["at_counter"],
            outreach=data["outreach"],
            support=data["support"],
            unit_price=data["unit_price"],
            spend={c.key: data[spend_field_name(c.key)] for c in COST_CATEGORIES},
            note=data["note"],
        )


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, validators=[no_my_number])
    comment = forms.CharField(
        label="コメント",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_my_number],
        error_messages={"max_length": "コメントは2,000文字以内で入力してください"},
    )


class ClaimFilterForm(ListFilterForm):
    """The claims list's filters: fiscal year (those with claims), state and a word of the
    municipality's name (shown to the oversight roles only)."""

    # django-stubs types ``empty_value`` as text; Django hands it back as given (0: every year).
    fiscal_year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=0)  # type: ignore[arg-type]
    status = forms.ChoiceField(label="状態", required=False, choices=[("", "すべて"), *Claim.Status.choices])
    q = forms.CharField(label="団体名", required=False, max_length=100, validators=[no_my_number])

    field_order = ["fiscal_year", "status", "q"]

    def __init__(self, data: Any, *, years: list[tuple[int, str]], oversight: bool) -> None:
        super().__init__(data)
        cast(forms.TypedChoiceField, self.fields["fiscal_year"]).choices = [("", "すべて"), *years]
        if not oversight:
            del self.fields["q"]
