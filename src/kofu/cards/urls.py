"""URLs of the cards app. Every view is wrapped with kofu.accounts.permissions.access(rule).

No names, birth dates or notice numbers in URLs: cards are addressed by their row id, and the
lookup by notice number is a POST.
"""

from django.urls import path

from kofu.cards import list_views, proxy_views, views

app_name = "cards"

urlpatterns = [
    # access: prefecture_or_ministry (own prefecture / all; ministry sees cells below k as "<k")
    path("prefecture/<str:pref>/", views.prefecture_overview, name="prefecture"),
    # access: staff (aggregates only; access_municipality scopes prefecture staff to theirs)
    path("<str:code>/", views.dashboard, name="dashboard"),
    # access: municipality_staff (own municipality only)
    path("<str:code>/import/", views.import_file, name="import"),
    # access: municipality_staff (own municipality only)
    path("<str:code>/notices/", views.notices, name="notices"),
    # access: municipality_staff (own municipality only; each card printed is access-logged)
    path("<str:code>/notices/<int:batch_id>.pdf", views.notice_pdf, name="notice-pdf"),
    # access: municipality_staff (own municipality only)
    path("<str:code>/list/", list_views.card_list, name="list"),
    # access: municipality_staff (own municipality only; POST)
    path("<str:code>/lookup/", views.lookup, name="lookup"),
    # access: municipality_staff (own municipality only; each view is access-logged)
    path("<str:code>/cards/<int:card_id>/", views.card_detail, name="detail"),
    # access: municipality_staff (代理人への交付: the window's checks, then 交付済み)
    path("<str:code>/cards/<int:card_id>/proxy/", proxy_views.proxy_handover, name="proxy"),
    # access: municipality_staff (own municipality; counts per month only)
    path("<str:code>/renewals/", views.renewals_page, name="renewals"),
    # access: municipality_staff + export_resident_pii (POST with a purpose; logged per card)
    path("<str:code>/renewals/export/", views.renewals_csv, name="renewals-csv"),
]
