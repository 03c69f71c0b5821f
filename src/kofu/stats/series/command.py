"""``kofu stats series``: one unit's figures at every imported snapshot, as CSV or XLSX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kofu.core.command_options import municipality_option
from kofu.registry.models import Municipality, Prefecture
from kofu.stats.series.output import write_csv, write_xlsx
from kofu.stats.series.selectors import Series, municipality_series, national_series, prefecture_series


def _series(options: dict[str, Any]) -> Series:
    chosen = [flag for flag in ("municipality", "prefecture", "national") if options.get(flag)]
    if len(chosen) != 1:
        raise CommandError("--municipality CODE、--prefecture CODE、--national のどれか1つを指定してください")
    if options.get("national"):
        return national_series()
    if options.get("prefecture"):
        code = str(options["prefecture"]).zfill(2)
        prefecture = Prefecture.objects.filter(code=code).first()
        if prefecture is None:
            raise CommandError(f"都道府県コード {options['prefecture']} の都道府県がありません（01～47）")
        return prefecture_series(prefecture)
    municipality = municipality_option(str(options["municipality"]))
    if municipality.kind != Municipality.Kind.MUNICIPALITY:
        raise CommandError(
            f"{municipality.full_name}は指定都市の区です。交付状況は市全体の団体コードで指定してください"
        )
    return municipality_series(municipality)


def run_series(command: BaseCommand, options: dict[str, Any]) -> None:
    series = _series(options)
    if not series.points:
        raise CommandError(
            f"{series.name}の数値がある時点は取り込まれていません（kofu stats snapshots で一覧）"
        )
    output = options.get("output")
    if options["fmt"] == "xlsx":
        if not output:
            raise CommandError("--format xlsx には出力ファイル -o FILE が必要です")
        write_xlsx(series, Path(output))
    elif output:
        with Path(output).open("w", encoding="utf-8", newline="") as handle:
            write_csv(series, handle)
    else:
        write_csv(series, command.stdout)
        return
    command.stderr.write(f"{output} に書き出しました（{len(series.points)}時点）")
