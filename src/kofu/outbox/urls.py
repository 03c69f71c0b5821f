"""The outbox page (every URL names its access rule)."""

from django.urls import path

from kofu.outbox import views

app_name = "outbox"

urlpatterns = [
    # access: municipality_admin (own municipality's messages; addresses masked)
    path("", views.outbox, name="outbox"),
    # access: municipality_admin (POST: a failed message of the own municipality back to 送信待ち)
    path("<int:message_id>/retry/", views.retry, name="retry"),
]
