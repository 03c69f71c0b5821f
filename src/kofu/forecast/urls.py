"""URLs of the forecast app. Every view is wrapped with kofu.accounts.permissions.access(rule)."""

from django.urls import path

from kofu.forecast import views

app_name = "forecast"

urlpatterns = [
    # access: staff (each role is sent to its own page)
    path("", views.home, name="home"),
    # access: ministry_staff (the national curve and the prefectures)
    path("national/", views.national, name="national"),
    # access: ministry_staff
    path("candidates/", views.national_candidates, name="candidates"),
    # access: prefecture_or_ministry (scoped: own prefecture)
    path("prefectures/<str:pref>/", views.prefecture, name="prefecture"),
    # access: prefecture_or_ministry (scoped)
    path("prefectures/<str:pref>/candidates/", views.prefecture_candidates, name="prefecture-candidates"),
    # access: staff (scoped: own municipality / prefecture's / ministry all)
    path("municipalities/<str:code>/", views.municipality, name="municipality"),
    # access: staff (scoped)
    path("municipalities/<str:code>/renewals.csv", views.renewals_csv, name="renewals-csv"),
    # access: staff (scoped)
    path("municipalities/<str:code>/capacity/", views.capacity_page, name="capacity"),
]
