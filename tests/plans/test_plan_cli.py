"""``kofu plan compute`` and ``kofu plan review``: the stable CSV and the Japanese refusals."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

BASE = [
    "--population",
    "10001",
    "--issued",
    "4000",
    "--base-month",
    "2022-12",
    "--deadline",
    "2023-03",
    "--per-window-daily",
    "30",
    "--weekend-days-per-month",
    "2",
]

# 6,001 cards over 2023-01..03: 2,001 + 2,000 + 2,000 (the leftover card goes to January).
# Opening days: January 19 business days (closure 1/2–1/3, 成人の日 1/9) + 2 = 21;
# February 19 (天皇誕生日 2/23) + 2 = 21; March 22 (春分の日 3/21) + 2 = 24.
# Windows: ⌈2001 ÷ (21 × 30)⌉ = ⌈3.18⌉ = 4, ⌈2000 ÷ 630⌉ = 4, ⌈2000 ÷ 720⌉ = ⌈2.78⌉ = 3.
EXPECTED = (
    "month,target,opening_days,windows_needed,feasible\n"
    "2023-01,2001,21,4,false\n"
    "2023-02,2000,21,4,false\n"
    "2023-03,2000,24,3,true\n"
)


def plan(*args: str) -> str:
    out = io.StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_compute_prints_one_row_per_month_with_the_stable_header() -> None:
    assert plan("compute", *BASE, "--windows", "3", "--format", "csv") == EXPECTED


def test_feasible_is_left_empty_when_the_window_count_is_not_given() -> None:
    output = plan("compute", *BASE, "--format", "csv")

    assert output.splitlines()[1] == "2023-01,2001,21,4,"
    assert {row["feasible"] for row in rows(output)} == {""}


def test_the_deadline_defaults_to_march_2023() -> None:
    output = plan(
        "compute",
        "--population",
        "1000",
        "--issued",
        "0",
        "--base-month",
        "2022-09",
        "--per-window-daily",
        "80",
    )

    assert [row["month"] for row in rows(output)] == [
        "2022-10",
        "2022-11",
        "2022-12",
        "2023-01",
        "2023-02",
        "2023-03",
    ]


def test_front_loaded_targets_sum_exactly_and_fall() -> None:
    output = plan(
        "compute", "--population", "123457", "--issued", "0", "--base-month", "2022-03", "--per-window-daily", "80",
        "--profile", "front-loaded",
    )  # fmt: skip
    targets = [int(row["target"]) for row in rows(output)]

    assert len(targets) == 12
    assert sum(targets) == 123457
    assert targets == sorted(targets, reverse=True)
    assert targets[0] > 1.8 * targets[-1]


def test_targets_can_be_entered_by_hand() -> None:
    output = plan("compute", *BASE, "--targets", "3000,2000,1001")

    assert [row["target"] for row in rows(output)] == ["3000", "2000", "1001"]


def test_detail_adds_staff_terminals_and_capacity_after_the_stable_columns() -> None:
    output = plan("compute", *BASE, "--windows", "3", "--staff-per-window", "1.5", "--detail")
    first = rows(output)[0]

    assert output.startswith("month,target,opening_days,windows_needed,feasible,")
    assert first["business_days"] == "19"
    assert first["weekend_days"] == "2"
    assert (first["staff_needed"], first["terminals_needed"]) == ("6", "4")
    assert first["capacity"] == str(21 * 30 * 3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--population", "100", "--issued", "200", "--base-month", "2022-04", "--per-window-daily", "80"], "人口（100）を超えています"),
        (["--population", "100", "--issued", "0", "--base-month", "2023-04", "--deadline", "2023-03",
          "--per-window-daily", "80"], "より後の月"),
        (["--population", "100", "--issued", "0", "--base-month", "2022-04", "--per-window-daily", "0"], "正の数"),
        (["--population", "100", "--issued", "0", "--base-month", "2022-04", "--per-window-daily", "-3"], "正の数"),
        (["--population", "100", "--issued", "0", "--base-month", "2022-4", "--per-window-daily", "80"], "YYYY-MM"),
        (["--population", "100", "--issued", "0", "--base-month", "2022-13", "--per-window-daily", "80"], "01〜12"),
        (["--population", "100", "--issued", "0", "--base-month", "2022-04", "--deadline", "令和5年3月",
          "--per-window-daily", "80"], "YYYY-MM"),
        (["--population", "百", "--issued", "0", "--base-month", "2022-04", "--per-window-daily", "80"], "整数"),
        (["--population", "100", "--issued", "0", "--base-month", "2022-04", "--per-window-daily", "80",
          "--weekend-days-per-month", "9"], "土日開庁日数"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_japanese_message(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        plan("compute", *args)


def test_review_prints_the_four_checks() -> None:
    output = plan("review", *BASE, "--windows", "3", "--office-max-windows", "3", "--min-weekend-days", "2")
    checks = rows(output)

    assert output.startswith("check,result,title,detail\n")
    assert [(c["check"], c["result"]) for c in checks] == [
        ("1", "ok"),
        ("2", "fail"),
        ("3", "fail"),
        ("4", "ok"),
    ]
    assert "2023-01" in checks[1]["detail"]


def test_review_reports_unknown_where_the_plan_does_not_say() -> None:
    checks = rows(plan("review", *BASE, "--min-weekend-days", "1"))

    assert [c["result"] for c in checks] == ["ok", "unknown", "unknown", "ok"]


def test_review_takes_the_weekend_rule_in_force_on_the_date_given() -> None:
    # 2023-01..03 have 4 Saturdays each (1/1 Sunday and 12/31 are in the closure) and 8 weekend days.
    four = [*BASE[:-1], "4"]
    assert rows(plan("review", *four, "--on", "2020-10-26"))[3]["result"] == "ok"  # no rule yet
    under_2020 = rows(plan("review", *four, "--on", "2021-01-15"))[3]
    assert under_2020["result"] == "ok" and "総行住第181号" in under_2020["detail"]
    by_default = rows(plan("review", *four))[3]  # today: every Saturday and Sunday (2021-12-09)
    assert by_default["result"] == "fail" and "2023-01（4日／8日）" in by_default["detail"]
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        plan("review", *four, "--on", "2021/01/15")


def test_review_takes_the_reach_share_in_percent() -> None:
    short = [*BASE, "--targets", "1000,1000,1000"]  # 4,000 + 3,000 = 7,000 of 10,001

    assert rows(plan("review", *short))[0]["result"] == "fail"
    assert rows(plan("review", *short, "--reach-share", "69.99"))[0]["result"] == "ok"
    with pytest.raises(CommandError, match="到達割合"):
        plan("review", *short, "--reach-share", "0")


def kofu(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("kofu")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "kofu.cli"]
    env = {**os.environ, "KOFU_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([*argv, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_installed_kofu_command_prints_the_same_csv(tmp_path: Path) -> None:
    result = kofu("plan", "compute", *BASE, "--windows", "3", "--format", "csv", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED


def test_the_installed_kofu_command_refuses_bad_input_without_a_traceback(tmp_path: Path) -> None:
    result = kofu(
        "plan", "compute", "--population", "100", "--issued", "200", "--base-month", "2022-04",
        "--per-window-daily", "80", "--format", "csv", data_dir=tmp_path,
    )  # fmt: skip

    assert result.returncode != 0
    assert "累計交付枚数（200）が人口（100）を超えています" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
