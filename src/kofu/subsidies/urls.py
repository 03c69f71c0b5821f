"""URLs of the subsidies app. Every view is wrapped with kofu.accounts.permissions.access(rule)."""

from django.urls import path

from kofu.subsidies import views

app_name = "subsidies"

urlpatterns = [
    # access: staff (municipality: own claims; prefecture: its municipalities'; ministry: all)
    path("claims/", views.claim_list, name="claims"),
    # access: municipality_staff (files a claim for its own municipality)
    path("claims/new/", views.claim_new, name="claim-new"),
    # access: staff (the statement; scoped as the list, 404 otherwise)
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    # access: municipality_staff (own claims while draft or returned)
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim-edit"),
    # access: staff (POST; municipality submits its own, ministry checks or returns)
    path("claims/<int:pk>/transition/", views.claim_transition_view, name="claim-transition"),
    # access: staff (statement as XLSX; scoped as the statement)
    path("claims/<int:pk>/statement.xlsx", views.claim_xlsx, name="claim-xlsx"),
    # access: prefecture_or_ministry (ministry: national; prefecture: its municipalities)
    path("summary/", views.summary, name="summary"),
    # access: prefecture_or_ministry (one prefecture; a prefecture sees only its own)
    path("summary/prefectures/<str:pref>/", views.summary_prefecture, name="summary-prefecture"),
    # access: prefecture_or_ministry (grant eligibility; prefecture: its municipalities)
    path("grants/", views.grants_page, name="grants"),
]
