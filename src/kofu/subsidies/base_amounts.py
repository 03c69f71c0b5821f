"""Per-municipality frames of the subsidy: the general 基準額 the ministry notifies (stored here)
and the 概算交付見込額 (read from the municipality's 交付円滑化計画, never typed again), shown
beside the 受取勧奨 base amount on the claim and summary pages (資料000, 資料004 p.12–13).

Writes: :func:`general_base_set`, :func:`general_bases_import` (the ministry or the operator's
command ``kofu baseamounts``). Reads:
:func:`frames_for` (a few queries for any number of municipalities).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kofu.accounts.access import area_of
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.core.tabular import Problems, read_table
from kofu.plans.models import SmoothingPlan
from kofu.registry.models import Municipality
from kofu.subsidies.models import GeneralBaseAmount


@transaction.atomic
def general_base_set(
    *, municipality: Municipality, fiscal_year: int, amount: int, note: str = "", actor: Actor
) -> GeneralBaseAmount:
    """Record (or replace) a municipality's general 基準額 of a fiscal year, as notified."""
    if not area_of(actor).everywhere:
        raise PermissionDenied("基準額は総務省だけが登録できます")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValidationError(f"基準額は0以上の整数（円）で指定してください: {amount!r}")
    row = (
        GeneralBaseAmount.objects.select_for_update()
        .filter(municipality=municipality, fiscal_year=fiscal_year)
        .first()
    )
    before = None if row is None else {"amount": row.amount, "note": row.note}
    if row is None:
        row = GeneralBaseAmount(municipality=municipality, fiscal_year=fiscal_year)
    row.amount, row.note = amount, note
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="subsidies.general_base.set",
        object_type="subsidies.GeneralBaseAmount",
        object_id=f"{municipality.code}/{fiscal_year}",
        before=before,
        after={"amount": amount, "note": note},
    )
    return row


@dataclass(frozen=True)
class Frames:
    """The general 基準額 (this fiscal year) and the plan's 概算交付見込額, by municipality id."""

    fiscal_year: int
    bases: dict[int, int] = field(default_factory=dict)
    grants: dict[int, int] = field(default_factory=dict)

    def base(self, municipality_id: int) -> int | None:
        return self.bases.get(municipality_id)

    def grant(self, municipality_id: int) -> int | None:
        return self.grants.get(municipality_id)


def frames_for(fiscal_year: int, municipality_ids: Iterable[int] | None = None) -> Frames:
    """Two queries: the year's general 基準額 and the plans' 概算交付見込額 (of ``municipality_ids``,
    or of every municipality)."""
    bases = GeneralBaseAmount.objects.filter(fiscal_year=fiscal_year)
    plans = SmoothingPlan.objects.filter(estimated_grant__isnull=False)
    if municipality_ids is not None:
        ids = list(municipality_ids)
        bases, plans = bases.filter(municipality_id__in=ids), plans.filter(municipality_id__in=ids)
    return Frames(
        fiscal_year=fiscal_year,
        bases=dict(bases.values_list("municipality_id", "amount")),
        grants={
            mid: grant
            for mid, grant in plans.values_list("municipality_id", "estimated_grant")
            if grant is not None
        },
    )


#: The columns of the ministry's list of general 基準額 (CSV or XLSX, one row per municipality).
IMPORT_HEADER = ["団体コード", "基準額"]


@transaction.atomic
def general_bases_import(*, source: Path | str, fiscal_year: int, actor: Actor) -> int:
    """Record the general 基準額 of every municipality in a CSV/XLSX list (header 団体コード, 基準額;
    amounts in yen). One transaction: any problem refuses the whole file (ImportRefused naming
    the file, row and column). Returns the number of municipalities recorded."""
    problems = Problems(file=Path(source).name)
    table = read_table(source, problems=problems)
    rows = [row for row in table.rows if not row.is_blank()]
    if not rows or [c.strip() for c in rows[0].cells[:2]] != IMPORT_HEADER:
        problems.refuse(f"1行目の見出しは「{'・'.join(IMPORT_HEADER)}」にしてください")
    by_code = {m.code: m for m in Municipality.objects.all()}
    found: list[tuple[Municipality, int]] = []
    for row in rows[1:]:
        code = row.cells[0].strip() if row.cells else ""
        text = (row.cells[1] if len(row.cells) > 1 else "").strip().replace(",", "")
        municipality = by_code.get(code)
        if municipality is None:
            problems.error(f"団体コード {code!r} の市区町村がありません", row.label, "A列（団体コード）")
        if not text.isdigit():
            problems.error(f"基準額は0以上の整数（円）にしてください（{text!r}）", row.label, "B列（基準額）")
        elif municipality is not None:
            found.append((municipality, int(text)))
    problems.raise_if_errors()
    for municipality, amount in found:
        general_base_set(municipality=municipality, fiscal_year=fiscal_year, amount=amount, actor=actor)
    return len(found)
