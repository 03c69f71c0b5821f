"""Import the コンビニ交付 files: the list of participating municipalities, or the yearly volumes.

Read through the import core (``kofu.core.tabular``: CSV/XLSX, limits, the My Number guard on every cell) and
recognised by their headings; one file is one transaction and a refused file changes nothing.
Every message names the file, the row and the column.

* participation list — 団体コード (or 都道府県名 + 市区町村名), 参加日, optional 参加日の種別
  (「開始日」: the day the service began, the default; 「時点」: participating on that day, start
  not published). The file is the whole list: importing it replaces the list held.
* yearly volumes — 年度 (西暦 or 和暦年度), 種別 (住民票, 住記載, 印鑑, 税, 戸籍, 附票), 通数, optional
  集計時点 (for a year counted only part way). Rows replace the same year and kind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.core.tabular import ImportRefused, Limits, Problems, Row, read_table
from kofu.core.tabular.cells import CellError, clean, name_key, parse_count
from kofu.core.tabular.dates import parse_date
from kofu.core.tabular.headings import ColumnSpec, HeaderMatch, Layout, detect_layout
from kofu.registry.models import Municipality
from kofu.rules.codes import CodeError, normalize_localgov_code
from kofu.stats.importing.matching import RegistryIndex
from kofu.stats.models import ConvenienceParticipation, ConvenienceVolume

__all__ = ["ConvenienceImport", "ImportRefused", "convenience_import_file"]

PARTICIPATION = Layout(
    name="convenience-participation",
    title="コンビニ交付の参加団体",
    columns=(
        ColumnSpec("code", "団体コード", ("団体コード", "地方公共団体コード", "市区町村コード")),
        ColumnSpec("prefecture", "都道府県名", ("都道府県名", "都道府県")),
        ColumnSpec("name", "市区町村名", ("市区町村名", "市区町村", "団体名")),
        ColumnSpec("joined", "参加日", ("参加日", "参加年月日", "導入日", "サービス開始日"), required=True),
        ColumnSpec("exact", "参加日の種別", ("参加日の種別",)),
    ),
)
VOLUMES = Layout(
    name="convenience-volumes",
    title="年度別コンビニ交付通数",
    columns=(
        ColumnSpec("year", "年度", ("年度",), required=True),
        ColumnSpec("kind", "種別", ("種別", "証明書"), required=True),
        ColumnSpec("count", "通数", ("通数", "交付通数"), required=True),
        ColumnSpec("counted_to", "集計時点", ("集計時点",)),
    ),
)
#: Largest file read (the list of municipalities and the yearly table are a few kilobytes).
MAX_BYTES = 5 * 1024 * 1024
KINDS = {label: value for value, label in ConvenienceVolume.Kind.choices}
_ERA_YEAR = re.compile(r"^(平成|令和|H|R)(\d+|元)年?度?$")
_ERA_START = {"平成": 1988, "H": 1988, "令和": 2018, "R": 2018}


@dataclass
class ConvenienceImport:
    file_name: str
    layout_title: str
    rows: int
    removed: int = 0
    warnings: list[str] = field(default_factory=list)


def convenience_import_file(*, path: Path, actor: Actor) -> ConvenienceImport:
    """Read, check and store one file; raise :class:`ImportRefused` listing every problem found."""
    table = read_table(Path(path), limits=Limits.from_settings().at_most(max_bytes=MAX_BYTES))
    match = detect_layout(table, (PARTICIPATION, VOLUMES))
    problems = Problems(file=table.file)
    rows = [row for row in table.rows[match.index + 1 :] if not row.is_blank()]
    if not rows:
        raise ImportRefused.single(table.file, "データの行がありません")
    if match.layout is PARTICIPATION:
        return _participation(table.file, rows, match, problems, actor)
    return _volumes(table.file, rows, match, problems, actor)


def _cell(row: Row, match: HeaderMatch, name: str) -> str:
    index = match.columns.get(name)
    if index is None or index >= len(row.cells):
        return ""
    return row.cells[index]


def _heading(match: HeaderMatch, name: str) -> str:
    return match.headings.get(name, name)


def _municipality(row: Row, match: HeaderMatch, index: RegistryIndex, problems: Problems) -> int | None:
    code = clean(_cell(row, match, "code"))
    if code:
        try:
            known = index.by_code.get(normalize_localgov_code(code))
        except CodeError as exc:
            problems.error(str(exc), row.label, _heading(match, "code"))
            return None
        if known is None or known.kind != Municipality.Kind.MUNICIPALITY:
            problems.error(
                f"団体コード {code} の市区町村が台帳にありません", row.label, _heading(match, "code")
            )
            return None
        return known.id
    prefecture = index.prefecture(_cell(row, match, "prefecture"))
    name = clean(_cell(row, match, "name"))
    if prefecture is None or not name:
        problems.error(
            "団体コード、または都道府県名と市区町村名を記入してください",
            row.label,
            _heading(match, "prefecture"),
        )
        return None
    found = index.by_prefecture_name(prefecture[2], name)
    if len(found) != 1:
        what = "ありません" if not found else "複数あります（団体コードで指定してください）"
        problems.error(f"{prefecture[2]}{name} は台帳に{what}", row.label, _heading(match, "name"))
        return None
    return found[0].id


def _joined(row: Row, match: HeaderMatch, problems: Problems) -> tuple[dt.date, bool] | None:
    try:
        joined = parse_date(_cell(row, match, "joined"))
    except CellError as exc:
        problems.error(str(exc), row.label, _heading(match, "joined"))
        return None
    if joined is None:
        problems.error("空欄です", row.label, _heading(match, "joined"))
        return None
    kind = clean(_cell(row, match, "exact")) or "開始日"
    if kind not in {"開始日", "時点"}:
        problems.error(
            f"「開始日」か「時点」を記入してください: {kind!r}", row.label, _heading(match, "exact")
        )
        return None
    return joined, kind == "開始日"


def _participation(
    file: str, rows: list[Row], match: HeaderMatch, problems: Problems, actor: Actor
) -> ConvenienceImport:
    if "code" not in match.columns and "name" not in match.columns:
        raise ImportRefused.single(
            file, "「団体コード」または「市区町村名」の列が必要です", row=match.row.label
        )
    index = RegistryIndex.current()
    seen: dict[int, str] = {}
    entries: list[ConvenienceParticipation] = []
    for row in rows:
        pk = _municipality(row, match, index, problems)
        joined = _joined(row, match, problems)
        if pk is None or joined is None:
            continue
        if pk in seen:
            problems.error(f"同じ団体が2回あります（{seen[pk]}と同じ）", row.label, _heading(match, "name"))
            continue
        seen[pk] = row.label
        entries.append(
            ConvenienceParticipation(
                municipality_id=pk, joined_on=joined[0], joined_on_exact=joined[1], source=file
            )
        )
    problems.raise_if_errors()
    with transaction.atomic():
        removed, _ = ConvenienceParticipation.objects.all().delete()
        ConvenienceParticipation.objects.bulk_create(entries)
        audit_record(
            actor=actor,
            action="stats.convenience_participation_import",
            object_type="ConvenienceParticipation",
            after={"file": file, "rows": len(entries), "replaced": removed},
        )
    return ConvenienceImport(file, PARTICIPATION.title, len(entries), removed=removed)


def _fiscal_year(text: str) -> int:
    value = clean(text).replace(" ", "")
    era = _ERA_YEAR.match(value)
    if era:
        number = 1 if era.group(2) == "元" else int(era.group(2))
        return _ERA_START[era.group(1)] + number
    digits = value.removesuffix("年度")
    if digits.isdigit() and len(digits) == 4:
        return int(digits)
    raise CellError(f"年度として読めません: {text.strip()!r}（例: 2021、令和3年度、H28）")


def _volumes(
    file: str, rows: list[Row], match: HeaderMatch, problems: Problems, actor: Actor
) -> ConvenienceImport:
    entries: dict[tuple[int, str], ConvenienceVolume] = {}
    for row in rows:
        try:
            year = _fiscal_year(_cell(row, match, "year"))
        except CellError as exc:
            problems.error(str(exc), row.label, _heading(match, "year"))
            continue
        kind = KINDS.get(name_key(_cell(row, match, "kind")))
        if kind is None:
            problems.error(
                f"種別は {' / '.join(KINDS)} のどれかです: {clean(_cell(row, match, 'kind'))!r}",
                row.label,
                _heading(match, "kind"),
            )
            continue
        try:
            count = parse_count(_cell(row, match, "count"))
            counted_to = parse_date(_cell(row, match, "counted_to"))
        except CellError as exc:
            problems.error(str(exc), row.label, _heading(match, "count"))
            continue
        if (year, kind) in entries:
            problems.error(
                f"{year}年度の{KINDS_LABEL[kind]}が2回あります", row.label, _heading(match, "kind")
            )
            continue
        entries[(year, kind)] = ConvenienceVolume(
            fiscal_year=year, kind=kind, count=count, counted_to=counted_to, source=file
        )
    problems.raise_if_errors()
    with transaction.atomic():
        for (year, kind), entry in entries.items():
            ConvenienceVolume.objects.update_or_create(
                fiscal_year=year,
                kind=kind,
                defaults={"count": entry.count, "counted_to": entry.counted_to, "source": file},
            )
        audit_record(
            actor=actor,
            action="stats.convenience_volumes_import",
            object_type="ConvenienceVolume",
            after={"file": file, "rows": len(entries)},
        )
    return ConvenienceImport(file, VOLUMES.title, len(entries))


KINDS_LABEL = {value: label for label, value in KINDS.items()}
