"""Accounts: log in/out (with the TOTP second factor), enrolment, the signed-in user's page, and the
administration of staff accounts (``staff/…``; each organisation's administrator, own organisation)."""

from django.urls import path

from kofu.accounts import staff_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),  # access: public
    path("login/code/", views.mfa_verify, name="mfa_verify"),  # access: public (after the password)
    path("logout/", views.logout, name="logout"),  # access: public (POST)
    path("me/", views.me, name="me"),  # access: staff
    path("me/second-factor/", views.mfa_enrol, name="mfa_enrol"),  # access: staff
    # access: organisation_admin (accounts of the own organisation only)
    path("staff/", staff_views.staff_list, name="staff_list"),
    # access: organisation_admin (a new account of the own organisation)
    path("staff/new/", staff_views.staff_new, name="staff_new"),
    # access: supervising_admin (ministry / prefecture administrators: first administrator below)
    path("staff/first-admin/", staff_views.first_admin, name="staff_first_admin"),
    # access: organisation_admin (own organisation's account; another's answers 404)
    path("staff/<int:user_id>/", staff_views.staff_detail, name="staff_detail"),
    # access: public (the one-time link itself identifies the account; valid until used)
    path("set-password/<uidb64>/<token>/", staff_views.set_password, name="set_password"),
    # access: public
    path("set-password/done/", staff_views.set_password_done, name="set_password_done"),
]
