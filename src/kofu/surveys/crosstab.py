"""The cross-tables of a measure survey: top vs bottom per row, Fisher's exact p and effect sizes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from kofu.rules import surveys as rules
from kofu.rules.categories import Category
from kofu.surveys.models import Answer, Option, Question, Respondent, Survey
from kofu.surveys.statistics import fisher_p

CATEGORY_ORDER = [c.value for c in Category]
#: The columns of the cross-table CSV (web and ``kofu surveys crosstab``); ``total`` is the 合計 column.
CSV_HEADER = ["row", "top", "bottom", "total", "p_value"]


@dataclass
class ResultRow:
    row: rules.Row
    p_value: float | None = None
    odds_ratio: Decimal | None = None
    haldane: bool = False
    difference_points: Decimal | None = None
    emphasis: bool = False  # a total row

    @property
    def label(self) -> str:
        return self.row.label

    @property
    def total(self) -> int:
        return self.row.top + self.row.bottom

    @property
    def p_text(self) -> str:
        if self.p_value is None:
            return ""
        return f"{self.p_value:.3f}" if self.p_value >= 0.001 else "<0.001"

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05


@dataclass
class Section:
    question: Question
    rows: list[ResultRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        prefix = f"{self.question.table} " if self.question.table else ""
        return f"{prefix}問{self.question.position} {self.question.text}"


@dataclass
class CrossTable:
    survey: Survey
    top_n: int
    bottom_n: int
    answered_top: int
    answered_bottom: int
    sections: list[Section]

    def csv_rows(self) -> list[tuple[str, int, int, int, str]]:
        """(row, top, bottom, total, p_value): the columns the web page shows, 合計 included."""
        out = []
        for section in self.sections:
            prefix = section.question.table or f"問{section.question.position}"
            for r in section.rows:
                p = "" if r.p_value is None else f"{r.p_value:.6g}"
                out.append((f"{prefix} {r.label}", r.row.top, r.row.bottom, r.total, p))
        return out


def _ticked(option: Option) -> Callable[[Answer | None], bool]:
    """Whether an answer ticked ``option``."""
    return lambda answer: bool(answer and option in answer.choices.all())


def _ticked_any(options: set[int]) -> Callable[[Answer | None], bool]:
    """Whether an answer ticked any of ``options`` (their ids)."""
    return lambda answer: bool(answer and any(c.pk in options for c in answer.choices.all()))


def _measured(row: rules.Row, emphasis: bool = False) -> ResultRow:
    result = ResultRow(row=row, emphasis=emphasis)
    if not row.testable:
        return result
    result.p_value = fisher_p(row)
    (a, b), (c, d) = rules.two_by_two(row)
    ratio = rules.odds_ratio(a, b, c, d)
    if ratio is not None:
        result.odds_ratio = rules.round_half_up(ratio, 2)
        result.haldane = rules.haldane_corrected(a, b, c, d)
    diff = rules.proportion_difference(row)
    if diff is not None:
        result.difference_points = rules.round_half_up(diff * 100, 1)
    return result


def build_crosstab(survey: Survey) -> CrossTable:
    respondents = list(survey.respondents.all())
    answers: dict[tuple[int, int], Answer] = {
        (a.respondent_id, a.question_id): a
        for a in Answer.objects.filter(respondent__survey=survey).prefetch_related("choices")
    }
    sides = {rules.TOP: [r for r in respondents if r.side == Respondent.Side.TOP]}
    sides[rules.BOTTOM] = [r for r in respondents if r.side == Respondent.Side.BOTTOM]
    answered = {s: sum(1 for r in rs if r.submitted_at) for s, rs in sides.items()}
    sections = []
    for question in survey.questions.prefetch_related("options"):
        section = Section(question)

        def flags(
            predicate: Callable[[Answer | None], bool], subset: str | None = None, q: Question = question
        ) -> dict[str, list[bool]]:
            return {
                side: [
                    predicate(answers.get((r.pk, q.pk))) for r in rs if subset is None or r.category == subset
                ]
                for side, rs in sides.items()
            }

        if question.kind == Question.Kind.YES_NO:
            is_yes = lambda a: bool(a and a.yes)  # noqa: E731
            if question.by_category:
                present = [c for c in CATEGORY_ORDER if any(r.category == c for r in respondents)]
                for category in present:
                    section.rows.append(_measured(rules.count_row(category, flags(is_yes, category))))
                section.rows.append(_measured(rules.count_row("合計", flags(is_yes)), emphasis=True))
            else:
                yes = rules.count_row(question.yes_label, flags(is_yes))
                section.rows.append(_measured(yes))
                no = rules.Row(
                    question.no_label,
                    yes.top_n - yes.top,
                    yes.bottom_n - yes.bottom,
                    yes.top_n,
                    yes.bottom_n,
                    False,
                )
                section.rows.append(ResultRow(no))
                section.rows.append(
                    ResultRow(
                        rules.Row("計", yes.top_n, yes.bottom_n, yes.top_n, yes.bottom_n, False),
                        emphasis=True,
                    )
                )
        elif question.kind == Question.Kind.COUNT:
            has = rules.count_row("1以上の団体数", flags(lambda a: bool(a and a.count)))
            section.rows.append(_measured(has))
            sums = {
                s: sum(
                    (answers[(r.pk, question.pk)].count or 0) for r in rs if (r.pk, question.pk) in answers
                )
                for s, rs in sides.items()
            }
            section.rows.append(
                ResultRow(
                    rules.Row(
                        "合計件数", sums[rules.TOP], sums[rules.BOTTOM], has.top_n, has.bottom_n, False
                    ),
                    emphasis=True,
                )
            )
        else:
            options = list(question.options.all())
            option_rows = []
            for option in options:
                row = rules.count_row(option.label, flags(_ticked(option)))
                option_rows.append(row)
                section.rows.append(_measured(row))
            section.rows.append(ResultRow(rules.sum_row("計", option_rows), emphasis=True))
            groups = sorted({o.group for o in options if o.group})
            for group in groups:
                members = {o.pk for o in options if o.group == group}
                municipalities = rules.count_row(
                    f"{group}を実施した団体数",
                    flags(_ticked_any(members)),
                )
                section.rows.append(_measured(municipalities, emphasis=True))
                in_group = [r for r, o in zip(option_rows, options, strict=True) if o.pk in members]
                section.rows.append(ResultRow(rules.sum_row(f"{group}の件数", in_group), emphasis=True))
        sections.append(section)
    return CrossTable(
        survey=survey,
        top_n=len(sides[rules.TOP]),
        bottom_n=len(sides[rules.BOTTOM]),
        answered_top=answered[rules.TOP],
        answered_bottom=answered[rules.BOTTOM],
        sections=sections,
    )
