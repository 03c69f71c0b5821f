"""Helpers of the statistics page tests (the `stats` fixture is in conftest.py).

Figures are the ministry's: 2021-12-01 and 2022-01-01 per municipality (complete), and the
2022-10-31 prefecture and category totals seed 001 prints (no municipalities, like the demo data).
"""

from __future__ import annotations

PNG = b"\x89PNG\r\n\x1a\n"
DASHBOARD_TABLES = [
    "categories",
    "prefectures",
    "top10-cities",
    "top10-towns",
    "special-wards",
    "designated-cities",
    "core-cities",
]


def text(response) -> str:
    return response.content.decode()


def table(response, key: str):
    return next(t for t in response.context["tables"] if t.key == key)
