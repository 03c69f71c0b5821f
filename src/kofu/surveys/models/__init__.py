"""Models of the surveys app: measure surveys, staff acquisition reports, outreach events."""

from kofu.surveys.models.measure import Answer, Option, Question, Quota, Quote, Respondent, Survey
from kofu.surveys.models.outreach import (
    BestPractice,
    EventApplications,
    OutreachEvent,
    PracticeSelection,
    PracticeTheme,
)
from kofu.surveys.models.outreach_booking import OutreachBooking, OutreachSlot
from kofu.surveys.models.staff import StaffDepartment, StaffOrganisation, StaffReport

__all__ = [
    "Answer",
    "BestPractice",
    "EventApplications",
    "Option",
    "OutreachBooking",
    "OutreachEvent",
    "OutreachSlot",
    "PracticeSelection",
    "PracticeTheme",
    "Question",
    "Quota",
    "Quote",
    "Respondent",
    "StaffDepartment",
    "StaffOrganisation",
    "StaffReport",
    "Survey",
]
