"""Load the bundled demo files through the same importer users run (``kofu stats import``)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kofu.stats.models import GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure

#: The demo files, in load order: per date, municipalities before the published totals.
DEMO_FILES: tuple[str, ...] = (
    "20220101_municipalities.csv",
    "20220101_prefectures.csv",
    "20220101_categories.csv",
    "20221031_prefectures.csv",
    "20221031_categories.csv",
)

_KIND_BY_SUFFIX = {
    "municipalities": MunicipalityFigure,
    "prefectures": PrefectureFigure,
    "categories": GroupTotal,
}


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


def demo_as_of(path: Path) -> dt.date:
    """The 算出基準日 of a demo file (first data row, ``YYYY/MM/DD``)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        row = next(csv.DictReader(handle))
    return dt.datetime.strptime(row["算出基準日"], "%Y/%m/%d").date()


def demo_file_loaded(path: Path) -> bool:
    """Whether the figures this file holds are already in the database for its date."""
    model = _KIND_BY_SUFFIX[path.stem.split("_", 1)[1]]
    return model.objects.filter(snapshot__as_of=demo_as_of(path)).exists()


def demo_load() -> DemoLoadResult:
    """Import every demo file not loaded yet (idempotent). The registry must be loaded first."""
    from kofu.stats.importing.services import snapshot_import_file

    result = DemoLoadResult()
    for name in DEMO_FILES:
        path = demo_path(name)
        if demo_file_loaded(path):
            result.skipped.append(name)
            continue
        snapshot_import_file(
            path=path, allow_over_population=False, as_of=None, population_base=None, replace=False
        )
        result.loaded.append(name)
    return result
