"""URLs of the surveys app. Every view is wrapped with kofu.accounts.permissions.access(rule)."""

from django.urls import path  # noqa: F401

app_name = "surveys"

urlpatterns: list = []
