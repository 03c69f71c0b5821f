"""Accounts: log in/out (with the TOTP second factor), enrolment and the signed-in user's page."""

from django.urls import path

from kofu.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),  # access: public
    path("login/code/", views.mfa_verify, name="mfa_verify"),  # access: public (after the password)
    path("logout/", views.logout, name="logout"),  # access: public (POST)
    path("me/", views.me, name="me"),  # access: staff
    path("me/second-factor/", views.mfa_enrol, name="mfa_enrol"),  # access: staff
]
