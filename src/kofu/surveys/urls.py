"""URLs of the surveys app. Every view is wrapped with kofu.accounts.permissions.access(rule)."""

from django.urls import path

from kofu.surveys.views import measure, outreach, outreach_booking, practices, staff

app_name = "surveys"

urlpatterns = [
    path("", measure.index, name="index"),  # access: staff
    path("new/", measure.survey_new, name="new"),  # access: ministry_staff
    # Outreach events and best practices
    path("events/", outreach.public_events, name="events"),  # access: public
    path("events/manage/", outreach.manage_events, name="events_manage"),  # access: municipality_staff
    path("events/new/", outreach.event_edit, name="event_new"),  # access: municipality_staff
    path("events/<int:pk>/edit/", outreach.event_edit, name="event_edit"),  # access: municipality_staff
    path(
        "events/<int:pk>/applications/", outreach.event_applications, name="event_applications"
    ),  # access: municipality_staff
    path("events/<int:pk>/book/", outreach_booking.book, name="outreach_book"),  # access: public
    path(
        "events/<int:pk>/sessions/", outreach_booking.session_list, name="outreach_sessions"
    ),  # access: municipality_staff
    path(
        "events/bookings/<str:token>/", outreach_booking.booking, name="outreach_booking"
    ),  # access: public (the signed link is the credential)
    path("events/yield/", outreach.venue_yield, name="venue_yield"),  # access: staff
    path("practices/", practices.practices, name="practices"),  # access: staff
    path(
        "practices/selections/new/", practices.selection_new, name="practice_selection_new"
    ),  # access: ministry_staff
    path(
        "practices/selections/<int:pk>/", practices.selection, name="practice_selection"
    ),  # access: prefecture_or_ministry
    path(
        "practices/selections/<int:pk>/share/",
        practices.selection_share_view,
        name="practice_selection_share",
    ),  # access: ministry_staff
    # Staff acquisition
    path("staff/", staff.summary, name="staff"),  # access: staff
    path("staff/workbook/", staff.workbook, name="staff_workbook"),  # access: staff
    path(
        "staff/organisations/new/", staff.organisation_new, name="staff_organisation_new"
    ),  # access: municipality_or_prefecture
    path("staff/organisations/<int:pk>/", staff.organisation, name="staff_organisation"),  # access: staff
    # Measure surveys (a survey's slug never collides with the words above: see SurveyForm)
    path("<slug:slug>/", measure.detail, name="detail"),  # access: staff
    path("<slug:slug>/questions/new/", measure.question_new, name="question_new"),  # access: ministry_staff
    path(
        "<slug:slug>/respondents/select/", measure.respondents_select, name="respondents_select"
    ),  # access: ministry_staff
    path("<slug:slug>/answer/", measure.answer, name="answer"),  # access: municipality_staff
    path(
        "<slug:slug>/answers/<str:code>/", measure.answers_view, name="answers"
    ),  # access: municipality_or_prefecture
    path("<slug:slug>/import/", measure.import_answers, name="import"),  # access: ministry_staff
    path("<slug:slug>/crosstab/", measure.crosstab, name="crosstab"),  # access: ministry_staff
    path("<slug:slug>/quotes/new/", measure.quote_new, name="quote_new"),  # access: ministry_staff
]
