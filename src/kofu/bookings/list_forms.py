"""The filters of the bookings app's staff lists (the one list shape, ``kofu.core.listing``): the
sites, the visit outcomes behind the no-show rates, and a site's closures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from kofu.bookings.models import Booking, Site
from kofu.core.listing import TEXT_LENGTH, ListFilterForm
from kofu.core.validators import no_my_number

#: The no-show rates page shows the visits of the last 90 days unless a period is chosen.
OUTCOME_DAYS = 90

_DATE = {"type": "date"}


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )


class SiteFilterForm(ListFilterForm):
    """The sites list: a word of the site's name or address, its kind, taking bookings or not."""

    q = forms.CharField(
        label="会場名・所在地", required=False, max_length=TEXT_LENGTH, validators=[no_my_number]
    )
    kind = forms.ChoiceField(label="種別", required=False, choices=[("", "すべて"), *Site.Kind.choices])
    active = forms.ChoiceField(
        label="予約の受付",
        required=False,
        choices=[("", "すべて"), ("yes", "受付中"), ("no", "受付停止")],
    )


class OutcomeFilterForm(ListFilterForm):
    """The no-show rates and the outcomes list: the visit period, one of the staff's sites, the way
    the booking was made. No free text: the list shows no resident, only visits and their result."""

    # Django drops a field the base form declares when a subclass sets it to None.
    q = None  # type: ignore[assignment]
    since = _date("来庁日（開始）")
    until = _date("来庁日（終了）")
    site = forms.ModelChoiceField(
        label="会場", required=False, queryset=Site.objects.none(), empty_label="すべて"
    )
    channel = forms.ChoiceField(
        label="予約方法", required=False, choices=[("", "すべて"), *Booking.Channel.choices]
    )

    def __init__(self, data: Any, *, sites: QuerySet[Site], today: dt.date) -> None:
        last = today
        super().__init__(data, initial={"since": last - dt.timedelta(days=OUTCOME_DAYS - 1), "until": last})
        site = self.fields["site"]
        assert isinstance(site, forms.ModelChoiceField)
        site.queryset = sites.order_by("pk")
        self.today = today

    def period(self) -> tuple[dt.date, dt.date]:
        """The first and last visit day: as chosen (either order), else the 90 days to today."""
        chosen = self.filters()
        last: dt.date = chosen.get("until", self.today)
        first: dt.date = chosen.get("since", last - dt.timedelta(days=OUTCOME_DAYS - 1))
        return (first, last) if first <= last else (last, first)

    def narrowing(self) -> dict[str, Any]:
        """The filters besides the period (the site, the channel) as the selector's keywords."""
        return {key: value for key, value in self.filters().items() if key in ("site", "channel")}


class ClosureFilterForm(ListFilterForm):
    """A municipality's closures: upcoming or past, a word of the reason."""

    q = forms.CharField(label="理由", required=False, max_length=TEXT_LENGTH, validators=[no_my_number])
    when = forms.ChoiceField(
        label="時期",
        required=False,
        choices=[("", "すべて"), ("upcoming", "今日以降（終了日が今日か後）"), ("past", "終わったもの")],
    )
