"""``kofu forecast rates / targets / backtest`` on the published months 2021-10 … 2022-09."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("forecast", *args, stdout=out)
    return out.getvalue()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_rates_cover_every_municipality_prefecture_and_the_nation_at_month_ends_after_until(issuance):
    result = rows(run("rates", "--until", "2022-06-30", "--horizon", "3", "--format", "csv"))
    assert list(result[0]) == ["code", "as_of", "rate", "low", "high"]
    codes = {r["code"] for r in result}
    assert len(codes) == 1741 + 47 + 1
    assert {"000000", "450006", "452025", "011002"} <= codes
    assert sorted({r["as_of"] for r in result}) == ["2022-07-31", "2022-08-31", "2022-09-30"]
    assert all(float(r["low"]) <= float(r["rate"]) <= float(r["high"]) for r in result)


def test_rates_use_only_the_months_up_to_until(issuance):
    with_later = run("rates", "--until", "2022-06-30", "--horizon", "2")
    # by the snapshots' ids (one subquery on the small table): the figures' self-join that a filter
    # across the relation deletes through is quadratic on PostgreSQL when its statistics are stale
    later = IssuanceSnapshot.objects.filter(as_of__gt="2022-06-30")
    MunicipalityFigure.objects.filter(snapshot__in=later).delete()
    later.delete()
    assert run("rates", "--until", "2022-06-30", "--horizon", "2") == with_later


def test_the_first_of_a_month_stands_for_the_previous_month_end(issuance):
    result = rows(run("rates", "--until", "2022-03-01", "--horizon", "1", "--level", "nation"))
    assert result == [result[0]] and result[0]["as_of"] == "2022-03-31"


def published_rates(as_of: str) -> dict[str, float]:
    return {
        code: 100 * issued / population
        for code, issued, population in MunicipalityFigure.objects.filter(snapshot__as_of=as_of).values_list(
            "municipality__code", "issued", "population"
        )
    }


def test_the_backtest_scores_the_printed_forecast_and_the_last_increase_baseline(issuance):
    text = run("backtest", "--until", "2022-06-30", "--horizon", "3", "--format", "csv")
    scores = {r["month"]: r for r in rows(text)}
    assert list(scores) == ["2022-07", "2022-08", "2022-09"]
    forecast = {
        (r["code"], r["as_of"]): float(r["rate"])
        for r in rows(run("rates", "--until", "2022-06-30", "--horizon", "3", "--level", "municipality"))
    }
    june, may = published_rates("2022-06-30"), None
    june_counts = dict(
        MunicipalityFigure.objects.filter(snapshot__as_of="2022-06-30").values_list(
            "municipality__code", "issued"
        )
    )
    may = dict(
        MunicipalityFigure.objects.filter(snapshot__as_of="2022-06-01").values_list(
            "municipality__code", "issued"
        )
    )
    population = dict(
        MunicipalityFigure.objects.filter(snapshot__as_of="2022-06-30").values_list(
            "municipality__code", "population"
        )
    )
    for step, (month, as_of) in enumerate([("2022-07", "2022-07-31"), ("2022-08", "2022-08-31")], start=1):
        actual = published_rates(as_of)
        mae = np.mean([abs(forecast[(c, as_of)] - actual[c]) for c in actual])
        baseline = np.mean(
            [
                abs(100 * (june_counts[c] + step * (june_counts[c] - may[c])) / population[c] - actual[c])
                for c in actual
            ]
        )
        assert float(scores[month]["mae"]) == pytest.approx(mae, abs=0.002)  # rates printed to 0.01
        assert float(scores[month]["baseline_mae"]) == pytest.approx(baseline, abs=0.0005)
    assert june  # the June figures exist (the grid's last month)


def test_the_backtest_table_names_months_not_yet_imported(issuance):
    text = run("backtest", "--until", "2022-08-31", "--horizon", "2")
    assert "2022-09" in text and "2022-10  取込済みの公表値がないため採点できません" in text


def test_targets_name_the_month_or_say_reached(issuance):
    result = rows(run("targets", "--level", "nation"))
    assert [r["target"] for r in result] == ["national", "ninety", "nearly-all"]
    assert result[0]["month"] == "reached"  # the nation is its own average
    assert result[1]["month"] == "" or result[1]["month"] > "2022-09"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rates", "--until", "yesterday"], "--until は YYYY-MM-DD で指定してください"),
        (["rates", "--horizon", "0"], "--horizon は1〜60で指定してください"),
        (
            ["rates", "--until", "2021-01-01"],
            "全市区町村分の交付状況（kofu stats import）が取り込まれていません",
        ),
        (
            ["renewals", "--municipality", "999999", "--from", "2024-01-01", "--until", "2024-12-31"],
            "団体コード 999999",
        ),
        (["candidates", "--prefecture", "99"], "都道府県コード 99 の都道府県がありません"),
    ],
)
def test_bad_options_get_a_japanese_message(issuance, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


@pytest.mark.parametrize("action", ["rates", "targets", "backtest", "renewals", "candidates"])
def test_each_action_has_a_bilingual_help_with_an_example(action, tmp_path):
    script = Path(sys.executable).with_name("kofu")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kofu.cli"]
    env = {**os.environ, "KOFU_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    text = subprocess.run(
        [*command, "forecast", action, "--help"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert f"kofu forecast {action} " in text  # the example line
    assert any("\u3040" <= ch <= "\u30ff" for ch in text)  # Japanese
    assert " / " in text and any(
        word in text for word in ("Uses", "The month", "MAE", "Monthly", "Municipalities")
    )
