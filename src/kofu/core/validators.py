"""Validators shared by every form, model and importer."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from kofu.rules.codes import contains_my_number

MY_NUMBER_REFUSED = (
    "個人番号（マイナンバー）と思われる12桁の数字は入力できません。kofu は個人番号を扱いません。"
    "（電話番号などの数字を区切り記号だけで続けて書いた場合は、間に文字を入れてください。例：「TEL」「内線」）"
)


def no_my_number(value: object) -> None:
    """Refuse text holding twelve digits that pass the My Number check digit (after NFKC, with any
    separators between them: ``kofu.rules.codes.contains_my_number``, docs/security.md).

    Every model text field carries it (``kofu.core.guard`` runs it on every save), and every form,
    API field and import column.
    """
    if isinstance(value, str) and contains_my_number(value):
        raise ValidationError(MY_NUMBER_REFUSED, code="my_number")


EMAIL_INVALID = "メールアドレスの形式が正しくありません（例: yamada@example.jp）。"
_EMAIL = EmailValidator(message=EMAIL_INVALID, code="invalid_email")


def single_line(value: object) -> None:
    """Refuse control characters (newline, tab, …) and other invisible formatting characters: a
    value that goes into a mail header or a log line must stay one line (no header injection)."""
    if isinstance(value, str) and any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in value):
        raise ValidationError("改行・タブなどの制御文字は入力できません。", code="control_character")


def clean_email(value: object) -> str:
    """An e-mail address typed by a resident or staff: at most 254 characters, one line, Django's
    ``EmailValidator``, and no My Number (not even as the local part). Returns it without the
    surrounding spaces; raises ValidationError."""
    text = str(value or "").strip(" ")
    if not text:
        return ""
    no_my_number(text)
    single_line(text)
    if len(text) > 254:
        raise ValidationError(EMAIL_INVALID, code="invalid_email")
    _EMAIL(text)
    return text
