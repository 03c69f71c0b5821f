from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from kofu.registry.services import registry_load_reference


class Command(BaseCommand):
    help = (
        "データベースを作成・移行し、同梱の参照データ（都道府県・市区町村・団体区分）を読み込みます。"
        "何度実行しても結果は同じです。 / Create or migrate the database and load the bundled "
        "reference data (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options.get("verbosity", 1))
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        result = registry_load_reference()
        if verbosity:
            self.stdout.write(
                f"団体台帳: 都道府県 {result.prefectures}、市区町村 {result.municipalities_total}"
                f"（新規 {result.municipalities_created}）"
            )
