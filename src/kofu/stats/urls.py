"""Issuance statistics: national aggregates, public to anyone."""

from django.urls import path, re_path

from kofu.stats import views

app_name = "stats"

urlpatterns = [
    # access: public (aggregate statistics)
    path("", views.dashboard, name="dashboard"),
    # access: public (aggregate statistics)
    path("stats/", views.dashboard, name="snapshot"),
    # access: public (aggregate statistics)
    path("stats/prefectures/<str:code>/", views.prefecture_detail, name="prefecture"),
    # access: public (aggregate statistics)
    path("stats/municipalities/<str:code>/", views.municipality_detail, name="municipality"),
    # access: public (aggregate statistics)
    path("stats/map/", views.municipal_map, name="municipal-map"),
    # access: public (aggregate statistics)
    path("stats/downloads/", views.downloads_page, name="downloads"),
    # access: public (aggregate statistics)
    path("stats/downloads.json", views.downloads_feed, name="downloads-feed"),
    # access: public (aggregate statistics)
    path("stats/ages/", views.ages_page, name="ages"),
    # access: public (aggregate statistics)
    re_path(r"^stats/ages\.(?P<fmt>csv|xlsx)$", views.ages_download, name="ages-download"),
    # access: public (aggregate statistics)
    path("stats/charts/ages.png", views.ages_chart, name="chart-ages"),
    # access: public (aggregate statistics)
    path("stats/convenience-stores/", views.convenience_stores, name="convenience"),
    # access: public (aggregate statistics)
    re_path(
        r"^stats/convenience-stores\.(?P<fmt>csv|xlsx)$",
        views.convenience_download,
        name="convenience-download",
    ),
    # access: public (aggregate statistics)
    re_path(
        r"^stats/tables/(?P<key>[a-z0-9-]+)\.(?P<fmt>csv|xlsx)$", views.table_download, name="table-download"
    ),
    # access: public (aggregate statistics)
    re_path(r"^stats/series/national\.(?P<fmt>csv|xlsx)$", views.series_national, name="series-national"),
    # access: public (aggregate statistics)
    re_path(
        r"^stats/series/prefectures/(?P<code>\d{2})\.(?P<fmt>csv|xlsx)$",
        views.series_prefecture,
        name="series-prefecture",
    ),
    # access: public (aggregate statistics)
    re_path(
        r"^stats/series/municipalities/(?P<code>\d{6})\.(?P<fmt>csv|xlsx)$",
        views.series_municipality,
        name="series-municipality",
    ),
    # access: public (aggregate statistics)
    path("stats/charts/prefectures.png", views.prefecture_chart, name="chart-prefectures"),
    # access: public (aggregate statistics)
    path("stats/charts/national.png", views.national_chart, name="chart-national"),
    # access: public (aggregate statistics)
    path("stats/charts/prefectures/<str:code>.png", views.prefecture_trend_chart, name="chart-prefecture"),
    # access: public (aggregate statistics)
    path("stats/charts/municipalities/<str:code>.png", views.municipality_chart, name="chart-municipality"),
]
