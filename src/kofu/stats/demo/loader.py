"""Load the bundled demo files through the same importers users run (``kofu stats import``…).

In order: the monthly municipality files (``issuance_months.tar.xz``, 2021-10 to 2022-09, Code for
Japan's extraction of the ministry's releases), the published totals printed in the seeds
(2022-01-01 and 2022-10-31), then the コンビニ交付 files of seed 004. A file whose figures are
already in the database is skipped, so loading twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kofu.accounts.roles import System
from kofu.stats.models import (
    ConvenienceParticipation,
    ConvenienceVolume,
    GroupTotal,
    IssuanceSnapshot,
    MunicipalityFigure,
    PrefectureFigure,
)

#: Monthly all_localgovs.csv files, one per snapshot (members ``YYYYMMDD_all_localgovs.csv``).
MONTHS_ARCHIVE = "issuance_months.tar.xz"
#: The published totals transcribed from the seeds, in load order.
DEMO_FILES: tuple[str, ...] = (
    "20220101_prefectures.csv",
    "20220101_categories.csv",
    "20221031_prefectures.csv",
    "20221031_categories.csv",
)
CONVENIENCE_FILES: tuple[str, ...] = ("convenience_participation_20220101.csv", "convenience_volumes.csv")
#: Shown as the source of every snapshot loaded from the monthly files.
MONTHS_CREDIT = (
    "総務省「マイナンバーカードの市区町村別交付枚数等について」（Code for Japan「mynumbercard_statistics」"
    "による抽出、MIT License、Copyright (c) 2020 Code for Japan）"
)
#: Seed 004: 「申請：5,467万枚（約43.2％）」 on 2022-01-01, printed in 万枚.
APPLICATIONS_20220101 = (54_670_000, "資料004「申請：5,467万枚（約43.2％）」（万枚単位の公表値）")

_KIND_BY_SUFFIX: dict[str, type[MunicipalityFigure] | type[PrefectureFigure] | type[GroupTotal]] = {
    "all_localgovs": MunicipalityFigure,
    "prefectures": PrefectureFigure,
    "categories": GroupTotal,
}


#: The コンビニ交付 file that fills each table (skipped once its table has rows).
_CONVENIENCE_TABLES: dict[str, type[ConvenienceParticipation] | type[ConvenienceVolume]] = dict(
    zip(CONVENIENCE_FILES, (ConvenienceParticipation, ConvenienceVolume), strict=True)
)


@dataclass
class DemoLoadResult:
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def snapshots(self) -> list[dt.date]:
        return list(IssuanceSnapshot.objects.order_by("as_of").values_list("as_of", flat=True))


def demo_path(name: str) -> Path:
    """The path of one bundled demo file (the package is installed as plain files)."""
    return Path(str(resources.files("kofu.stats.demo").joinpath(name)))


def month_names() -> list[str]:
    with tarfile.open(demo_path(MONTHS_ARCHIVE)) as archive:
        return sorted(name for name in archive.getnames() if name.endswith("_all_localgovs.csv"))


def demo_names() -> list[str]:
    """Every file the demo loads, in order."""
    return [*month_names(), *DEMO_FILES, *CONVENIENCE_FILES]


@contextmanager
def extracted_months() -> Iterator[Path]:
    """The monthly files unpacked into a temporary folder (removed afterwards)."""
    with (
        tempfile.TemporaryDirectory(prefix="kofu-demo-") as folder,
        tarfile.open(demo_path(MONTHS_ARCHIVE)) as archive,
    ):
        for member in archive.getmembers():
            if member.isfile() and member.name.endswith("_all_localgovs.csv") and "/" not in member.name:
                source = archive.extractfile(member)
                assert source is not None
                (Path(folder) / member.name).write_bytes(source.read())
        yield Path(folder)


def demo_as_of(path: Path) -> dt.date:
    """The 算出基準日 of a demo file (first data row, ``YYYY/MM/DD``)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        row = next(csv.DictReader(handle))
    return dt.datetime.strptime(row["算出基準日"], "%Y/%m/%d").date()


def demo_file_loaded(path: Path) -> bool:
    """Whether the figures this file holds are already in the database for its date."""
    model = _KIND_BY_SUFFIX[path.stem.split("_", 1)[1]]
    return model.objects.filter(snapshot__as_of=demo_as_of(path)).exists()


def _import(path: Path, result: DemoLoadResult, credit: str = "") -> None:
    from kofu.stats.importing.services import snapshot_import_file

    if demo_file_loaded(path):
        result.skipped.append(path.name)
        return
    report = snapshot_import_file(path=path, allow_over_population=False, as_of=None, population_base=None)
    if credit and not report.snapshot.credit:
        report.snapshot.credit = credit
        report.snapshot.save(update_fields=["credit"])
    result.loaded.append(path.name)


def _convenience(result: DemoLoadResult) -> None:
    from kofu.stats.convenience.importing import convenience_import_file

    for name, model in _CONVENIENCE_TABLES.items():
        if model.objects.exists():
            result.skipped.append(name)
            continue
        convenience_import_file(path=demo_path(name), actor=System("kofu demo"))
        result.loaded.append(name)


def _applications() -> None:
    snapshot = IssuanceSnapshot.objects.filter(as_of=dt.date(2022, 1, 1), applications__isnull=True).first()
    if snapshot is not None:
        snapshot.applications, snapshot.applications_note = APPLICATIONS_20220101
        snapshot.save(update_fields=["applications", "applications_note"])


def demo_load() -> DemoLoadResult:
    """Import every demo file not loaded yet (idempotent). The registry must be loaded first."""
    result = DemoLoadResult()
    with extracted_months() as folder:
        for name in month_names():
            _import(folder / name, result, MONTHS_CREDIT)
    for name in DEMO_FILES:
        _import(demo_path(name), result)
    _convenience(result)
    _applications()
    return result
