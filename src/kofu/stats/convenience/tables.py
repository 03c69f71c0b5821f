"""The コンビニ交付 tables: participation by prefecture on a date, 対象人口, yearly volumes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kofu.registry.selectors import municipalities_on
from kofu.rules.convenience import participation_rate, population_in_man
from kofu.rules.wareki import fiscal_year_wareki
from kofu.stats.models import (
    ConvenienceParticipation,
    ConvenienceVolume,
    IssuanceSnapshot,
    MunicipalityFigure,
)

NATIONAL = "全国"


class ConvenienceError(Exception):
    """The table cannot be built (nothing imported yet)."""


@dataclass(frozen=True)
class ParticipationRow:
    name: str
    code: str  # 2-digit prefecture code; "" for 全国
    participating: int
    municipalities: int
    rate: int  # whole percent, half-up
    members: tuple[str, ...] = ()  # participating municipalities, in code order (建制順)


@dataclass(frozen=True)
class TargetPopulation:
    """対象人口: residents of the participating municipalities, from an issuance snapshot's figures."""

    population: int
    snapshot_as_of: dt.date
    population_base: dt.date
    missing: int  # participating municipalities without a figure in that snapshot

    @property
    def in_man(self) -> int:
        return population_in_man(self.population)


@dataclass(frozen=True)
class ParticipationTable:
    as_of: dt.date
    rows: list[ParticipationRow]  # 47 prefectures in code order
    national: ParticipationRow
    target: TargetPopulation | None
    sources: list[str] = field(default_factory=list)
    undated: int = 0  # participants whose start date is not known (listed as 「時点」)


def latest_joined() -> dt.date | None:
    """The latest 参加日 held: the date the imported list speaks for."""
    return ConvenienceParticipation.objects.order_by("-joined_on").values_list("joined_on", flat=True).first()


def participation_table(as_of: dt.date) -> ParticipationTable:
    if not ConvenienceParticipation.objects.exists():
        raise ConvenienceError(
            "コンビニ交付の参加団体が取り込まれていません（kofu stats import-convenience FILE）"
        )
    joined = dict(
        ConvenienceParticipation.objects.filter(joined_on__lte=as_of).values_list(
            "municipality_id", "joined_on_exact"
        )
    )
    by_prefecture: dict[str, tuple[str, list[str], list[int]]] = {}
    for municipality in municipalities_on(as_of):
        prefecture = municipality.prefecture
        _, names, ids = by_prefecture.setdefault(prefecture.name, (prefecture.code, [], []))
        ids.append(municipality.pk)
        if municipality.pk in joined:
            names.append(municipality.name)
    rows = [
        ParticipationRow(
            name, code, len(names), len(ids), participation_rate(len(names), len(ids)), tuple(names)
        )
        for name, (code, names, ids) in sorted(by_prefecture.items(), key=lambda item: item[1][0])
    ]
    participating = sum(row.participating for row in rows)
    total = sum(row.municipalities for row in rows)
    national = ParticipationRow(NATIONAL, "", participating, total, participation_rate(participating, total))
    sources = sorted(set(ConvenienceParticipation.objects.values_list("source", flat=True)) - {""})
    return ParticipationTable(
        as_of=as_of,
        rows=rows,
        national=national,
        target=target_population(as_of, set(joined)),
        sources=sources,
        undated=sum(1 for exact in joined.values() if not exact),
    )


def target_population(as_of: dt.date, participants: set[int]) -> TargetPopulation | None:
    """From the latest complete snapshot on or before ``as_of`` (None when there is none)."""
    snapshot = IssuanceSnapshot.objects.filter(as_of__lte=as_of, complete=True).order_by("-as_of").first()
    if snapshot is None:
        return None
    figures = dict(
        MunicipalityFigure.objects.filter(snapshot=snapshot, municipality_id__in=participants).values_list(
            "municipality_id", "population"
        )
    )
    return TargetPopulation(
        population=sum(figures.values()),
        snapshot_as_of=snapshot.as_of,
        population_base=snapshot.population_base,
        missing=len(participants - set(figures)),
    )


@dataclass(frozen=True)
class VolumeTable:
    years: list[int]
    kinds: list[tuple[str, str]]  # (key, label) in the seed's order
    counts: dict[tuple[int, str], int]
    partial: dict[int, dt.date]  # year → counted up to
    sources: list[str]

    def total(self, year: int) -> int:
        return sum(self.counts.get((year, key), 0) for key, _ in self.kinds)

    def rows(self) -> list[tuple[str, list[int | None]]]:
        """(kind, counts in year order) in the seed's order of kinds."""
        return [(label, [self.counts.get((year, key)) for year in self.years]) for key, label in self.kinds]

    def totals(self) -> list[int]:
        return [self.total(year) for year in self.years]

    def partial_notes(self) -> list[str]:
        return [
            f"{fiscal_year_wareki(year)}は{date:%Y年%-m月%-d日}時点の数値"
            for year, date in sorted(self.partial.items())
        ]

    def year_labels(self) -> list[str]:
        return [fiscal_year_wareki(year) for year in self.years]


def volume_table() -> VolumeTable:
    rows = list(ConvenienceVolume.objects.order_by("fiscal_year"))
    if not rows:
        raise ConvenienceError(
            "年度別コンビニ交付通数が取り込まれていません（kofu stats import-convenience FILE）"
        )
    return VolumeTable(
        years=sorted({row.fiscal_year for row in rows}),
        kinds=list(ConvenienceVolume.Kind.choices),
        counts={(row.fiscal_year, row.kind): row.count for row in rows},
        partial={row.fiscal_year: row.counted_to for row in rows if row.counted_to},
        sources=sorted({row.source for row in rows} - {""}),
    )
