"""Entering the answers behind seed 000 reproduces its tables 表1–表6 exactly."""

from __future__ import annotations

from kofu.surveys.crosstab import build_crosstab
from tests.surveys import seed000


def section(table, key):
    return next(s for s in table.sections if s.question.key == key)


def counts(sec):
    return {r.label: (r.row.top, r.row.bottom) for r in sec.rows}


def test_the_respondents_are_the_top_and_bottom_per_category_as_in_the_seed(seed_survey):
    respondents = list(seed_survey.respondents.all())
    assert len(respondents) == 60
    for side in ("top", "bottom"):
        per_category = {
            c: sum(1 for r in respondents if r.side == side and r.category == c) for c in seed000.CATEGORIES
        }
        assert per_category == {"指定都市": 5, "特別区": 5, "中核市": 10, "その他の市": 10}
    tops = [r.rate for r in respondents if r.side == "top" and r.category == "中核市"]
    bottoms = [r.rate for r in respondents if r.side == "bottom" and r.category == "中核市"]
    assert min(tops) > max(bottoms)


def test_other_cities_under_100000_people_are_not_selected(seed_survey, snapshot):
    from kofu.stats.models import MunicipalityFigure

    others = [r.municipality_id for r in seed_survey.respondents.filter(category="その他の市")]
    populations = dict(
        MunicipalityFigure.objects.filter(snapshot=snapshot, municipality_id__in=others).values_list(
            "municipality_id", "population"
        )
    )
    assert min(populations.values()) >= 100_000


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
