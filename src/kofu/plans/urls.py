"""URLs of the plans app. Every view is wrapped with kofu.accounts.permissions.access(rule)."""

from django.urls import path

from kofu.plans.views import hearings, national, plans, reports

app_name = "plans"

urlpatterns = [
    # access: staff (each role is sent to its own starting page)
    path("", plans.home, name="home"),
    # access: staff (scoped: own municipality / prefecture's / ministry all)
    path("municipalities/<str:code>/", plans.plan_detail, name="plan"),
    # access: municipality_staff (own municipality only)
    path("municipalities/<str:code>/edit/", plans.plan_edit, name="plan-edit"),
    # access: municipality_staff (own municipality only)
    path("municipalities/<str:code>/plan.xlsx", plans.plan_template, name="plan-template"),
    # access: municipality_staff (own municipality only; POST)
    path("municipalities/<str:code>/import/", plans.plan_import, name="plan-import"),
    # access: municipality_or_prefecture (POST; the transition table says who may take which step)
    path("municipalities/<str:code>/transition/", plans.plan_transition, name="plan-transition"),
    # access: staff (scoped)
    path("municipalities/<str:code>/versions/<int:number>/", plans.plan_version, name="plan-version"),
    # access: staff (scoped)
    path("municipalities/<str:code>/reports/", reports.reports, name="reports"),
    # access: municipality_staff (own municipality only)
    path("municipalities/<str:code>/reports/file/", reports.report_edit, name="report-edit"),
    # access: prefecture_or_ministry (scoped: the prefecture's own municipalities only)
    path("municipalities/<str:code>/hearings/<str:level>/", hearings.hearing_record, name="hearing-record"),
    # access: prefecture_or_ministry (scoped)
    path("prefectures/<str:pref>/", plans.prefecture_rollup, name="prefecture"),
    # access: prefecture_or_ministry (scoped)
    path("prefectures/<str:pref>/plans.xlsx", plans.prefecture_export, name="prefecture-export"),
    # access: prefecture_or_ministry (scoped)
    path("prefectures/<str:pref>/reports/", reports.prefecture_reports, name="prefecture-reports"),
    # access: prefecture_or_ministry (scoped)
    path("prefectures/<str:pref>/hearings/", hearings.prefecture_hearings, name="prefecture-hearings"),
    # access: ministry_staff
    path("hearings/", hearings.ministry_hearings, name="ministry-hearings"),
    # access: ministry_staff (all plans against 月間330万枚, seed 003)
    path("national/", national.national_page, name="national"),
    # access: ministry_staff
    path("national.csv", national.national_csv, name="national-csv"),
]
