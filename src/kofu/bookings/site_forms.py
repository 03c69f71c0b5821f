"""Forms of the staff administration pages: site, window, opening rule, slot generation, capacity.

Japanese labels and errors; the pages show each error as 「項目名: 内容」. The writes go through
``kofu.bookings.services.sites`` / ``schedule`` / ``services`` (the same functions the command line uses).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from kofu.bookings.models import OpeningRule, Site
from kofu.core.validators import no_my_number
from kofu.rules.booking_calendar import WEEKDAY_LABELS


def _int(label: str, low: int, high: int, **kwargs: Any) -> forms.IntegerField:
    message = f"{label}は{low}〜{high}の整数で入力してください。"
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={
            "required": f"{label}を入力してください。",
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
        **kwargs,
    )


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": f"{label}を入力してください。",
            "invalid": f"{label}は YYYY-MM-DD で入力してください。",
        },
    )


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": f"{label}を入力してください。",
            "invalid": f"{label}は HH:MM（例 08:30）で入力してください。",
        },
    )


CLOSED_WEEKEND_CHOICES = [("", "なし")] + [(str(n), f"第{n}土曜日とその翌日曜日") for n in range(1, 6)]


class SiteForm(forms.Form):
    name = forms.CharField(
        label="会場名",
        max_length=100,
        validators=[no_my_number],
        error_messages={"required": "会場名を入力してください。"},
    )
    kind = forms.ChoiceField(label="種別", choices=Site.Kind.choices)
    address = forms.CharField(label="所在地", max_length=200, required=False, validators=[no_my_number])
    service_minutes = _int(
        "1人あたりの交付時間（分）", 1, 240, help_text="予約枠の長さ = この時間 × 1窓口あたりの人数"
    )
    people_per_window = _int(
        "1枠・1窓口あたりの人数", 1, 50, help_text="予約枠の定員 = 開ける窓口数 × この人数"
    )
    max_party = _int(
        "一度に予約できる人数（同じ世帯）",
        1,
        10,
        initial=4,
        help_text="同じ住所に届いた交付通知書のご家族をまとめて予約できる上限（1: まとめての予約なし）。",
    )
    extra_person_minutes = _int(
        "2人目から1人ごとに加える交付時間（分）",
        0,
        120,
        initial=10,
        help_text="ご家族の予約で案内する目安の時間（例: 1人15分・加算10分なら2人で25分）。",
    )
    web_percent = _int("Web予約の割合（%）", 0, 100)
    phone_percent = _int(
        "電話予約の割合（%）", 0, 100, help_text="Web と電話の残りが窓口（当日）の枠です（切り捨て）。"
    )
    year_end_closed = forms.BooleanField(label="年末年始（12/29〜1/3）は休み", required=False, initial=True)
    closed_weekend = forms.TypedChoiceField(
        label="毎月の休業日",
        choices=CLOSED_WEEKEND_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="土日に開く会場で、毎月休む週末（例: 第3土曜日とその翌日曜日）。",
    )
    active = forms.BooleanField(label="受付中（住民が予約できる）", required=False, initial=True)

    def __init__(self, *args: Any, new: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if new:
            self.fields["windows"] = _int(
                "窓口の数", 1, 50, initial=1, help_text="「1番窓口」「2番窓口」…の名前で作ります。"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        web, phone = data.get("web_percent"), data.get("phone_percent")
        if web is not None and phone is not None and web + phone > 100:
            self.add_error(
                "phone_percent",
                f"Web（{web}%）と電話（{phone}%）の割合の合計は100%以下にしてください（残りが窓口（当日）の枠です）。",
            )
        return data

    @staticmethod
    def initial_of(site: Site) -> dict[str, Any]:
        from kofu.bookings.services.sites import SITE_FIELDS

        return {name: getattr(site, name) for name in SITE_FIELDS}


class WindowForm(forms.Form):
    name = forms.CharField(
        label="窓口名",
        max_length=50,
        validators=[no_my_number],
        error_messages={"required": "窓口名を入力してください。"},
    )


WEEKDAY_CHOICES = [(str(i), f"{label}曜日") for i, label in enumerate(WEEKDAY_LABELS)]
WEEK_CHOICES = [(str(n), f"第{n}週") for n in range(1, 6)]


class RuleForm(forms.Form):
    label = forms.CharField(
        label="名称（平日・夜間・休日など）", max_length=50, required=False, validators=[no_my_number]
    )
    weekdays = forms.MultipleChoiceField(
        label="曜日",
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "曜日を1つ以上選んでください。"},
    )
    weeks = forms.MultipleChoiceField(
        label="第何週（選ばなければ毎週）",
        choices=WEEK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="その曜日の月の何回目か（例: 第1・第3土曜日だけ開く）。",
    )
    start = _time("開始時刻")
    end = _time("終了時刻")
    windows = _int("開ける窓口数", 1, 50)
    valid_from = _date("適用開始日（空欄は制限なし）", required=False)
    valid_to = _date("適用終了日（空欄は制限なし）", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "終了時刻は開始時刻より後にしてください。")
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", "適用終了日は適用開始日以降にしてください。")
        return data

    def rule_fields(self) -> dict[str, Any]:
        """The cleaned values as the schedule service takes them."""
        data = self.cleaned_data
        return {
            "label": data["label"],
            "weekdays": ",".join(sorted(data["weekdays"])),
            "weeks": ",".join(sorted(data["weeks"])),
            "start": data["start"],
            "end": data["end"],
            "windows": data["windows"],
            "valid_from": data["valid_from"],
            "valid_to": data["valid_to"],
        }

    @staticmethod
    def initial_of(rule: OpeningRule) -> dict[str, Any]:
        def split(text: str) -> list[str]:
            return [x.strip() for x in text.split(",") if x.strip()]

        return {
            "label": rule.label,
            "weekdays": split(rule.weekdays),
            "weeks": split(rule.weeks),
            "start": rule.start,
            "end": rule.end,
            "windows": rule.windows,
            "valid_from": rule.valid_from,
            "valid_to": rule.valid_to,
        }


class GenerateForm(forms.Form):
    start = _date("開始日")
    end = _date("終了日")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "終了日は開始日以降にしてください。")
        return data


class CapacityForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    capacity = _int("定員", 0, 999)
    web_capacity = _int("Web予約枠", 0, 999)
    phone_capacity = _int("電話予約枠", 0, 999)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total, web, phone = data.get("capacity"), data.get("web_capacity"), data.get("phone_capacity")
        if total is not None and web is not None and phone is not None and web + phone > total:
            self.add_error(
                "phone_capacity",
                f"Web予約枠と電話予約枠の合計（{web + phone}）は定員（{total}）以下にしてください。",
            )
        return data


def day_of(text: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return default
