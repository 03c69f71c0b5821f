"""コンビニ交付: import, the participation table (CLI, web), 対象人口, volumes; checked against seed 004."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kofu.accounts.models import AuditEvent
from kofu.stats.demo.loader import demo_path
from kofu.stats.models import ConvenienceParticipation, ConvenienceVolume
from tests.stats.factories import load_issuance_snapshot


def seed_table(shared_dir) -> list[tuple[str, int, int, int]]:
    """(prefecture, participating, municipalities, printed %) as seed 004 prints them."""
    text = (shared_dir / "seeds" / "004_f31be5b7d8e55129.txt").read_text(encoding="utf-8")
    part = text[text.index("市区町村の参加状況") : text.index("※市区町村名は")]
    return [
        (m[1], int(m[2]), int(m[3].replace(",", "")), int(m[4]))
        for m in re.finditer(r"(\S+[都道府県]) (\d+) ([\d,]+) (\d+)\s*%", part)
    ]


def import_file(path) -> str:
    out = io.StringIO()
    call_command("stats", "import-convenience", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def table(as_of: str = "2022-01-01") -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("stats", "table", "convenience-stores", "--as-of", as_of, "--format", "csv", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.fixture
def participation(registry):
    import_file(demo_path("convenience_participation_20220101.csv"))


@pytest.mark.django_db
def test_the_table_reproduces_the_seed_with_kanagawa_computed_half_up(participation, shared_dir):
    rows = table()
    assert list(rows[0]) == ["name", "participating", "municipalities", "rate"]
    assert len(rows) == 48 and rows[-1] == {
        "name": "全国",
        "participating": "897",
        "municipalities": "1741",
        "rate": "52",
    }
    seed = {name: (a, b, printed) for name, a, b, printed in seed_table(shared_dir)}
    for row in rows[:-1]:
        participating, municipalities, printed = seed[row["name"]]
        assert (int(row["participating"]), int(row["municipalities"])) == (participating, municipalities)
        # Half-up whole percent, computed here independently: (200·a + b) // (2·b).
        assert int(row["rate"]) == (200 * participating + municipalities) // (2 * municipalities)
        if row["name"] != "神奈川県":
            assert int(row["rate"]) == printed
    kanagawa = next(r for r in rows if r["name"] == "神奈川県")
    assert (kanagawa["rate"], seed["神奈川県"][2]) == ("88", 89)  # the seed's misprint
    assert [r["name"] for r in rows[:3]] == ["北海道", "青森県", "岩手県"]


@pytest.mark.django_db
def test_before_the_listed_date_nobody_is_counted_and_the_list_is_replaced_on_reimport(participation):
    assert {r["participating"] for r in table("2021-12-31")} == {"0"}
    output = import_file(demo_path("convenience_participation_20220101.csv"))
    assert "897行を取込（取込済みの 897 団体を置換）" in output
    assert ConvenienceParticipation.objects.count() == 897
    assert AuditEvent.objects.filter(action="stats.convenience_participation_import").count() == 2


@pytest.mark.django_db
def test_target_population_comes_from_the_snapshot_population(participation):
    from kofu.stats.convenience.tables import participation_table

    assert participation_table(dt.date(2022, 1, 1)).target is None
    load_issuance_snapshot("2022-01-01")
    target = participation_table(dt.date(2022, 1, 1)).target
    assert target is not None and target.missing == 0
    assert target.in_man == 10_916  # seed 004: 対象人口 １０，９１６万人
    assert target.population_base.isoformat() == "2021-01-01"


@pytest.mark.django_db
def test_volumes_import_and_sum_to_the_seed_totals(registry):
    output = import_file(demo_path("convenience_volumes.csv"))
    assert "年度別コンビニ交付通数 36行を取込" in output
    from kofu.stats.convenience.tables import volume_table

    volumes = volume_table()
    assert volumes.year_labels() == [
        "平成28年度",
        "平成29年度",
        "平成30年度",
        "令和元年度",
        "令和2年度",
        "令和3年度",
    ]
    # 合計 as seed 004 prints it (p.16).
    assert volumes.totals() == [1_558_541, 2_674_248, 3_697_803, 4_947_383, 8_204_514, 9_579_379]
    assert volumes.partial_notes() == ["令和3年度は2022年1月1日時点の数値"]
    import_file(demo_path("convenience_volumes.csv"))
    assert ConvenienceVolume.objects.count() == 36


@pytest.mark.django_db
def test_a_bad_file_names_file_row_and_column_and_changes_nothing(participation, tmp_path):
    path = tmp_path / "participation.csv"
    path.write_text(
        "団体コード,都道府県名,市区町村名,参加日\n"
        "452025,宮崎県,都城市,2022-02-01\n"
        "999999,宮崎県,どこか町,2022-02-01\n"
        ",宮崎県,日南市,2022/13/01\n"
        ",宮崎県,存在しない市,2022-02-01\n",
        encoding="utf-8",
    )
    errors = io.StringIO()
    with pytest.raises(CommandError, match="何も変更していません"):
        call_command("stats", "import-convenience", str(path), stdout=io.StringIO(), stderr=errors)
    messages = errors.getvalue()
    assert "participation.csv 3行目「団体コード」" in messages
    assert "participation.csv 4行目「参加日」: 存在しない日付です" in messages
    assert "participation.csv 5行目「市区町村名」: 宮崎県存在しない市 は台帳にありません" in messages
    assert ConvenienceParticipation.objects.count() == 897


@pytest.mark.django_db
def test_a_file_with_a_my_number_is_refused(registry, tmp_path):
    path = tmp_path / "volumes.csv"
    path.write_text("年度,種別,通数,備考\n2021,住民票,10,123456789018\n", encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("stats", "import-convenience", str(path), stdout=io.StringIO(), stderr=errors)
    assert "volumes.csv 2行目「4列目」" in errors.getvalue()
    assert ConvenienceVolume.objects.count() == 0


@pytest.mark.django_db
def test_the_page_and_downloads(participation, client):
    import_file(demo_path("convenience_volumes.csv"))
    body = client.get("/stats/convenience-stores/").content.decode()
    assert "コンビニ交付の参加状況" in body and "令和4年1月1日" in body
    assert '<td class="num">897</td>' in body and '<td class="num">52</td>' in body
    assert "89% と印刷" in body and "88%" in body
    assert "上限額 60,000,000円" in body
    assert "9,579,379" in body
    csv_body = client.get("/stats/convenience-stores.csv?as_of=2022-01-01").content.decode("utf-8-sig")
    out = io.StringIO()
    call_command("stats", "table", "convenience-stores", "--as-of", "2022-01-01", stdout=out)
    assert csv_body == out.getvalue()
    assert client.get("/stats/convenience-stores/?as_of=2022-99-01").status_code == 400


@pytest.mark.django_db
def test_without_a_list_the_table_says_what_to_import(registry, client):
    with pytest.raises(CommandError, match="import-convenience"):
        table()
    assert "取り込まれていません" in client.get("/stats/convenience-stores/").content.decode()
