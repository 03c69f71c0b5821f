"""``kofu surveys``: cross-tables, quotes and respondents of a measure survey, answer import, the seed
000 preset, seed 002's best practices and the staff acquisition workbook (様式1/2)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kofu.accounts.roles import System
from kofu.core import spreadsheet
from kofu.core.command_options import date_option
from kofu.core.tabular import ImportRefused
from kofu.surveys import selectors
from kofu.surveys.crosstab import CSV_HEADER, build_crosstab
from kofu.surveys.models import Survey
from kofu.surveys.practices_002 import load_seed_002_practices
from kofu.surveys.presets import add_seed_000_questions, add_seed_000_quotes
from kofu.surveys.services.importing import answers_import
from kofu.surveys.services.measure import respondents_select, survey_by_ref, survey_create
from kofu.surveys.services.staff_workbook import staff_workbook_import, staff_workbook_write

#: Who the audit log shows for this command's changes.
ACTOR = System("kofu surveys")

ACTIONS = [
    "list", "crosstab", "quotes", "respondents", "import-answers", "create-seed000", "load-practices",
    "staff-template", "staff-import",
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "取組調査：クロス集計・意見抜粋・回答団体の出力と回答の取込、職員取得状況の様式。 / Measure surveys, "
        "quotes, respondents, answer import; the staff acquisition workbook.\n"
        "  kofu surveys list                                        調査の一覧\n"
        "  kofu surveys crosstab SURVEY --format csv                クロス集計（row,top,bottom,total,p_value）\n"
        "  kofu surveys quotes SURVEY                               意見抜粋（表7）の CSV（table,theme,quote）\n"
        "  kofu surveys respondents SURVEY                          回答団体の CSV\n"
        "  kofu surveys import-answers SURVEY FILE                  回答（XLSX）を取り込む\n"
        "  kofu surveys create-seed000 r4 --reference-date 2022-04-01 --tolerance-days 31\n"
        "                                                           資料000の調査票で調査を作り回答団体を選ぶ\n"
        "  kofu surveys load-practices                              資料002の優良事例を登録する\n"
        "  kofu surveys staff-template staff.xlsx --as-of 2022-03-31 --kind fire_hq\n"
        "                                                           職員取得状況（様式1/2）の記入用 XLSX を書き出す\n"
        "  kofu surveys staff-import staff.xlsx                     記入済みの様式を取り込む"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{" + ",".join(ACTIONS) + "}")
        sub.add_parser("list", help="調査の一覧 / list surveys")
        sub.add_parser(
            "load-practices",
            help="資料002の優良事例（約30件）を登録する（登録済みは飛ばす） / load seed 002's best practices",
        )
        cross = sub.add_parser(
            "crosstab",
            help="上位・下位団体のクロス集計を出力する / print the cross-table",
            description=(
                "行ごとに交付率上位・下位の団体数、合計と Fisher の正確確率検定（両側）の p 値を出力します。"
                "計の行など 2×2 の表でない行の p 値は空欄です。 / One line per row: top, bottom, total and the "
                "two-sided Fisher exact p-value (empty for rows that are not a 2×2 table)."
            ),
        )
        cross.add_argument("survey", metavar="SURVEY", help="調査の識別名または ID / survey slug or id")
        cross.add_argument("--format", dest="fmt", choices=["csv"], default="csv", help="出力形式（csv）")
        quotes = sub.add_parser(
            "quotes",
            help="自由記述の意見抜粋（資料000 表7）を類型ごとに CSV で出力する / print the coded quotes",
        )
        quotes.add_argument("survey", metavar="SURVEY", help="調査の識別名または ID / survey slug or id")
        respondents = sub.add_parser(
            "respondents",
            help="選ばれた回答団体を CSV で出力する / print the chosen respondents as CSV",
            description="列: side,category,rank,code,prefecture,municipality,rate,answered",
        )
        respondents.add_argument("survey", metavar="SURVEY", help="調査の識別名または ID / survey slug or id")
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
            help="資料000の調査票（表1〜表7）で調査を作り、回答団体を選ぶ / create the seed 000 survey",
            description=(
                "基準日以前で最も新しい交付状況で回答団体を選び、使った時点を表示します。基準日より"
                "許容日数を超えて古い時点しかなければ何も作らずに終了します。 / Uses the latest snapshot on "
                "or before the reference date and says which; refuses one older than the tolerance."
            ),
        )
        seed.add_argument("slug", metavar="SLUG", help="調査の識別名（半角英数字とハイフン）")
        seed.add_argument(
            "--reference-date", default=None, help="回答団体を選ぶ基準日 YYYY-MM-DD（既定: 最新の時点）"
        )
        seed.add_argument(
            "--tolerance-days",
            type=int,
            default=0,
            help="基準日より何日前の時点まで使うか（既定 0: 基準日の時点だけ） / days of tolerance",
        )
        seed.add_argument("--title", default="交付率上位・下位団体の取組調査", help="調査名")
        template = sub.add_parser(
            "staff-template",
            help="職員取得状況（資料002 様式1/2）の記入用 XLSX を書き出す / write the staff workbook",
            description=(
                "登録済みの組織・部署ごとに1行。時点の報告があれば数値も入ります。 / One row per department."
            ),
        )
        template.add_argument("file", metavar="FILE", help="書き出す XLSX ファイル")
        template.add_argument("--as-of", required=True, help="時点 YYYY-MM-DD（様式1: 12月末、様式2: 3月末）")
        template.add_argument("--prefecture", default=None, help="都道府県名で絞り込む（例: 兵庫県）")
        template.add_argument(
            "--kind", default=None, choices=["local_government", "fire_hq", "other"], help="組織の種別"
        )
        staff_import = sub.add_parser(
            "staff-import",
            help="記入済みの職員取得状況（XLSX）を取り込む / import the filled staff workbook",
            description=(
                "全行を1トランザクションで取り込み、誤りがあれば何も変更せず、行・列ごとの誤りを表示して"
                "終了コード1を返します。未登録の組織・部署は登録します。 / All rows or none."
            ),
        )
        staff_import.add_argument("file", metavar="FILE", help="記入済みの XLSX ファイル")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            for s in Survey.objects.all():
                self.stdout.write(f"{s.pk}\t{s.slug}\t{s.title}\t回答団体 {s.respondents.count()}")
        elif action == "load-practices":
            self.stdout.write(f"優良事例を {load_seed_002_practices(actor=ACTOR)} 件登録しました")
        elif action == "create-seed000":
            self._create_seed000(options)
        elif action == "staff-template":
            self._staff_template(options)
        elif action == "staff-import":
            self._run_import(
                lambda: staff_workbook_import(path=options["file"], actor=ACTOR), options["file"]
            )
        else:
            self._survey_action(action, options)

    def _survey_action(self, action: str, options: dict[str, Any]) -> None:
        try:
            survey = survey_by_ref(options["survey"])
        except Survey.DoesNotExist as exc:
            raise CommandError(str(exc)) from None
        writer = spreadsheet.csv_writer(self.stdout, lineterminator="\n")
        if action == "crosstab":
            writer.writerow(CSV_HEADER)
            writer.writerows(build_crosstab(survey).csv_rows())
        elif action == "quotes":
            writer.writerow(["table", "theme", "quote"])
            for table in selectors.quote_tables(survey):
                writer.writerows(table.csv_rows())
        elif action == "respondents":
            writer.writerow(selectors.RESPONDENT_HEADER)
            writer.writerows(selectors.respondent_rows(survey))
        else:
            self._run_import(
                lambda: (
                    f"{answers_import(survey=survey, path=options['file'], actor=ACTOR)} 団体の回答を"
                    f"取り込みました（{survey.slug}）"
                ),
                options["file"],
            )

    def _run_import(self, run: Callable[[], str], file: str) -> None:
        try:
            message = run()
        except FileNotFoundError:
            raise CommandError(f"ファイルがありません: {file}") from None
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            sys.exit(1)
        self.stdout.write(message)

    def _create_seed000(self, options: dict[str, Any]) -> None:
        reference = date_option(options["reference_date"], "--reference-date")
        if options["tolerance_days"] < 0:
            raise CommandError("--tolerance-days は0以上にしてください")
        try:
            with transaction.atomic():
                survey = survey_create(
                    slug=options["slug"], title=options["title"], reference_date=reference, actor=ACTOR
                )
                add_seed_000_questions(survey=survey, actor=ACTOR)
                add_seed_000_quotes(survey=survey, actor=ACTOR)
                chosen = respondents_select(
                    survey=survey,
                    tolerance_days=options["tolerance_days"] if reference else None,
                    actor=ACTOR,
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        used = survey.snapshot_as_of
        assert used is not None
        gap = f"（基準日の {(reference - used).days} 日前）" if reference and reference != used else ""
        self.stdout.write(f"交付状況 {used.isoformat()} 時点{gap}の数値で回答団体を選びました")
        self.stdout.write(f"調査 {survey.slug} を作成し、{len(chosen)} 団体を回答団体に選びました")

    def _staff_template(self, options: dict[str, Any]) -> None:
        count = staff_workbook_write(
            path=options["file"],
            as_of=date_option(options["as_of"], "--as-of"),
            prefecture=options["prefecture"],
            kind=options["kind"],
            actor=ACTOR,
        )
        self.stdout.write(f"{count} 部署の行を {options['file']} に書き出しました")
