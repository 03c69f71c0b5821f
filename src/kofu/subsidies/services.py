"""Writes: goal declarations and unit-price ceilings (each one atomic service, validated)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from kofu.registry.models import Municipality
from kofu.rules.codes import CodeError, normalize_localgov_code
from kofu.subsidies.models import FiscalYearUnitPrice, GoalDeclaration


class SubsidyInputError(Exception):
    """The write was refused; the message says why, in Japanese."""


def _municipality(code: str) -> Municipality:
    try:
        normalized = normalize_localgov_code(code)
    except CodeError as exc:
        raise SubsidyInputError(str(exc)) from None
    municipality = Municipality.objects.select_related("prefecture").filter(code=normalized).first()
    if municipality is None:
        raise SubsidyInputError(
            f"団体コード {normalized} の市区町村が団体台帳にありません（kofu init を実行しましたか）"
        )
    if municipality.kind != Municipality.Kind.MUNICIPALITY:
        raise SubsidyInputError(
            f"{municipality}（{normalized}）は指定都市の区です。市の団体コードで指定してください"
        )
    return municipality


@transaction.atomic
def goal_declaration_record(*, code: str, declared_on: dt.date, note: str = "") -> GoalDeclaration:
    """Record (or re-date) that a municipality has set the goal of issuing to all residents."""
    municipality = _municipality(code)
    declaration = GoalDeclaration.objects.select_for_update().filter(municipality=municipality).first()
    if declaration is None:
        declaration = GoalDeclaration(municipality=municipality)
    declaration.declared_on = declared_on
    declaration.note = note
    try:
        declaration.full_clean()
    except ValidationError as exc:
        raise SubsidyInputError("; ".join(exc.messages)) from None
    declaration.save()
    return declaration


@transaction.atomic
def goal_declaration_withdraw(*, code: str) -> bool:
    """Remove a municipality's declaration; False when it had none."""
    deleted, _ = GoalDeclaration.objects.filter(municipality=_municipality(code)).delete()
    return deleted > 0


@transaction.atomic
def unit_price_ceiling_set(*, fiscal_year: int, max_unit_price: int, note: str = "") -> FiscalYearUnitPrice:
    """Set the publicity unit-price ceiling of one fiscal year (overrides the built-in one)."""
    if max_unit_price <= 0:
        raise SubsidyInputError(f"上限単価は1円以上で指定してください: {max_unit_price}")
    if fiscal_year < 2000:
        raise SubsidyInputError(f"年度は西暦（例: 2023）で指定してください: {fiscal_year}")
    ceiling = FiscalYearUnitPrice.objects.select_for_update().filter(fiscal_year=fiscal_year).first()
    if ceiling is None:
        ceiling = FiscalYearUnitPrice(fiscal_year=fiscal_year)
    ceiling.max_unit_price = max_unit_price
    ceiling.note = note
    try:
        ceiling.full_clean()
    except ValidationError as exc:
        raise SubsidyInputError("; ".join(exc.messages)) from None
    ceiling.save()
    return ceiling
