"""The plan XLSX carries the fields added for seeds 003 and 004 (costs, 概算交付見込額, the
re-revised plan, part-time staff, evening opening, QR letters, health-insurance help): out in the
template, back in through the import, unchanged when a file of the older layout lacks them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kofu.plans import services, xlsx
from kofu.plans.models import SmoothingPlan
from kofu.plans.xlsx_measures import MEASURE_FIGURES, yes_no
from tests.plans.conftest import month_rows, plan_figures

MEASURES = {
    "cost_fy2021": 48_000_000, "cost_fy2022": 52_500_000, "estimated_grant": 61_234_000,
    "capacity_ready": "2022-06", "setup_outsourced": True, "pickup_booking": False, "part_time_early": True,
    "evening_days": 4, "qr_letters_from": "2021-01", "qr_letters_until": "2021-03", "insurance_help": None,
}  # fmt: skip


@pytest.fixture
def plan(viewers, miyakonojo):
    return services.plan_save(
        municipality=miyakonojo,
        data=plan_figures() | MEASURES,
        months=month_rows(),
        actor=viewers["municipality"],
    )


def workbook(client) -> tuple[object, dict[str, int]]:
    response = client.get("/plans/municipalities/452025/plan.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    rows = {row[0].value: row[0].row for row in book["計画"].iter_rows() if row[0].value}
    return book, rows


def upload(client, book) -> int:
    out = io.BytesIO()
    book.save(out)
    file = io.BytesIO(out.getvalue())
    file.name = "plan.xlsx"
    return client.post("/plans/municipalities/452025/import/", {"file": file}).status_code


def test_every_measure_goes_out_and_comes_back(client, personas, plan):
    client.force_login(personas["municipality"])
    book, rows = workbook(client)
    sheet = book["計画"]
    written = {field: sheet.cell(row=rows[label], column=2).value for field, label in MEASURE_FIGURES}
    assert written["estimated_grant"] == 61_234_000 and written["capacity_ready"] == "2022-06"
    assert (written["setup_outsourced"], written["pickup_booking"], written["insurance_help"]) == (
        "はい",
        "いいえ",
        None,
    )
    labels = dict(MEASURE_FIGURES)
    sheet.cell(row=rows[labels["estimated_grant"]], column=2, value=70_000_000)
    sheet.cell(row=rows[labels["insurance_help"]], column=2, value="する")
    sheet.cell(row=rows[labels["pickup_booking"]], column=2, value="○")
    sheet.cell(row=rows[labels["qr_letters_until"]], column=2).value = None  # blank clears
    sheet.cell(row=rows[labels["evening_days"]], column=2, value=8)
    assert upload(client, book) == 302
    stored = SmoothingPlan.objects.get()
    assert (stored.estimated_grant, stored.insurance_help, stored.pickup_booking) == (70_000_000, True, True)
    assert (stored.qr_letters_until, stored.evening_days, stored.cost_fy2021) == ("", 8, 48_000_000)
    assert (stored.capacity_ready, stored.setup_outsourced, stored.part_time_early) == ("2022-06", True, True)


def test_a_file_of_the_older_layout_leaves_the_measures_as_they_are(client, personas, plan):
    client.force_login(personas["municipality"])
    book, rows = workbook(client)
    sheet = book["計画"]
    for _field, label in reversed(MEASURE_FIGURES):
        sheet.delete_rows(rows[label])
    assert upload(client, book) == 302
    stored = SmoothingPlan.objects.get()
    assert {field: getattr(stored, field) for field in MEASURES} == MEASURES


def test_a_wrong_yes_no_or_amount_names_the_row_and_column(miyakonojo):
    content = xlsx.template(
        miyakonojo,
        plan_figures() | {"pickup_booking": True, "estimated_grant": 1},
        [r | {} for r in month_rows()],
    )
    book = load_workbook(io.BytesIO(content))
    sheet = book["計画"]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows() if row[0].value}
    labels = dict(MEASURE_FIGURES)
    sheet.cell(row=rows[labels["pickup_booking"]], column=2, value="たぶん")
    sheet.cell(row=rows[labels["estimated_grant"]], column=2, value="未定")
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(xlsx.PlanFileError) as refused:
        xlsx.read(out.getvalue(), filename="p.xlsx")
    text = "\n".join(refused.value.lines())
    assert (
        f"{rows[labels['pickup_booking']]}行目「B列（受取日時の予約（交付平準化））」: 「はい」か「いいえ」"
        in text
    )
    assert f"{rows[labels['estimated_grant']]}行目「B列（概算交付見込額（円））」: 整数ではありません" in text


@pytest.mark.parametrize(
    ("text", "value"), [("はい", True), ("ｔｒｕｅ", True), ("×", False), ("しない", False)]
)
def test_yes_no_reads_what_people_type(text, value):
    assert yes_no(text) is value
