"""The staff acquisition workbook (資料002 様式1/2): one XLSX for many bodies, out and back in.

様式1 is the count at the end of December, 様式2 at the end of March; both have the same columns,
so one layout serves both, the date in the 時点 column. The prefecture gathers its fire
headquarters' rows into one file (資料002 別添2 (3)); the import reads it through
:mod:`kofu.core.tabular` and saves every row or none.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from kofu.accounts.access import NotFound
from kofu.accounts.roles import Actor
from kofu.core import spreadsheet
from kofu.core.tabular import ImportRefused, Kind, Limits, Problems, Row, iter_rows, open_source, row_label
from kofu.core.tabular.cells import CellError, parse_count
from kofu.core.tabular.dates import parse_date
from kofu.registry.models import Municipality, Prefecture
from kofu.surveys.access import staff_organisations_in_scope
from kofu.surveys.models import StaffDepartment, StaffOrganisation, StaffReport
from kofu.surveys.services.staff import staff_organisation_create, staff_report_save

#: (field, heading) in the order of the sheet.
COLUMNS = [
    ("prefecture", "都道府県"),
    ("kind", "種別"),
    ("organisation", "組織名"),
    ("municipality_code", "団体コード"),
    ("department", "部署名"),
    ("as_of", "時点"),
    ("staff", "職員数"),
    ("staff_applications", "職員の申請者数"),
    ("staff_cards", "職員の取得者数"),
    ("dependants", "被扶養者数"),
    ("dependant_applications", "被扶養者の申請者数"),
    ("dependant_cards", "被扶養者の取得者数"),
    ("reasons", "申請しない理由"),
]
HEADINGS = [heading for _, heading in COLUMNS]
COUNTS = [
    "staff",
    "staff_applications",
    "staff_cards",
    "dependants",
    "dependant_applications",
    "dependant_cards",
]
KINDS = {label: value for value, label in StaffOrganisation.Kind.choices}
MAX_BYTES = 20 * 1024 * 1024


def _organisations(actor: Actor, prefecture: str | None, kind: str | None) -> list[StaffOrganisation]:
    orgs = staff_organisations_in_scope(actor).prefetch_related("departments")
    if prefecture:
        orgs = orgs.filter(prefecture__name=prefecture)
    if kind:
        orgs = orgs.filter(kind=kind)
    return list(orgs)


def staff_workbook_write(
    *,
    path: Path | str | BinaryIO,
    as_of: dt.date,
    actor: Actor,
    prefecture: str | None = None,
    kind: str | None = None,
) -> int:
    """Write one row per department in the actor's scope (figures filled where reported); returns rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"職員取得状況 {as_of.isoformat()}"
    sheet.append(HEADINGS)
    reports = {
        r.department_id: r
        for r in StaffReport.objects.filter(
            as_of=as_of, department__organisation__in=staff_organisations_in_scope(actor)
        )
    }
    rows = 0
    for org in _organisations(actor, prefecture, kind):
        code = org.municipality.code if org.municipality else ""
        for department in org.departments.all():
            report = reports.get(department.pk)
            figures = [getattr(report, f) if report else None for f in COUNTS]
            reasons = report.reasons if report else ""
            sheet.append(
                [org.prefecture.name, org.get_kind_display(), org.name, code, department.name, as_of]
                + figures
                + [reasons]
            )
            rows += 1
    kinds = DataValidation(type="list", formula1='"' + ",".join(KINDS) + '"', allow_blank=False)
    sheet.add_data_validation(kinds)
    kinds.add("B2:B5000")
    for letter, width in zip("ABCDEFGHIJKLM", [10, 14, 28, 10, 16, 12] + [10] * 6 + [40], strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].number_format = "yyyy-mm-dd"
    spreadsheet.neutralise_workbook(book)
    book.save(path)
    return rows


def _read(path: Path | str | BinaryIO, label: str, problems: Problems) -> list[Row]:
    limits = Limits.from_settings().at_most(max_bytes=MAX_BYTES)
    with open_source(path, name=label, accept=(Kind.XLSX,), limits=limits) as source:
        rows = list(iter_rows(source, problems, header_row=1))
    if not rows or rows[0].number != 1:
        problems.refuse("1行目に見出しがありません（空のファイルか、見出しを読めません）", row_label(1))
    headings = [cell.strip() for cell in rows[0].cells]
    missing = [h for h in HEADINGS if h not in headings]
    if missing:
        problems.refuse(
            f"見出しが足りません: {'、'.join(missing)}（kofu の様式を使ってください）", row_label(1)
        )
    positions = [headings.index(h) for h in HEADINGS]
    return [Row(r.number, [r.cells[i] if i < len(r.cells) else "" for i in positions]) for r in rows[1:]]


class _Context:
    """Bodies found or created while importing one file (so a file may add a new body once)."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.prefectures = {p.name: p for p in Prefecture.objects.all()}
        self.organisations: dict[tuple[int, str, str], StaffOrganisation] = {
            (o.prefecture_id, o.kind, o.name): o for o in StaffOrganisation.objects.all()
        }

    def organisation(self, prefecture: Prefecture, kind: str, name: str, code: str) -> StaffOrganisation:
        key = (prefecture.pk, kind, name)
        if key not in self.organisations:
            municipality = None
            if code:
                municipality = Municipality.objects.filter(code=code, valid_to__isnull=True).first()
                if municipality is None:
                    raise ValidationError(f"団体コード {code} の市区町村がありません")
            self.organisations[key] = staff_organisation_create(
                kind=kind, name=name, prefecture=prefecture, municipality=municipality, departments=(),
                actor=self.actor,
            )  # fmt: skip
        return self.organisations[key]


def _department(organisation: StaffOrganisation, name: str) -> StaffDepartment:
    department, _ = StaffDepartment.objects.get_or_create(organisation=organisation, name=name or "全体")
    return department


def _save_row(values: dict[str, str], row: Row, context: _Context, problems: Problems) -> bool:
    """Save one filled row; record its problems by column. Returns whether it was saved."""
    if not any(values[f] for f in COUNTS):
        return False  # a row of the template left blank
    heading = dict(COLUMNS)
    prefecture = context.prefectures.get(values["prefecture"])
    if prefecture is None:
        problems.error(f"都道府県「{values['prefecture']}」はありません", row.label, heading["prefecture"])
    kind = KINDS.get(values["kind"])
    if kind is None:
        problems.error(f"種別は {'・'.join(KINDS)} のいずれかです", row.label, heading["kind"])
    if not values["organisation"]:
        problems.error("組織名を入力してください", row.label, heading["organisation"])
    as_of = None
    try:
        as_of = parse_date(values["as_of"])
    except CellError as exc:
        problems.error(str(exc), row.label, heading["as_of"])
    else:
        if as_of is None:
            problems.error("時点を入力してください（例: 2022-03-31）", row.label, heading["as_of"])
    counts: dict[str, int] = {}
    for field in COUNTS:
        try:
            counts[field] = parse_count(values[field] or "0")
        except CellError as exc:
            problems.error(str(exc), row.label, heading[field])
    if prefecture is None or kind is None or as_of is None or len(counts) < len(COUNTS):
        return False
    if not values["organisation"]:
        return False
    try:
        with transaction.atomic():
            organisation = context.organisation(
                prefecture, kind, values["organisation"], values["municipality_code"]
            )
            staff_report_save(
                department=_department(organisation, values["department"]),
                as_of=as_of,
                reasons=values["reasons"],
                actor=context.actor,
                **counts,
            )
    except (NotFound, PermissionDenied):
        problems.error("この組織の報告を登録する権限がありません", row.label, heading["organisation"])
        return False
    except ValidationError as exc:
        for field, messages in getattr(exc, "message_dict", {None: exc.messages}).items():
            column = heading.get(field or "", None)
            for message in messages:
                problems.error(message, row.label, column)
        return False
    return True


def staff_workbook_import(*, path: Path | str | BinaryIO, actor: Actor, name: str | None = None) -> str:
    """Save every filled row in one transaction, or nothing; raises :class:`ImportRefused`."""
    label = name or (Path(path).name if isinstance(path, str | Path) else "upload.xlsx")
    problems = Problems(file=label)
    rows = _read(path, label, problems)
    fields = [f for f, _ in COLUMNS]
    saved = 0
    with transaction.atomic():
        context = _Context(actor)
        for row in rows:
            values = {f: v.strip() for f, v in zip(fields, row.cells, strict=True)}
            if _save_row(values, row, context, problems):
                saved += 1
        if not saved and not problems.error_count:
            problems.error("数値の入った行がありません（見出し行だけか、空欄の様式です）")
        if problems.error_count:
            transaction.set_rollback(True)
            problems.raise_if_errors()
    return f"{saved} 部署の報告を取り込みました（{label}）"


__all__ = ["COLUMNS", "ImportRefused", "staff_workbook_import", "staff_workbook_write"]
