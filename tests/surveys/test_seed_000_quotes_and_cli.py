"""Issue 19, surveys: the 合計 column of 表6 in the CLI's CSV, 表7's quotes by theme, the snapshot a
survey's respondents were chosen at (refused outside the tolerance) and the respondents CSV."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from kofu.accounts.roles import SYSTEM
from kofu.surveys.models import Quote, Survey
from kofu.surveys.presets import SEED_000_QUOTES, add_seed_000_quotes
from kofu.surveys.services.quotes import quote_add

SEED_000 = "seeds/000_0e9f24c716ca89bf.txt"


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("surveys", *args, stdout=out)
    return out.getvalue()


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


def test_table_6_csv_has_the_total_column_the_seed_prints(answered_survey, shared_dir):
    printed = seed_table_6(shared_dir)
    assert len(printed) >= 14
    rows = list(csv.DictReader(io.StringIO(command("crosstab", answered_survey.slug))))
    ours = {r["row"].removeprefix("表6 "): r for r in rows if r["row"].startswith("表6 ")}
    for label, (top, bottom, total) in printed.items():
        key = unicodedata.normalize("NFKC", label)
        match = next(r for name, r in ours.items() if unicodedata.normalize("NFKC", name) == key)
        assert (int(match["top"]), int(match["bottom"]), int(match["total"])) == (top, bottom, total)


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
