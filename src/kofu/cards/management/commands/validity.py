"""``kofu validity``: card and electronic-certificate expiry for a birth, application and issue date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.core.command_options import date_argument
from kofu.rules.validity import ValidityError, validity


class Command(BaseCommand):
    help = (
        "マイナンバーカードと電子証明書の有効期限を表示する（CSV: card_expiry,certificate_expiry）。 / "
        "Print the card's and the electronic certificates' expiry dates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--birth", type=date_argument, required=True, help="生年月日 YYYY-MM-DD / date of birth"
        )
        parser.add_argument(
            "--applied",
            type=date_argument,
            required=True,
            help="申請受付日 YYYY-MM-DD / application received",
        )
        parser.add_argument(
            "--issued", type=date_argument, required=True, help="発行日 YYYY-MM-DD / issue date"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = validity(birth=options["birth"], applied=options["applied"], issued=options["issued"])
        except ValidityError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("card_expiry,certificate_expiry")
        self.stdout.write(f"{result.card_expiry.isoformat()},{result.certificate_expiry.isoformat()}")
