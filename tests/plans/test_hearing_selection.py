"""Hearing selection lists exactly the municipalities that meet the rules, with the reasons."""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command

from kofu.plans import services
from kofu.plans.selectors import hearings as hearing_selection
from kofu.registry.models import Municipality, Prefecture
from kofu.rules.calendar import YearMonth
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure
from tests.plans.conftest import report_figures
from tests.stats.factories import load_issuance_snapshot

JAN = YearMonth(2022, 1)


def file(viewer_of_code, code, **figures):
    from kofu.accounts.roles import Viewer

    municipality = Municipality.objects.get(code=code)
    actor = Viewer(
        role=viewer_of_code.role, user_id=viewer_of_code.user_id, organisation=viewer_of_code.organisation
    )
    return services.report_file(
        municipality=municipality, month=str(JAN), data=report_figures(**figures), actor=actor
    )


@pytest.fixture
def miyazaki_staff(registry):
    """A municipality-staff viewer for every municipality of 宮崎県 (built without accounts)."""
    from kofu.accounts.models import Organisation
    from kofu.accounts.roles import Role, Viewer

    def viewer(code):
        municipality = Municipality.objects.get(code=code)
        organisation = Organisation(
            kind=Organisation.Kind.MUNICIPALITY, municipality=municipality, prefecture=municipality.prefecture
        )
        return Viewer(role=Role.MUNICIPALITY, organisation=organisation)

    return viewer


def printed_rate(issued: int, population: int) -> Decimal:
    return (Decimal(issued) * 100 / Decimal(population)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_the_prefecture_list_is_every_slow_or_low_municipality_of_the_month(miyazaki_staff):
    load_issuance_snapshot("2022-02-01")  # the figures "as of" the end of 2022-01
    miyazaki = Prefecture.objects.get(code="45")
    slow = {"452025": 21, "452033": 30}  # 都城市 exactly 3 weeks, 延岡市 more
    for code, days in slow.items():
        services.report_file(
            municipality=Municipality.objects.get(code=code),
            month="2022-01",
            data=report_figures(days_arrival_to_notice=days),
            actor=miyazaki_staff(code),
        )
    services.report_file(
        municipality=Municipality.objects.get(code="452017"),
        month="2022-01",
        data=report_figures(days_arrival_to_notice=20),
        actor=miyazaki_staff("452017"),
    )
    figures = MunicipalityFigure.objects.filter(
        snapshot__as_of=dt.date(2022, 2, 1), municipality__prefecture=miyazaki
    )
    low = {f.municipality.code for f in figures if printed_rate(f.issued, f.population) < 33}
    assert low, "宮崎県には交付率33％未満の団体がある（2022-02-01時点）"

    selected = hearing_selection.prefecture_selection(miyazaki, JAN)

    assert {s.municipality.code for s in selected} == low | set(slow)
    by_code = {s.municipality.code: s.reasons for s in selected}
    assert any("21日で、21日以上" in r for r in by_code["452025"])
    for code in low:
        assert any("33％未満" in r for r in by_code[code])


def test_without_a_snapshot_for_the_month_the_rate_comes_from_the_report(miyazaki_staff):
    earlier = IssuanceSnapshot.objects.create(
        as_of=dt.date(2021, 12, 1), population_base=dt.date(2021, 1, 1), complete=False
    )
    miyakonojo = Municipality.objects.get(code="452025")
    MunicipalityFigure.objects.create(
        snapshot=earlier, municipality=miyakonojo, population=160_000, issued=50_000
    )
    services.report_file(
        municipality=miyakonojo,
        month="2022-01",
        data=report_figures(cards_issued=1_000, cumulative_issued=52_799),  # 32.999… → 33.0 %
        actor=miyazaki_staff("452025"),
    )
    assert hearing_selection.prefecture_selection(miyakonojo.prefecture, JAN) == []
    services.report_file(
        municipality=miyakonojo,
        month="2022-01",
        data=report_figures(cards_issued=1_000, cumulative_issued=52_700),  # 32.9 %
        actor=miyazaki_staff("452025"),
    )
    (chosen,) = hearing_selection.prefecture_selection(miyakonojo.prefecture, JAN)
    assert chosen.reasons == ("人口に対する交付率が32.9％で、33％未満です",)
    assert chosen.facts.source == "実績報告の累計交付枚数"


def peer_report(viewer, code, *, issued, applications, windows, cards):
    services.report_file(
        municipality=Municipality.objects.get(code=code),
        month="2022-01",
        data=report_figures(
            cumulative_issued=issued,
            cumulative_applications=applications,
            windows_open=windows,
            cards_issued=cards,
        ),
        actor=viewer(code),
    )


def test_the_ministry_list_takes_low_peers_by_the_nearest_rank_percentile(miyazaki_staff, capsys):
    # Four peers (宮崎市 core city, 鹿児島市 core city, 福岡市 and 北九州市 designated cities) and one
    # ordinary city whose figures would otherwise qualify; P = 25 → cut = the lowest value (n = 1),
    # so nobody is below it; with P = 50 → the 2nd lowest.
    peer_report(miyazaki_staff, "452017", issued=500, applications=1000, windows=2, cards=20)  # 宮崎市
    peer_report(miyazaki_staff, "462012", issued=600, applications=1000, windows=3, cards=60)  # 鹿児島市
    peer_report(miyazaki_staff, "401307", issued=900, applications=1000, windows=9, cards=900)  # 福岡市
    peer_report(miyazaki_staff, "401005", issued=800, applications=1000, windows=8, cards=800)  # 北九州市
    peer_report(
        miyazaki_staff, "452025", issued=100, applications=1000, windows=1, cards=1
    )  # 都城市 (その他の市)

    assert hearing_selection.ministry_selection(JAN, percent=25).selected == []
    result = hearing_selection.ministry_selection(JAN, percent=50)
    assert [s.municipality.code for s in result.selected] == ["452017"]
    assert result.ratio_cut == Decimal("0.6") and result.windows_cut == 3
    assert (
        result.selected[0]
        .reasons[0]
        .startswith("累計申請数に対する交付数の割合 50.0％ が下位50パーセンタイル（60.0％）未満")
    )

    out = io.StringIO()
    call_command(
        "hearings", "select", "--month", "2022-01", "--level", "ministry", "--percent", "50", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "code,name,reasons"
    assert lines[1].startswith("452017,宮崎県宮崎市,累計申請数に対する交付数の割合")
    assert len(lines) == 2


def test_the_cli_prints_the_prefecture_list_as_csv(miyazaki_staff):
    peer_report(miyazaki_staff, "452033", issued=100, applications=1000, windows=1, cards=1)
    services.report_file(
        municipality=Municipality.objects.get(code="452025"),
        month="2022-01",
        data=report_figures(days_arrival_to_notice=25),
        actor=miyazaki_staff("452025"),
    )
    out = io.StringIO()
    call_command(
        "hearings", "select", "--month", "2022-01", "--level", "prefecture", "--prefecture", "45", stdout=out
    )
    assert out.getvalue().splitlines() == [
        "code,name,reasons",
        "452025,宮崎県都城市,J-LISからカードが届いてから交付通知書を発送するまでの期間が25日で、21日以上です",
    ]


def test_the_second_ministry_group_is_the_highest_rates_among_small_bodies(miyazaki_staff, client, personas):
    """Seed 000 2③: small bodies promoting actively. With the real 2022-02-01 figures the list is the
    ten highest rates among bodies under 100,000 outside 政令市・中核市・特別区, highest first."""
    from fractions import Fraction

    from kofu.registry.selectors import categories_on
    from kofu.rules.hearings import PEER_CATEGORIES

    load_issuance_snapshot("2022-02-01")
    chosen = hearing_selection.active_small_selection(YearMonth(2022, 1))
    figures = MunicipalityFigure.objects.filter(snapshot__as_of=dt.date(2022, 2, 1)).select_related(
        "municipality"
    )
    categories = categories_on(dt.date(2022, 1, 31))
    small = [
        f
        for f in figures
        if categories.get(f.municipality_id) not in PEER_CATEGORIES and 0 < f.population < 100_000
    ]
    rates = sorted((Fraction(f.issued, f.population) for f in small), reverse=True)
    assert len(chosen) >= 10
    assert Fraction(chosen[0].facts.issued, chosen[0].facts.population) == rates[0]
    assert all(Fraction(s.facts.issued, s.facts.population) >= rates[9] for s in chosen)
    client.force_login(personas["ministry"])
    page = client.get("/plans/hearings/?month=2022-01").content.decode()
    assert "第2グループ" in page and chosen[0].municipality.full_name in page


def test_the_prefecture_page_says_which_months_results_the_seed_wording_covers(
    miyazaki_staff, client, personas
):
    client.force_login(personas["prefecture"])
    october = client.get("/plans/prefectures/45/hearings/?month=2021-10").content.decode()
    assert "「10月分実績」" in october and "資料の文言が対象とする月の実績です" in october
    january = client.get("/plans/prefectures/45/hearings/?month=2022-01").content.decode()
    assert "資料の文言の対象月（2021-10）ではない月" in january
