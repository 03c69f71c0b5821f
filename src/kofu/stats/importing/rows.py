"""Table rows → typed records, checking every cell; totals skipped knowingly; dates must agree."""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

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
)
from kofu.core.tabular.dates import parse_date
from kofu.rules.rates import rate_percent
from kofu.stats.importing.layouts import MUNICIPALITY, PREFECTURE, HeaderMatch

_MAX_PRINTED_RATE = Decimal("9999.9")


@dataclass(frozen=True)
class Record:
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
    if any(cell.strip() for cell in row.cells[width:]):
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
    agreed: list[str] | None = None  # the date cells of the last row whose dates were all right
    fields = list(match.columns)
    # The cell of a field by name, "" for a column the file lacks: a dict's own lookup per row.
    pick = operator.itemgetter(*match.columns.values()) if len(fields) > 1 else None
    for row in table.rows[match.index + 1 :]:
        if row.is_blank() or _is_repeated_heading(row, match, heading_keys) or _is_note(row, table):
            continue
        if not _shape_ok(row, width, problems):
            continue
        values = pick(row.cells) if pick else [row.cells[match.columns[f]] for f in fields]
        get: Getter = defaultdict(str, zip(fields, values, strict=True)).__getitem__

        if _is_total(get, match):
            label = clean(get("name") or get("prefecture") or get("label")) or "（名称が空欄）"
            parsed.skipped.append(f"{row.label}: {label}")
            continue
        dates = [row.cells[position] for position in date_positions]
        if dates != agreed:  # the same texts as a row already checked: the same dates, agreeing
            before = problems.error_count
            _row_dates(row, get, match, parsed, problems)
            agreed = dates if problems.error_count == before else None
        record = _record(row, get, match, problems, allow_over_population)
        if record is not None:
            parsed.records.append(record)
    if not parsed.records and not problems.error_count:
        problems.error("データ行がありません（見出し行だけ、または合計行だけのファイルです）")
    return parsed


def _is_total(get: Getter, match: HeaderMatch) -> bool:
    if match.layout is MUNICIPALITY:
        return is_total_municipality(get("name"))
    if match.layout is PREFECTURE:
        return is_total_word(get("prefecture"))
    return False


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
    stored = rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return stored if abs(stored) <= _MAX_PRINTED_RATE else None
