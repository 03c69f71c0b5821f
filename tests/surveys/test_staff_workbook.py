"""The staff acquisition workbook (資料002 様式1/2): one XLSX out for many bodies, filled, back in —
all rows or none, errors by row and column, the reasons for not applying kept (資料002 神戸市消防局).

Every test here works on the same 723 fire headquarters, made once for the module; the tests that
start without them (a new body in the file, the pages) are in test_staff_workbook_pages.py."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kofu.accounts.roles import SYSTEM
from kofu.core.tabular import ImportRefused
from kofu.registry.models import Prefecture
from kofu.surveys import selectors
from kofu.surveys.models import StaffReport
from kofu.surveys.services.staff import staff_organisation_create
from kofu.surveys.services.staff_workbook import HEADINGS, staff_workbook_import, staff_workbook_write
from tests.module_data import module_transaction
from tests.surveys.workbooks import fill

MARCH = dt.date(2022, 3, 31)


@pytest.fixture(scope="module")
def fire_hqs_of_the_module(request, django_db_setup, django_db_blocker):
    """723 fire headquarters (資料002: 全723本部), spread over the 47 prefectures: made once for the
    module and rolled back after it (tests/module_data.py)."""
    from kofu.registry.models import Municipality
    from kofu.registry.services import registry_load_reference

    with module_transaction(request, django_db_blocker):
        with django_db_blocker.unblock():
            if Municipality.objects.count() < 1741:  # as the registry fixture does
                registry_load_reference()
            prefectures = list(Prefecture.objects.order_by("code"))
            for i in range(723):
                staff_organisation_create(
                    kind="fire_hq", name=f"消防本部{i:03d}", prefecture=prefectures[i % 47], actor=SYSTEM
                )
        yield


@pytest.fixture
def fire_hqs(fire_hqs_of_the_module, db):
    """The module's 723 fire headquarters; each test's changes are rolled back after it."""
    return list(Prefecture.objects.order_by("code"))


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
