"""The staff acquisition workbook (資料002 様式1/2): one XLSX out for many bodies, filled, back in —
all rows or none, errors by row and column, the reasons for not applying kept (資料002 神戸市消防局)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kofu.accounts.roles import SYSTEM, viewer_of
from kofu.core.tabular import ImportRefused
from kofu.registry.models import Prefecture
from kofu.surveys import selectors
from kofu.surveys.models import StaffOrganisation, StaffReport
from kofu.surveys.services.staff import staff_organisation_create
from kofu.surveys.services.staff_workbook import HEADINGS, staff_workbook_import, staff_workbook_write

MARCH = dt.date(2022, 3, 31)


@pytest.fixture
def fire_hqs(registry):
    """723 fire headquarters (資料002: 全723本部), spread over the 47 prefectures."""
    prefectures = list(Prefecture.objects.order_by("code"))
    for i in range(723):
        staff_organisation_create(
            kind="fire_hq", name=f"消防本部{i:03d}", prefecture=prefectures[i % 47], actor=SYSTEM
        )
    return prefectures


def fill(path, rows: dict[int, list[object]]):
    """Write figures into the template's rows (row number → values from 職員数 on)."""
    book = load_workbook(path)
    sheet = book.active
    for number, values in rows.items():
        for offset, value in enumerate(values):
            sheet.cell(row=number, column=7 + offset, value=value)
    book.save(path)
    return path


def test_the_template_lists_every_body_and_comes_back_in_at_once(fire_hqs, tmp_path):
    """Out for 723 fire HQs at once, filled, in at once: the seed's 169 (約23％) at ≥ 90 %."""
    path = tmp_path / "staff.xlsx"
    assert staff_workbook_write(path=path, as_of=MARCH, kind="fire_hq", actor=SYSTEM) == 723
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == HEADINGS
    assert sheet.max_row == 724 and sheet["B2"].value == "消防本部" and sheet["F2"].value.date() == MARCH
    figures = {n: [100, 95 if n < 171 else 79, 50, 0, 0, 0] for n in range(2, 725)}
    figures[2] = [100, 95, 50, 3, 1, 0, "紛失が心配；必要性を感じない"]
    message = staff_workbook_import(path=fill(path, figures), actor=SYSTEM)
    assert message == "723 部署の報告を取り込みました（staff.xlsx）"
    summary = selectors.staff_summary(SYSTEM, MARCH)
    ninety, _ = summary.thresholds["消防本部"]
    assert (ninety.count, ninety.total, str(ninety.share_percent)) == (169, 723, "23.4")
    first = StaffReport.objects.get(department__organisation__name=sheet["C2"].value)
    assert first.reasons == "紛失が心配；必要性を感じない" and first.dependants == 3
    again = load_workbook(tmp_path / "staff.xlsx").active  # written back out: the figures are there
    staff_workbook_write(path=tmp_path / "again.xlsx", as_of=MARCH, kind="fire_hq", actor=SYSTEM)
    assert load_workbook(tmp_path / "again.xlsx").active["H2"].value == 95 and again is not None


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(fire_hqs, tmp_path):
    path = tmp_path / "staff.xlsx"
    staff_workbook_write(path=path, as_of=MARCH, prefecture="宮崎県", actor=SYSTEM)
    fill(path, {2: [100, 90, 80, 0, 0, 0], 3: [10, 12, 0, 0, 0, 0], 4: [10, "九", 0, 0, 0, 0]})
    with pytest.raises(ImportRefused) as refused:
        staff_workbook_import(path=path, actor=SYSTEM)
    lines = [str(p) for p in refused.value.problems]
    assert "staff.xlsx 3行目「職員の申請者数」: 職員の申請者数は職員数以下にしてください" in lines
    assert any(line.startswith("staff.xlsx 4行目「職員の申請者数」") for line in lines), lines
    assert not StaffReport.objects.exists()


def test_a_new_body_in_the_file_is_registered_and_scope_is_kept(personas, tmp_path):
    path = tmp_path / "staff.xlsx"
    staff_workbook_write(path=path, as_of=MARCH, actor=viewer_of(personas["prefecture"]))
    book = load_workbook(path)
    book.active.append(
        ["宮崎県", "消防本部", "宮崎市消防局", "", "全体", "2022-03-31", 200, 190, 150, 0, 0, 0, ""]
    )
    book.active.append(
        ["鹿児島県", "消防本部", "鹿児島市消防局", "", "全体", "2022-03-31", 10, 9, 9, 0, 0, 0, ""]
    )
    book.save(path)
    with pytest.raises(ImportRefused, match="3行目「組織名」: この組織の報告を登録する権限がありません"):
        staff_workbook_import(path=path, actor=viewer_of(personas["prefecture"]))
    assert not StaffOrganisation.objects.exists()
    book.active.delete_rows(3)
    book.save(path)
    staff_workbook_import(path=path, actor=viewer_of(personas["prefecture"]))
    assert StaffOrganisation.objects.get().name == "宮崎市消防局"


def test_cli_writes_and_reads_the_workbook(fire_hqs, tmp_path):
    out = io.StringIO()
    path = tmp_path / "hyogo.xlsx"
    call_command("surveys", "staff-template", str(path), "--as-of", "2021-12-31", "--prefecture", "兵庫県",
                 stdout=out)  # fmt: skip
    assert (
        "15 部署の行" in out.getvalue()
    )  # 723 = 47 × 15 + 18: the first 18 prefectures get 16, 兵庫県 (28) 15
    fill(path, {2: [100, 97, 90, 0, 0, 0]})
    out = io.StringIO()
    call_command("surveys", "staff-import", str(path), stdout=out)
    assert "1 部署の報告を取り込みました（hyogo.xlsx）" in out.getvalue()
    assert StaffReport.objects.get().as_of == dt.date(2021, 12, 31)


def test_pages_download_fill_and_upload(client, personas, tmp_path):
    miyazaki = Prefecture.objects.get(code="45")
    staff_organisation_create(kind="fire_hq", name="都城市消防局", prefecture=miyazaki, actor=SYSTEM)
    client.force_login(personas["prefecture"])
    response = client.get("/surveys/staff/workbook/?download=1&as_of=2022-03-31&kind=fire_hq")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "staff.xlsx"
    path.write_bytes(response.content)
    fill(path, {2: [100, 90, 80, 0, 0, 0, "カードの紛失が心配"]})
    with path.open("rb") as handle:
        page = client.post("/surveys/staff/workbook/", {"file": handle}).content.decode()
    assert "1 部署の報告を取り込みました（staff.xlsx）" in page
    org = StaffOrganisation.objects.get()
    detail = client.get(f"/surveys/staff/organisations/{org.pk}/").content.decode()
    assert "申請しない理由" in detail and "カードの紛失が心配" in detail
    client.force_login(personas["ministry"])
    assert client.get("/surveys/staff/workbook/?download=1&as_of=2022-03-31").status_code == 200
    assert client.post("/surveys/staff/workbook/", {}).status_code == 404
