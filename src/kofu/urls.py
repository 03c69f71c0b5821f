"""URL map. Every URL names its access rule in its app's ``urls.py`` (see docs/architecture.md)."""

from django.urls import include, path

urlpatterns = [
    path("", include("kofu.stats.urls")),
]
