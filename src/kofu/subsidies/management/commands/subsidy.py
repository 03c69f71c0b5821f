"""``kofu subsidy``: base amounts and caps of the マイナンバーカード交付事務費補助金."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.accounts.roles import System
from kofu.core import spreadsheet
from kofu.core.command_options import date_argument
from kofu.registry.models import Prefecture
from kofu.rules import subsidy
from kofu.subsidies import arguments, exports
from kofu.subsidies.models import Claim
from kofu.subsidies.selectors import SnapshotProblem, database_ready, receipt_base_all, unit_price_overrides
from kofu.subsidies.selectors.claims import claim_statement, claim_summary
from kofu.subsidies.services import SubsidyInputError, unit_price_ceiling_set

BASE_ALL_HEADER = ["code", "name", "issued", "base"]


#: The command line runs as the operator (every claim; the audit log names the command).
ACTOR = System("kofu subsidy")


class Command(BaseCommand):
    help = (
        "補助金の算定：受取勧奨の基準額、宣伝及び集客経費の上限額。 / Subsidy amounts: the receipt-"
        "encouragement base amount and the publicity cap.\n"
        "  kofu subsidy base --issued N --total-issued N --municipalities N --budget N   1団体の基準額（円）\n"
        "  kofu subsidy base-all --as-of YYYY-MM-DD --from YYYY-MM-DD --budget N --format csv   全団体\n"
        "  kofu subsidy publicity-cap --fiscal-year YYYY --unit-price N --at-counter N ...   上限額（円）\n"
        "  kofu subsidy claims --fiscal-year YYYY [--prefecture NN] --format csv|xlsx   実績報告の集計\n"
        "  kofu subsidy statement --code CODE --fiscal-year YYYY   1団体の補助対象額の明細（計算式つき）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action",
            required=True,
            metavar="{base,base-all,publicity-cap,ceilings,set-ceiling,claims,statement}",
        )
        per_municipality_help = (
            f"ⅰ: 1団体当たりの額（円、既定 {subsidy.PER_MUNICIPALITY}） / fixed amount per municipality"
        )

        base = sub.add_parser(
            "base",
            help="受取勧奨の基準額（1団体）を円で出力する / print one municipality's base amount in yen",
            description=(
                "個人番号カードの受取勧奨のための周知広報の基準額 ⅰ＋（（別に定める額－ⅱ）×ⅲ／ⅳ）を、"
                "千円未満を切り捨てて円で出力します（ⅱ＝ⅰ×市区町村数）。--actual を指定すると、"
                "実支出額と基準額の少ない方（補助対象額）を出力します。 / Prints the base amount "
                "i + (T - ii) x iii / iv in yen, truncated below 1,000 yen (ii = i x municipalities); "
                "with --actual, the subsidy: the smaller of the actual spend and the base."
            ),
        )
        base.add_argument(
            "--issued",
            type=arguments.integer,
            required=True,
            help="ⅲ: その団体の期間中の交付枚数 / cards issued",
        )
        base.add_argument(
            "--total-issued",
            dest="total_issued",
            type=arguments.integer,
            required=True,
            help="ⅳ: 全市区町村の交付枚数の合計 / national sum of iii",
        )
        base.add_argument(
            "--municipalities",
            type=arguments.integer,
            required=True,
            help="市区町村数（ⅱ＝ⅰ×市区町村数） / number of municipalities",
        )
        base.add_argument(
            "--budget",
            type=arguments.integer,
            required=True,
            help="別に定める額（円、例 1000000000） / budget T in yen",
        )
        base.add_argument(
            "--per-municipality",
            dest="per_municipality",
            type=arguments.integer,
            default=subsidy.PER_MUNICIPALITY,
            help=per_municipality_help,
        )
        base.add_argument(
            "--actual", type=arguments.integer, default=None, help="実支出額（円） / actual spend in yen"
        )

        every = sub.add_parser(
            "base-all",
            help="全市区町村の受取勧奨の基準額を CSV で出力する / print every municipality's base amount",
            description=(
                "取込済みの2時点（全市区町村分）の交付枚数の差を期間中の交付枚数（ⅲ）として、全市区町村の"
                "基準額を code,name,issued,base の CSV で出力します。合計などは標準エラーへ。 / Prints "
                "code,name,issued,base for every municipality; issued = cards at --as-of minus cards at "
                "--from, from two complete imported snapshots. Totals go to stderr."
            ),
        )
        every.add_argument(
            "--as-of", dest="as_of", type=date_argument, required=True, help="期間の終わりの時点 YYYY-MM-DD"
        )
        every.add_argument(
            "--from", dest="start", type=date_argument, required=True, help="期間の始まりの時点 YYYY-MM-DD"
        )
        every.add_argument(
            "--budget", type=arguments.integer, required=True, help="別に定める額（円） / budget T in yen"
        )
        every.add_argument(
            "--per-municipality",
            dest="per_municipality",
            type=arguments.integer,
            default=subsidy.PER_MUNICIPALITY,
            help=per_municipality_help,
        )
        every.add_argument("--format", dest="fmt", choices=["csv"], default="csv", help="出力形式（csv）")
        every.add_argument(
            "-o", "--output", default=None, help="出力ファイル（既定: 標準出力） / output file"
        )

        cap = sub.add_parser(
            "publicity-cap",
            help="宣伝及び集客経費の上限額を円で出力する / print the publicity and attraction cap in yen",
            description=(
                "申請時来庁方式・出張申請受付方式・申請サポート方式の受付件数の合計×単価を円で出力します。"
                "単価の上限は年度ごと（既定: 1,000円、2021・2022年度は2,000円。set-ceiling で変更）。"
                "--actual を指定すると実支出額と上限額の少ない方を出力します。 / Prints (applications "
                "at counter + outreach + support) x unit price; the unit price may not exceed the fiscal "
                "year's ceiling. With --actual, prints the smaller of the actual spend and the cap."
            ),
        )
        cap.add_argument(
            "--fiscal-year",
            dest="fiscal_year",
            type=arguments.fiscal_year,
            required=True,
            help="年度（西暦、4月始まり。例 2021 = 令和3年度） / fiscal year starting in April",
        )
        cap.add_argument(
            "--unit-price",
            dest="unit_price",
            type=arguments.integer,
            required=True,
            help="団体の取組状況に応じた単価（円） / the municipality's unit price in yen",
        )
        cap.add_argument(
            "--at-counter",
            dest="at_counter",
            type=arguments.integer,
            default=0,
            help="申請時来庁方式の受付件数",
        )
        cap.add_argument("--outreach", type=arguments.integer, default=0, help="出張申請受付方式の受付件数")
        cap.add_argument("--support", type=arguments.integer, default=0, help="申請サポート方式の受付件数")
        cap.add_argument(
            "--actual", type=arguments.integer, default=None, help="実支出額（円） / actual spend in yen"
        )

        sub.add_parser(
            "ceilings",
            help="宣伝及び集客の上限単価（年度別）を一覧する / list the unit-price ceilings by fiscal year",
        )
        ceiling = sub.add_parser(
            "set-ceiling",
            help="ある年度の上限単価を設定する / set one fiscal year's unit-price ceiling",
        )
        ceiling.add_argument(
            "--fiscal-year",
            dest="fiscal_year",
            type=arguments.fiscal_year,
            required=True,
            help="年度（西暦）",
        )
        ceiling.add_argument(
            "--max-unit-price",
            dest="max_unit_price",
            type=arguments.integer,
            required=True,
            help="上限単価（円）",
        )
        ceiling.add_argument("--note", default="", help="備考（根拠通知など）")

        claims = sub.add_parser(
            "claims",
            help="実績報告（申請）の集計を出力する / print the claims of a fiscal year with payable amounts",
            description=(
                "ある年度の全団体（--prefecture で1都道府県）の実績報告を code,name,fiscal_year,status,"
                "actual,payable の CSV（または -o で XLSX）で出力します。補助対象額は明細と同じ計算です。 / "
                "Prints every claim of a fiscal year with its actual spend and payable amount."
            ),
        )
        claims.add_argument(
            "--fiscal-year",
            dest="fiscal_year",
            type=arguments.fiscal_year,
            required=True,
            help="年度（西暦）",
        )
        claims.add_argument("--prefecture", default=None, help="都道府県コード（2桁） / prefecture code")
        claims.add_argument("--format", dest="fmt", choices=["csv", "xlsx"], default="csv", help="出力形式")
        claims.add_argument(
            "-o", "--output", default=None, help="出力ファイル（xlsx では必須） / output file"
        )

        statement = sub.add_parser(
            "statement",
            help="1団体の補助対象額の明細を計算式つきで出力する / print one claim's statement with formulas",
        )
        statement.add_argument("--code", required=True, help="団体コード（6桁）")
        statement.add_argument(
            "--fiscal-year",
            dest="fiscal_year",
            type=arguments.fiscal_year,
            required=True,
            help="年度（西暦）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "base":
                self.base(options)
            elif action == "base-all":
                self.base_all(options)
            elif action == "publicity-cap":
                self.publicity_cap(options)
            elif action == "ceilings":
                self.ceilings()
            elif action == "claims":
                self.claims(options)
            elif action == "statement":
                self.statement(options)
            else:
                self.set_ceiling(options)
        except subsidy.SubsidyError as exc:
            raise CommandError(str(exc)) from None

    def base(self, options: dict[str, Any]) -> None:
        amount = subsidy.receipt_base_amount(
            issued=options["issued"],
            total_issued=options["total_issued"],
            municipalities=options["municipalities"],
            budget=options["budget"],
            per_municipality=options["per_municipality"],
        )
        if options["actual"] is not None:
            amount = subsidy.subsidy_amount(actual=options["actual"], limit=amount)
        self.stdout.write(str(amount))

    def base_all(self, options: dict[str, Any]) -> None:
        if not database_ready():
            raise CommandError("データベースが初期化されていません。先に kofu init を実行してください")
        try:
            result = receipt_base_all(
                start=options["start"],
                end=options["as_of"],
                budget=options["budget"],
                per_municipality=options["per_municipality"],
            )
        except SnapshotProblem as exc:
            raise CommandError(str(exc)) from None
        if options["output"]:
            path = Path(options["output"])
            with path.open("w", encoding="utf-8", newline="") as handle:
                _write_base_all(result.rows, handle)
            self.stderr.write(f"{path} に書き出しました（{len(result.rows)}行）")
        else:
            _write_base_all(result.rows, self.stdout)
        self.stderr.write(
            f"{result.start:%Y-%m-%d}〜{result.end:%Y-%m-%d}: 市区町村 {len(result.rows):,}、"
            f"交付枚数の合計（ⅳ）{result.total_issued:,}枚、"
            f"ⅱ {subsidy.yen(result.per_municipality * len(result.rows))}、"
            f"基準額の合計 {subsidy.yen(result.total_base)}（別に定める額 {subsidy.yen(result.budget)}）"
        )

    def publicity_cap(self, options: dict[str, Any]) -> None:
        applications = subsidy.ChannelApplications(
            at_counter=options["at_counter"], outreach=options["outreach"], support=options["support"]
        )
        amount = subsidy.publicity_cap(
            applications=applications,
            unit_price=options["unit_price"],
            year=options["fiscal_year"],
            overrides=unit_price_overrides(),
        )
        if options["actual"] is not None:
            amount = subsidy.subsidy_amount(actual=options["actual"], limit=amount)
        self.stdout.write(str(amount))

    def claims(self, options: dict[str, Any]) -> None:
        prefecture = None
        if options["prefecture"]:
            prefecture = Prefecture.objects.filter(code=options["prefecture"].zfill(2)).first()
            if prefecture is None:
                raise CommandError(f"都道府県コード {options['prefecture']} の都道府県がありません")
        summary = claim_summary(ACTOR, options["fiscal_year"], prefecture)
        if options["fmt"] == "xlsx":
            if not options["output"]:
                raise CommandError("--format xlsx では -o で出力ファイルを指定してください")
            title = f"補助金の実績報告の集計（{subsidy.fiscal_year_label(options['fiscal_year'])}）"
            Path(options["output"]).write_bytes(exports.summary_xlsx(summary, title=title))
            self.stderr.write(f"{options['output']} に書き出しました（{summary.total.claims}件）")
        else:
            out = self.stdout
            handle = None
            if options["output"]:
                handle = Path(options["output"]).open("w", encoding="utf-8", newline="")
                out = handle
            exports.claims_csv(summary, out)
            if handle:
                handle.close()
        self.stderr.write(
            f"{subsidy.fiscal_year_label(options['fiscal_year'])}: 申請 {summary.total.claims:,}件、"
            f"実支出額 {subsidy.yen(summary.total.total_actual)}、補助対象額 {subsidy.yen(summary.total.total_payable)}"
        )
        if summary.receipt_problem:
            self.stderr.write(summary.receipt_problem)

    def statement(self, options: dict[str, Any]) -> None:
        claim = (
            Claim.objects.select_related("municipality__prefecture")
            .filter(municipality__code=options["code"], fiscal_year=options["fiscal_year"])
            .first()
        )
        if claim is None:
            raise CommandError(
                f"団体コード {options['code']} の{subsidy.fiscal_year_label(options['fiscal_year'])}の実績報告はありません"
            )
        item = claim_statement(claim)
        self.stdout.write(
            f"{claim.municipality}（{claim.municipality.code}） {subsidy.fiscal_year_label(claim.fiscal_year)} {claim.get_status_display()}"
        )
        for line in item.statement.lines:
            self.stdout.write(f"■ {line.category.label}: {subsidy.yen(line.payable)}")
            for formula in line.formulas:
                self.stdout.write(f"    {formula}")
        self.stdout.write(item.statement.total_formula)
        for note in (*item.statement.notes, item.receipt_problem, item.price_problem):
            if note:
                self.stderr.write(note)

    def ceilings(self) -> None:
        overrides = unit_price_overrides()
        self.stdout.write(f"既定 / default: {subsidy.yen(subsidy.DEFAULT_UNIT_PRICE_CEILING)}")
        for year in sorted(set(subsidy.UNIT_PRICE_CEILINGS) | set(overrides)):
            source = "設定 / configured" if year in overrides else "既定 / built in"
            amount = subsidy.unit_price_ceiling(year, overrides)
            self.stdout.write(f"{subsidy.fiscal_year_label(year)}: {subsidy.yen(amount)}（{source}）")

    def set_ceiling(self, options: dict[str, Any]) -> None:
        try:
            ceiling = unit_price_ceiling_set(
                fiscal_year=options["fiscal_year"],
                max_unit_price=options["max_unit_price"],
                note=options["note"],
                actor=ACTOR,
            )
        except SubsidyInputError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{subsidy.fiscal_year_label(ceiling.fiscal_year)}の上限単価を{subsidy.yen(ceiling.max_unit_price)}にしました"
        )


def _write_base_all(rows: list[Any], out: IO[str]) -> None:
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(BASE_ALL_HEADER)
    for row in rows:
        writer.writerow([row.code, row.name, row.issued, row.base])
