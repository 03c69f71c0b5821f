"""Every damaged file is refused whole, with messages naming file, row and column; nothing changes."""

import pytest

from kofu.registry.models import Municipality
from kofu.stats.importing.services import ImportRefused, snapshot_import_file
from tests.stats.test_importing_support import HEADER, SMALL_ROWS, small_csv_text, table_counts, write

SAPPORO = SMALL_ROWS[0]


def refused(path, **options) -> list[str]:
    before = table_counts()
    with pytest.raises(ImportRefused) as caught:
        snapshot_import_file(path=path, **options)
    assert table_counts() == before, "a refused file must change nothing"
    assert str(caught.value) == "\n".join(str(m) for m in caught.value.messages)
    return [str(m) for m in caught.value.messages]


def with_row(tmp_path, row: str, name: str = "bad.csv"):
    return write(tmp_path / name, small_csv_text([*SMALL_ROWS, row]))


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            '"2022/01/01","北海道","函館市",251891,89a13,35.5,"2021/01/01","2022/01/01",12025',
            "bad.csv 6行目「交付枚数」: 数値ではありません: '89a13'",
        ),
        (
            '"2022/01/01","北海道","函館市",251891,-89413,35.5,"2021/01/01","2022/01/01",12025',
            "bad.csv 6行目「交付枚数」: 負の数です: '-89413'",
        ),
        (
            '"2022/01/01","北海道","函館市",0,0,0.0,"2021/01/01","2022/01/01",12025',
            "bad.csv 6行目「総数（人口）」: 人口が0です",
        ),
        (
            '"2022/01/01","北海道","函館市",251891,351891,139.7,"2021/01/01","2022/01/01",12025',
            "bad.csv 6行目「交付枚数」: 交付枚数 351,891 が人口 251,891 を超えています（正しい場合は --allow",
        ),
        (
            '"2022/01/01","北海道","函館市",251891,89413,35.5,"2021/01/01","2022/01/01",12026',
            "bad.csv 6行目「団体コード」: 団体コードの検査数字が一致しません: 12026",
        ),
        (
            '"2022/01/01","北海道","函館市",251891,89413,35.5,"2021/01/01","2022/01/01",131016',
            "bad.csv 6行目「団体コード」: 団体コード 131016 は台帳では 東京都千代田区 ですが、この行は 北海道函館市 です",
        ),
        (
            '"2022/01/01","北海道","函館市",251891,89413,35.5,"2020/01/01","2022/01/01",12025',
            "bad.csv 6行目「人口算出基準日」: 日付が他の行（2行目: 2021/01/01）と異なります: 2020/01/01",
        ),
        (
            '"2022/01/01","北海道","函館市",251891,89413,35.5,"2021/01/01","2022/02/30",12025',
            "bad.csv 6行目「交付件数基準日」: 存在しない日付です: '2022/02/30'",
        ),
        (
            '"2022/01/01","北海道","函館市",251891,89413',
            "bad.csv 6行目: 列が足りません（見出しは9列、この行は5列）。ファイルが途中で切れている可能性があります",
        ),
        (
            '"2022/01/01","北海道県","函館市",251891,89413,35.5,"2021/01/01","2022/01/01",12025',
            "bad.csv 6行目「都道府県名」: 都道府県名が不明です: '北海道県'",
        ),
        (
            '"2022/01/01","北海道","架空町",251891,89413,35.5,"2021/01/01","2022/01/01",""',
            "bad.csv 6行目「市区町村名」: 団体コードがなく、台帳にも 北海道架空町 が見つかりません",
        ),
        (SAPPORO, "bad.csv 6行目「市区町村名」: 同じ団体が2回あります（2行目と同じ 北海道札幌市）"),
        (
            '"2022/01/01","北海道","函館市",251891,89413,35.5,"2021/01/01","2022/01/01",19992',
            "bad.csv 6行目「団体コード」: 団体コード 019992 は台帳にありません（台帳の 北海道函館市 は 012025）",
        ),
        (
            '"2022/01/01","北海道","函館市",251891,89413,35.5,"2021/01/01","2022/01/01",12025,extra',
            "bad.csv 6行目: 見出しより多くの列に値があります（見出しは9列）",
        ),
    ],
    ids=[
        "letters",
        "negative",
        "population-0",
        "over-population",
        "check-digit",
        "code-name-mismatch",
        "dates-disagree",
        "impossible-date",
        "truncated-row",
        "unknown-prefecture",
        "unknown-name",
        "duplicate",
        "unknown-code-known-name",
        "extra-cells",
    ],
)
def test_a_bad_row_refuses_the_file_naming_row_and_column(registry, tmp_path, row, expected):
    messages = refused(with_row(tmp_path, row))
    assert any(message.startswith(expected) for message in messages), messages


def test_every_problem_is_listed_in_row_order(registry, tmp_path):
    rows = [
        '"2022/01/01","北海道","札幌市",1961575,7x,38.9,"2021/01/01","2022/01/01",11002',
        '"2022/01/01","北海道","函館市",251891,89413,35.5,"2021/01/01","2022/01/01",12026',
        '"2022/01/01","北海道","小樽市",-1,40355,35.9,"2021/01/01","2022/01/01",12033',
    ]
    messages = refused(write(tmp_path / "f.csv", small_csv_text(rows)))
    assert [m.split("」")[0] for m in messages] == [
        "f.csv 2行目「交付枚数",
        "f.csv 3行目「団体コード",
        "f.csv 4行目「総数（人口）",
    ]


def test_a_long_list_of_problems_is_cut_at_fifty(registry, tmp_path):
    rows = [
        f'"2022/01/01","北海道","札幌市",1961575,x{i},38.9,"2021/01/01","2022/01/01",11002' for i in range(80)
    ]
    messages = refused(write(tmp_path / "f.csv", small_csv_text(rows)))
    assert len(messages) == 51
    assert messages[-1] == "f.csv: ほか 30 件の誤りがあります（最初の 50 件を表示）"


def test_nothing_is_registered_when_a_later_row_is_bad(registry, tmp_path):
    Municipality.objects.filter(code="443221").delete()
    messages = refused(with_row(tmp_path, SMALL_ROWS[0].replace("763069", "x")))
    assert len(messages) == 1 and "数値ではありません" in messages[0]


def test_a_file_cut_off_inside_a_quoted_cell_is_refused(registry, tmp_path):
    text = small_csv_text()
    cut = text[: text.index("千代田区") + 2]  # inside the quotes of row 3
    messages = refused(write(tmp_path / "cut.csv", cut))
    assert messages == [
        "cut.csv 3行目: CSV の形式が壊れています（引用符が閉じていません）。ファイルが途中で切れている可能性があります"
    ]


def test_a_file_cut_off_inside_a_character_is_refused(registry, tmp_path):
    data = small_csv_text().encode("utf-8")
    position = data.index("千代田区".encode()) + 1  # in the middle of 千's three bytes
    (tmp_path / "cut.csv").write_bytes(data[:position])
    assert refused(tmp_path / "cut.csv") == [
        "cut.csv 3行目: UTF-8 として読めないバイトがあります（ファイルの破損か、途中で切れている可能性があります）"
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_file_is_refused(registry, tmp_path, encoding):
    path = write(tmp_path / "u16.csv", small_csv_text(), encoding=encoding)
    assert refused(path) == [
        "u16.csv: UTF-16 またはバイナリのファイルは読めません。UTF-8 か Shift_JIS の CSV で保存してください"
    ]


def test_a_binary_file_is_refused(registry, tmp_path):
    (tmp_path / "image.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert "バイナリ" in refused(tmp_path / "image.csv")[0]


def test_bytes_that_are_neither_utf8_nor_shift_jis_are_refused_naming_the_row(registry, tmp_path):
    (tmp_path / "latin.csv").write_bytes(HEADER.encode("utf-8") + b"\n\xff\xfe\xfd")
    assert refused(tmp_path / "latin.csv") == [
        "latin.csv 2行目: UTF-8 として読めないバイトがあります（ファイルの破損か、途中で切れている可能性があります）"
    ]


def test_an_empty_file_is_refused(registry, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    assert refused(tmp_path / "empty.csv") == ["empty.csv: ファイルが空です"]


def test_a_heading_only_file_is_refused(registry, tmp_path):
    assert refused(write(tmp_path / "h.csv", HEADER + "\n")) == [
        "h.csv: データ行がありません（見出し行だけ、または合計行だけのファイルです）"
    ]


def test_a_heading_missing_a_column_names_it(registry, tmp_path):
    header = HEADER.replace("交付枚数,", "")
    rows = [r.replace(",763069", "") for r in SMALL_ROWS[:1]]
    assert refused(write(tmp_path / "h.csv", small_csv_text(rows, header))) == [
        "h.csv 1行目: 市区町村別の見出し行に必要な列がありません: 「交付枚数」"
    ]


def test_an_unknown_layout_is_refused(registry, tmp_path):
    assert "見出し行が見つかりません" in refused(write(tmp_path / "x.csv", "a,b,c\n1,2,3\n"))[0]


def test_an_age_table_without_the_counts_by_sex_is_refused(registry, tmp_path):
    text = "年齢,人口(男),人口(女)\n全体,10,12\n"
    assert "見出し行が見つかりません" in refused(write(tmp_path / "ages.csv", text))[0]


def test_a_prefecture_file_cannot_carry_issued_over_population_even_with_allow(registry, tmp_path):
    text = "都道府県名,総数（人口）,交付枚数,人口算出基準日,交付枚数算出基準日\n北海道,100,200,2021/01/01,2022/01/01\n"
    messages = refused(write(tmp_path / "p.csv", text), allow_over_population=True)
    assert messages == [
        "p.csv 2行目「交付枚数」: 交付枚数 200 が人口 100 を超えています（都道府県別の公表値では取り込めません）"
    ]


def test_a_duplicate_prefecture_and_group_are_refused(registry, tmp_path):
    text = "都道府県名,人口,交付枚数,人口算出基準日,交付枚数算出基準日\n北海道,100,20,2021/01/01,2022/01/01\n北海道,100,20,2021/01/01,2022/01/01\n"
    assert refused(write(tmp_path / "p.csv", text)) == [
        "p.csv 3行目「都道府県名」: 同じ都道府県が2回あります（2行目と同じ 北海道）"
    ]
    text = "区分,人口,交付枚数,人口算出基準日,交付枚数算出基準日\n町村,100,20,2021/01/01,2022/01/01\n町村,100,20,2021/01/01,2022/01/01\n"
    assert refused(write(tmp_path / "g.csv", text)) == [
        "g.csv 3行目「区分」: 同じ区分が2回あります（2行目と同じ 町村）"
    ]


def test_a_missing_file_is_refused_plainly(registry, tmp_path):
    assert refused(tmp_path / "nope.csv") == ["nope.csv: ファイルを読めません: ファイルがありません"]
