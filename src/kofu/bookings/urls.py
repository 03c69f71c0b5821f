"""Pickup bookings: resident pages (public, identified by notice number + birth date) and staff pages."""

from django.urls import path

from kofu.bookings.views import resident, staff

app_name = "bookings"

urlpatterns = [
    # access: public (notice number + birth date; rate-limited)
    path("", resident.start, name="start"),
    # access: public (the resident identified in this session)
    path("slots/", resident.slots, name="slots"),
    # access: public (the resident identified in this session)
    path("confirm/", resident.confirm, name="confirm"),
    # access: public (signed link)
    path("manage/<str:token>/", resident.manage, name="manage"),
    # access: municipality_staff
    path("staff/", staff.sites, name="sites"),
    # access: municipality_staff
    path("staff/<int:site_id>/day/", staff.day_sheet, name="day"),
    # access: municipality_staff
    path("staff/<int:site_id>/closures/", staff.closures, name="closures"),
]
