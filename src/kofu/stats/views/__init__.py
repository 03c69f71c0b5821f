"""Statistics views: thin adapters over :mod:`kofu.stats.selectors`."""

from kofu.stats.views.files import municipality_chart, national_chart, prefecture_chart, table_download
from kofu.stats.views.pages import dashboard, municipality_detail, prefecture_detail

__all__ = [
    "dashboard",
    "municipality_chart",
    "municipality_detail",
    "national_chart",
    "prefecture_chart",
    "prefecture_detail",
    "table_download",
]
