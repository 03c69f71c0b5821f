"""XLSX (title rows above the headings, numbers as text, percent cells) and PDF (the ministry's tables)."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from kofu.stats.importing.services import ImportRefused, snapshot_import_file
from kofu.stats.models import MunicipalityFigure, PrefectureFigure
from tests.stats.test_importing_support import table_counts

HEADINGS = [
    "都道府県名",
    "市区町村名",
    "総数（人口）",
    "交付枚数",
    "人口に対する交付枚数率",
    "人口算出基準日",
    "交付件数基準日",
    "団体コード",
]


def build_xlsx(
    path: Path, rows: list[list[object]], title: str = "マイナンバーカード交付状況（令和4年1月1日現在）"
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.append([])
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=4, min_col=5, max_col=5):
        if isinstance(cells[0].value, float) and cells[0].value < 1:
            cells[0].number_format = "0.0%"
    sheet.append(["※ 人口は住民基本台帳に基づく"])
    workbook.save(path)
    return path


def test_xlsx_with_title_rows_commas_and_percent_cells(registry, tmp_path):
    rows = [
        [
            "北海道",
            "札幌市",
            1961575,
            "763,069",
            0.389,
            dt.datetime(2021, 1, 1),
            dt.date(2022, 1, 1),
            "011002",
        ],
        ["東京都", "千代田区", "66,680", 32216, "48.3%", "2021/01/01", "2022/01/01", 131016],
        ["大分県", "東国東郡姫島村", 1933, 1501, 77.7, "2021/01/01", "2022/01/01", None],
    ]
    report = snapshot_import_file(path=build_xlsx(tmp_path / "kofu.xlsx", rows))
    assert (report.file_kind, report.rows_imported) == ("XLSX", 3)
    assert report.warnings[:-1] == []  # only "not every municipality"
    assert (report.snapshot.as_of, report.snapshot.population_base) == (
        dt.date(2022, 1, 1),
        dt.date(2021, 1, 1),
    )
    sapporo = MunicipalityFigure.objects.get(municipality__code="011002")
    assert (sapporo.issued, sapporo.printed_rate) == (763069, Decimal("38.9"))
    assert MunicipalityFigure.objects.get(municipality__code="131016").population == 66680


def test_xlsx_without_date_columns_takes_the_date_in_its_title(registry, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["市区町村別交付枚数（令和4年10月末時点）"])
    sheet.append(["都道府県名", "市区町村名", "人口（R4.1.1時点）", "交付枚数", "交付率"])
    sheet.append(["北海道", "札幌市", 1960668, 967872, "49.4%"])
    workbook.save(tmp_path / "oct.xlsx")
    report = snapshot_import_file(path=tmp_path / "oct.xlsx")
    assert (report.snapshot.as_of, report.snapshot.population_base) == (
        dt.date(2022, 10, 31),
        dt.date(2022, 1, 1),
    )


def test_xlsx_with_a_bad_cell_names_the_excel_row(registry, tmp_path):
    rows = [["北海道", "札幌市", 1961575, "76x069", 38.9, "2021/01/01", "2022/01/01", "011002"]]
    before = table_counts()
    with pytest.raises(ImportRefused) as caught:
        snapshot_import_file(path=build_xlsx(tmp_path / "bad.xlsx", rows))
    assert str(caught.value) == "bad.xlsx 4行目「交付枚数」: 数値ではありません: '76x069'"
    assert table_counts() == before


def test_a_damaged_xlsx_is_refused(registry, tmp_path):
    path = build_xlsx(tmp_path / "cut.xlsx", [])
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(ImportRefused, match="cut.xlsx: XLSX ファイルとして読めません"):
        snapshot_import_file(path=path)


# --- PDF ---------------------------------------------------------------------------------------


def _readable(font_name: str, tmp_path: Path) -> bool:
    import pdfplumber
    from reportlab.pdfgen import canvas

    probe = tmp_path / "probe.pdf"
    page = canvas.Canvas(str(probe))
    page.setFont(font_name, 12)
    page.drawString(72, 720, "都道府県名 交付枚数")
    page.save()
    with pdfplumber.open(probe) as pdf:
        return "都道府県名" in (pdf.pages[0].extract_text() or "")


@pytest.fixture
def japanese_font(tmp_path) -> str:
    """A font reportlab can write and pdfplumber read back: the built-in CID font, else a CJK TTF."""
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    if _readable("HeiseiKakuGo-W5", tmp_path):
        return "HeiseiKakuGo-W5"
    if shutil.which("fc-list"):
        listing = subprocess.run(["fc-list", ":lang=ja", "file"], capture_output=True, text=True, check=False)
        for line in listing.stdout.splitlines():
            path = line.split(":")[0].strip()
            if path.endswith(".ttf"):
                pdfmetrics.registerFont(TTFont("KofuTestJP", path))
                if _readable("KofuTestJP", tmp_path):
                    return "KofuTestJP"
    pytest.skip("日本語を書き戻して読める PDF フォントがありません（CID フォントも CJK の TTF も使えない）")


PDF_ROWS = [
    ["北海道", "札幌市", "1,961,575", "763,069", "38.9%"],
    ["北海道", "函館市", "251,891", "89,413", "35.5%"],
    ["東京都", "千代田区", "66,680", "32,216", "48.3%"],
    ["大分県", "姫島村", "1,933", "1,501", "77.7%"],
]
PDF_HEADINGS = ["都道府県名", "市区町村名", "人口 (R3.1.1時点)", "交付枚数", "人口に対する交付枚数率"]


def build_pdf(path: Path, font: str, pages: list[list[list[str]]], *, ruled: bool = True) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    title = ParagraphStyle("title", fontName=font, fontSize=12)
    story: list[object] = [
        Paragraph("マイナンバーカードの市区町村別交付枚数等について（令和4年1月1日現在）", title)
    ]
    for number, rows in enumerate(pages):
        if number:
            story.append(PageBreak())
        table = Table([PDF_HEADINGS, *rows])
        style = [("FONTNAME", (0, 0), (-1, -1), font)]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        table.setStyle(TableStyle(style))
        story.append(table)
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def test_pdf_tables_over_two_pages_with_the_date_in_the_title(registry, tmp_path, japanese_font):
    path = build_pdf(tmp_path / "kofu.pdf", japanese_font, [PDF_ROWS[:2], PDF_ROWS[2:]])
    report = snapshot_import_file(path=path)
    assert (report.file_kind, report.rows_imported) == ("PDF", 4)
    assert (report.snapshot.as_of, report.snapshot.population_base) == (
        dt.date(2022, 1, 1),
        dt.date(2021, 1, 1),
    )
    chiyoda = MunicipalityFigure.objects.get(municipality__code="131016")
    assert (chiyoda.population, chiyoda.issued, chiyoda.printed_rate) == (66680, 32216, Decimal("48.3"))


def test_pdf_without_ruling_is_read_line_by_line(registry, tmp_path, japanese_font):
    path = build_pdf(tmp_path / "plain.pdf", japanese_font, [PDF_ROWS], ruled=False)
    report = snapshot_import_file(path=path)
    assert report.rows_imported == 4


def test_pdf_with_a_bad_cell_names_page_row_and_column(registry, tmp_path, japanese_font):
    rows = [*PDF_ROWS[:3], ["大分県", "姫島村", "1,933", "1,5O1", "77.7%"]]
    path = build_pdf(tmp_path / "bad.pdf", japanese_font, [rows[:2], rows[2:]])
    before = table_counts()
    with pytest.raises(ImportRefused) as caught:
        snapshot_import_file(path=path)
    assert str(caught.value) == "bad.pdf 2ページ 3行目「交付枚数」: 数値ではありません: '1,5O1'"
    assert table_counts() == before


def test_a_prefecture_pdf_with_a_rank_column(registry, tmp_path, japanese_font):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    table = Table(
        [
            ["", "都道府県名", "人口 (R4.1.1時点)", "交付枚数", "人口に対する交付枚数率"],
            ["1", "宮崎県", "1,078,313", "705,411", "65.4%"],
            ["2", "兵庫県", "5,488,605", "3,057,796", "55.7%"],
        ]
    )
    table.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (-1, -1), japanese_font), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        )
    )
    title = Paragraph(
        "【都道府県】マイナンバーカードの交付状況（令和4年10月末時点）",
        ParagraphStyle("t", fontName=japanese_font),
    )
    SimpleDocTemplate(str(tmp_path / "pref.pdf"), pagesize=A4).build([title, table])
    report = snapshot_import_file(path=tmp_path / "pref.pdf")
    assert (report.layout, report.rows_imported, report.snapshot.as_of) == (
        "prefecture",
        2,
        dt.date(2022, 10, 31),
    )
    assert PrefectureFigure.objects.get(prefecture__name="兵庫県").issued == 3057796


def test_a_pdf_without_any_date_needs_as_of(registry, tmp_path, japanese_font):
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(tmp_path / "nodate.pdf"))
    page.setFont(japanese_font, 10)
    for number, line in enumerate(["都道府県名 市区町村名 人口 交付枚数", "北海道 札幌市 1,961,575 763,069"]):
        page.drawString(72, 720 - 16 * number, line)
    page.save()
    with pytest.raises(ImportRefused, match="--as-of"):
        snapshot_import_file(path=tmp_path / "nodate.pdf")
    report = snapshot_import_file(
        path=tmp_path / "nodate.pdf", as_of=dt.date(2022, 1, 1), population_base=dt.date(2021, 1, 1)
    )
    assert report.rows_imported == 1


def test_a_damaged_pdf_is_refused(registry, tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    with pytest.raises(ImportRefused, match="broken.pdf: PDF"):
        snapshot_import_file(path=tmp_path / "broken.pdf")
