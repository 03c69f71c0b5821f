"""Sizing the smoothing plan (交付円滑化計画) and the prefecture's review of it.

Seed 003 (総行住第181号, 2020-10-27) §1–2 and seed 004 p.10:

* **Remaining** = 住民基本台帳人口 − cumulative cards issued by the end of the base month; the plan
  spreads it over the months after the base month up to the deadline (default 2023-03, 令和4年度末),
  evenly, front-loaded (早期に交付), or as the municipality enters it by hand.
* **Targets** are whole cards and sum exactly to the remaining count: each month gets
  ``floor(remaining × weight ÷ total weight)`` and the cards left over go one each to the earliest
  months. ``even`` weighs every month 1; ``front-loaded`` weighs the n months 2n−1, 2n−2, …, n
  (falling linearly, the first month about twice the last).
* **Opening days** = business days + planned weekend days (:mod:`kofu.rules.calendar`).
* **Windows needed** = ceil(target ÷ (opening days × cards per window per day)). Windows shared
  with other counter work (住民異動など) have their own, lower throughput (§2(2)): the windows the
  municipality shares carry cards first (they are open anyway), as few of them as suffice; dedicated
  windows (カード交付専用窓口) carry the rest. Windows needed = shared windows used + dedicated
  windows needed. Temporary windows outside the office (庁舎外の臨時窓口) count as dedicated.
* A month is **feasible** when the dedicated windows needed do not exceed the dedicated plus
  temporary windows the municipality has; unknown (``None``) when it did not say how many it has.
* **Staff** and **integrated terminals** (統合端末) = ceil(windows needed × ratio); 1 per window
  unless configured.

Reference capacities printed in the seeds: about 80 cards per window per day with trained staff,
and a national ceiling of 3.3 million cards a month (月間三百三十万枚).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

import jpholiday

from kofu.rules.calendar import (
    HolidayCheck,
    YearMonth,
    business_days,
    months_after,
    weekend_days_available,
)
from kofu.rules.plan_measures import WEEKEND_RULES, WeekendRule, weekend_shortfalls
from kofu.rules.rates import rate_percent

REFERENCE_PER_WINDOW_DAILY = 80
NATIONAL_MONTHLY_CEILING = 3_300_000
DEFAULT_DEADLINE = YearMonth(2023, 3)

Rate = int | Fraction


class PlanInputError(ValueError):
    """The plan's inputs are inconsistent; the message is Japanese and says what to fix."""


class Profile(StrEnum):
    EVEN = "even"
    FRONT_LOADED = "front-loaded"


def profile_weights(profile: Profile, months: int) -> list[int]:
    """Integer weights for ``months`` months: ``even`` → 1s; ``front-loaded`` → 2n−1, …, n."""
    if months < 1:
        raise PlanInputError("計画期間が1か月以上必要です")
    if profile is Profile.EVEN:
        return [1] * months
    return [2 * months - 1 - i for i in range(months)]


def distribute(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights``; leftovers one each to the earliest entries.

    >>> distribute(10, [1, 1, 1])
    [4, 3, 3]
    """
    if total < 0:
        raise PlanInputError(f"配分する枚数が負です: {total}")
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise PlanInputError("配分の重みは0以上で、合計が正である必要があります")
    weight_sum = sum(weights)
    shares = [total * w // weight_sum for w in weights]
    leftover = total - sum(shares)  # < len(weights): each share lost less than 1
    for i in range(leftover):
        shares[i] += 1
    return shares


@dataclass(frozen=True)
class Windows:
    """The municipality's issuance windows and their current average cards per window per day.

    ``windows`` (dedicated windows it has) may be ``None`` when not stated: windows needed are still
    computed, feasibility is then unknown.
    """

    per_window_daily: Rate
    windows: int | None = None
    shared_windows: int = 0
    shared_per_window_daily: Rate = 0
    temporary_windows: int = 0

    def validate(self) -> None:
        if self.per_window_daily <= 0:
            raise PlanInputError(
                f"1窓口1日当たりの交付枚数は正の数で指定してください: {self.per_window_daily}"
            )
        if self.windows is not None and self.windows < 0:
            raise PlanInputError(f"窓口数は0以上で指定してください: {self.windows}")
        if self.shared_windows < 0 or self.temporary_windows < 0:
            raise PlanInputError("共用窓口数・臨時窓口数は0以上で指定してください")
        if self.shared_windows > 0 and self.shared_per_window_daily <= 0:
            raise PlanInputError(
                "共用窓口がある場合は、その1窓口1日当たりの交付枚数を正の数で指定してください"
            )


@dataclass(frozen=True)
class Ratios:
    """Staff and integrated terminals per window needed (both 1 by default)."""

    staff_per_window: Fraction = Fraction(1)
    terminals_per_window: Fraction = Fraction(1)


@dataclass(frozen=True)
class PlanMonth:
    month: YearMonth
    target: int
    business_days: int
    weekend_days: int
    shared_windows_used: int
    dedicated_windows_needed: int
    staff_needed: int
    terminals_needed: int
    #: Cards the windows the municipality has can issue this month (None: windows not stated).
    capacity: int | None
    feasible: bool | None

    @property
    def opening_days(self) -> int:
        return self.business_days + self.weekend_days

    @property
    def windows_needed(self) -> int:
        return self.shared_windows_used + self.dedicated_windows_needed


@dataclass(frozen=True)
class Plan:
    population: int
    issued: int
    base_month: YearMonth
    deadline: YearMonth
    windows: Windows
    months: tuple[PlanMonth, ...] = field(default_factory=tuple)

    @property
    def remaining(self) -> int:
        return self.population - self.issued

    @property
    def planned_total(self) -> int:
        return sum(m.target for m in self.months)


def size_month(
    month: YearMonth,
    target: int,
    *,
    windows: Windows,
    weekend_days: int = 0,
    ratios: Ratios = Ratios(),
    is_holiday: HolidayCheck = jpholiday.is_holiday,
) -> PlanMonth:
    """Opening days, windows, staff, terminals and feasibility of one month's target."""
    available = weekend_days_available(month)
    if not 0 <= weekend_days <= available:
        raise PlanInputError(f"{month} の土日開庁日数は0〜{available}日で指定してください: {weekend_days}")
    if target < 0:
        raise PlanInputError(f"{month} の交付枚数が負です: {target}")
    days = business_days(month, is_holiday) + weekend_days
    # Exact integer arithmetic on numerator/denominator (int and Fraction both have them): the
    # same results as Fraction arithmetic, several times faster when sizing every municipality.
    n, d = windows.per_window_daily.numerator, windows.per_window_daily.denominator
    sn, sd = windows.shared_per_window_daily.numerator, windows.shared_per_window_daily.denominator
    shared_used = 0
    rest = target
    if windows.shared_windows and target:
        # ceil(target ÷ (days × sn/sd)); a window's cards in the month = days × sn / sd
        shared_used = min(windows.shared_windows, -(-target * sd // (days * sn)))
        rest = max(0, target - shared_used * days * sn // sd)
    dedicated = -(-rest * d // (days * n)) if rest else 0
    total = shared_used + dedicated
    capacity: int | None = None
    feasible: bool | None = None
    if windows.windows is not None:
        have = windows.windows + windows.temporary_windows
        feasible = dedicated <= have
        capacity = days * (have * n * sd + windows.shared_windows * sn * d) // (d * sd)
    staff, terminals = ratios.staff_per_window, ratios.terminals_per_window
    return PlanMonth(
        month=month,
        target=target,
        business_days=days - weekend_days,
        weekend_days=weekend_days,
        shared_windows_used=shared_used,
        dedicated_windows_needed=dedicated,
        staff_needed=-(-total * staff.numerator // staff.denominator),
        terminals_needed=-(-total * terminals.numerator // terminals.denominator),
        capacity=capacity,
        feasible=feasible,
    )


def compute_plan(
    *,
    population: int,
    issued: int,
    base_month: YearMonth,
    windows: Windows,
    deadline: YearMonth = DEFAULT_DEADLINE,
    profile: Profile | Sequence[int] = Profile.EVEN,
    targets: Sequence[int] | None = None,
    weekend_days: int | Mapping[YearMonth, int] = 0,
    ratios: Ratios = Ratios(),
    is_holiday: HolidayCheck = jpholiday.is_holiday,
) -> Plan:
    """The month-by-month plan from the month after ``base_month`` to ``deadline``.

    ``profile`` is ``even``, ``front-loaded`` or the municipality's own integer weights, one per
    month. ``targets`` entered by hand replace the profile; they need not reach everyone (the
    review's first check says whether they do). ``weekend_days`` is one number for every month or
    a number per month (months left out: 0).
    """
    if population <= 0:
        raise PlanInputError(f"人口は正の整数で指定してください: {population}")
    if issued < 0:
        raise PlanInputError(f"累計交付枚数は0以上で指定してください: {issued}")
    if issued > population:
        raise PlanInputError(f"累計交付枚数（{issued:,}）が人口（{population:,}）を超えています")
    if deadline <= base_month:
        raise PlanInputError(f"期限月（{deadline}）は基準月（{base_month}）より後の月を指定してください")
    windows.validate()
    if ratios.staff_per_window < 0 or ratios.terminals_per_window < 0:
        raise PlanInputError("1窓口当たりの職員数・統合端末数は0以上で指定してください")
    months = months_after(base_month, deadline)
    if targets is not None:
        if len(targets) != len(months):
            raise PlanInputError(
                f"各月の交付枚数は {months[0]}〜{months[-1]} の {len(months)} か月分が必要です（{len(targets)} 件）"
            )
        monthly = list(targets)
    elif isinstance(profile, str):
        try:
            chosen = Profile(profile)
        except ValueError:
            raise PlanInputError(f"配分方法は even または front-loaded です: {profile!r}") from None
        monthly = distribute(population - issued, profile_weights(chosen, len(months)))
    else:
        if len(profile) != len(months):
            raise PlanInputError(f"配分の重みは {len(months)} か月分が必要です（{len(profile)} 件）")
        monthly = distribute(population - issued, profile)
    per_month = weekend_days if isinstance(weekend_days, Mapping) else dict.fromkeys(months, weekend_days)
    sized = tuple(
        size_month(
            month,
            target,
            windows=windows,
            weekend_days=per_month.get(month, 0),
            ratios=ratios,
            is_holiday=is_holiday,
        )
        for month, target in zip(months, monthly, strict=True)
    )
    return Plan(population, issued, base_month, deadline, windows, sized)


# --- The prefecture's review (seed 003 §6) ---------------------------------------------------------

REVIEW_TITLES = {
    1: "交付枚数想定が期限までにほとんどの住民が保有する枚数となっているか",
    2: "現状の1窓口1日当たりの平均交付枚数を踏まえ、十分な窓口数が確保されているか",
    3: "庁舎内での窓口の増設が困難な場合、庁舎外での臨時窓口の開設が予定されているか",
    4: "土日の交付の積極的な実施が予定されているか",
}


@dataclass(frozen=True)
class ReviewCheck:
    number: int
    title: str
    #: True: OK; False: needs advice; None: cannot be judged from what the plan states.
    passed: bool | None
    detail: str


def _percent(part: int, whole: int) -> str:
    return f"{rate_percent(part, whole)}％"


def review_plan(
    plan: Plan,
    *,
    reach_share: Fraction = Fraction(1),
    office_max_windows: int | None = None,
    min_weekend_days: int | None = None,
    weekend_rule: WeekendRule = WEEKEND_RULES[-1],
) -> tuple[ReviewCheck, ...]:
    """The four review points of seed 003 §6, evaluated on ``plan``.

    1. **Reach**: cards issued by the base month plus all monthly targets ≥ ⌈population ×
       ``reach_share``⌉. "ほとんどの住民" is read as *every* resident (``reach_share`` = 1): §1 sets
       the assumption at population − cumulative issued and names no lower share; a prefecture
       that accepts less passes e.g. ``Fraction(95, 100)``.
    2. **Windows**: every month feasible with the windows the municipality has (None if unstated).
    3. **Temporary windows**: passes when no month needs more windows than the office can hold
       (``office_max_windows``), or when temporary windows outside the office are planned;
       fails when some month exceeds the office and none are planned; None if the maximum is unstated.
    4. **Weekends**: every month has the weekend opening days ``weekend_rule`` asks (by default the
       latest seed's: every Saturday and Sunday; :func:`kofu.rules.plan_measures.weekend_rule_on`
       gives the rule in force on a date), or ``min_weekend_days`` in every month when given.
    """
    if not 0 < reach_share <= 1:
        raise PlanInputError(f"到達割合は0より大きく1以下で指定してください: {reach_share}")
    reached = plan.issued + plan.planned_total
    required = math.ceil(plan.population * reach_share)
    checks = [
        ReviewCheck(
            1,
            REVIEW_TITLES[1],
            reached >= required,
            f"{plan.deadline} までの累計交付見込み {reached:,}枚（人口の{_percent(reached, plan.population)}）"
            f"／基準 {required:,}枚（人口 {plan.population:,} の {float(reach_share) * 100:g}％）"
            + (f"、{required - reached:,}枚不足" if reached < required else ""),
        )
    ]

    if plan.windows.windows is None:
        checks.append(
            ReviewCheck(2, REVIEW_TITLES[2], None, "現有の窓口数が記載されていないため判定できません")
        )
    else:
        have = plan.windows.windows + plan.windows.temporary_windows
        short = [m for m in plan.months if m.feasible is False]
        detail = (
            "不足する月: "
            + "、".join(f"{m.month}（専用窓口 必要{m.dedicated_windows_needed}／現有{have}）" for m in short)
            if short
            else f"全ての月で現有の窓口（専用・臨時 {have}、共用 {plan.windows.shared_windows}）で足ります"
        )
        checks.append(ReviewCheck(2, REVIEW_TITLES[2], not short, detail))

    if office_max_windows is None:
        checks.append(
            ReviewCheck(
                3, REVIEW_TITLES[3], None, "庁舎内に設置できる最大窓口数が記載されていないため判定できません"
            )
        )
    else:
        over = [m for m in plan.months if m.windows_needed > office_max_windows]
        listed = "、".join(f"{m.month}（必要{m.windows_needed}）" for m in over)
        if not over:
            passed, detail = True, f"全ての月の必要窓口数が庁舎内の最大窓口数 {office_max_windows} 以内です"
        elif plan.windows.temporary_windows > 0:
            passed, detail = (
                True,
                f"庁舎内の最大 {office_max_windows} を超える月: {listed}。臨時窓口 {plan.windows.temporary_windows} を予定",
            )
        else:
            passed, detail = (
                False,
                f"庁舎内の最大 {office_max_windows} を超える月: {listed}。庁舎外の臨時窓口が予定されていません",
            )
        checks.append(ReviewCheck(3, REVIEW_TITLES[3], passed, detail))

    few, basis = weekend_shortfalls(
        [(m.month, m.weekend_days) for m in plan.months], rule=weekend_rule, fixed=min_weekend_days
    )
    detail = (
        f"基準: {basis}。不足する月: " + "、".join(f"{m}（{days}日／{need}日）" for m, days, need in few)
        if few
        else f"基準: {basis}。全ての月で満たしています"
    )
    checks.append(ReviewCheck(4, REVIEW_TITLES[4], not few, detail))
    return tuple(checks)
