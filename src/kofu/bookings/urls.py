"""Pickup bookings: resident pages (public, identified by notice number + birth date) and staff pages."""

from django.urls import path

from kofu.bookings.views import manage, outcomes, reminders, resident, sites, staff, waitlist

app_name = "bookings"

urlpatterns = [
    # access: public (notice number + birth date; rate-limited)
    path("", resident.start, name="start"),
    # access: public (booking number + birth date; rate-limited)
    path("find/", resident.find, name="find"),
    # access: public (the resident identified in this session)
    path("family/", resident.family, name="family"),
    # access: public (the resident identified in this session)
    path("slots/", resident.slots, name="slots"),
    # access: public (the resident identified in this session)
    path("confirm/", resident.confirm, name="confirm"),
    # access: public (signed link)
    path("manage/<str:token>/", manage.manage, name="manage"),
    # access: public (signed link)
    path("manage/<str:token>/cancel/", manage.cancel, name="cancel"),
    # access: public (signed link)
    path("manage/<str:token>/calendar.ics", manage.calendar, name="calendar"),
    # access: public (signed link)
    path("manage/<str:token>/print/", manage.printable, name="print"),
    # access: public (signed link: the booking's own page)
    path("manage/<str:token>/waitlist/", waitlist.join, name="waitlist_join"),
    # access: public (signed link in the waiting-list offer e-mail)
    path("waitlist/<str:token>/", waitlist.offer, name="waitlist_offer"),
    # access: public (signed link in the reminder e-mail)
    path("reminders/off/<str:token>/", reminders.reminders_off, name="reminders_off"),
    # access: municipality_staff
    path("staff/", staff.sites, name="sites"),
    # access: municipality_staff (own municipality's sites)
    path("staff/outcomes/", outcomes.outcomes, name="outcomes"),
    # access: municipality_staff
    path("staff/<int:site_id>/day/", staff.day_sheet, name="day"),
    # access: municipality_staff
    path("staff/<int:site_id>/closures/", staff.closures, name="closures"),
    # access: municipality_staff (own municipality; the site is created there)
    path("staff/sites/new/", sites.site_new, name="site_new"),
    # access: municipality_staff (own municipality's site, else 404)
    path("staff/<int:site_id>/edit/", sites.site_edit, name="site_edit"),
    # access: municipality_staff (own municipality's site, else 404)
    path("staff/<int:site_id>/windows/", sites.windows, name="windows"),
    # access: municipality_staff (own municipality's site, else 404)
    path("staff/<int:site_id>/rules/", sites.rules, name="rules"),
    # access: municipality_staff (own municipality's site and rule, else 404)
    path("staff/<int:site_id>/rules/<int:rule_id>/", sites.rule_edit, name="rule_edit"),
    # access: municipality_staff (own municipality's site, else 404)
    path("staff/<int:site_id>/slots/", sites.slot_admin, name="slot_admin"),
]
