"""The forecast charts at phone size (ADR 0031): each chart is drawn wide (800 px) and narrow
(3.8 in at 200 dpi: 760 px for 380 CSS px at 2×), and the pages offer the narrow one to phones
through ``<picture>``."""

from __future__ import annotations

import base64
import datetime as dt
import io

from PIL import Image

from kofu.forecast import charts
from kofu.stats.charts import NARROW_DPI, NARROW_INCHES

MONTHS = [dt.date(2025, month, 1) for month in range(1, 13)]


def size(uri: str) -> tuple[int, int]:
    assert uri.startswith("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).size


def test_every_chart_comes_wide_and_narrow():
    drawn = [
        charts.rate_chart(
            [(m, 60 + i) for i, m in enumerate(MONTHS[:6])],
            [(m, 66 + i, 64 + i, 68 + i) for i, m in enumerate(MONTHS[6:])],
            title="宮崎県都城市の交付率の推移と予測（80％区間つき、月末の公表値から）",
            lines=[("全国", 70.0)],
        ),
        charts.renewals_chart(MONTHS, [100] * 12, [50] * 12, title="宮崎県都城市の月ごとの更新件数の見通し"),
        charts.capacity_chart(
            MONTHS, [900] * 12, [1000] * 6 + [None] * 6, title="必要な処理量と窓口の処理能力"
        ),
    ]
    for chart in drawn:
        assert size(chart.wide)[0] == 800
        width, height = size(chart.phone)
        assert width == round(NARROW_INCHES * NARROW_DPI) and height == round(
            charts.NARROW_HEIGHT * NARROW_DPI
        )


def test_the_municipality_page_offers_the_narrow_chart_to_phones(issuance, personas, client):
    client.force_login(personas["municipality"])
    page = client.get("/forecast/municipalities/452025/").content.decode()
    assert page.count('<source media="(max-width: 40rem)" srcset="data:image/png;base64,') == 2
    assert page.count('<figure class="chart"><picture>') == 2
