"""``kofu registry``: import the municipality master and population snapshots; show one municipality."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db.models import Prefetch, Q

from kofu.core.command_options import ExamplesKeptAsWritten
from kofu.core.tabular import ImportRefused
from kofu.core.tabular.cells import CellError
from kofu.core.tabular.dates import parse_option_date
from kofu.registry.importing.master import registry_import_master
from kofu.registry.importing.population import registry_import_population
from kofu.registry.models import Municipality, MunicipalityCategory, PopulationSnapshot, Prefecture
from kofu.rules.codes import CodeError, normalize_localgov_code


class Command(ExamplesKeptAsWritten):
    help = (
        "団体台帳：一覧（マスタ）・住民基本台帳人口の取込、団体の表示。 / Registry: import the municipality "
        "master and population snapshots, show a municipality.\n"
        "  kofu registry import-master FILE                       団体一覧（CSV/XLSX）を取り込む\n"
        "  kofu registry import-population FILE --base-date D     人口（CSV/XLSX）を取り込む\n"
        "  kofu registry show CODE                                団体を表示する"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import-master,import-population,show}"
        )
        master = sub.add_parser(
            "import-master",
            help="団体一覧（団体コード・都道府県名・市区町村名…）を取り込む / import the municipality master",
            description=(
                "総務省の団体コード一覧、citycode.csv、localgovjp（指定都市の区を含む）の形式の CSV・XLSX"
                "（UTF-8 または Shift_JIS）を取り込みます。団体コードで照合し、名称・よみ・郡名を更新します。"
                "区分・適用開始日の列があれば団体区分を日付付きで記録します。1ファイル1トランザクションで、"
                "誤りのあるファイルは何も変更しません。"
            ),
        )
        master.add_argument("file", metavar="FILE", help="取り込むファイル / file to import")
        population = sub.add_parser(
            "import-population",
            help="住民基本台帳人口（団体コード・人口）を取り込む / import a population snapshot",
            description=(
                "団体コード・（名称）・人口の列をもつ CSV・XLSX を基準日の人口として取り込みます。"
                "同じ基準日の取込済みの人口は置き換えます。誤りのあるファイルは何も変更しません。"
            ),
        )
        population.add_argument("file", metavar="FILE", help="取り込むファイル / file to import")
        population.add_argument(
            "--base-date", dest="base_date", required=True, help="人口算出基準日 / base date YYYY-MM-DD"
        )
        show = sub.add_parser("show", help="団体を表示する / show a municipality")
        show.add_argument("code", metavar="CODE", help="団体コード（5桁・6桁）または名称 / code or name")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "show":
            self._show(options["code"])
            return
        path = Path(options["file"])
        try:
            if action == "import-master":
                self._import_master(path)
            else:
                self._import_population(path, options["base_date"])
        except ImportRefused as refused:
            for message in refused.messages:
                self.stderr.write(str(message))
            raise CommandError(
                f"{path.name} を取り込めませんでした（このファイルは何も変更していません）"
            ) from refused

    def _import_master(self, path: Path) -> None:
        report = registry_import_master(path=path)
        self.stdout.write(
            f"{report.file_name}: 団体一覧（{report.file_kind}） {report.rows:,}行、"
            f"都道府県の新規 {report.prefectures_created}、団体の新規 {len(report.created)}"
            f"（うち区 {report.wards_created}）、更新 {len(report.updated)}、団体区分の記録 {report.categories_changed}"
        )
        for warning in report.warnings:
            self.stdout.write(f"  警告: {warning}")

    def _import_population(self, path: Path, base_date_text: str) -> None:
        try:
            base_date = parse_option_date(base_date_text)
        except CellError as exc:
            raise CommandError(f"--base-date: {exc}") from exc
        assert base_date is not None  # argparse requires the option
        report = registry_import_population(path=path, base_date=base_date)
        self.stdout.write(
            f"{report.file_name}: 住民基本台帳人口（{report.file_kind}） 基準日 {base_date:%Y-%m-%d}、"
            f"新規 {report.created:,}、置換 {report.updated:,}、合計行 {len(report.skipped_total_rows)}行を除外"
        )

    def _show(self, text: str) -> None:
        municipality = _find(text)
        self.stdout.write(f"{municipality.code} {municipality.full_name}（{municipality.kana}）")
        self.stdout.write(f"  種別: {municipality.get_kind_display()}")
        if municipality.district:
            self.stdout.write(f"  郡名: {municipality.district}")
        if municipality.parent:
            self.stdout.write(f"  指定都市: {municipality.parent.code} {municipality.parent.name}")
        if municipality.valid_from or municipality.valid_to:
            self.stdout.write(f"  存続期間: {municipality.valid_from or ''}〜{municipality.valid_to or ''}")
        for period in municipality.categories.all():
            self.stdout.write(
                f"  団体区分: {period.category}（{period.valid_from or '記録開始'}〜{period.valid_to or ''}）"
            )
        wards = list(municipality.wards.all())
        if wards:
            self.stdout.write(f"  行政区 {len(wards)}: " + "、".join(w.name for w in wards))
        for population in municipality.populations.all():
            self.stdout.write(f"  人口 {population.base_date:%Y-%m-%d}: {population.population:,}人")


def _find(text: str) -> Municipality:
    queryset = Municipality.objects.select_related("prefecture", "parent").prefetch_related(
        Prefetch("categories", queryset=MunicipalityCategory.objects.order_by("valid_from")),
        "wards",
        Prefetch("populations", queryset=PopulationSnapshot.objects.order_by("base_date")),
    )
    try:
        found = queryset.filter(code=normalize_localgov_code(text)).first()
    except CodeError:
        matches = list(queryset.filter(_name_query(text.strip()))[:10])
        found = matches[0] if len(matches) == 1 else None
        if len(matches) > 1:
            codes = "、".join(f"{m.code} {m.full_name}" for m in matches)
            raise CommandError(f"名称が複数の団体に当たります: {codes}") from None
    if found is None:
        raise CommandError(f"団体が見つかりません: {text}")
    return found


def _name_query(text: str) -> Q:
    """``札幌市`` or ``北海道札幌市`` (prefecture name first)."""
    query = Q(name=text)
    for prefecture in Prefecture.objects.values_list("name", flat=True):
        if text.startswith(prefecture) and len(text) > len(prefecture):
            query |= Q(prefecture__name=prefecture, name=text[len(prefecture) :])
    return query
