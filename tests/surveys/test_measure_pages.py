"""Measure survey pages: the ministry defines and compares, municipalities answer for themselves,
prefectures read their municipalities' answers; everyone else gets 404."""

from __future__ import annotations

import pytest

from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from kofu.surveys.models import Answer, Respondent, Survey
from kofu.surveys.presets import add_seed_000_questions
from kofu.surveys.services.measure import survey_create


@pytest.fixture
def small_survey(registry):
    """The seed 000 questions with three respondents: 都城市 (top), 延岡市 (bottom), 鹿児島市 (top)."""
    survey = survey_create(slug="small", title="小さな調査", actor=SYSTEM)
    add_seed_000_questions(survey=survey, actor=SYSTEM)
    for code, side, category in [
        ("452025", "top", "その他の市"),
        ("452033", "bottom", "その他の市"),
        ("462012", "top", "中核市"),
    ]:
        Respondent.objects.create(
            survey=survey,
            municipality=Municipality.objects.get(code=code),
            side=side,
            category=category,
            rank=1,
        )
    return survey


def login(client, personas, who):
    client.force_login(personas[who])
    return client


def test_ministry_creates_a_survey_with_the_seed_questions(client, personas):
    login(client, personas, "ministry")
    quotas = {
        "quota_designated": 5,
        "quota_wards": 0,
        "quota_core": 10,
        "quota_other": 3,
        "other_min_population": 50000,
    }
    response = client.post(
        "/surveys/new/", {"slug": "fy2022", "title": "取組調査", "use_seed_000": "on"} | quotas
    )
    assert response.status_code == 302 and response["Location"] == "/surveys/fy2022/"
    survey = Survey.objects.get(slug="fy2022")
    assert {q.category: (q.per_side, q.min_population) for q in survey.quotas.all()} == {
        "指定都市": (5, 0), "中核市": (10, 0), "その他の市": (3, 50000),
    }  # fmt: skip
    page = client.get("/surveys/fy2022/").content.decode()
    assert "申請時来庁方式を実施していますか" in page and "自治体発行以外の媒体（表3赤枠）" in page
    assert AuditEvent.objects.filter(action="survey_create").exists()


def test_a_reserved_slug_is_refused_in_japanese(client, personas):
    login(client, personas, "ministry")
    quotas = {
        "quota_designated": 5,
        "quota_wards": 5,
        "quota_core": 10,
        "quota_other": 10,
        "other_min_population": 0,
    }
    page = client.post("/surveys/new/", {"slug": "staff", "title": "x"} | quotas).content.decode()
    assert "識別名「staff」は画面のアドレスに使われているため使えません" in page


def test_ministry_selects_respondents_from_the_snapshot(client, personas, snapshot):
    survey = survey_create(slug="sel", title="選定", actor=SYSTEM)
    login(client, personas, "ministry")
    assert client.post(f"/surveys/{survey.slug}/respondents/select/").status_code == 302
    assert survey.respondents.count() == 60


def test_municipality_answers_its_own_survey(client, personas, small_survey):
    login(client, personas, "municipality")
    page = client.get("/surveys/small/answer/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "宮崎県都城市" in page.content.decode()
    data = {
        "own-services": "yes", "incentives": "yes", "incentive-kinds": ["goods", "vouchers"], "publicity": "yes",
        "publicity-media": ["sns", "bulletin"], "publicity-media__text": "市の SNS と広報誌で周知",
        "apply-at-counter": "no", "temporary-windows": "yes", "obstacles": ["convenience"],
        "obstacles__text": "利便性の向上が必要",
    }  # fmt: skip
    response = client.post("/surveys/small/answer/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    respondent = small_survey.respondents.get(municipality__code="452025")
    assert respondent.submitted_at is not None
    kinds = Answer.objects.get(respondent=respondent, question__key="incentive-kinds")
    assert sorted(c.code for c in kinds.choices.all()) == ["goods", "vouchers"]


def test_a_dependent_answer_without_its_gate_is_refused_naming_the_question(client, personas, small_survey):
    login(client, personas, "municipality")
    data = {"own-services": "no", "incentives": "no", "incentive-kinds": ["goods"], "publicity": "no",
            "apply-at-counter": "no", "temporary-windows": "no"}  # fmt: skip
    page = client.post("/surveys/small/answer/", data).content.decode()
    assert "問3「特典の内容（複数回答可）」: 問2が「はい」の場合だけ回答してください" in page
    assert not Answer.objects.filter(respondent__survey=small_survey).exists()


def test_a_my_number_in_free_text_is_refused(client, personas, small_survey):
    login(client, personas, "municipality")
    data = {"own-services": "no", "incentives": "no", "publicity": "no", "apply-at-counter": "no",
            "temporary-windows": "no", "obstacles__text": "１２３４ ５６７８ ９０１８"}  # fmt: skip
    page = client.post("/surveys/small/answer/", data).content.decode()
    assert "個人番号" in page
    assert not Answer.objects.exists()


def test_a_municipality_that_is_not_a_respondent_gets_404(client, personas, small_survey):
    Respondent.objects.filter(municipality__code="452033").delete()
    login(client, personas, "other_municipality")
    assert client.get("/surveys/small/answer/").status_code == 404
    assert client.get("/surveys/small/").status_code == 404


def test_prefecture_reads_its_municipalities_answers_only(client, personas, small_survey):
    login(client, personas, "prefecture")
    detail = client.get("/surveys/small/").content.decode()
    assert "都城市" in detail and "鹿児島市" not in detail
    assert client.get("/surveys/small/answers/452025/").status_code == 200
    assert client.get("/surveys/small/answers/462012/").status_code == 404
    login(client, personas, "other_prefecture")
    assert client.get("/surveys/small/answers/452025/").status_code == 404


def test_the_cross_table_is_for_ministry_staff_only(client, personas, small_survey):
    for who in ("municipality", "prefecture"):
        login(client, personas, who)
        assert client.get("/surveys/small/crosstab/").status_code == 404
    login(client, personas, "ministry")
    page = client.get("/surveys/small/crosstab/").content.decode()
    assert "Fisher の正確確率検定" in page and "Haldane 補正" in page and "割合の差" in page
    csv_response = client.get("/surveys/small/crosstab/?format=csv")
    assert csv_response.content.decode().splitlines()[0] == "row,top,bottom,total,p_value"


def test_ministry_imports_a_workbook_and_sees_errors_by_row_and_column(
    client, personas, small_survey, tmp_path
):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["団体コード", "own-services", "incentives"])
    wb.active.append(["452025", "はい", "たぶん"])
    path = tmp_path / "回答.xlsx"
    wb.save(path)
    login(client, personas, "ministry")
    with path.open("rb") as handle:
        response = client.post("/surveys/small/import/", {"file": handle})
    assert response.status_code == 400
    assert "回答.xlsx 2行目「incentives」" in response.content.decode()
