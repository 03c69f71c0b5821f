"""The staff acquisition workbook from a prefecture's side: a new body in the file is registered and
the scope is kept; the pages download the template, take it back filled and show the reasons."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from kofu.accounts.roles import SYSTEM, viewer_of
from kofu.core.tabular import ImportRefused
from kofu.registry.models import Prefecture
from kofu.surveys.models import StaffOrganisation
from kofu.surveys.services.staff import staff_organisation_create
from kofu.surveys.services.staff_workbook import staff_workbook_import, staff_workbook_write
from tests.surveys.workbooks import fill

MARCH = dt.date(2022, 3, 31)


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
