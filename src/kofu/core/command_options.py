"""Options shared by kofu's commands, checked with one Japanese message each.

``--municipality CODE`` (a municipality in the registry) and ``--… YYYY-MM-DD`` (a date). Dates are
read by one parser, :func:`parse_date` (ISO dates, full-width digits as people type them), used in
two forms: :func:`date_option` in ``handle`` (``None`` for an option left out) and
:func:`date_argument` as argparse's ``type=`` (argparse then names the option).
"""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

if TYPE_CHECKING:
    from kofu.registry.models import Municipality


def municipality_option(code: str) -> Municipality:
    """The municipality of ``code`` (with its prefecture), or a CommandError naming the code."""
    from kofu.registry.models import Municipality

    municipality = Municipality.objects.select_related("prefecture").filter(code=code).first()
    if municipality is None:
        raise CommandError(f"団体コード {code} の市区町村がありません")
    return municipality


DATE_FORMAT = "YYYY-MM-DD で指定してください"


def parse_date(text: str) -> dt.date:
    """``2022-06-30`` (also ``２０２２-０６-３０`` and with spaces around) as a date; ValueError otherwise."""
    return dt.date.fromisoformat(unicodedata.normalize("NFKC", text).strip())


def date_option(text: str | None, flag: str) -> dt.date | None:
    """``text`` as a date (``None`` when the option was left out), or a CommandError naming ``flag``."""
    if text is None or text == "":
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(f"{flag} は {DATE_FORMAT}: {text!r}") from None


def date_argument(text: str) -> dt.date:
    """argparse ``type=`` for a date option: the error names the value, argparse adds the option."""
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日付は {DATE_FORMAT}: {text!r}") from None


class ExamplesKeptAsWritten(BaseCommand):
    """A command whose ``help`` lists examples one per line: argparse keeps its line breaks."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser
