"""Table rows → typed records, checking every cell; totals skipped knowingly; dates must agree."""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple
from unicodedata import normalize

from kofu.core.tabular import Problems, Row, Table
from kofu.core.tabular.cells import (
    CellError,
    clean,
    decimal_places,
    header_key,
    is_total_municipality,
    is_total_word,
    parse_count,
    parse_optional_count,
    parse_rate,
    plain_decimal,
)
from kofu.core.tabular.dates import parse_date
from kofu.rules.rates import rate_percent, rate_tenths
from kofu.stats.importing.layouts import MUNICIPALITY, PREFECTURE, HeaderMatch

_MAX_PRINTED_RATE = Decimal("9999.9")
_TENTH = Decimal("0.1")


class Record(NamedTuple):
    """One checked data row (a tuple: 1,741 of them are made per file, a frozen dataclass costs 4×)."""

    row: Row
    key: str  # prefecture name (municipality and prefecture layouts) or the group label
    name: str  # municipality name as printed ("" in other layouts)
    code: str  # the code cell as printed ("" when absent)
    population: int
    issued: int
    printed_rate: Decimal | None
    applications: int | None


@dataclass
class DateColumn:
    """One date that every row must repeat (first value wins, the others must agree)."""

    value: dt.date | None = None
    row: str | None = None
    seen: bool = False

    def agree(self, value: dt.date | None, row: Row, column: str, problems: Problems) -> None:
        if not self.seen:
            self.value, self.row, self.seen = value, row.label, True
        elif value != self.value:
            first = f"{self.value:%Y/%m/%d}" if self.value else "空欄"
            this = f"{value:%Y/%m/%d}" if value else "空欄"
            problems.error(f"日付が他の行（{self.row}: {first}）と異なります: {this}", row.label, column)


@dataclass
class ParsedRows:
    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    issued_date: DateColumn = field(default_factory=DateColumn)
    population_date: DateColumn = field(default_factory=DateColumn)


Getter = Callable[[str], str]
_DATE_FIELDS = ("as_of", "issued_base", "population_base")


def _heading(match: HeaderMatch, field_name: str) -> str:
    return match.headings.get(field_name, field_name)


def _shape_ok(row: Row, width: int, problems: Problems) -> bool:
    if len(row.cells) < width:
        problems.error(
            f"列が足りません（見出しは{width}列、この行は{len(row.cells)}列）。"
            "ファイルが途中で切れている可能性があります",
            row.label,
        )
        return False
    if len(row.cells) > width and any(cell.strip() for cell in row.cells[width:]):
        problems.error(f"見出しより多くの列に値があります（見出しは{width}列）", row.label)
        return False
    return True


def _is_repeated_heading(row: Row, match: HeaderMatch, heading_keys: list[str]) -> bool:
    """A heading row printed again (PDF pages, concatenated files)."""
    if not row.cells or header_key(row.cells[0])[0] != heading_keys[0]:
        return False
    return [header_key(c)[0] for c in row.cells] == heading_keys


def _is_note(row: Row, table: Table) -> bool:
    return table.notes_allowed and sum(1 for cell in row.cells if cell.strip()) <= 1


def parse_rows(
    table: Table, match: HeaderMatch, problems: Problems, *, allow_over_population: bool
) -> ParsedRows:
    parsed = ParsedRows()
    heading_keys = [header_key(c)[0] for c in match.row.cells]
    width = match.width()
    date_positions = [match.columns[name] for name in _DATE_FIELDS if name in match.columns]
    date_cells = _cells_at(date_positions)
    agreed: tuple[str, ...] | None = None  # the date cells of the last row whose dates were all right
    getter = _Getter(match)
    plain = _PlainRow(match)
    notes = table.notes_allowed
    for row in table.rows[match.index + 1 :]:
        cells = row.cells
        if (
            row.is_blank()
            or _is_repeated_heading(row, match, heading_keys)
            or (notes and _is_note(row, table))
        ):
            continue
        if len(cells) != width and not _shape_ok(row, width, problems):  # (a row of the heading's width is)
            continue
        if plain.is_total(cells):
            get = getter(cells)
            label = clean(get("name") or get("prefecture") or get("label")) or "（名称が空欄）"
            parsed.skipped.append(f"{row.label}: {label}")
            continue
        dates = date_cells(cells)
        if dates != agreed:  # the same texts as a row already checked: the same dates, agreeing
            before = problems.error_count
            _row_dates(row, getter(row.cells), match, parsed, problems)
            agreed = dates if problems.error_count == before else None
        # The common row (plain digits, a rate that agrees) in one step; any other row, and any row
        # with something to say, cell by cell with the problems named.
        record = plain.record(row) or _record(row, getter(row.cells), match, problems, allow_over_population)
        if record is not None:
            parsed.records.append(record)
    if not parsed.records and not problems.error_count:
        problems.error("データ行がありません（見出し行だけ、または合計行だけのファイルです）")
    return parsed


def _cells_at(positions: list[int]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """The cells at ``positions`` of a row, as a tuple (one C call)."""
    if len(positions) > 1:
        return operator.itemgetter(*positions)  # type: ignore[return-value]  # a tuple for 2+ positions
    return lambda cells: tuple(cells[position] for position in positions)


class _Getter:
    """The cell of a field by name, "" for a column the file lacks (the cell-by-cell path)."""

    def __init__(self, match: HeaderMatch) -> None:
        self.fields = list(match.columns)
        self.pick = operator.itemgetter(*match.columns.values()) if len(self.fields) > 1 else None
        self.positions = match.columns

    def __call__(self, cells: Sequence[str]) -> Getter:
        values = self.pick(cells) if self.pick else [cells[self.positions[f]] for f in self.fields]
        return defaultdict(str, zip(self.fields, values, strict=True)).__getitem__


class _PlainRow:
    """The common data row read in one step: counts of plain ASCII digits, population above 0 and
    at least the count, a plain rate (at most three decimals) equal to the computed one, a key.

    :meth:`record` gives exactly what :func:`_record` gives for such a row, which has no problem
    to report; for any other row it gives None and the caller takes :func:`_record`, which finds
    and names the problem (``tests/stats/test_importing_plain_rows.py`` compares the two)."""

    def __init__(self, match: HeaderMatch) -> None:
        at = match.columns.get
        self.population, self.issued = match.columns["population"], match.columns["issued"]
        self.rate, self.applications = at("rate"), at("applications")
        self.name, self.code = at("name"), at("code")
        self.label = at("label")
        self.prefecture = at("prefecture")
        self.total_cell, self.is_total_text = None, is_total_word  # the cell naming a total row, and its test
        if match.layout is MUNICIPALITY:
            self.total_cell, self.is_total_text = self.name, is_total_municipality
        elif match.layout is PREFECTURE:
            self.total_cell = self.prefecture
        self.totals: dict[str, bool] = {}

    def is_total(self, cells: Sequence[str]) -> bool:
        """A total or subtotal row, skipped knowingly: by the name (municipality layout) or the
        prefecture (prefecture layout) cell, each text judged once per file."""
        if self.total_cell is None:
            return False
        text = cells[self.total_cell]
        found = self.totals.get(text)
        if found is None:
            found = self.totals[text] = self.is_total_text(text)
        return found

    def record(self, row: Row) -> Record | None:
        cells = row.cells
        population, issued = cells[self.population], cells[self.issued]
        if not (population.isdigit() and issued.isdigit() and population.isascii() and issued.isascii()):
            return None
        people, count = int(population), int(issued)
        if people == 0 or count > people:
            return None
        applications: int | None = None
        if self.applications is not None and (text := cells[self.applications]):
            if not (text.isdigit() and text.isascii()):
                return None
            applications = int(text)
        printed: Decimal | None = None
        if self.rate is not None and (text := cells[self.rate]):
            digits = plain_decimal(text)  # (the rate's digits as a whole number, decimal places)
            if digits is None or digits[1] > 3 or rate_tenths(count, people, digits[1]) != digits[0]:
                return None
            printed = Decimal(text) if digits[1] == 1 else Decimal(text).quantize(_TENTH, ROUND_HALF_UP)
        if self.label is not None:
            key = cells[self.label].strip()
        else:  # clean(), without its call (three a row)
            key = normalize("NFKC", cells[self.prefecture]).strip() if self.prefecture is not None else ""
        if not key:
            return None
        name = normalize("NFKC", cells[self.name]).strip() if self.name is not None else ""
        code = normalize("NFKC", cells[self.code]).strip() if self.code is not None else ""
        return Record(row, key, name, code, people, count, printed, applications)


def _date_cell(
    get: Getter, row: Row, match: HeaderMatch, field_name: str, problems: Problems
) -> dt.date | None:
    try:
        return parse_date(get(field_name))
    except CellError as exc:
        problems.error(str(exc), row.label, _heading(match, field_name))
        return None


def _row_dates(row: Row, get: Getter, match: HeaderMatch, parsed: ParsedRows, problems: Problems) -> None:
    columns = match.columns
    as_of = _date_cell(get, row, match, "as_of", problems) if "as_of" in columns else None
    issued_base = _date_cell(get, row, match, "issued_base", problems) if "issued_base" in columns else None
    if as_of and issued_base and as_of != issued_base:
        problems.error(
            f"{_heading(match, 'as_of')}（{as_of:%Y/%m/%d}）と異なります: {issued_base:%Y/%m/%d}",
            row.label,
            _heading(match, "issued_base"),
        )
    if "as_of" in columns or "issued_base" in columns:
        column = "issued_base" if "issued_base" in columns else "as_of"
        parsed.issued_date.agree(issued_base or as_of, row, _heading(match, column), problems)
    if "population_base" in columns:
        population_base = _date_cell(get, row, match, "population_base", problems)
        parsed.population_date.agree(population_base, row, _heading(match, "population_base"), problems)


def _count(get: Getter, row: Row, match: HeaderMatch, field_name: str, problems: Problems) -> int | None:
    try:
        if field_name == "applications":
            return parse_optional_count(get(field_name))
        return parse_count(get(field_name))
    except CellError as exc:
        problems.error(str(exc), row.label, _heading(match, field_name))
        return None


def _record(
    row: Row, get: Getter, match: HeaderMatch, problems: Problems, allow_over_population: bool
) -> Record | None:
    before = problems.error_count
    population = _count(get, row, match, "population", problems)
    issued = _count(get, row, match, "issued", problems)
    applications = (
        _count(get, row, match, "applications", problems) if "applications" in match.columns else None
    )
    try:
        rate = parse_rate(get("rate"))
    except CellError as exc:
        problems.error(str(exc), row.label, _heading(match, "rate"))
        rate = None
    # A group label is kept as printed (市（指定都市を除く）); a prefecture name is normalised.
    key = get("label").strip() if "label" in match.columns else clean(get("prefecture"))
    if not key:
        column = "label" if "label" in match.columns else "prefecture"
        problems.error("空欄です", row.label, _heading(match, column))
    if population is None or issued is None or problems.error_count > before:
        return None
    if not _counts_ok(row, match, problems, population, issued, allow_over_population):
        return None
    printed = _check_rate(row, match, problems, population, issued, rate)
    return Record(row, key, clean(get("name")), clean(get("code")), population, issued, printed, applications)


def _counts_ok(
    row: Row, match: HeaderMatch, problems: Problems, population: int, issued: int, allow: bool
) -> bool:
    if population == 0:
        problems.error("人口が0です", row.label, _heading(match, "population"))
        return False
    if issued <= population:
        return True
    text = f"交付枚数 {issued:,} が人口 {population:,} を超えています"
    if match.layout is PREFECTURE:
        problems.error(
            text + "（都道府県別の公表値では取り込めません）", row.label, _heading(match, "issued")
        )
        return False
    if allow:
        problems.warning(text + "（--allow により取り込みました）", row.label, _heading(match, "issued"))
        return True
    problems.error(
        text + "（正しい場合は --allow で警告として取り込めます）", row.label, _heading(match, "issued")
    )
    return False


def _check_rate(
    row: Row, match: HeaderMatch, problems: Problems, population: int, issued: int, rate: Decimal | None
) -> Decimal | None:
    """Warn when the printed rate is not issued ÷ population rounded half-up; return it for storing."""
    if rate is None:
        return None
    places = min(decimal_places(rate), 3)
    computed = rate_percent(issued, population, places)
    if computed != rate:
        problems.warning(
            f"公表の交付率 {rate}% が計算値 {computed}%（交付枚数÷人口×100、四捨五入）と一致しません",
            row.label,
            _heading(match, "rate"),
        )
    stored = rate.quantize(_TENTH, rounding=ROUND_HALF_UP)
    return stored if abs(stored) <= _MAX_PRINTED_RATE else None
