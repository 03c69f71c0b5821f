"""Entering the answers behind seed 000 reproduces its tables 表1–表6 exactly (also the 合計 column of
表6 in the CLI's CSV, and a quote's theme and respondent checked against the answers).

Every test here reads the same answered survey: it is built once for the module (its 60 respondents'
answers cost seconds of CPU) and each test's changes are rolled back (tests/module_data.py).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kofu.accounts.roles import SYSTEM
from kofu.surveys.crosstab import build_crosstab
from kofu.surveys.models import Survey
from kofu.surveys.services.quotes import quote_add
from tests.surveys import seed000

SEED_000 = "seeds/000_0e9f24c716ca89bf.txt"


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("surveys", *args, stdout=out)
    return out.getvalue()


def section(table, key):
    return next(s for s in table.sections if s.question.key == key)


def counts(sec):
    return {r.label: (r.row.top, r.row.bottom) for r in sec.rows}


@pytest.fixture
def answered_survey(answered_survey_of_the_module, db):
    """The module's answered survey, built once (tests/surveys/conftest.py), read afresh per test."""
    return Survey.objects.get(pk=answered_survey_of_the_module)


def seed_table_6(shared_dir) -> dict[str, tuple[int, int, int]]:
    """表6 as printed: label, then 上位 下位 合計 in full-width digits."""
    text = (shared_dir / SEED_000).read_text(encoding="utf-8")
    start = text.index("課題\n件数")
    block = text[start : text.index("③調査結果及びその分析", start)]
    rows = {}
    for line in block.splitlines():
        match = re.fullmatch(r"(.+?) (\S+) (\S+) (\S+)", unicodedata.normalize("NFKC", line.strip()))
        if match and all(g.isdigit() for g in match.groups()[1:]):
            rows[match.group(1)] = tuple(int(g) for g in match.groups()[1:])
    return rows


def test_table_1_own_services_by_category(answered_survey):
    table = build_crosstab(answered_survey)
    expected = {c: seed000.TABLE_1[c] for c in seed000.CATEGORIES} | {"合計": (11, 3)}
    assert counts(section(table, "own-services")) == expected


def test_table_2_incentives_and_their_kinds(answered_survey):
    table = build_crosstab(answered_survey)
    assert counts(section(table, "incentives")) == {"実施": (12, 7), "未実施": (18, 23), "計": (30, 30)}
    assert counts(section(table, "incentive-kinds")) == seed000.TABLE_2_KINDS | {"計": (19, 7)}
    multiple = {
        side: sum(
            1
            for r in answered_survey.respondents.filter(side=side)
            if r.answers.get(question__key="incentive-kinds").choices.count() > 1
        )
        for side in ("top", "bottom")
    }
    assert multiple == {"top": 7, "bottom": 0}


def test_table_3_publicity_media_and_the_red_frame(answered_survey):
    table = build_crosstab(answered_survey)
    rows = counts(section(table, "publicity-media"))
    assert {label: rows[label] for label in seed000.TABLE_3} == seed000.TABLE_3
    assert rows["自治体発行以外の媒体（表3赤枠）を実施した団体数"] == (20, 11)
    assert rows["自治体発行以外の媒体（表3赤枠）の件数"] == (45, 15)
    publicity = counts(section(table, "publicity"))["実施"]
    assert sum(publicity) == 54


def test_table_4_apply_at_counter_by_category(answered_survey):
    rows = counts(section(build_crosstab(answered_survey), "apply-at-counter"))
    assert rows == seed000.TABLE_4 | {"合計": (23, 20)}


def test_table_5_temporary_windows_by_category(answered_survey):
    rows = counts(section(build_crosstab(answered_survey), "temporary-windows"))
    assert rows == seed000.TABLE_5 | {"合計": (22, 23)}


def test_table_6_obstacles_with_their_totals(answered_survey):
    sec = section(build_crosstab(answered_survey), "obstacles")
    rows = {r.label: (r.row.top, r.row.bottom, r.total) for r in sec.rows}
    assert rows["カードの利便性向上"] == (16, 15, 31)
    assert rows["周知・広報活動の強化"] == (17, 12, 29)
    assert {label: rows[label][:2] for label in seed000.TABLE_6} == seed000.TABLE_6


def test_each_row_carries_fisher_p_and_effect_sizes(answered_survey):
    rows = {r.label: r for r in section(build_crosstab(answered_survey), "own-services").rows}
    total = rows["合計"]
    # 11/30 against 3/30: p = 0.0303 (two-sided Fisher), OR = (11·27)/(19·3) = 5.21, +26.7 points.
    assert round(total.p_value, 4) == 0.0303
    assert str(total.odds_ratio) == "5.21" and not total.haldane
    assert str(total.difference_points) == "26.7"
    wards = rows["特別区"]  # 0/5 against 0/5: an empty column, no ratio, p = 1
    assert wards.odds_ratio is None and wards.p_value == 1.0
    other = rows["その他の市"]  # 4/10 against 0/10: Haldane's +½
    assert other.haldane and str(other.odds_ratio) == "14.54"


def test_the_cross_table_page_takes_a_fixed_number_of_queries(
    answered_survey, client, personas, django_assert_max_num_queries
):
    client.force_login(personas["ministry"])
    with django_assert_max_num_queries(15):
        page = client.get(f"/surveys/{answered_survey.slug}/crosstab/")
    assert page.status_code == 200
    assert "自治体発行以外の媒体（表3赤枠）を実施した団体数" in page.content.decode()


def test_table_6_csv_has_the_total_column_the_seed_prints(answered_survey, shared_dir):
    printed = seed_table_6(shared_dir)
    assert len(printed) >= 14
    rows = list(csv.DictReader(io.StringIO(command("crosstab", answered_survey.slug))))
    ours = {r["row"].removeprefix("表6 "): r for r in rows if r["row"].startswith("表6 ")}
    for label, (top, bottom, total) in printed.items():
        key = unicodedata.normalize("NFKC", label)
        match = next(r for name, r in ours.items() if unicodedata.normalize("NFKC", name) == key)
        assert (int(match["top"]), int(match["bottom"]), int(match["total"])) == (top, bottom, total)


def test_a_quote_belongs_to_a_theme_of_its_question_and_to_a_coded_respondent(answered_survey):
    obstacles = answered_survey.questions.get(key="obstacles")
    media = answered_survey.questions.get(key="publicity-media")
    with pytest.raises(ValidationError, match="この設問の選択肢"):
        quote_add(question=obstacles, theme=media.options.first(), text="x", actor=SYSTEM)
    security = obstacles.options.get(code="security-distrust")
    coded = answered_survey.respondents.filter(answers__question=obstacles, answers__choices=security)
    other = answered_survey.respondents.exclude(pk__in=coded)
    with pytest.raises(ValidationError, match="この類型に分類されていません"):
        quote_add(question=obstacles, theme=security, text="x", respondent=other.first(), actor=SYSTEM)
    quote = quote_add(question=obstacles, theme=security, text="意見", respondent=coded.first(), actor=SYSTEM)
    assert (quote.position, quote.theme_shown) == (1, security.label)
