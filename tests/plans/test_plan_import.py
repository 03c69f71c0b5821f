"""The plan sheet's import: the service (``services.plan_file_import``) and what the page says when
a file is missing, too large, broken or refused."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kofu.plans import services, xlsx
from kofu.plans.forms import MAX_UPLOAD
from tests.plans.conftest import month_rows, plan_figures

URL = "/plans/municipalities/452025/import/"


def sheet_of(municipality, rows=None) -> bytes:
    """The template filled with the test plan's figures, without the optional rows."""
    figures = plan_figures()
    del figures["office_max_windows"]
    return xlsx.template(municipality, figures, rows or month_rows())


def named(content: bytes, name: str = "plan.xlsx") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def errors_after(client, data) -> list[str]:
    response = client.post(URL, data, follow=True)
    return [str(m) for m in response.context["messages"] if m.level_tag == "error"]


def test_a_filled_sheet_is_saved_with_the_defaults_for_the_rows_it_leaves_out(miyakonojo, viewers):
    plan = services.plan_file_import(
        municipality=miyakonojo,
        content=sheet_of(miyakonojo),
        filename="plan.xlsx",
        actor=viewers["municipality"],
    )
    assert plan.months.count() == 6
    assert (plan.office_max_windows, plan.staff_per_window, plan.terminals_per_window) == (
        None,
        Decimal(1),
        Decimal(1),
    )


def test_a_broken_file_is_refused_naming_the_file(miyakonojo, viewers):
    with pytest.raises(xlsx.PlanFileError) as refused:
        services.plan_file_import(
            municipality=miyakonojo,
            content=b"not a workbook",
            filename="plan.xlsx",
            actor=viewers["municipality"],
        )
    assert "plan.xlsx" in refused.value.lines()[0]


def test_the_page_says_what_went_wrong(client, personas, miyakonojo, viewers):
    client.force_login(personas["municipality"])
    assert errors_after(client, {}) == ["計画のXLSXファイル: ファイルを選んでください"]
    too_big = named(b"x" * (MAX_UPLOAD + 1), "big.xlsx")
    assert errors_after(client, {"file": too_big}) == [
        "計画のXLSXファイル: big.xlsx が大きすぎます（2MBまで）"
    ]
    broken = errors_after(client, {"file": named(b"not a workbook")})
    assert broken and all(e.startswith("取り込めませんでした: ") for e in broken)

    services.plan_save(
        municipality=miyakonojo, data=plan_figures(), months=month_rows(), actor=viewers["municipality"]
    )
    services.plan_transition(municipality=miyakonojo, action="submit", actor=viewers["municipality"])
    refused = errors_after(client, {"file": named(sheet_of(miyakonojo))})
    # Back to the edit page, which refuses a submitted plan in turn and sends on to the plan.
    assert refused == [
        "取り込めませんでした: 状態が「提出済み（都道府県の確認待ち）」の計画は編集できません",
        "状態が「提出済み（都道府県の確認待ち）」の計画は編集できません",
    ]


def test_the_page_says_how_many_months_came_in(client, personas, miyakonojo):
    client.force_login(personas["municipality"])
    response = client.post(URL, {"file": named(sheet_of(miyakonojo), "mine.xlsx")}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["mine.xlsx から計画を取り込みました（6か月分）"]
    book = load_workbook(io.BytesIO(client.get("/plans/municipalities/452025/plan.xlsx").content))
    assert book["計画"]["A1"].value.endswith("団体コード 452025）")
