"""URL map. Every URL names its access rule in its app's ``urls.py`` (see docs/architecture.md)."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("kofu.accounts.urls")),
    path("", include("kofu.stats.urls")),
]
