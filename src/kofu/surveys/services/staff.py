"""Staff acquisition survey (seed 002): organisations, departments and their reports at a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.registry.models import Municipality, Prefecture
from kofu.surveys.access import access_staff_organisation
from kofu.surveys.models import StaffDepartment, StaffOrganisation, StaffReport


@transaction.atomic
def staff_organisation_create(
    *,
    kind: str,
    name: str,
    prefecture: Prefecture,
    municipality: Municipality | None = None,
    departments: Sequence[str] = ("全体",),
    actor: Actor,
) -> StaffOrganisation:
    organisation = StaffOrganisation(kind=kind, name=name, prefecture=prefecture, municipality=municipality)
    if municipality is not None and municipality.prefecture_id != prefecture.pk:
        raise PermissionDenied("市区町村と都道府県が一致しません")
    access_staff_organisation(actor, organisation, change=True)
    organisation.full_clean()
    organisation.save()
    for department_name in departments:
        department = StaffDepartment(organisation=organisation, name=department_name)
        department.full_clean()
        department.save()
    audit_record(
        actor=actor,
        action="staff_organisation_create",
        object_type="staff_organisation",
        object_id=organisation.pk,
        after={"kind": kind, "name": name, "departments": list(departments)},
    )
    return organisation


#: (part, whole, message): a count that may not exceed another (the model's check constraints).
NOT_MORE_THAN = [
    ("staff_applications", "staff", "職員の申請者数は職員数以下にしてください"),
    ("staff_cards", "staff_applications", "職員の取得者数は職員の申請者数以下にしてください"),
    ("dependant_applications", "dependants", "被扶養者の申請者数は被扶養者数以下にしてください"),
    ("dependant_cards", "dependant_applications", "被扶養者の取得者数は被扶養者の申請者数以下にしてください"),
]


def _check_counts(report: StaffReport) -> None:
    errors = {
        part: message
        for part, whole, message in NOT_MORE_THAN
        if getattr(report, part) > getattr(report, whole)
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def staff_report_save(
    *,
    department: StaffDepartment,
    as_of: dt.date,
    staff: int,
    staff_applications: int,
    staff_cards: int = 0,
    dependants: int = 0,
    dependant_applications: int = 0,
    dependant_cards: int = 0,
    reasons: str = "",
    actor: Actor,
) -> StaffReport:
    """Create or replace the department's report at ``as_of``."""
    access_staff_organisation(actor, department.organisation, change=True)
    report = StaffReport.objects.select_for_update().filter(department=department, as_of=as_of).first()
    before = None
    if report is None:
        report = StaffReport(department=department, as_of=as_of)
    else:
        before = {
            "staff": report.staff,
            "staff_applications": report.staff_applications,
            "reasons": report.reasons,
        }
    report.staff, report.staff_applications, report.staff_cards = staff, staff_applications, staff_cards
    report.dependants, report.dependant_applications = dependants, dependant_applications
    report.dependant_cards, report.reasons = dependant_cards, reasons.strip()
    _check_counts(report)
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="staff_report_save",
        object_type="staff_report",
        object_id=report.pk,
        before=before,
        after={
            "as_of": as_of.isoformat(),
            "staff": staff,
            "staff_applications": staff_applications,
            "reasons": report.reasons,
        },
    )
    return report
