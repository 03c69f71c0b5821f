"""Options shared by kofu's commands, checked with one Japanese message each.

``--municipality CODE`` (a municipality in the registry) and ``--… YYYY-MM-DD`` (a date).
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def date_option(text: str | None, flag: str) -> dt.date | None:
    """``text`` as a date (``None`` when the option was left out), or a CommandError naming ``flag``."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{flag} は YYYY-MM-DD で指定してください: {text!r}") from exc


class ExamplesKeptAsWritten(BaseCommand):
    """A command whose ``help`` lists examples one per line: argparse keeps its line breaks."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser
