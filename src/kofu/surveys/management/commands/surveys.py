"""``kofu surveys``: cross-tables of a measure survey, import of answers, the seed 000 preset."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kofu.accounts.roles import System
from kofu.core import spreadsheet
from kofu.core.command_options import date_option
from kofu.surveys.models import Survey
from kofu.surveys.presets import add_seed_000_questions
from kofu.surveys.services.importing import AnswersImportError, answers_import
from kofu.surveys.services.measure import respondents_select, survey_by_ref, survey_create

#: Who the audit log shows for this command's changes.
ACTOR = System("kofu surveys")


class Command(BaseCommand):
    help = (
        "取組調査：クロス集計の出力と回答の取込。 / Measure surveys: cross-tables, answer import.\n"
        "  kofu surveys list                             調査の一覧\n"
        "  kofu surveys crosstab SURVEY --format csv     クロス集計（row,top,bottom,p_value）\n"
        "  kofu surveys import-answers SURVEY FILE       回答（XLSX）を取り込む\n"
        "  kofu surveys create-seed000 SLUG              資料000の調査票で調査を作り回答団体を選ぶ\n"
        "  kofu surveys load-practices                   資料002の出張申請受付の事例を優良事例に登録する"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action",
            required=True,
            metavar="{list,crosstab,import-answers,create-seed000,load-practices}",
        )
        sub.add_parser("list", help="調査の一覧 / list surveys")
        sub.add_parser(
            "load-practices",
            help="資料002の出張申請受付の事例を優良事例に登録する（登録済みは飛ばす） / load seed 002's best practices",
        )
        cross = sub.add_parser(
            "crosstab",
            help="上位・下位団体のクロス集計を出力する / print the cross-table",
            description=(
                "行ごとに交付率上位・下位の団体数と Fisher の正確確率検定（両側）の p 値を出力します。"
                "計の行など 2×2 の表でない行の p 値は空欄です。 / One line per row: top, bottom and the "
                "two-sided Fisher exact p-value (empty for rows that are not a 2×2 table)."
            ),
        )
        cross.add_argument("survey", metavar="SURVEY", help="調査の識別名または ID / survey slug or id")
        cross.add_argument("--format", dest="fmt", choices=["csv"], default="csv", help="出力形式（csv）")
        imp = sub.add_parser(
            "import-answers",
            help="回答（XLSX）を取り込む / import answers from XLSX",
            description=(
                "1行目に「団体コード」と設問の列名、2行目以降に回答団体ごとの回答。全行を1トランザクションで"
                "取り込み、誤りがあれば何も変更せず、ファイル・行・列ごとの誤りを表示して終了コード1を返します。"
                " / All rows in one transaction; any error changes nothing and exits 1."
            ),
        )
        imp.add_argument("survey", metavar="SURVEY", help="調査の識別名または ID / survey slug or id")
        imp.add_argument("file", metavar="FILE", help="回答の XLSX ファイル")
        seed = sub.add_parser(
            "create-seed000",
            help="資料000の調査票（表1〜表6）で調査を作り、回答団体を選ぶ / create the seed 000 survey",
        )
        seed.add_argument("slug", metavar="SLUG", help="調査の識別名（半角英数字とハイフン）")
        seed.add_argument(
            "--reference-date", default=None, help="回答団体を選ぶ基準日 YYYY-MM-DD（既定: 最新の時点）"
        )
        seed.add_argument("--title", default="交付率上位・下位団体の取組調査", help="調査名")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            for s in Survey.objects.all():
                self.stdout.write(f"{s.pk}\t{s.slug}\t{s.title}\t回答団体 {s.respondents.count()}")
            return
        if action == "load-practices":
            from kofu.surveys.practices_002 import load_seed_002_practices

            self.stdout.write(f"優良事例を {load_seed_002_practices(actor=ACTOR)} 件登録しました")
            return
        if action == "create-seed000":
            self._create_seed000(options)
            return

        try:
            survey = survey_by_ref(options["survey"])
        except Survey.DoesNotExist as exc:
            raise CommandError(str(exc)) from None
        if action == "crosstab":
            from kofu.surveys.crosstab import build_crosstab

            writer = spreadsheet.csv_writer(self.stdout, lineterminator="\n")
            writer.writerow(["row", "top", "bottom", "p_value"])
            for row in build_crosstab(survey).csv_rows():
                writer.writerow(row)
            return

        try:
            count = answers_import(survey=survey, path=options["file"], actor=ACTOR)
        except FileNotFoundError:
            raise CommandError(f"ファイルがありません: {options['file']}") from None
        except AnswersImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            sys.exit(1)
        self.stdout.write(f"{count} 団体の回答を取り込みました（{survey.slug}）")

    def _create_seed000(self, options: dict[str, Any]) -> None:
        reference = date_option(options["reference_date"], "--reference-date")
        try:
            with transaction.atomic():
                survey = survey_create(
                    slug=options["slug"], title=options["title"], reference_date=reference, actor=ACTOR
                )
                add_seed_000_questions(survey=survey, actor=ACTOR)
                respondents = respondents_select(survey=survey, actor=ACTOR)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"調査 {survey.slug} を作成し、{len(respondents)} 団体を回答団体に選びました")
