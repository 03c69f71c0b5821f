"""Statistics views: thin adapters over :mod:`kofu.stats.selectors`."""

from kofu.stats.views.ages import ages_chart, ages_download, ages_page
from kofu.stats.views.catalogue import downloads_feed, downloads_page, municipal_map
from kofu.stats.views.convenience import convenience_download, convenience_stores
from kofu.stats.views.files import (
    municipality_chart,
    national_chart,
    prefecture_chart,
    prefecture_trend_chart,
    series_municipality,
    series_national,
    series_prefecture,
    table_download,
)
from kofu.stats.views.pages import dashboard
from kofu.stats.views.places import municipality_detail, prefecture_detail

__all__ = [
    "ages_chart",
    "ages_download",
    "ages_page",
    "convenience_download",
    "convenience_stores",
    "dashboard",
    "downloads_feed",
    "downloads_page",
    "municipal_map",
    "municipality_chart",
    "municipality_detail",
    "national_chart",
    "prefecture_chart",
    "prefecture_detail",
    "prefecture_trend_chart",
    "series_municipality",
    "series_national",
    "series_prefecture",
    "table_download",
]
