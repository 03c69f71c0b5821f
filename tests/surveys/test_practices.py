"""Seed 002's cases of good practice (all 34: the casebook's P6–P18 and the fire headquarters'),
cases owned by a prefecture, and the ministry's selections shared with the prefectures."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kofu.accounts.access import NotFound
from kofu.accounts.roles import SYSTEM, viewer_of
from kofu.registry.models import Municipality, Prefecture
from kofu.surveys import selectors
from kofu.surveys.access import practice_selections_in_scope
from kofu.surveys.models import BestPractice, PracticeSelection
from kofu.surveys.practices_002 import SEED_002_PRACTICES
from kofu.surveys.services.practices import best_practice_create, selection_create, selection_share

SEED_002 = "seeds/002_dbf6ca7e21a2c700.txt"


def test_every_case_of_the_casebook_contents_is_loaded(registry, shared_dir):
    """The casebook's contents (目次) name 27 cases on P6–P18; each is loaded with its owner and page."""
    text = (shared_dir / SEED_002).read_text(encoding="utf-8")
    contents = text[
        text.index("P6. ○") : text.index("交付率上位団体（市）における普及促進の取組例", text.index("P6. ○"))
    ]
    printed = re.findall(r"○[^（\n]+（([^）]+)）", contents)
    assert len(printed) == 27
    out = io.StringIO()
    call_command("surveys", "load-practices", stdout=out)
    assert "優良事例を 34 件登録しました" in out.getvalue()
    owners = [p.owner_name for p in BestPractice.objects.filter(source__startswith="資料002 事例集")]
    for owner in printed:
        owner = owner.replace("北海函館市", "北海道函館市")  # the contents' typo for P10
        assert owner in owners, owner
    assert BestPractice.objects.filter(source__startswith="資料002 事例集").count() == 27
    call_command("surveys", "load-practices", stdout=out)
    assert "優良事例を 0 件登録しました" in out.getvalue()  # loaded once


def test_themes_prefecture_owned_cases_and_fire_headquarters(registry):
    call_command("surveys", "load-practices", stdout=io.StringIO())
    counts = {theme: selectors.best_practices(theme=theme).count() for theme, *_ in [
        ("outreach",), ("enterprise",), ("publicity",), ("capacity",), ("prefecture",), ("staff",)]}  # fmt: skip
    assert counts == {
        "outreach": 10,
        "enterprise": 2,
        "publicity": 4,
        "capacity": 6,
        "prefecture": 5,
        "staff": 7,
    }
    fukui = BestPractice.objects.get(prefecture__name="福井県")
    assert fukui.municipality is None and "30台" in fukui.outcome and fukui.owner_name == "福井県"
    kobe = BestPractice.objects.get(municipality__name="神戸市", theme="staff")
    assert "申請しない理由" in kobe.measure and "85.8%" in kobe.outcome
    assert [p.owner_name for p in selectors.best_practices("大分")] == ["大分県"]
    assert len(SEED_002_PRACTICES) == 34


def test_a_case_has_exactly_one_owner_and_is_added_by_it(personas):
    miyazaki = Prefecture.objects.get(code="45")
    city = Municipality.objects.get(code="452025")
    with pytest.raises(ValidationError, match="どちらか一つ"):
        best_practice_create(
            practice=BestPractice(municipality=city, prefecture=miyazaki, measure="x"), actor=SYSTEM
        )
    with pytest.raises(ValidationError, match="どちらか一つ"):
        best_practice_create(practice=BestPractice(measure="x"), actor=SYSTEM)
    with pytest.raises(NotFound):
        best_practice_create(
            practice=BestPractice(prefecture=Prefecture.objects.get(code="46"), measure="x"),
            actor=viewer_of(personas["prefecture"]),
        )
    made = best_practice_create(
        practice=BestPractice(prefecture=miyazaki, measure="県の出張申請サポート", theme="prefecture"),
        actor=viewer_of(personas["prefecture"]),
    )
    assert made.owner_name == "宮崎県"


def test_the_ministry_shares_a_selection_with_the_prefectures(personas):
    call_command("surveys", "load-practices", stdout=io.StringIO())
    ministry, prefecture = viewer_of(personas["ministry"]), viewer_of(personas["prefecture"])
    chosen = BestPractice.objects.filter(theme="prefecture")
    with pytest.raises(Exception, match="総務省職員のみ"):
        selection_create(title="x", practices=chosen, actor=prefecture)
    selection = selection_create(title="都道府県による支援の事例", practices=chosen, actor=ministry)
    assert not practice_selections_in_scope(prefecture).exists()  # not yet shared
    shared = selection_share(selection=selection, actor=ministry)
    first = shared.shared_at
    assert selection_share(selection=selection, actor=ministry).shared_at == first
    assert list(practice_selections_in_scope(prefecture)) == [selection]
    assert not practice_selections_in_scope(viewer_of(personas["municipality"])).exists()
    with pytest.raises(ValidationError, match="1件以上"):
        selection_create(title="空", practices=[], actor=ministry)


def test_pages_filter_pick_share_and_read(client, personas):
    call_command("surveys", "load-practices", stdout=io.StringIO())
    client.force_login(personas["ministry"])
    page = client.get("/surveys/practices/?theme=staff").content.decode()
    assert "優良事例 7 件" in page and "浜松市" in page and "横浜市" not in page
    picks = list(BestPractice.objects.filter(theme="capacity").values_list("pk", flat=True))
    response = client.post(
        "/surveys/practices/selections/new/", {"title": "交付体制の事例", "practices": picks}
    )
    selection = PracticeSelection.objects.get()
    assert response.status_code == 302 and selection.practices.count() == 6
    client.force_login(personas["prefecture"])
    assert client.get(f"/surveys/practices/selections/{selection.pk}/").status_code == 404
    client.force_login(personas["ministry"])
    client.post(f"/surveys/practices/selections/{selection.pk}/share/")
    client.force_login(personas["prefecture"])
    page = client.get(f"/surveys/practices/selections/{selection.pk}/").content.decode()
    assert "掲載事例 6 件" in page and "文京区" in page and "都道府県に共有する" not in page
    assert "交付体制の事例" in client.get("/surveys/practices/").content.decode()
    added = client.post(
        "/surveys/practices/", {"theme": "prefecture", "measure": "県による申請サポート", "source": ""}
    )
    assert added.status_code == 302
    assert BestPractice.objects.get(measure="県による申請サポート").prefecture.name == "宮崎県"
