"""The ministry's monthly workbook: blocks found by their heading rows, rows told apart by content.

Since July 2023 the ministry publishes 保有枚数 (cards held) in an XLSX whose sheet 「公表用」 has title
rows, then one or more blocks, each under a heading row 都道府県名 / 市区町村名 / 人口（R7.1.1時点） /
保有枚数（R7.8末時点） / 人口に対する保有枚数率. In a block: prefecture rows (市区町村名 empty), the
national row (合計 or 全国), municipality rows (names only, no codes). The 交付枚数 workbook of
2022–2023 has the same shape. Offsets move from month to month, so nothing here counts rows.

A heading row is a workbook heading when it has no code and no date columns and its count column
is 保有枚数 or carries its date (交付枚数（R4.10末時点）); other files keep the CSV layouts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from kofu.core.tabular import Problems, Row, Table
from kofu.core.tabular.cells import (
    CellError,
    clean,
    decimal_places,
    header_key,
    is_total_word,
    name_key,
    parse_count,
    parse_optional_count,
    parse_rate,
)
from kofu.core.tabular.headings import HeaderMatch, match_heading
from kofu.rules.measures import Measure, labels
from kofu.rules.rates import rate_percent
from kofu.stats.importing.layouts import WORKBOOK
from kofu.stats.importing.rows import Record

#: The national row's labels; 合計 (計, 総計) is national unless its block holds one prefecture only.
NATIONAL_WORDS = frozenset({"全国", "全国計", "全国合計"})
_MAX_PRINTED_RATE = Decimal("9999.9")
#: A note giving national applications: 「申請件数：102,345,678件」 or 「申請：5,467万枚」.
_APPLICATIONS_NOTE = re.compile(
    r"申請(?:件数|数|枚数)?\s*[:：]?\s*(?:約\s*)?([\d,]+(?:\.\d+)?)\s*(万)?\s*(?:件|枚)"
)


@dataclass
class TotalRow:
    """A printed total: a prefecture row, or the national row."""

    row: Row
    label: str  # prefecture name, or 全国 / 合計 as printed
    population: int
    count: int
    applications: int | None = None


@dataclass
class Block:
    match: HeaderMatch
    municipalities: list[Record] = field(default_factory=list)
    prefectures: list[TotalRow] = field(default_factory=list)
    totals: list[TotalRow] = field(default_factory=list)  # 合計 / 全国 rows


@dataclass
class WorkbookRows:
    blocks: list[Block]
    measure: str
    municipalities: list[Record] = field(default_factory=list)
    prefectures: list[TotalRow] = field(default_factory=list)
    national: TotalRow | None = None
    notes: list[str] = field(default_factory=list)
    applications_note: tuple[int, str] | None = None

    @property
    def match(self) -> HeaderMatch:
        return self.blocks[0].match


def workbook_headings(table: Table) -> list[HeaderMatch]:
    """Every heading row of the workbook layout, anywhere in the sheet (empty: not a workbook)."""
    found = []
    for index, row in enumerate(table.rows):
        if "都道府県" not in "".join(row.cells):
            continue
        match = match_heading(WORKBOOK, row, index)
        if match is not None and (_count_key(match) == "保有枚数" or "count" in match.notes):
            found.append(match)
    return found


def _count_key(match: HeaderMatch) -> str:
    return header_key(match.headings["count"])[0]


def measure_of(match: HeaderMatch) -> str:
    return Measure.HELD.value if _count_key(match) == "保有枚数" else Measure.ISSUED.value


def read_workbook(
    table: Table, headings: list[HeaderMatch], problems: Problems, *, allow_over_population: bool
) -> WorkbookRows:
    measures = {measure_of(match) for match in headings}
    if len(measures) > 1:
        problems.refuse("保有枚数の表と交付枚数の表が同じシートにあります。1つずつ取り込んでください")
    parsed = WorkbookRows(blocks=[Block(match) for match in headings], measure=measures.pop())
    ends = [match.index for match in headings[1:]] + [len(table.rows)]
    for block, end in zip(parsed.blocks, ends, strict=True):
        _read_block(table, block, end, parsed, problems, allow_over_population)
    _settle_totals(parsed, problems)
    parsed.applications_note = _applications_in_notes([*table.text_lines, *parsed.notes])
    if not parsed.municipalities and not problems.error_count:
        problems.error("市区町村の行がありません（見出し行と合計行だけの表です）")
    return parsed


def _read_block(
    table: Table, block: Block, end: int, parsed: WorkbookRows, problems: Problems, allow: bool
) -> None:
    match = block.match
    reader = _RowReader(match, parsed.measure, problems, allow)
    prefecture_above = ""
    for row in table.rows[match.index + 1 : end]:
        filled = [cell for cell in row.cells if cell.strip()]
        if not filled:
            continue
        if len(filled) == 1:  # a note, or a block's own title (【北海道】)
            parsed.notes.append(filled[0].strip())
            continue
        prefecture, name = clean(reader.get(row, "prefecture")), clean(reader.get(row, "name"))
        if name_key(prefecture) in NATIONAL_WORDS or (prefecture and is_total_word(prefecture) and not name):
            total = reader.total(row, prefecture)
            if total is not None:
                block.totals.append(total)
        elif not prefecture and name and is_total_word(name):
            total = reader.total(row, name)
            if total is not None:
                block.totals.append(total)
        elif prefecture and not name:
            total = reader.total(row, prefecture)
            if total is not None:
                block.prefectures.append(total)
        else:
            prefecture = prefecture or prefecture_above
            if not prefecture:
                problems.error("都道府県名が空欄です", row.label, match.headings["prefecture"])
                continue
            prefecture_above = prefecture
            record = reader.municipality(row, prefecture, name)
            if record is not None:
                block.municipalities.append(record)
    parsed.municipalities.extend(block.municipalities)
    parsed.prefectures.extend(block.prefectures)


def _settle_totals(parsed: WorkbookRows, problems: Problems) -> None:
    """合計 is the national row, unless its block holds one prefecture and no prefecture rows: then it
    is that prefecture's row (a workbook with one block per prefecture)."""
    for block in parsed.blocks:
        prefectures = {name_key(record.key) for record in block.municipalities}
        for total in block.totals:
            if (
                name_key(total.label) not in NATIONAL_WORDS
                and len(prefectures) == 1
                and not block.prefectures
            ):
                parsed.prefectures.append(TotalRow(total.row, block.municipalities[0].key, *_counts(total)))
            elif parsed.national is not None:
                problems.error(
                    f"全国（合計）の行が2回あります（{parsed.national.row.label}と同じ）",
                    total.row.label,
                    block.match.headings["prefecture"],
                )
            else:
                parsed.national = total


def _counts(total: TotalRow) -> tuple[int, int, int | None]:
    return total.population, total.count, total.applications


class _RowReader:
    """Reads one block's rows: counts, the printed rate (checked), as the measure names them."""

    def __init__(self, match: HeaderMatch, measure: str, problems: Problems, allow: bool) -> None:
        self.match = match
        self.labels = labels(measure)
        self.problems = problems
        self.allow = allow

    def get(self, row: Row, field_name: str) -> str:
        position = self.match.columns.get(field_name)
        return row.cells[position] if position is not None and position < len(row.cells) else ""

    def _heading(self, field_name: str) -> str:
        return self.match.headings.get(field_name, field_name)

    def _read(self, row: Row) -> tuple[int, int, Decimal | None, int | None] | None:
        before = self.problems.error_count
        values: dict[str, int | None] = {}
        for field_name in ("population", "count", "applications"):
            if field_name == "applications" and field_name not in self.match.columns:
                values[field_name] = None
                continue
            try:
                text = self.get(row, field_name)
                values[field_name] = (
                    parse_optional_count(text) if field_name == "applications" else parse_count(text)
                )
            except CellError as exc:
                self.problems.error(str(exc), row.label, self._heading(field_name))
        try:
            rate = parse_rate(self.get(row, "rate"))
        except CellError as exc:
            self.problems.error(
                str(exc).replace("交付率", self.labels.short_rate), row.label, self._heading("rate")
            )
            rate = None
        if self.problems.error_count > before:
            return None
        population, count = values["population"], values["count"]
        assert population is not None and count is not None
        if not self._counts_ok(row, population, count):
            return None
        return population, count, self._check_rate(row, population, count, rate), values["applications"]

    def _counts_ok(self, row: Row, population: int, count: int) -> bool:
        if population == 0:
            self.problems.error("人口が0です", row.label, self._heading("population"))
            return False
        if count <= population:
            return True
        text = f"{self.labels.count} {count:,} が人口 {population:,} を超えています"
        if self.allow:
            self.problems.warning(
                text + "（--allow により取り込みました）", row.label, self._heading("count")
            )
            return True
        self.problems.error(
            text + "（正しい場合は --allow で警告として取り込めます）", row.label, self._heading("count")
        )
        return False

    def _check_rate(self, row: Row, population: int, count: int, rate: Decimal | None) -> Decimal | None:
        """Warn when the printed rate is not count ÷ population (half-up at the printed places; a cell
        holding the unrounded fraction must be the same ratio); return it rounded for storing."""
        if rate is None:
            return None
        places = decimal_places(rate)
        if places <= 3:
            agrees = rate_percent(count, population, places) == rate
        else:
            agrees = abs(rate * population - Decimal(count) * 100) <= population * Decimal("0.0000005")
        if not agrees:
            computed = rate_percent(count, population, min(places, 1) if places > 3 else places)
            self.problems.warning(
                f"公表の{self.labels.rate} {rate.normalize():f}% が計算値 {computed}%"
                f"（{self.labels.count}÷人口×100、四捨五入）と一致しません",
                row.label,
                self._heading("rate"),
            )
        stored = rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return stored if abs(stored) <= _MAX_PRINTED_RATE else None

    def total(self, row: Row, label: str) -> TotalRow | None:
        read = self._read(row)
        if read is None:
            return None
        population, count, _, applications = read
        return TotalRow(row, label, population, count, applications)

    def municipality(self, row: Row, prefecture: str, name: str) -> Record | None:
        read = self._read(row)
        if read is None:
            return None
        population, count, printed, applications = read
        return Record(row, prefecture, name, "", population, count, printed, applications)


def _applications_in_notes(lines: list[str]) -> tuple[int, str] | None:
    """National applications printed in a title or note: (count, the note as printed)."""
    for line in lines:
        found = _APPLICATIONS_NOTE.search(clean(line))
        if found is None:
            continue
        number = Decimal(found.group(1).replace(",", ""))
        if found.group(2):
            return int(number * 10_000), f"注記「{line.strip()[:120]}」（万単位の公表値）"
        return int(number), f"注記「{line.strip()[:120]}」"
    return None
