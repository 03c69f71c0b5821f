"""``kofu stats table`` and ``kofu stats snapshots``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kofu.core.command_options import date_option
from kofu.rules.measures import labels
from kofu.stats.tables.builder import TableError, build_table
from kofu.stats.tables.output import write_csv, write_xlsx


def run_table(command: BaseCommand, options: dict[str, Any]) -> None:
    as_of = date_option(options["as_of"], "--as-of")
    if options["table"] == "convenience-stores":
        from kofu.stats.convenience.command import run_convenience_table

        run_convenience_table(command, options, as_of)
        return
    if options["table"] == "ages":
        run_age_table(command, options, as_of)
        return
    extra = {k: options[k] for k in ("grouping", "prefecture", "category") if options.get(k)}
    try:
        table = build_table(options["table"], as_of=as_of, **extra)
    except TableError as exc:
        raise CommandError(str(exc)) from None
    if options["fmt"] == "xlsx":
        if not options.get("output"):
            raise CommandError("--format xlsx には出力ファイル -o FILE が必要です")
        path = Path(options["output"])
        write_xlsx(table, path)
        command.stderr.write(f"{path} に書き出しました（{len(table.rows)}行）")
        return
    if options.get("output"):
        path = Path(options["output"])
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv(table, handle)
        command.stderr.write(f"{path} に書き出しました（{len(table.rows)}行）")
        return
    write_csv(table, command.stdout)


def run_snapshots(command: BaseCommand) -> None:
    """One line per snapshot: date, population base, measure, whether every municipality is there."""
    from kofu.stats.models import IssuanceSnapshot

    rows = IssuanceSnapshot.objects.order_by("as_of").values_list(
        "as_of", "population_base", "measure", "complete"
    )
    if not rows:
        command.stdout.write("取込済みの時点はありません。kofu stats import FILE で取り込んでください。")
    for as_of, base, measure, complete in rows:
        command.stdout.write(
            f"{as_of:%Y-%m-%d}\t人口算出基準日 {base:%Y-%m-%d}\t{labels(measure).count}\t"
            f"{'全市区町村' if complete else '公表値のみ'}"
        )


def run_age_table(command: BaseCommand, options: dict[str, Any], as_of: dt.date) -> None:
    """``kofu stats table ages``: age,sex,population,issued (or held),rate."""
    from kofu.stats.ages import tables

    try:
        table = tables.age_table(as_of)
    except tables.AgeTableError as exc:
        raise CommandError(str(exc)) from None
    output = options.get("output")
    if options["fmt"] == "xlsx":
        if not output:
            raise CommandError("--format xlsx には出力ファイル -o FILE が必要です")
        tables.write_xlsx(table, output)
    elif output:
        with Path(output).open("w", encoding="utf-8", newline="") as handle:
            tables.write_csv(table, handle)
    else:
        tables.write_csv(table, command.stdout)
        return
    command.stderr.write(f"{output} に書き出しました（{len(table.rows)}行）")
