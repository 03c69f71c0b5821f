"""Japanese display of dates, rates and changes: ``{% load kofu_format %}``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.http import QueryDict

from kofu.rules.wareki import wareki as _wareki

register = template.Library()


@register.filter
def wareki(value: dt.date | None) -> str:
    """``2022-01-01`` → ``令和4年1月1日``."""
    return "" if value is None else _wareki(value)


@register.filter
def jdate(value: dt.date | None) -> str:
    """``2022-01-01`` → ``2022年1月1日``."""
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


@register.filter
def percent(value: Decimal | None) -> str:
    """A printed rate with its unit: ``41.0%``."""
    return "—" if value is None else f"{value}%"


@register.filter
def points(value: Decimal | None) -> str:
    """A change in percentage points with its sign: ``+1.2``, ``−0.3``, ``±0.0``."""
    if value is None:
        return "—"
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{-value}"
    return f"±{value}"


@register.filter
def rank_move(value: int | None) -> str:
    """Rank movement as text: ``↑2``（上昇）, ``↓1``（下降）, ``→``（変わらず）."""
    if value is None:
        return "—"
    if value > 0:
        return f"↑{value}"
    if value < 0:
        return f"↓{-value}"
    return "→"


@register.simple_tag(takes_context=True)
def query(context: template.Context, **changes: object) -> str:
    """The current query string with ``changes`` applied (``None`` or ``""`` removes a key)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


@register.filter
def rank_move_label(value: int | None) -> str:
    """Rank movement in words, for screen readers: ``2位上昇``, ``1位下降``, ``変動なし``."""
    if value is None:
        return "比較できません"
    if value > 0:
        return f"{value}位上昇"
    if value < 0:
        return f"{-value}位下降"
    return "変動なし"


@register.filter
def dash(value: object) -> object:
    """``—`` for a missing value (``None`` only: ``0`` is shown as ``0``)."""
    return "—" if value is None else value
