"""The import core (kofu.core.tabular): encodings, types, limits before parsing, the cell checks."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest

from kofu.core.tabular import (
    ImportRefused,
    Kind,
    Limits,
    Problem,
    Problems,
    iter_rows,
    open_source,
    read_table,
)
from kofu.core.tabular.dates import dates_in_text, parse_date
from kofu.core.validators import MY_NUMBER_REFUSED
from tests.hostile_files import HUGE_FIELD, MY_NUMBER, MY_NUMBER_SPELLINGS, csv_bytes, xlsx_bytes, zip_bomb

ROWS = [["氏名", "住所"], ["髙橋 花子", "宮崎県都城市姫城町1番"], ["山田 太郎", "宮崎県都城市姫城町2番"]]


def refused(data: bytes, name: str = "f.csv", **options) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        read_table(io.BytesIO(data), name=name, **options)
    return caught.value.lines()


def cells(data: bytes, name: str = "f.csv", **options) -> list[list[str]]:
    return [list(row.cells) for row in read_table(io.BytesIO(data), name=name, **options).rows]


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("utf-8", "CSV (UTF-8)"), ("utf-8-sig", "CSV (UTF-8)"), ("cp932", "CSV (Shift_JIS)")],
)
def test_utf8_with_or_without_bom_and_cp932_are_read_alike(encoding, label):
    table = read_table(io.BytesIO(csv_bytes(ROWS, encoding=encoding)), name="f.csv")
    assert (table.kind, [list(row.cells) for row in table.rows]) == (label, ROWS)
    assert [row.number for row in table.rows] == [1, 2, 3]


def test_cp932_is_found_past_the_first_megabyte_of_ascii():
    data = b"a,b\n" * 300_000 + "髙橋,都城\n".encode("cp932")
    table = read_table(io.BytesIO(data), name="f.csv")
    assert (table.kind, list(table.rows[-1].cells), table.rows[-1].number) == (
        "CSV (Shift_JIS)",
        ["髙橋", "都城"],
        300_001,
    )


def test_mixed_newlines_and_tabs_as_separators():
    data = "氏名\t住所\r\n髙橋\t都城\n山田\t延岡\r".encode()
    assert cells(data) == [["氏名", "住所"], ["髙橋", "都城"], ["山田", "延岡"]]


def test_an_xlsx_is_read_with_row_numbers_and_cell_texts():
    data = xlsx_bytes([["氏名", "件数", "日付"], ["髙橋", 3, None], [], ["山田", 2.5, "2022-05-09"]])
    table = read_table(io.BytesIO(data), name="f.xlsx")
    assert table.kind == "XLSX"
    assert [(row.number, list(row.cells)) for row in table.rows] == [
        (1, ["氏名", "件数", "日付"]),
        (2, ["髙橋", "3", ""]),
        (3, ["", "", ""]),
        (4, ["山田", "2.5", "2022-05-09"]),
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "f.csv", "f.csv: ファイルが空です"),
        (codecs.BOM_UTF8, "f.csv", "f.csv: ファイルが空です"),
        (codecs.BOM_UTF8 + b"\r\n \n", "f.csv", "f.csv: ファイルが空です"),
        (
            "氏名\n".encode("utf-16"),
            "f.csv",
            "f.csv: UTF-16 またはバイナリのファイルは読めません。UTF-8 か Shift_JIS の CSV で保存してください",
        ),
        (
            xlsx_bytes(ROWS),
            "f.csv",
            "f.csv: ファイル名は CSV ですが、中身は XLSX（Excel） です。CSV・XLSX（Excel）で保存し直してください",
        ),
        (
            csv_bytes(ROWS),
            "f.xlsx",
            "f.xlsx: ファイル名は XLSX（Excel） ですが、中身は CSV です。CSV・XLSX（Excel）で保存し直してください",
        ),
        (
            b"%PDF-1.4\n",
            "f.pdf",
            "f.pdf: この取込で読めるのはCSV・XLSX（Excel）です（このファイルは PDF）",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "f.xls",
            "f.xls: 旧形式の Excel ファイル（.xls）は読めません。XLSX か CSV で保存し直してください",
        ),
        (
            xlsx_bytes(ROWS)[:900],
            "f.xlsx",
            "f.xlsx: XLSX ファイルとして読めません（壊れているか、途中で切れています）",
        ),
        (
            "氏名\n髙".encode() + b"\xff\n",
            "f.csv",
            "f.csv 2行目: UTF-8 として読めないバイトがあります（ファイルの破損か、途中で切れている可能性があります）",
        ),
        (
            b"a\n\x81\x20\n",
            "f.csv",
            "f.csv 2行目: 文字コードを判定できません（UTF-8 でも Shift_JIS でもありません）",
        ),
        (
            '氏名\n"引用符が閉じない'.encode(),
            "f.csv",
            "f.csv 2行目: CSV の形式が壊れています（引用符が閉じていません）。ファイルが途中で切れている可能性があります",
        ),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_by_name(data, name, message):
    assert refused(data, name) == [message]


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert refused(out.getvalue(), "f.xlsx") == ["f.xlsx: XLSX（Excel ブック）ではない ZIP ファイルです"]


def test_a_type_the_importer_does_not_read_is_refused():
    assert refused(xlsx_bytes(ROWS), "f.xlsx", accept=(Kind.CSV,)) == [
        "f.xlsx: この取込で読めるのはCSVです（このファイルは XLSX（Excel））"
    ]


def test_a_zip_bomb_is_refused_in_well_under_a_second_without_unpacking():
    bomb = zip_bomb()
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ImportRefused) as caught:
        read_table(io.BytesIO(bomb), name="bomb.xlsx")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert caught.value.lines()[0].startswith("bomb.xlsx: XLSX を展開すると大きすぎます（838,")
    assert elapsed < 0.5
    assert peak < 10 * 1024 * 1024


def test_a_part_that_unpacks_far_beyond_its_size_is_refused_by_its_ratio():
    bomb = zip_bomb()
    limits = Limits(max_unpacked_bytes=1 << 40)
    assert "圧縮率が高すぎます" in refused(bomb, "bomb.xlsx", limits=limits)[0]


def test_a_zip_whose_directory_understates_a_part_unpacks_no_more_than_it_says():
    """The checks trust the sizes in the zip's directory; the reader then unpacks no more than them."""
    data = bytearray(xlsx_bytes(ROWS))
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        length = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + length] == b"xl/worksheets/sheet1.xml":
            data[position + 24 : position + 28] = (10).to_bytes(4, "little")  # "unpacks to 10 bytes"
        position = data.find(b"PK\x01\x02", position + 4)
    assert refused(bytes(data), "lie.xlsx")[0].startswith("lie.xlsx")


def test_a_field_over_128_kib_is_refused_by_row_under_the_default_limit():
    data = csv_bytes([["氏名", "住所"], ["髙橋", HUGE_FIELD]])
    assert refused(data, limits=Limits()) == [
        "f.csv 2行目: 値が長すぎる項目があります（1項目 131,072 文字まで: KOFU_IMPORT_MAX_FIELD_CHARS）"
    ]


def test_a_long_xlsx_cell_is_refused_by_row_and_column():
    data = xlsx_bytes([["氏名", "住所"], ["髙橋", "あ" * 30_000]])
    assert refused(data, "f.xlsx", limits=Limits(max_field_chars=20_000)) == [
        "f.xlsx 2行目「B列」: 値が長すぎます（1項目 20,000 文字まで: KOFU_IMPORT_MAX_FIELD_CHARS）"
    ]


def test_too_many_rows_are_refused_before_parsing():
    data = csv_bytes([["n"]] + [[str(i)] for i in range(30)])
    assert refused(data, limits=Limits(max_rows=20)) == [
        "f.csv: 行数が多すぎます（20 行まで: KOFU_IMPORT_MAX_ROWS）"
    ]
    sheet = xlsx_bytes([["n"]] + [[i] for i in range(30)])
    assert refused(sheet, "f.xlsx", limits=Limits(max_rows=20)) == [
        "f.xlsx 21行目: 行数が多すぎます（20 行まで: KOFU_IMPORT_MAX_ROWS）"
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a\n" * 1000)
    with pytest.raises(ImportRefused) as caught:
        open_source(path, limits=Limits(max_bytes=100))
    assert caught.value.lines() == [
        "big.csv: ファイルが大きすぎます（2,000 バイト、上限 100 バイト: KOFU_IMPORT_MAX_BYTES）"
    ]


def test_limits_come_from_the_settings(settings):
    settings.KOFU_IMPORT_MAX_ROWS = 7
    settings.KOFU_IMPORT_MAX_FIELD_CHARS = 9
    assert (Limits.from_settings().max_rows, Limits.from_settings().max_field_chars) == (7, 9)
    assert Limits.from_settings().at_most(max_bytes=5).max_bytes == 5


@pytest.mark.parametrize("spelling", sorted(MY_NUMBER_SPELLINGS))
def test_every_cell_goes_through_the_my_number_guard_and_is_named_not_echoed(spelling):
    data = csv_bytes([["氏名", "メモ"], ["髙橋", MY_NUMBER_SPELLINGS[spelling]], ["山田", "12"]])
    problems = Problems(file="f.csv")
    with open_source(io.BytesIO(data), name="f.csv") as source:
        rows = list(iter_rows(source, problems, header_row=1))
    assert [row.number for row in rows] == [1, 3]  # the refused row is not handed to the importer
    assert [str(p) for p in problems.errors] == [f"f.csv 2行目「メモ」: {MY_NUMBER_REFUSED}"]
    assert MY_NUMBER not in str(problems.errors)


def test_a_my_number_typed_as_a_number_in_xlsx_is_refused():
    assert refused(xlsx_bytes([["氏名", "メモ"], ["髙橋", int(MY_NUMBER)]]), "f.xlsx")[0].startswith(
        "f.xlsx 2行目「B列」: 個人番号"
    )


def test_digits_across_two_cells_are_not_one_number():
    assert cells(csv_bytes([["a", "b"], [MY_NUMBER[:6], MY_NUMBER[6:]]]))[1] == [MY_NUMBER[:6], MY_NUMBER[6:]]


def test_control_characters_and_formulas_are_refused_by_cell():
    padding = [["x" * 100, "y"]] * 100  # past the first 8 kB, where a NUL means "binary"
    data = csv_bytes([["氏名", "メモ"], *padding, ["髙橋", "a\x00b"], ["山田", " =1+2"], ["佐藤", "-3"]])
    assert refused(data) == [
        "f.csv 102行目「2列目」: 制御文字（NUL など）が含まれています。テキストの値だけにしてください",
        "f.csv 103行目「2列目」: 数式（= で始まる値）は取り込めません。値で保存してください",
    ]


def test_problems_list_every_error_then_a_count_of_the_rest():
    problems = Problems(file="f.csv")
    for number in range(60, 0, -1):
        problems.error("誤り", f"{number}行目", "列")
    with pytest.raises(ImportRefused) as caught:
        problems.raise_if_errors()
    lines = caught.value.lines()
    assert (len(lines), lines[0], lines[-1]) == (
        51,
        "f.csv 11行目「列」: 誤り",
        "f.csv: ほか 10 件の誤りがあります（最初の 50 件を表示）",
    )
    assert str(Problem("f.csv", "空です", "3ページ 2行目", "人口")) == "f.csv 3ページ 2行目「人口」: 空です"


def test_an_upload_stream_stays_open_for_its_owner():
    upload = io.BytesIO(csv_bytes(ROWS))
    read_table(upload, name="f.csv")
    assert not upload.closed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R7.8末", dt.date(2025, 8, 31)),
        ("令和7年8月末", dt.date(2025, 8, 31)),
        ("R5.2末", dt.date(2023, 2, 28)),
        ("R7.1.1", dt.date(2025, 1, 1)),
        ("2025年8月末", dt.date(2025, 8, 31)),
    ],
)
def test_month_end_dates_read_with_or_without_a_separator_before_matsu(text, expected):
    assert parse_date(text) == expected


def test_dates_inside_a_heading_are_found_with_what_they_date():
    assert dates_in_text("人口（R7.1.1時点）") == [(dt.date(2025, 1, 1), True)]
    assert dates_in_text("保有枚数（R7.8末時点）") == [(dt.date(2025, 8, 31), False)]


def test_the_first_sheet_named_in_order_of_preference_is_read():
    book = openpyxl.Workbook()
    book.active.title = "説明"
    book.active["A1"] = "説明文"
    book.create_sheet("公表用")["A1"] = "数値"
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert cells(data, name="f.xlsx", sheet=("無い", "公表用")) == [["数値"]]
    assert cells(data, name="f.xlsx", sheet=("無い",)) == [["説明文"]]


def test_a_computed_ratio_cell_is_read_without_float_noise_and_not_taken_for_a_my_number():
    data = xlsx_bytes([["率"], [66_680 / 153_245], [int(MY_NUMBER)]])
    problems = Problems(file="f.xlsx")
    table = read_table(io.BytesIO(data), name="f.xlsx", problems=problems)
    assert table.rows[1].cells == ("0.4351202323",)
    assert problems.error_count == 1 and problems.errors[0].row == "3行目"  # a whole number stays refused


def test_rows_checked_a_batch_at_a_time_are_still_refused_by_row_and_column():
    """CSV rows are checked 512 at a time; a refused cell in any batch (first and last row of one,
    deep in another) is still found, named by its row and the heading read in a clean first batch,
    and only its row is left out."""
    body = [[f"{n:05d}", "宮崎県都城市", "2022/01/01", str(n * 37)] for n in range(2, 1502)]
    data_rows = {number: row for number, row in enumerate(body, start=2)}
    data_rows[1024][3] = "=1+2"
    data_rows[513][1] = f"都城市 {MY_NUMBER[:4]}-{MY_NUMBER[4:8]}-{MY_NUMBER[8:]}"
    data_rows[1400][2] = "a\x00b"
    data = csv_bytes([["番号", "住所", "日付", "件数"], *data_rows.values()])
    problems = Problems(file="f.csv")
    with open_source(io.BytesIO(data), name="f.csv") as source:
        numbers = [row.number for row in iter_rows(source, problems, header_row=1)]
    assert numbers == [n for n in range(1, 1502) if n not in {513, 1024, 1400}]
    assert [str(p) for p in problems.errors] == [
        f"f.csv 513行目「住所」: {MY_NUMBER_REFUSED}",
        "f.csv 1024行目「件数」: 数式（= で始まる値）は取り込めません。値で保存してください",
        "f.csv 1400行目「日付」: 制御文字（NUL など）が含まれています。テキストの値だけにしてください",
    ]
