"""The one shape of a staff list page: a filter form read from GET and a page of rows.

Every list of staff records (cards, outbox, staff accounts, claims, events, practices, surveys,
notice batches …) is cut into pages of :data:`PAGE_SIZE` rows by ``?page=`` and filtered by a
:class:`ListFilterForm` subclass; free text goes through the one My Number guard like every other
input. Views call :func:`list_page` and render ``core/_pager.html`` under the table::

    form = ClaimFilterForm(request.GET or None)
    listing = list_page(request, selectors.claims(viewer, **form.filters()))

Reads stay in the selectors (which take the cleaned filters); the page slices the queryset, so a
page reads one ``COUNT`` and one ``SELECT … LIMIT`` whatever the size of the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from kofu.core.validators import no_my_number

T = TypeVar("T")

#: Rows on one page of every staff list (``?page=``).
PAGE_SIZE = 50
#: Longest free-text filter accepted (a name, an ID, a word of a title).
TEXT_LENGTH = 100


class MonthField(forms.DateField):
    """A month typed as ``2026-04`` (``<input type="month">``), read as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]


def month_after(month: dt.date) -> dt.date:
    """The first day of the month after ``month`` (the end, excluded, of a month filter)."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


class ListFilterForm(forms.Form):
    """The filters of a list page (GET). Subclasses add their choice/date fields; ``q`` is the
    free-text field for the lists that search (remove it with ``q = None`` where it makes no sense)."""

    q = forms.CharField(
        label="キーワード",
        required=False,
        max_length=TEXT_LENGTH,
        strip=True,
        validators=[no_my_number],
    )

    def filters(self) -> dict[str, Any]:
        """The cleaned filters (blank ones left out); nothing if the form is unbound or invalid,
        so an invalid filter shows its error and the whole list."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None, [])}


@dataclass(frozen=True)
class Listing(Generic[T]):
    """One page of a list: the rows to show, the paginator's page and the filters' query string
    (without ``page``) for the pager's links."""

    page: Page[T]
    rows: list[T]
    query: str

    @property
    def count(self) -> int:
        return int(self.page.paginator.count)


def list_page(
    request: HttpRequest, rows: QuerySet[Any] | Sequence[T], *, per_page: int = PAGE_SIZE
) -> Listing[T]:
    """Page ``?page=`` of ``rows`` (an ordered queryset or a list). A page number out of range or
    not a number shows the last or the first page (never an error)."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return Listing(page=page, rows=list(page.object_list), query=query.urlencode())
