"""Staff acquisition survey: rates per department and organisation, roll-ups, ≥ 90 % / ≥ 80 % counts
and shares (seed 002's fire headquarters: 169 ≈ 23 %, 270 ≈ 37 %), monthly history, scopes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kofu.accounts.access import NotFound
from kofu.accounts.roles import SYSTEM, viewer_of
from kofu.registry.models import Municipality, Prefecture
from kofu.surveys import selectors
from kofu.surveys.models import StaffOrganisation
from kofu.surveys.services.staff import staff_organisation_create, staff_report_save

MARCH = dt.date(2022, 3, 31)


def fire_hq(prefecture, name, staff, applications, as_of=MARCH):
    org = staff_organisation_create(kind="fire_hq", name=name, prefecture=prefecture, actor=SYSTEM)
    staff_report_save(
        department=org.departments.get(),
        as_of=as_of,
        staff=staff,
        staff_applications=applications,
        actor=SYSTEM,
    )
    return org


def test_seed_002_fire_headquarters_counts_and_shares_at_both_thresholds(personas):
    """723 fire HQs at 2022-03-31: 169 at ≥ 90 % (約23％) and 270 at ≥ 80 % (約37％)."""
    prefectures = list(Prefecture.objects.order_by("code"))
    rates = [(100, 95)] * 168 + [(100, 90)] + [(100, 80)] * 101 + [(100, 79)] * 453
    for i, (staff, applications) in enumerate(rates):
        fire_hq(prefectures[i % 47], f"消防本部{i:03d}", staff, applications)
    ministry = viewer_of(personas["ministry"])
    summary = selectors.staff_summary(ministry, MARCH)
    ninety, eighty = summary.thresholds["消防本部"]
    assert (ninety.count, ninety.total, ninety.share_percent) == (169, 723, Decimal("23.4"))
    assert (eighty.count, eighty.total, eighty.share_percent) == (270, 723, Decimal("37.3"))
    assert summary.nation.staff == 72_300
    assert len(summary.prefectures) == 47


def test_departments_roll_up_to_the_organisation_prefecture_and_nation(personas):
    miyazaki = Prefecture.objects.get(code="45")
    city = Municipality.objects.get(code="452025")
    org = staff_organisation_create(
        kind="local_government", name="都城市役所", prefecture=miyazaki, municipality=city,
        departments=["市民課", "消防局"], actor=SYSTEM,
    )  # fmt: skip
    counter, fire = org.departments.order_by("name")
    staff_report_save(department=counter, as_of=MARCH, staff=50, staff_applications=49, staff_cards=40,
                      dependants=20, dependant_applications=10, actor=SYSTEM)  # fmt: skip
    staff_report_save(department=fire, as_of=MARCH, staff=150, staff_applications=120, actor=SYSTEM)
    fire_hq(Prefecture.objects.get(code="46"), "鹿児島市消防局", 100, 97)
    summary = selectors.staff_summary(viewer_of(personas["ministry"]), MARCH)
    (o1, f1), (o2, f2) = summary.organisations
    assert o1.name == "都城市役所" and (f1.staff, f1.applications, f1.rate) == (200, 169, Decimal("84.5"))
    assert [c.rate for c in f1.children] == [Decimal("98.0"), Decimal("80.0")]
    assert f1.dependant_rate == Decimal("50.0")
    assert [p.name for p in summary.prefectures] == ["宮崎県", "鹿児島県"]
    assert (summary.nation.staff, summary.nation.applications, summary.nation.rate) == (
        300,
        266,
        Decimal("88.7"),
    )
    # The prefecture sees its own bodies only.
    pref = selectors.staff_summary(viewer_of(personas["prefecture"]), MARCH)
    assert [o.name for o, _ in pref.organisations] == ["都城市役所"]


def test_monthly_history_per_organisation(personas):
    org = fire_hq(Prefecture.objects.get(code="45"), "都城市消防局", 300, 150, as_of=dt.date(2022, 1, 31))
    department = org.departments.get()
    staff_report_save(
        department=department, as_of=dt.date(2022, 2, 28), staff=300, staff_applications=240, actor=SYSTEM
    )
    staff_report_save(department=department, as_of=MARCH, staff=300, staff_applications=285, actor=SYSTEM)
    history = selectors.staff_history(org)
    assert [(d.month, f.rate) for d, f in history] == [
        (1, Decimal("50.0")),
        (2, Decimal("80.0")),
        (3, Decimal("95.0")),
    ]


def test_reports_are_checked_and_scoped(personas):
    miyazaki = Prefecture.objects.get(code="45")
    org = fire_hq(miyazaki, "延岡市消防本部", 10, 5)
    with pytest.raises(ValidationError):
        staff_report_save(
            department=org.departments.get(), as_of=MARCH, staff=10, staff_applications=11, actor=SYSTEM
        )
    with pytest.raises(NotFound):
        staff_report_save(
            department=org.departments.get(), as_of=MARCH, staff=10, staff_applications=5,
            actor=viewer_of(personas["other_prefecture"]),
        )  # fmt: skip
    staff_report_save(
        department=org.departments.get(), as_of=MARCH, staff=10, staff_applications=9,
        actor=viewer_of(personas["prefecture"]),
    )  # fmt: skip
    assert selectors.staff_history(org)[-1][1].rate == Decimal("90.0")


def test_pages_prefecture_registers_a_fire_hq_and_reports(client, personas):
    client.force_login(personas["prefecture"])
    response = client.post(
        "/surveys/staff/organisations/new/",
        {"kind": "fire_hq", "name": "宮崎市消防局", "departments": "全体"},
    )
    assert response.status_code == 302
    org = StaffOrganisation.objects.get(name="宮崎市消防局")
    department = org.departments.get()
    url = f"/surveys/staff/organisations/{org.pk}/"
    bad = client.post(url, {"department": department.pk, "as_of": "2022-03-31", "staff": 10, "staff_applications": 12,
                            "staff_cards": 0, "dependants": 0, "dependant_applications": 0, "dependant_cards": 0})  # fmt: skip
    assert "職員の申請者数：職員の申請者数は職員数以下にしてください" in bad.content.decode()
    ok = client.post(url, {"department": department.pk, "as_of": "2022-03-31", "staff": 10, "staff_applications": 9,
                           "staff_cards": 0, "dependants": 0, "dependant_applications": 0, "dependant_cards": 0})  # fmt: skip
    assert ok.status_code == 302
    page = client.get("/surveys/staff/").content.decode()
    assert "宮崎市消防局" in page and "90.0" in page
    assert '<td class="num">0.0</td>' in page  # no card yet: 0.0 %, not a dash
    client.force_login(personas["other_prefecture"])
    assert client.get(url).status_code == 404
    client.force_login(personas["ministry"])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 404
