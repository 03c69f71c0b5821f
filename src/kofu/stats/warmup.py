"""Load what the statistics pages need before the first request (no database access).

Called once per server process (gunicorn ``--preload``: once in the master, before the workers
fork), so no worker pays for matplotlib, the Japanese font, japanmap or the municipal boundaries
on its first chart or map.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def warm_up() -> None:
    from kofu.stats import charts, geo, maps  # noqa: F401 - imported for their start-up cost

    geo.national_view()
    for code in range(1, 48):
        geo.prefecture_view(f"{code:02d}")
    # One small drawing loads the font's glyphs and matplotlib's caches.
    charts.time_series([("全国", [charts.Point(dt.date(2022, 1, 1), Decimal("41.0"))])], title="交付率の推移")
