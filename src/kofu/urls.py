"""URL map. Every URL names its access rule in its app's ``urls.py`` (see docs/architecture.md)."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("kofu.accounts.urls")),
    path("plans/", include("kofu.plans.urls")),
    path("forecast/", include("kofu.forecast.urls")),
    path("subsidies/", include("kofu.subsidies.urls")),
    path("cards/", include("kofu.cards.urls")),
    path("surveys/", include("kofu.surveys.urls")),
    path("bookings/", include("kofu.bookings.urls")),
    path("walkins/", include("kofu.walkins.urls")),
    path("outbox/", include("kofu.outbox.urls")),
    path("api/v1/", include("kofu.bookings.api_urls")),
    path("", include("kofu.stats.urls")),
]
