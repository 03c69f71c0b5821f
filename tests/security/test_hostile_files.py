"""The hostile-file corpus (tests/hostile_files.py) through every importer, by web and by CLI.

For every file: no 500 and no traceback (the test client and ``call_command`` re-raise anything
unexpected); a refused file gets a Japanese message naming the file — and the row and column when
a cell was refused — and no value of the file echoed; and nothing is written (the row counts of
every table of the importing apps and the audit log stay as they were). The benign files (CP932
text, mixed newlines) are imported by the importers that read CSV.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction

from kofu.accounts.roles import SYSTEM
from tests.conftest import make_staff
from tests.hostile_files import MY_NUMBER_SPELLINGS, ROW_LIMIT, Base, Hostile, corpus, write
from tests.security.stats_rows import AGE_ROWS, WORKBOOK_ROWS

pytestmark = pytest.mark.django_db

#: Apps whose tables an import may write (and the audit log).
WRITTEN_APPS = ("stats", "registry", "cards", "plans", "surveys")
MIYAKONOJO = "452025"
JAPANESE = "[ぁ-んァ-ヶ一-龥]"


def table_counts() -> dict[str, int]:
    models = [m for app in WRITTEN_APPS for m in apps.get_app_config(app).get_models()]
    models.append(apps.get_model("accounts", "AuditEvent"))
    return {m._meta.label: m._default_manager.count() for m in models}


# --- the importers' valid files -------------------------------------------------------------

STATS_ROWS = [
    [
        "算出基準日",
        "都道府県名",
        "市区町村名",
        "総数（人口）",
        "交付枚数",
        "人口に対する交付枚数率",
        "人口算出基準日",
        "交付件数基準日",
        "団体コード",
    ],
    ["2022/01/01", "北海道", "札幌市", "1961575", "763069", "38.9", "2021/01/01", "2022/01/01", "11002"],
    ["2022/01/01", "東京都", "千代田区", "66680", "32216", "48.3", "2021/01/01", "2022/01/01", "131016"],
]
MASTER_ROWS = [
    ["団体コード", "都道府県名", "市区町村名", "区分", "適用開始日"],
    ["122084", "千葉県", "松戸市", "中核市", "2025-04-01"],
]
POPULATION_ROWS = [
    ["団体コード", "名称", "人口"],
    ["011002", "札幌市", "1961575"],
    ["131016", "千代田区", "66680"],
]
DELIVERY_ROWS = [
    [
        "application_id",
        "batch_number",
        "delivered_on",
        "channel",
        "received_on",
        "name",
        "name_kana",
        "birth_date",
        "address",
        "phone",
    ],
    [
        "AP00000001",
        "B001",
        "2022-05-09",
        "online",
        "2022-03-01",
        "都城 太郎",
        "ミヤコノジョウ タロウ",
        "1980-04-02",
        "宮崎県都城市姫城町1番",
        "0986-23-0001",
    ],
    [
        "AP00000002",
        "B001",
        "2022-05-09",
        "mail",
        "2022-03-01",
        "髙橋 花子",
        "タカハシ ハナコ",
        "1985-07-12",
        "宮崎県都城市姫城町2番",
        "",
    ],
]
APPLICATION_ROWS = [
    [
        "application_id",
        "channel",
        "received_on",
        "name",
        "name_kana",
        "birth_date",
        "address",
        "phone",
        "outreach_venue",
        "outreach_date",
    ],
    [
        "AP00000101",
        "online",
        "2022-03-01",
        "都城 次郎",
        "ミヤコノジョウ ジロウ",
        "1979-01-05",
        "宮崎県都城市姫城町3番",
        "",
        "",
        "",
    ],
]
ANSWER_ROWS = [["団体コード", "events", "staff"], [MIYAKONOJO, "はい", "3"]]
STAFF_ROWS = [
    ["都道府県", "種別", "組織名", "団体コード", "部署名", "時点", "職員数", "職員の申請者数", "職員の取得者数",
     "被扶養者数", "被扶養者の申請者数", "被扶養者の取得者数", "申請しない理由"],
    ["宮崎県", "消防本部", "都城市消防局", MIYAKONOJO, "全体", "2022-03-31", "100", "90", "80", "0", "0", "0", ""],
]  # fmt: skip


def plan_rows() -> list[list[object]]:
    """The plan template of 都城市 as rows of values (the plans importer reads the same layout)."""
    from kofu.plans import xlsx
    from kofu.registry.models import Municipality

    figures = {
        "base_month": "2022-09",
        "deadline": "2022-11",
        "population": 160_000,
        "issued": 100_000,
        "per_window_daily": 80,
        "windows": 10,
        "shared_windows": 0,
        "shared_per_window_daily": 0,
        "office_max_windows": 12,
    }
    months = [
        {
            "month": month,
            "target": 10_000,
            "weekend_days": 2,
            "windows": 8,
            "staff": 8,
            "terminals": 8,
            "temporary_windows": 0,
        }
        for month in ("2022-10", "2022-11")
    ]
    content = xlsx.template(Municipality.objects.get(code=MIYAKONOJO), figures, months)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def plan_base() -> Base:
    rows = plan_rows()
    header = next(i for i, row in enumerate(rows) if row[0] == "月")
    population = next(i for i, row in enumerate(rows) if row[0] == "住民基本台帳人口")
    return Base(rows, "xlsx", target=(population, 1), header_rows=header + 1, stem="plan")


# --- running an import by web and by CLI ----------------------------------------------------


@dataclass
class Outcome:
    imported: bool
    text: str  # what the person sees: the page, or the command's output and error


def run_cli(*args: str) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        return Outcome(False, err.getvalue() + "\n" + str(exc))
    except SystemExit as exc:  # kofu surveys import-answers exits 1 after listing the problems
        assert exc.code == 1
        return Outcome(False, err.getvalue())
    return Outcome(True, out.getvalue() + err.getvalue())


def run_web(
    client, url: str, hostile: Hostile, *, success: Callable[[object, str], bool], **fields
) -> Outcome:
    upload = SimpleUploadedFile(hostile.name, hostile.data, content_type="application/octet-stream")
    response = client.post(url, {"file": upload, **fields}, follow=True)
    assert response.status_code in (200, 400), response.status_code
    text = html.unescape(response.content.decode())
    return Outcome(success(response, text), text)


@dataclass
class Importer:
    kinds: tuple[str, ...]  # the types it reads
    base: Callable[[], Base]
    cli: Callable[[Path], Outcome] | None = None
    web: Callable[[object, Hostile], Outcome] | None = None
    role: str = "municipality"  # whose account uploads on the web


def _cards_web(kind: str) -> Callable[[object, Hostile], Outcome]:
    def run(client, hostile: Hostile) -> Outcome:
        return run_web(
            client,
            f"/cards/{MIYAKONOJO}/import/",
            hostile,
            kind=kind,
            success=lambda response, _text: bool(response.redirect_chain),
        )

    return run


def _plans_web(client, hostile: Hostile) -> Outcome:
    return run_web(
        client,
        f"/plans/municipalities/{MIYAKONOJO}/import/",
        hostile,
        success=lambda _response, text: "から計画を取り込みました" in text,
    )


def _surveys_web(client, hostile: Hostile) -> Outcome:
    return run_web(
        client,
        "/surveys/hostile-corpus/import/",
        hostile,
        success=lambda _r, text: "団体の回答を取り込みました" in text,
    )


def _staff_web(client, hostile: Hostile) -> Outcome:
    return run_web(
        client,
        "/surveys/staff/workbook/",
        hostile,
        success=lambda _r, text: "部署の報告を取り込みました" in text,
    )


IMPORTERS = {
    "stats": Importer(
        ("csv", "xlsx"),
        lambda: Base(STATS_ROWS, "csv", target=(1, 2), stem="all_localgovs"),
        cli=lambda path: run_cli("stats", "import", str(path)),
    ),
    "stats-workbook": Importer(
        ("csv", "xlsx"),
        lambda: Base(WORKBOOK_ROWS, "xlsx", target=(3, 1), header_rows=2, stem="hoyu"),
        cli=lambda path: run_cli("stats", "import", str(path)),
    ),
    "stats-ages": Importer(
        ("csv", "xlsx"),
        lambda: Base(AGE_ROWS, "csv", target=(2, 1), stem="demographics"),
        cli=lambda path: run_cli("stats", "import", str(path)),
    ),
    "registry-master": Importer(
        ("csv", "xlsx"),
        lambda: Base(MASTER_ROWS, "csv", target=(1, 2), stem="master"),
        cli=lambda path: run_cli("registry", "import-master", str(path)),
    ),
    "registry-population": Importer(
        ("csv", "xlsx"),
        lambda: Base(POPULATION_ROWS, "csv", target=(1, 1), stem="population"),
        cli=lambda path: run_cli("registry", "import-population", str(path), "--base-date", "2022-01-01"),
    ),
    "cards-delivery": Importer(
        ("csv",),
        lambda: Base(DELIVERY_ROWS, "csv", target=(1, 5), stem="delivery"),
        cli=lambda path: run_cli(
            "cards", "import-delivery", str(path), "--municipality", MIYAKONOJO, "--quiet"
        ),
        web=_cards_web("delivery"),
    ),
    "cards-applications": Importer(
        ("csv",),
        lambda: Base(APPLICATION_ROWS, "csv", target=(1, 3), stem="applications"),
        cli=lambda path: run_cli(
            "cards", "import-applications", str(path), "--municipality", MIYAKONOJO, "--quiet"
        ),
        web=_cards_web("applications"),
    ),
    "plans": Importer(("xlsx",), plan_base, web=_plans_web),
    "surveys": Importer(
        ("xlsx",),
        lambda: Base(ANSWER_ROWS, "xlsx", target=(1, 1), stem="answers"),
        cli=lambda path: run_cli("surveys", "import-answers", "hostile-corpus", str(path)),
        web=_surveys_web,
        role="ministry",
    ),
    "surveys-staff": Importer(
        ("xlsx",),
        lambda: Base(STAFF_ROWS, "xlsx", target=(1, 2), stem="staff"),
        cli=lambda path: run_cli("surveys", "staff-import", str(path)),
        web=_staff_web,
    ),
}
CASES = [(key, "cli") for key, i in IMPORTERS.items() if i.cli] + [
    (key, "web") for key, i in IMPORTERS.items() if i.web
]


@pytest.fixture
def survey(registry):
    from kofu.registry.models import Municipality
    from kofu.rules.categories import Category
    from kofu.surveys.models import Question, Respondent
    from kofu.surveys.services.measure import question_add, survey_create

    created = survey_create(slug="hostile-corpus", title="取組調査", actor=SYSTEM)
    question_add(
        survey=created,
        key="events",
        text="出張申請受付を実施しましたか",
        kind=Question.Kind.YES_NO,
        actor=SYSTEM,
    )
    question_add(survey=created, key="staff", text="担当職員数", kind=Question.Kind.COUNT, actor=SYSTEM)
    Respondent.objects.create(
        survey=created,
        municipality=Municipality.objects.get(code=MIYAKONOJO),
        category=Category.OTHER_CITY.value,
        side="top",
        rank=1,
    )
    return created


@pytest.fixture(autouse=True)
def corpus_limits(settings):
    """Limits low enough for small files to cross them (an XLSX cell holds at most 32,767 characters)."""
    settings.KOFU_IMPORT_MAX_ROWS = ROW_LIMIT
    settings.KOFU_IMPORT_MAX_FIELD_CHARS = 20_000


def _refusal_problems(hostile: Hostile, outcome: Outcome, kinds: tuple[str, ...]) -> list[str]:
    """What is wrong with a refusal: it must name the file in a Japanese message, and the cell
    when a cell was refused in a file of a type the importer reads."""
    name = re.escape(hostile.name)
    names_a_cell = hostile.names_a_cell and hostile.readable_by(kinds)
    where = r" \d+行目「[^」\n]+」" if names_a_cell else r"(?: \d+行目)?(?:「[^」\n]+」)?"
    wrong = []
    if not re.search(name + where + ": [^\n<]*" + JAPANESE, outcome.text):
        wrong.append("no Japanese message naming the file" + (" and the cell" if names_a_cell else ""))
    if "Traceback" in outcome.text:
        wrong.append("a traceback")
    if any(text in outcome.text for text in MY_NUMBER_SPELLINGS.values()):
        wrong.append("the My Number echoed")
    return wrong


@pytest.mark.parametrize(("importer_key", "channel"), CASES)
def test_every_hostile_file_is_refused_by_name_and_writes_nothing(
    importer_key, channel, registry, survey, client, tmp_path
):
    importer = IMPORTERS[importer_key]
    if channel == "web":
        from kofu.accounts import services
        from kofu.registry.models import Municipality

        organisation = (
            services.organisation_for_ministry(actor=SYSTEM)
            if importer.role == "ministry"
            else services.organisation_for_municipality(
                municipality=Municipality.objects.get(code=MIYAKONOJO), actor=SYSTEM
            )
        )
        client.force_login(make_staff(f"corpus-{importer.role}", organisation))
    failures: dict[str, list[str]] = {}
    for hostile in corpus(importer.base()):
        with transaction.atomic():
            before = table_counts()
            if channel == "web":
                outcome = importer.web(client, hostile)  # type: ignore[misc]
            else:
                outcome = importer.cli(write(tmp_path, hostile))  # type: ignore[misc]
            after = table_counts()
            transaction.set_rollback(True)  # each file starts from the same database
        wrong: list[str] = []
        if hostile.accepted_by(importer.kinds):
            if not outcome.imported:
                wrong.append("a benign file was refused: " + outcome.text[-300:])
            elif after == before:
                wrong.append("imported, but nothing was written")
        else:
            if outcome.imported:
                wrong.append("imported")
            else:
                wrong.extend(_refusal_problems(hostile, outcome, importer.kinds))
            if after != before:
                wrong.append(
                    f"tables changed: { {k: (before[k], after[k]) for k in after if after[k] != before[k]} }"
                )
        if wrong:
            failures[hostile.key] = wrong
    assert not failures, failures
