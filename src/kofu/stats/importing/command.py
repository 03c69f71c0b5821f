"""``kofu stats import FILE…``: files in order, one transaction each; stop at the first refused file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kofu.core.tabular.cells import CellError
from kofu.core.tabular.dates import parse_option_date
from kofu.rules.measures import labels
from kofu.stats.importing.services import ImportRefused, ImportReport, snapshot_import_file


def _option_date(options: dict[str, Any], key: str, flag: str) -> dt.date | None:
    try:
        return parse_option_date(options.get(key))
    except CellError as exc:
        raise CommandError(f"{flag}: {exc}") from exc


def report_line(report: ImportReport) -> str:
    snapshot = report.snapshot
    line = (
        f"{report.file_name}: {report.layout_title}（{report.file_kind}） "
        f"基準日 {snapshot.as_of:%Y-%m-%d}、人口算出基準日 {snapshot.population_base:%Y-%m-%d}、"
        f"{report.rows_imported:,}行を取込"
        f"{'（置換）' if report.replaced else ''}、合計行 {len(report.skipped_total_rows)}行を除外、"
        f"新規登録 {len(report.registered)}団体、警告 {len(report.warnings)}件"
    )
    if report.layout in {"municipality", "workbook"}:
        line += "、全市区町村分あり" if snapshot.complete else "、全市区町村分ではありません"
    return line + f"（{labels(snapshot.measure).count}）"


def run_import(command: BaseCommand, options: dict[str, Any]) -> None:
    as_of = _option_date(options, "as_of", "--as-of")
    population_base = _option_date(options, "population_base", "--population-base")
    verbosity = int(options.get("verbosity", 1))
    files = [Path(name) for name in options["files"]]
    for position, path in enumerate(files):
        try:
            report = snapshot_import_file(
                path=path,
                allow_over_population=bool(options.get("allow")),
                as_of=as_of,
                population_base=population_base,
                replace=bool(options.get("replace")),
            )
        except ImportRefused as refused:
            for message in refused.messages:
                command.stderr.write(str(message))
            rest = len(files) - position - 1
            tail = f"。残りの {rest} ファイルは取り込んでいません" if rest else ""
            raise CommandError(
                f"{path.name} を取り込めませんでした（このファイルは何も変更していません）{tail}"
            ) from refused
        command.stdout.write(report_line(report))
        if verbosity >= 1:
            for municipality in report.registered:
                command.stdout.write(f"  新規登録: {municipality.code} {municipality.full_name}")
            for warning in report.warnings:
                command.stdout.write(f"  警告: {warning}")
        if verbosity >= 2:
            for skipped in report.skipped_total_rows:
                command.stdout.write(f"  合計行を除外: {skipped}")
