"""Issue 19, surveys: 表7's quotes by theme, the snapshot a survey's respondents were chosen at
(refused outside the tolerance), the respondents CSV, and the respondents the seed chose (the top and
bottom per category, no other city under 100,000 people). The 合計 column of 表6 in the CLI's CSV and
the quotes' checks against the answers are in test_seed_000_tables.py, which answers the survey once."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kofu.accounts.roles import SYSTEM
from kofu.surveys.models import Quote, Survey
from kofu.surveys.presets import SEED_000_QUOTES, add_seed_000_quotes
from tests.surveys import seed000

SEED_000 = "seeds/000_0e9f24c716ca89bf.txt"


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("surveys", *args, stdout=out)
    return out.getvalue()


def test_table_7_quotes_are_the_seeds_words_under_their_themes(seed_survey, shared_dir):
    add_seed_000_quotes(survey=seed_survey, actor=SYSTEM)
    text = (shared_dir / SEED_000).read_text(encoding="utf-8")
    seed = re.sub(r"\s", "", text[text.index("【表７】") :])  # the quotes are printed after 表7's title
    rows = list(csv.reader(io.StringIO(command("quotes", seed_survey.slug))))
    assert rows[0] == ["table", "theme", "quote"]
    assert [r[1] for r in rows[1:]] == [
        "カードの利便性向上",
        "カードの利便性向上",
        "周知・広報活動の強化",
        "申請・交付手続の簡素化等",
        "セキュリティ面に不信感を持つ住民への対応",
    ]
    for table, _, quote in rows[1:]:
        assert table == "表6" and quote in seed  # verbatim, line breaks of the PDF aside


def test_create_seed000_says_which_snapshot_and_refuses_outside_the_tolerance(snapshot):
    with pytest.raises(CommandError, match=r"最も近いのは 2022-03-01 時点で 31 日前"):
        command("create-seed000", "r4", "--reference-date", "2022-04-01")
    assert not Survey.objects.exists()  # nothing half-made
    with pytest.raises(CommandError, match="7 日以内"):
        command("create-seed000", "r4", "--reference-date", "2022-04-01", "--tolerance-days", "7")
    out = command("create-seed000", "r4", "--reference-date", "2022-04-01", "--tolerance-days", "31")
    assert "交付状況 2022-03-01 時点（基準日の 31 日前）の数値で回答団体を選びました" in out
    assert "60 団体を回答団体に選びました" in out
    survey = Survey.objects.get(slug="r4")
    assert str(survey.snapshot_as_of) == "2022-03-01" and Quote.objects.count() == len(SEED_000_QUOTES)
    exact = command("create-seed000", "r4-exact", "--reference-date", "2022-03-01")
    assert "交付状況 2022-03-01 時点の数値" in exact


def test_respondents_csv_lists_the_chosen_bodies(seed_survey):
    rows = list(csv.DictReader(io.StringIO(command("respondents", seed_survey.slug))))
    assert len(rows) == 60
    assert list(rows[0]) == [
        "side",
        "category",
        "rank",
        "code",
        "prefecture",
        "municipality",
        "rate",
        "answered",
    ]
    assert [(r["side"], r["category"]) for r in rows[:5]] == [("top", "指定都市")] * 5
    assert rows[30]["side"] == "bottom" and rows[0]["rank"] == "1"
    chosen = {r.municipality.code for r in seed_survey.respondents.select_related("municipality")}
    assert {r["code"] for r in rows} == chosen
    tops = [float(r["rate"]) for r in rows if r["side"] == "top" and r["category"] == "中核市"]
    assert tops == sorted(tops, reverse=True) and {r["answered"] for r in rows} == {"no"}


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
