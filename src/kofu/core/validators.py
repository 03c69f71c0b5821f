"""Validators shared by every form, model and importer."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from kofu.rules.codes import contains_my_number

MY_NUMBER_REFUSED = (
    "個人番号（マイナンバー）と思われる12桁の数字は入力できません。kofu は個人番号を扱いません。"
)


def no_my_number(value: object) -> None:
    """Refuse text holding a 12-digit run that passes the My Number check digit (after NFKC).

    Use on every free-text field (notes, memos, names, addresses) and every import column.
    """
    if isinstance(value, str) and contains_my_number(value):
        raise ValidationError(MY_NUMBER_REFUSED, code="my_number")
