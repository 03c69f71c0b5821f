"""Read the 男女・年齢別 table: Code for Japan's ``demographics.csv`` (one heading row, ``人口(男)`` …)
or the ministry's workbook table (``人口（R7.1.1時点）`` / ``保有枚数（R7.8末時点）`` over 男・女・計 in
a second heading row). Columns are found by their headings; ages are kept as published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from kofu.core.tabular import Problems, Row, Table
from kofu.core.tabular.cells import CellError, header_key, nfkc, parse_count, parse_rate
from kofu.core.tabular.dates import parse_date
from kofu.rules.measures import Measure
from kofu.stats.importing.rows import DateColumn

SEXES = ("male", "female", "total")
_SEX_WORDS = {"男": "male", "男性": "male", "女": "female", "女性": "female", "計": "total", "合計": "total"}
_SEX_WORDS |= {"男女計": "total", "総数": "total"}
_QUANTITIES = {
    "population": ("人口", "住民基本台帳人口", "人口総数"),
    "count": ("交付件数", "交付枚数", "保有枚数", "保有件数"),
    "rate": (
        "交付率",
        "保有率",
        "交付枚数率",
        "保有枚数率",
        "人口に対する交付枚数率",
        "人口に対する保有枚数率",
    ),
}
_AGE_HEADINGS = frozenset({"年齢", "年齢階級", "年齢区分", "年代"})
_DATE_HEADINGS = {
    "as_of": ("算出基準日", "基準日"),
    "issued_base": (
        "交付枚数算出基準日",
        "交付件数基準日",
        "交付枚数基準日",
        "保有枚数算出基準日",
        "保有枚数基準日",
    ),
    "population_base": ("人口算出基準日", "人口基準日"),
}
_SPLIT = re.compile(r"^(?P<quantity>.+?)[(（]?(?P<sex>男女計|男性|女性|合計|総数|男|女|計)[)）]?$")
_SEARCH_ROWS = 30
TITLE = "男女・年齢別"


@dataclass
class AgeHeading:
    last_row: int  # index of the last heading row (data follow)
    age: int
    columns: dict[tuple[str, str], int]  # (quantity, sex) → column
    dates: dict[str, int]  # as_of / issued_base / population_base → column (repeated on every row)
    names: dict[int, str]  # column → heading as printed (for messages)
    notes: list[str]  # the heading texts carrying dates (人口（R7.1.1時点）)
    measure: str


@dataclass
class AgeRow:
    row: Row
    age: str
    population: dict[str, int]
    count: dict[str, int]
    rate: dict[str, Decimal | None]


@dataclass
class AgeRows:
    heading: AgeHeading
    rows: list[AgeRow] = field(default_factory=list)
    as_of: DateColumn = field(default_factory=DateColumn)
    population_base: DateColumn = field(default_factory=DateColumn)


def _quantity(text: str) -> str | None:
    key = text.replace("(", "").replace(")", "").replace("（", "").replace("）", "")
    return next((name for name, words in _QUANTITIES.items() if key in words), None)


def _split(text: str) -> tuple[str, str] | None:
    found = _SPLIT.match(text)
    if not found:
        return None
    quantity = _quantity(found.group("quantity"))
    return (quantity, _SEX_WORDS[found.group("sex")]) if quantity else None


def age_heading(table: Table) -> AgeHeading | None:
    """The heading of an age × sex table (its 年齢 column and the 男・女・計 columns), or None."""
    for index, row in enumerate(table.rows[:_SEARCH_ROWS]):
        keys = [header_key(cell) for cell in row.cells]
        ages = [i for i, (key, _) in enumerate(keys) if key in _AGE_HEADINGS]
        if not ages:
            continue
        below = table.rows[index + 1] if index + 1 < len(table.rows) else None
        for rows in ([row], [row, below] if below is not None else None):
            if rows is not None and (heading := _heading(rows, index + len(rows) - 1, ages[0])):
                return heading
    return None


def _combined(rows: list[Row]) -> list[tuple[str, list[str]]]:
    """Per column: the heading key (group + sex in two-row headings) and the texts it was made of."""
    top = rows[0].cells
    width = max(len(r.cells) for r in rows)
    group, group_text, out = "", "", []
    for i in range(width):
        text = top[i] if i < len(top) else ""
        if text.strip():
            group, group_text = header_key(text)[0], text.strip()
        if len(rows) == 1:
            out.append((group if text.strip() else "", [text.strip()]))
            continue
        sub = rows[1].cells[i] if i < len(rows[1].cells) else ""
        key = group + header_key(sub)[0] if sub.strip() else (group if text.strip() else "")
        out.append((key, [group_text, sub.strip()]))
    return out


def _heading(rows: list[Row], last: int, age: int) -> AgeHeading | None:
    columns: dict[tuple[str, str], int] = {}
    dates: dict[str, int] = {}
    names: dict[int, str] = {}
    notes: list[str] = []
    counts: set[str] = set()
    for i, (key, texts) in enumerate(_combined(rows)):
        split = _split(key) if key else None
        names[i] = "・".join(t for t in texts if t)
        if split and split not in columns:
            columns[split] = i
            notes.extend(t for t in texts if header_key(t)[1])
            if split[0] == "count":
                counts.add(key)
        for name, words in _DATE_HEADINGS.items():
            if key in words and name not in dates:
                dates[name] = i
    needed = [(q, s) for q in ("population", "count") for s in SEXES]
    if not all(k in columns for k in needed):
        return None
    measure = Measure.HELD.value if any("保有" in key for key in counts) else Measure.ISSUED.value
    return AgeHeading(last, age, columns, dates, names, list(dict.fromkeys(notes)), measure)


def read_age_rows(table: Table, heading: AgeHeading, problems: Problems) -> AgeRows:
    parsed = AgeRows(heading)
    seen: dict[str, str] = {}
    for row in table.rows[heading.last_row + 1 :]:
        filled = [cell for cell in row.cells if cell.strip()]
        if len(filled) <= 1:  # blank, or a note under the table
            continue
        age = _cell(row, heading.age).strip()  # as published (0～4歳, not NFKC 0~4歳)
        if not age:
            problems.error("年齢が空欄です", row.label, heading.names[heading.age])
            continue
        if nfkc(age) in seen:
            problems.error(
                f"同じ年齢が2回あります（{seen[nfkc(age)]}と同じ）", row.label, heading.names[heading.age]
            )
            continue
        seen[nfkc(age)] = row.label
        _row_dates(row, heading, parsed, problems)
        read = _age_row(row, age, heading, problems)
        if read is not None:
            parsed.rows.append(read)
    if not parsed.rows and not problems.error_count:
        problems.error("年齢の行がありません（見出し行だけのファイルです）")
    return parsed


def _cell(row: Row, position: int) -> str:
    return row.cells[position] if position < len(row.cells) else ""


def _row_dates(row: Row, heading: AgeHeading, parsed: AgeRows, problems: Problems) -> None:
    columns = (
        ("as_of", parsed.as_of),
        ("issued_base", parsed.as_of),
        ("population_base", parsed.population_base),
    )
    for name, column in columns:  # 算出基準日 and 交付枚数算出基準日 must agree with each other too
        position = heading.dates.get(name)
        if position is None:
            continue
        try:
            value = parse_date(_cell(row, position))
        except CellError as exc:
            problems.error(str(exc), row.label, heading.names[position])
            continue
        column.agree(value, row, heading.names[position], problems)


def _age_row(row: Row, age: str, heading: AgeHeading, problems: Problems) -> AgeRow | None:
    before = problems.error_count
    values: dict[str, dict[str, int]] = {"population": {}, "count": {}}
    rates: dict[str, Decimal | None] = {}
    for (quantity, sex), position in heading.columns.items():
        try:
            if quantity == "rate":
                rates[sex] = parse_rate(_cell(row, position))
            else:
                values[quantity][sex] = parse_count(_cell(row, position))
        except CellError as exc:
            problems.error(str(exc), row.label, heading.names[position])
    for sex in SEXES:
        if problems.error_count == before and values["population"][sex] == 0:
            position = heading.columns[("population", sex)]
            problems.error("人口が0です", row.label, heading.names[position])
    if problems.error_count > before:
        return None
    return AgeRow(row, age, values["population"], values["count"], rates)
