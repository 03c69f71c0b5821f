"""The common data row read in one step gives what reading it cell by cell gives (ADR 0034).

``_PlainRow.record`` takes a row only when it has nothing to report; every other row goes to
``_record``, which names the problem. These tests hold the two together on rows both plain and
not: any row the one-step reading takes must give the same record, with no problem.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from kofu.core.tabular import Problems, Row, Table
from kofu.stats.importing.layouts import detect_layout
from kofu.stats.importing.rows import _Getter, _PlainRow, _record, parse_rows
from tests.stats.test_importing_support import HEADER

CATEGORY_HEADER = "区分,総数（人口）,交付枚数,人口に対する交付枚数率"
APPLICATIONS_HEADER = "都道府県名,市区町村名,総数（人口）,交付枚数,人口に対する交付枚数率,申請件数"


def _match(header: str):
    return detect_layout(Table(file="t.csv", kind="CSV", rows=[Row(1, header.split(","))]))


MUNICIPALITY = _match(HEADER)
CATEGORY = _match(CATEGORY_HEADER)
WITH_APPLICATIONS = _match(APPLICATIONS_HEADER)


def _rate_text(issued: int, population: int, places: int) -> str:
    if population <= 0:
        return "0"
    rate = (Decimal(issued) * 100 / Decimal(population)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    return f"{rate:f}"


counts = st.one_of(
    st.integers(min_value=0, max_value=10_000_000).map(str),
    st.sampled_from(["", " ", "1,961,575", "１９６１５７５", "-5", "12.0", "1e3", "▲3", "763069 ", "0"]),
)
names = st.one_of(
    st.sampled_from(["北海道", "札幌市", " 東京都 ", "ﾄｳｷｮｳ", "", "合計", "高岡郡檮原町"]),
    st.text(max_size=6),
)


@st.composite
def municipality_rows(draw):
    if draw(st.booleans()):  # a published row: counts of digits, the rate to 0–4 places
        people = draw(st.integers(min_value=1, max_value=10_000_000))
        count = draw(st.integers(min_value=0, max_value=people))
        population, issued = str(people), str(count)
        rate = _rate_text(count, people, draw(st.integers(min_value=0, max_value=4)))
    else:
        population, issued = draw(counts), draw(counts)
        rate = draw(
            st.one_of(
                st.sampled_from(["", "38.9", "38.9%", " 38.9", "１２.５", "9999999"]), st.text(max_size=5)
            )
        )
    cells = [
        "2022/01/01",
        draw(names),
        draw(names),
        population,
        issued,
        rate,
        "2021/01/01",
        "2022/01/01",
        draw(st.sampled_from(["11002", "<NA>", " 131016 ", "１３１０１６", ""])),
    ]
    return Row(2, cells)


def _both(match, row: Row, allow: bool = False):
    plain = _PlainRow(match).record(row)
    problems = Problems(file="t.csv")
    careful = _record(row, _Getter(match)(row.cells), match, problems, allow)
    return plain, careful, problems


def _assert_same(match, row: Row) -> bool:
    plain, careful, problems = _both(match, row)
    if plain is not None:
        assert plain == careful
        assert type(plain.printed_rate) is type(careful.printed_rate)
        assert str(plain.printed_rate) == str(careful.printed_rate)  # the same digits stored
        assert not problems.errors and not problems.warnings
    return plain is not None


@given(municipality_rows())
@example(
    Row(
        2,
        ["2022/01/01", "北海道", "札幌市", "1961575", "763069", "38.9", "2021/01/01", "2022/01/01", "11002"],
    )
)
@example(Row(2, ["2022/01/01", "北海道", "札幌市", "1961575", "763069", "38.90", "", "", "11002"]))
@example(Row(2, ["2022/01/01", "北海道", "札幌市", "1961575", "763069", "39", "", "", "11002"]))
@example(Row(2, ["2022/01/01", "北海道", "札幌市", "1961575", "763069", "38.9000", "", "", "11002"]))
@example(Row(2, ["2022/01/01", "北海道", "札幌市", "1961575", "763069", "38.9011", "", "", "11002"]))
@example(Row(2, ["2022/01/01", "北海道", "札幌市", "100", "100", "100.0", "", "", ""]))
@example(Row(2, ["2022/01/01", "北海道", "札幌市", "100", "101", "101.0", "", "", ""]))
def test_a_municipality_row_read_in_one_step_is_the_row_read_cell_by_cell(row):
    _assert_same(MUNICIPALITY, row)


@given(
    st.sampled_from(["市（指定都市を除く）", " 町村 ", "", "全国"]),
    counts,
    counts,
    st.sampled_from(["", "50.0", "50.00", "abc"]),
)
def test_a_category_row_read_in_one_step_is_the_row_read_cell_by_cell(label, population, issued, rate):
    _assert_same(CATEGORY, Row(2, [label, population, issued, rate]))


@given(counts, st.sampled_from(["", " ", "123", "1,234", "x", "０"]))
def test_applications_read_in_one_step_are_those_read_cell_by_cell(population, applications):
    _assert_same(WITH_APPLICATIONS, Row(2, ["北海道", "札幌市", population, "1", "", applications]))


def test_the_published_file_s_rows_are_all_read_in_one_step(shared_dir):
    """Every row of a month of the ministry's file takes the one-step path (the speed depends on
    it), and the file gives the same records as reading each row cell by cell."""
    import csv

    path = shared_dir / "data" / "issuance" / "20220101" / "all_localgovs.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    rows = [Row(number, cells) for number, cells in enumerate(lines, 1)]
    match = detect_layout(Table(file="f.csv", kind="CSV", rows=rows))
    assert all(_assert_same(match, row) for row in rows[1:])
    problems = Problems(file="f.csv")
    parsed = parse_rows(
        Table(file="f.csv", kind="CSV", rows=rows), match, problems, allow_over_population=False
    )
    assert len(parsed.records) == 1741 and not problems.errors and not problems.warnings


def test_a_row_with_something_to_say_is_left_to_the_careful_reading():
    over = Row(2, ["2022/01/01", "北海道", "札幌市", "100", "101", "101.0", "", "", ""])
    wrong_rate = Row(2, ["2022/01/01", "北海道", "札幌市", "1961575", "763069", "38.8", "", "", ""])
    for row in (over, wrong_rate):
        plain, _careful, problems = _both(MUNICIPALITY, row)
        assert plain is None and (problems.errors or problems.warnings)
