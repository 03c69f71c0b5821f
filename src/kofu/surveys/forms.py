"""Forms of the surveys app (Japanese labels; free text checked for My Numbers)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from kofu.core.listing import ListFilterForm, MonthField
from kofu.core.validators import no_my_number
from kofu.surveys.models import (
    BestPractice,
    Option,
    OutreachEvent,
    Question,
    Respondent,
    StaffDepartment,
    StaffOrganisation,
    Survey,
)
from kofu.surveys.models.outreach import Channel, PracticeTheme, VenueType
from kofu.surveys.services.staff import NOT_MORE_THAN

TEXT_SUFFIX = "__text"


# ModelForm is generic in django-stubs only; subscripting it at run time needs django-stubs-ext,
# which is not a runtime dependency (ADR 0028).
class SurveyForm(forms.ModelForm):  # type: ignore[type-arg]
    use_seed_000 = forms.BooleanField(
        label="資料000の調査票（表1〜表6の設問）を使う", required=False, initial=True
    )
    quota_designated = forms.IntegerField(label="指定都市：上位・下位の各団体数", min_value=0, initial=5)
    quota_wards = forms.IntegerField(label="特別区：上位・下位の各団体数", min_value=0, initial=5)
    quota_core = forms.IntegerField(label="中核市：上位・下位の各団体数", min_value=0, initial=10)
    quota_other = forms.IntegerField(label="その他の市：上位・下位の各団体数", min_value=0, initial=10)
    other_min_population = forms.IntegerField(
        label="その他の市：対象とする最少人口", min_value=0, initial=100_000
    )

    class Meta:
        model = Survey
        fields = ["slug", "title", "reference_date", "description"]
        widgets = {"reference_date": forms.DateInput(attrs={"type": "date"})}

    def quotas(self) -> dict[str, int]:
        """Category → N per side (categories with 0 are not surveyed)."""
        data = self.cleaned_data
        pairs = [
            ("指定都市", "quota_designated"), ("特別区", "quota_wards"),
            ("中核市", "quota_core"), ("その他の市", "quota_other"),
        ]  # fmt: skip
        return {category: data[key] for category, key in pairs if data.get(key)}


class QuestionForm(forms.Form):
    key = forms.SlugField(label="列名（半角英数字）", max_length=40, validators=[no_my_number])
    text = forms.CharField(label="設問", max_length=300, validators=[no_my_number])
    kind = forms.ChoiceField(label="種類", choices=Question.Kind.choices)
    table = forms.CharField(label="表番号", max_length=16, required=False, validators=[no_my_number])
    by_category = forms.BooleanField(label="団体区分別に集計する", required=False)
    options = forms.CharField(
        label="選択肢・類型（1行に1つ「コード|表示名|まとまり」）",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        validators=[no_my_number],
    )


class AnswerForm(forms.Form):
    """One field per question (coded free text: the text and its categories)."""

    def __init__(self, *args: Any, questions: list[Question], initial_answers: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            label = f"問{q.position} {q.text}"
            init = initial_answers.get(q.key)
            if q.kind == Question.Kind.YES_NO:
                self.fields[q.key] = forms.ChoiceField(
                    label=label,
                    choices=[("yes", f"はい（{q.yes_label}）"), ("no", f"いいえ（{q.no_label}）")],
                    widget=forms.RadioSelect,
                    required=True,
                    initial=None if init is None else ("yes" if init else "no"),
                )
            elif q.kind == Question.Kind.COUNT:
                self.fields[q.key] = forms.IntegerField(
                    label=label, min_value=0, required=False, initial=init
                )
            else:
                options = [(o.code, o.label) for o in q.options.all()]
                if q.kind == Question.Kind.CODED_TEXT:
                    self.fields[q.key + TEXT_SUFFIX] = forms.CharField(
                        label=f"{label}（自由記述）",
                        widget=forms.Textarea(attrs={"rows": 3}),
                        required=False,
                        validators=[no_my_number],
                        initial=init[0] if init else "",
                    )
                self.fields[q.key] = forms.MultipleChoiceField(
                    label=label if q.kind == Question.Kind.CHOICE else f"{label}（該当する類型）",
                    choices=options,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                    initial=(init[1] if isinstance(init, tuple) else init) or [],
                )

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for q in self.questions:
            value = self.cleaned_data.get(q.key)
            if q.kind == Question.Kind.YES_NO:
                out[q.key] = value == "yes"
            elif q.kind == Question.Kind.COUNT:
                out[q.key] = value
            elif q.kind == Question.Kind.CHOICE:
                out[q.key] = ";".join(value or [])
            else:
                out[q.key] = (self.cleaned_data.get(q.key + TEXT_SUFFIX, ""), ";".join(value or []))
        return out


class ImportForm(forms.Form):
    file = forms.FileField(
        label="回答ファイル（XLSX）",
        allow_empty_file=True,  # refused by the import core, which names the file
    )


# ModelForm is generic in django-stubs only (see SurveyForm).
class StaffOrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    departments = forms.CharField(
        label="部署（1行に1つ）",
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="全体",
        validators=[no_my_number],
    )

    class Meta:
        model = StaffOrganisation
        fields = ["kind", "name"]


class StaffReportForm(forms.Form):
    department: forms.ModelChoiceField[StaffDepartment] = forms.ModelChoiceField(label="部署", queryset=None)
    as_of = forms.DateField(label="時点", widget=forms.DateInput(attrs={"type": "date"}))
    staff = forms.IntegerField(label="職員数", min_value=0)
    staff_applications = forms.IntegerField(label="職員の申請者数", min_value=0)
    staff_cards = forms.IntegerField(label="職員の取得者数", min_value=0, initial=0)
    dependants = forms.IntegerField(label="被扶養者数", min_value=0, initial=0)
    dependant_applications = forms.IntegerField(label="被扶養者の申請者数", min_value=0, initial=0)
    dependant_cards = forms.IntegerField(label="被扶養者の取得者数", min_value=0, initial=0)
    reasons = forms.CharField(
        label="申請しない理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_my_number],
        help_text="未申請の職員が挙げた理由（例: 紛失が心配、必要性を感じない）。1行に1つ",
    )

    def __init__(self, *args: Any, organisation: StaffOrganisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        department = cast("forms.ModelChoiceField[StaffDepartment]", self.fields["department"])
        department.queryset = organisation.departments.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for part, whole, message in NOT_MORE_THAN:
            if data.get(part) is not None and data.get(whole) is not None and data[part] > data[whole]:
                self.add_error(part, message)
        return data


# ModelForm is generic in django-stubs only (see SurveyForm).
class OutreachEventForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OutreachEvent
        fields = [
            "title", "venue_type", "venue", "address", "starts_on", "ends_on", "opens_at", "closes_at",
            "staff", "has_camera", "has_terminal", "notes", "published",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "opens_at": forms.TimeInput(attrs={"type": "time"}),
            "closes_at": forms.TimeInput(attrs={"type": "time"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("address", "opens_at", "closes_at"):  # optional only for imported events
            self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "終了日は開始日以降にしてください")
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", "受付終了時刻は受付開始時刻より後にしてください")
        return data


class ApplicationsForm(forms.Form):
    def __init__(self, *args: Any, initial_counts: dict[str, int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for value, label in Channel.choices:
            self.fields[value] = forms.IntegerField(
                label=f"{label}の受付件数", min_value=0, required=False, initial=initial_counts.get(value)
            )

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in self.cleaned_data.items() if v is not None}


# ModelForm is generic in django-stubs only (see SurveyForm).
class BestPracticeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = BestPractice
        fields = ["theme", "measure", "venue_type", "period", "outcome", "source"]
        widgets = {"outcome": forms.Textarea(attrs={"rows": 3})}


# ModelChoiceField is generic in django-stubs only (see SurveyForm).
class ThemeField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A coded free-text option, named with its table (or question) for the quote's theme."""

    def label_from_instance(self, obj: Option) -> str:
        return f"{obj.question.table or obj.question.key}：{obj.label}"


class QuoteForm(forms.Form):
    """An excerpt of a free-text answer, filed under one theme (資料000 表7)."""

    theme = ThemeField(label="類型", queryset=Option.objects.none())
    theme_label = forms.CharField(
        label="表に載せる類型名（省略可）", max_length=100, required=False, validators=[no_my_number]
    )
    text = forms.CharField(
        label="意見（抜粋）", widget=forms.Textarea(attrs={"rows": 3}), validators=[no_my_number]
    )

    def __init__(
        self, *args: Any, survey: Survey, questions: list[Question] | None = None, **kwargs: Any
    ) -> None:
        """``questions``: the survey's questions with their options already read (the cross-table's),
        so that the page does not read the themes again."""
        super().__init__(*args, **kwargs)
        field = self.fields["theme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Option.objects.filter(
            question__survey=survey, question__kind=Question.Kind.CODED_TEXT
        ).select_related("question")
        if questions is not None:
            field.choices = [("", "---------")] + [
                (o.pk, f"{q.table or q.key}：{o.label}")
                for q in questions
                if q.kind == Question.Kind.CODED_TEXT
                for o in q.options.all()
            ]


class StaffWorkbookForm(forms.Form):
    """Which 様式 to write: the date (様式1: 12月末, 様式2: 3月末) and optionally one kind of body."""

    as_of = forms.DateField(label="時点", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label="組織の種別",
        required=False,
        choices=[("", "すべて"), *StaffOrganisation.Kind.choices],
    )


# ModelMultipleChoiceField is generic in django-stubs only (see SurveyForm).
class PracticeChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Cases of good practice, each named by its owner and measure."""

    def label_from_instance(self, obj: BestPractice) -> str:
        return f"{obj.owner_name}：{obj.measure}"


class PracticeSelectionForm(forms.Form):
    """The ministry's selection of cases to pass on to the prefectures."""

    title = forms.CharField(label="事例集の名称", max_length=200, validators=[no_my_number])
    note = forms.CharField(
        label="説明", required=False, widget=forms.Textarea(attrs={"rows": 2}), validators=[no_my_number]
    )
    practices = PracticeChoiceField(
        label="載せる事例",
        queryset=BestPractice.objects.select_related("municipality__prefecture", "prefecture"),
        widget=forms.CheckboxSelectMultiple,
    )


class EventFilterForm(ListFilterForm):
    """The outreach-event management list's filters."""

    q = forms.CharField(label="名称・会場名", required=False, max_length=100, validators=[no_my_number])
    month = MonthField(label="実施月", required=False)
    venue_type = forms.ChoiceField(
        label="会場の種類", required=False, choices=[("", "すべて"), *VenueType.choices]
    )
    published = forms.ChoiceField(
        label="公開", required=False, choices=[("", "すべて"), ("yes", "公開中"), ("no", "非公開")]
    )


class SurveyFilterForm(ListFilterForm):
    """The survey index's filters: a word of the title or slug, open for answers or closed."""

    q = forms.CharField(label="調査名・識別名", required=False, max_length=100, validators=[no_my_number])
    state = forms.ChoiceField(
        label="回答受付", required=False, choices=[("", "すべて"), ("open", "受付中"), ("closed", "終了")]
    )


class RespondentFilterForm(ListFilterForm):
    """A survey's respondents list: top or bottom side, answered or not, and for the oversight roles
    a word of the municipality's name."""

    side = forms.ChoiceField(
        label="交付率区分", required=False, choices=[("", "すべて"), *Respondent.Side.choices]
    )
    state = forms.ChoiceField(
        label="回答", required=False, choices=[("", "すべて"), ("answered", "回答済み"), ("open", "未回答")]
    )
    q = forms.CharField(label="団体名", required=False, max_length=100, validators=[no_my_number])

    def __init__(self, data: Any, *, oversight: bool) -> None:
        super().__init__(data)
        if not oversight:
            del self.fields["q"]


class PracticeFilterForm(ListFilterForm):
    """The best-practice catalogue's filters: words of the measure, outcome or owner; the theme."""

    q = forms.CharField(label="取組で検索", required=False, max_length=100, validators=[no_my_number])
    theme = forms.ChoiceField(label="分類", required=False, choices=[("", "すべて"), *PracticeTheme.choices])
