"""Issuance snapshots for tests, loaded straight from ../shared/data/issuance (read in place).

The importer (``kofu.stats.importing``) is the product's way in; these helpers only put known
figures in the database quickly, with the ORM, so view and chart tests do not depend on it.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from kofu.registry.models import Municipality, Prefecture
from kofu.rules.codes import normalize_localgov_code
from kofu.stats.models import GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure

ISSUANCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "issuance"


def _date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%Y/%m/%d").date()


def load_issuance_snapshot(as_of: str, *, directory: Path = ISSUANCE) -> IssuanceSnapshot:
    """Load ``<directory>/<YYYYMMDD>/all_localgovs.csv`` as a complete snapshot.

    Needs the reference registry. Codes lack their leading zero; rows with ``<NA>`` codes
    (三宅村, 八丈町 from 2021-08) are matched by prefecture and name.
    """
    path = directory / as_of.replace("-", "") / "all_localgovs.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_code = {m.code: m for m in Municipality.objects.select_related("prefecture")}
    by_name = {(m.prefecture.name, m.name): m for m in by_code.values()}
    snapshot = IssuanceSnapshot.objects.create(
        as_of=_date(rows[0]["算出基準日"]),
        population_base=_date(rows[0]["人口算出基準日"]),
        source=str(path.name),
        complete=True,
    )
    figures = []
    for row in rows:
        raw = row["団体コード"]
        if raw and raw != "<NA>":
            municipality = by_code[normalize_localgov_code(raw)]
        else:
            municipality = by_name[(row["都道府県名"], row["市区町村名"])]
        figures.append(
            MunicipalityFigure(
                snapshot=snapshot,
                municipality=municipality,
                population=int(row["総数（人口）"]),
                issued=int(row["交付枚数"]),
                printed_rate=Decimal(row["人口に対する交付枚数率"]),
            )
        )
    MunicipalityFigure.objects.bulk_create(figures)
    return snapshot


SEED_TABLES = Path(__file__).resolve().parents[2].parent / "shared" / "seed-tables" / "issuance_tables.csv"


def load_published_totals(as_of: str, *, path: Path = SEED_TABLES) -> IssuanceSnapshot:
    """A snapshot with only the prefecture and category totals a seed prints (no municipalities).

    Like the demo data for 2022-10-31: tables that need municipalities cannot be built from it.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["as_of"] == as_of]
    prefectures = {p.name: p for p in Prefecture.objects.all()}
    snapshot = IssuanceSnapshot.objects.create(
        as_of=dt.date.fromisoformat(as_of),
        population_base=dt.date.fromisoformat(rows[0]["population_base"]),
        source=path.name,
        complete=False,
    )
    PrefectureFigure.objects.bulk_create(
        PrefectureFigure(
            snapshot=snapshot,
            prefecture=prefectures[row["name"]],
            population=int(row["population"]),
            issued=int(row["issued"]),
        )
        for row in rows
        if row["table"] == "prefectures"
    )
    GroupTotal.objects.bulk_create(
        GroupTotal(
            snapshot=snapshot, label=row["name"], population=int(row["population"]), issued=int(row["issued"])
        )
        for row in rows
        if row["table"] == "category_totals"
    )
    return snapshot
