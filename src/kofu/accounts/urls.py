"""Accounts: log in/out and the signed-in user's page."""

from django.urls import path

from kofu.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),  # access: public
    path("logout/", views.logout, name="logout"),  # access: public (POST)
    path("me/", views.me, name="me"),  # access: staff
]
