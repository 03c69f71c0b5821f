"""Resident booking API (JSON)."""

from django.urls import path

from kofu.bookings import api, availability

app_name = "bookings_api"

urlpatterns = [
    # access: public (notice number + birth date in the body; rate-limited, Idempotency-Key)
    path("bookings", api.bookings_collection, name="bookings"),
    # access: public (the signed token identifies the booking)
    path("bookings/<str:token>", api.booking_item, name="booking"),
    # access: public (seats left per slot; nothing about residents; cacheable)
    path("availability", availability.availability_feed, name="availability"),
    # access: public
    path("openapi.json", api.openapi, name="openapi"),
]
