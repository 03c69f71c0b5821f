"""Forms of the plans app (Japanese labels and messages; every free-text field refuses a My Number)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict

from kofu.accounts.roles import Actor
from kofu.core.listing import ListFilterForm, MonthField
from kofu.core.validators import no_my_number
from kofu.plans import services
from kofu.plans.models import PLAN_FIELDS, MonthlyReport, PlanStatus, SmoothingPlan
from kofu.plans.selectors import NO_PLAN, month_rows_for
from kofu.plans.services import REPORT_FIELDS
from kofu.registry.models import Municipality
from kofu.rules import plans as rules
from kofu.rules.calendar import MonthError, YearMonth
from kofu.rules.plan_followup import REPORT_STATUS_LABELS

PROFILE_CHOICES = [
    ("manual", "各月の交付枚数を入力する"),
    ("even", "残りの枚数を各月に均等に配分する"),
    ("front-loaded", "残りの枚数を早い月ほど多く配分する（前倒し）"),
]


# ModelForm is generic in django-stubs only; subscripting it at run time needs django-stubs-ext,
# which is not a runtime dependency.
class PlanForm(forms.ModelForm):  # type: ignore[type-arg]
    profile = forms.ChoiceField(label="各月の交付枚数", choices=PROFILE_CHOICES, initial="manual")

    class Meta:
        model = SmoothingPlan
        fields = list(PLAN_FIELDS)
        widgets = {
            "base_month": forms.TextInput(attrs={"placeholder": "2022-09", "inputmode": "numeric"}),
            "deadline": forms.TextInput(attrs={"placeholder": "2023-03", "inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "capacity_ready": forms.TextInput(attrs={"placeholder": "2022-06", "inputmode": "numeric"}),
            "qr_letters_from": forms.TextInput(attrs={"placeholder": "2020-12", "inputmode": "numeric"}),
            "qr_letters_until": forms.TextInput(attrs={"placeholder": "2021-03", "inputmode": "numeric"}),
        }
        help_texts = {
            "base_month": "累計交付枚数を数えた月（YYYY-MM）。計画はその翌月から期限月までです。",
            "per_window_daily": "現状の平均。研修を受けた職員で1窓口1日約80枚が目安です（資料003）。",
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        base, deadline = data.get("base_month"), data.get("deadline")
        if base and deadline:
            try:
                if YearMonth.parse(deadline) <= YearMonth.parse(base):
                    self.add_error("deadline", "期限月は基準月より後の月にしてください")
                elif YearMonth.parse(deadline).ordinal - YearMonth.parse(base).ordinal > 60:
                    self.add_error("deadline", "計画期間は60か月以内にしてください")
            except MonthError as exc:
                self.add_error("base_month", str(exc))
        return data


class MonthRowForm(forms.Form):
    month = forms.CharField(label="月", widget=forms.HiddenInput, validators=[no_my_number])
    target = forms.IntegerField(label="交付枚数", min_value=0, required=False)
    weekend_days = forms.IntegerField(label="土日開庁日数", min_value=0, max_value=10, initial=0)
    windows = forms.IntegerField(label="窓口数", min_value=0, required=False)
    staff = forms.IntegerField(label="職員数", min_value=0, required=False)
    terminals = forms.IntegerField(label="統合端末数", min_value=0, required=False)
    temporary_windows = forms.IntegerField(label="臨時窓口数（庁舎外）", min_value=0, initial=0)


MonthFormSet = forms.formset_factory(MonthRowForm, extra=0)


class PlanEdit:
    """The edit page's two forms as one: the plan's figures (:class:`PlanForm`) and one row per
    month (:data:`MonthFormSet`), checked together and saved through ``services.plan_save``."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        figures: Mapping[str, object],
        rows: list[dict[str, object]],
    ) -> None:
        """Bound to ``data`` (a POST), or showing ``figures`` and ``rows`` (the stored plan's, or
        the starting figures: ``selectors.plan_draft``) for the plan's period."""
        if data is None:
            self.form = PlanForm(initial=dict(figures))
            self.formset = MonthFormSet(initial=month_rows_for(dict(figures), rows), prefix="m")
        else:
            self.form = PlanForm(data, instance=None)
            self.formset = MonthFormSet(data, prefix="m")
        #: Set by :meth:`save` when the rows did not match the period and were made again.
        self.rebuilt = False

    def save(self, *, municipality: Municipality, actor: Actor) -> SmoothingPlan | None:
        """Save the draft when both forms are valid, the rows are the period's months and each
        has its target (typed, or distributed by the chosen profile). Otherwise ``None``: the
        errors are on the forms, or the rows were made again for the period (:attr:`rebuilt`)
        for the user to look over before saving."""
        if not (self.form.is_valid() and self.formset.is_valid()):
            return None
        data = {f: self.form.cleaned_data[f] for f in PLAN_FIELDS}
        rows: list[dict[str, Any]] = [f.cleaned_data for f in self.formset.forms if f.cleaned_data]
        expected = month_rows_for(data, rows)
        if [r["month"] for r in rows] != [r["month"] for r in expected]:
            self.formset = MonthFormSet(initial=expected, prefix="m")
            self.rebuilt = True
            return None
        profile = self.form.cleaned_data["profile"]
        if profile == "manual":
            missing = [r["month"] for r in rows if r.get("target") is None]
            if missing:
                self.form.add_error(None, f"各月の交付枚数を入力してください（未入力: {'、'.join(missing)}）")
                return None
        else:
            weights = rules.profile_weights(rules.Profile(profile), len(rows))
            targets = rules.distribute(int(data["population"]) - int(data["issued"]), weights)
            rows = [{**row, "target": target} for row, target in zip(rows, targets, strict=True)]
        try:
            return services.plan_save(municipality=municipality, data=data, months=rows, actor=actor)
        except services.PlanError as exc:
            self.form.add_error(None, str(exc))
            return None


#: A plan sheet is a few kilobytes; refuse anything that could only be something else.
MAX_UPLOAD = 2_000_000
_NO_FILE = "ファイルを選んでください"


class PlanImportForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # refused by the import core, which names the file
        label="計画のXLSXファイル",
        help_text="「様式をダウンロード」で得たファイルに記入したもの",
        error_messages={"required": _NO_FILE, "invalid": _NO_FILE, "missing": _NO_FILE},
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(f"{upload.name} が大きすぎます（{MAX_UPLOAD // 1_000_000}MBまで）")
        return upload


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, validators=[no_my_number])
    advice = forms.CharField(
        label="助言・コメント",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_my_number],
    )


# ModelForm is generic in django-stubs only (see PlanForm).
class ReportForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MonthlyReport
        fields = list(REPORT_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class MonthForm(forms.Form):
    month = forms.CharField(label="対象月", help_text="YYYY-MM（例: 2022-01）", validators=[no_my_number])

    def clean_month(self) -> str:
        try:
            return str(YearMonth.parse(self.cleaned_data["month"]))
        except MonthError as exc:
            raise forms.ValidationError(str(exc)) from None


class HearingForm(forms.Form):
    backlog_reasons = forms.CharField(
        label="滞留が生じている理由", widget=forms.Textarea(attrs={"rows": 4}), validators=[no_my_number]
    )
    action_plan = forms.CharField(
        label="今後の対応方針", widget=forms.Textarea(attrs={"rows": 4}), validators=[no_my_number]
    )
    advice = forms.CharField(
        label="助言", required=False, widget=forms.Textarea(attrs={"rows": 3}), validators=[no_my_number]
    )


class PrefectureReportFilterForm(ListFilterForm):
    """The prefecture's reports list: the month (last month by default), the state of the report
    and a word of the municipality's name."""

    month = MonthField(label="対象月", required=False)
    status = forms.ChoiceField(
        label="提出状況",
        required=False,
        choices=[("", "すべて"), *((k.value, v) for k, v in REPORT_STATUS_LABELS.items())],
    )
    q = forms.CharField(label="市区町村名", required=False, max_length=100, validators=[no_my_number])


class PrefecturePlanFilterForm(ListFilterForm):
    """The prefecture's roll-up of plans: the plan's state (or no plan yet) and a word of the
    municipality's name."""

    status = forms.ChoiceField(
        label="計画の状態",
        required=False,
        choices=[("", "すべて"), (NO_PLAN, "未作成"), *PlanStatus.choices],
    )
    q = forms.CharField(label="市区町村名", required=False, max_length=100, validators=[no_my_number])
