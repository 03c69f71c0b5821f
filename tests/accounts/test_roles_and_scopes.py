import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kofu.accounts import services
from kofu.accounts.access import (
    NotFound,
    access_municipality,
    access_prefecture,
    can_edit_municipality,
    municipalities_in_scope,
)
from kofu.accounts.roles import ANONYMOUS, SYSTEM, Resident, Role, System, viewer_of
from kofu.registry.models import Municipality, Prefecture
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("persona", "role", "count"),
    [
        ("municipality", Role.MUNICIPALITY, 1),
        ("prefecture", Role.PREFECTURE, 26),
        ("ministry", Role.MINISTRY, 1741),
    ],
)
def test_each_role_sees_its_jurisdiction(personas, persona, role, count):
    viewer = viewer_of(personas[persona])
    assert viewer.role is role
    assert municipalities_in_scope(viewer).count() == count


def test_commands_see_everything_and_residents_and_visitors_nothing(registry):
    assert municipalities_in_scope(SYSTEM).count() == 1741
    resident = Resident(card_id=1, municipality_id=Municipality.objects.get(code="452025").pk)
    for actor in (resident, ANONYMOUS):
        assert municipalities_in_scope(actor).count() == 0
        with pytest.raises(NotFound):
            access_municipality(actor, "452025")


def test_another_municipality_or_prefecture_is_not_found(personas):
    municipality = viewer_of(personas["municipality"])
    prefecture = viewer_of(personas["prefecture"])
    assert access_municipality(municipality, "452025").name == "都城市"
    with pytest.raises(Http404):
        access_municipality(municipality, "452033")
    assert access_municipality(prefecture, "452033").name == "延岡市"
    with pytest.raises(Http404):
        access_municipality(prefecture, "462012")
    with pytest.raises(Http404):
        access_prefecture(prefecture, "46")
    with pytest.raises(NotFound):  # a code that does not exist: the same answer
        access_municipality(municipality, "999999")


def test_only_a_municipalitys_own_staff_edit_its_records(personas):
    miyakonojo = Municipality.objects.get(code="452025")
    assert can_edit_municipality(viewer_of(personas["municipality"]), miyakonojo.pk)
    assert access_municipality(viewer_of(personas["municipality"]), "452025", change=True) == miyakonojo
    assert can_edit_municipality(System("kofu cards"), miyakonojo.pk)
    for persona in ("other_municipality", "prefecture", "ministry"):
        assert not can_edit_municipality(viewer_of(personas[persona]), miyakonojo.pk)
        with pytest.raises(NotFound):
            access_municipality(viewer_of(personas[persona]), "452025", change=True)
    resident = Resident(card_id=1, municipality_id=miyakonojo.pk)
    assert not can_edit_municipality(resident, miyakonojo.pk)


def test_accounts_without_membership_or_disabled_are_anonymous(personas, django_user_model):
    loose = django_user_model.objects.create_user("loose", password=PASSWORD)
    assert viewer_of(loose).role is Role.ANONYMOUS
    disabled = personas["municipality"]
    disabled.is_active = False
    assert viewer_of(disabled).role is Role.ANONYMOUS


@pytest.mark.real_password_hashing
def test_passwords_are_hashed_with_argon2(personas):
    assert personas["ministry"].password.startswith("argon2")


def test_staff_are_created_by_their_organisations_administrator(personas):
    ministry_admin = viewer_of(personas["ministry"])
    miyazaki = services.organisation_for_prefecture(
        prefecture=Prefecture.objects.get(code="45"), actor=SYSTEM
    )
    created = services.staff_create(
        username="miyazaki-admin",
        password=PASSWORD,
        organisation=miyazaki,
        is_admin=True,
        actor=ministry_admin,
    )
    prefecture_admin = viewer_of(created.user)
    town = services.organisation_for_municipality(
        municipality=Municipality.objects.get(code="454311"), actor=SYSTEM
    )
    with pytest.raises(PermissionDenied):  # another organisation's plain staff: only its own administrator
        services.staff_create(
            username="town-staff", password=PASSWORD, organisation=town, actor=prefecture_admin
        )
    town_admin = services.staff_create(
        username="town-admin", password=PASSWORD, organisation=town, is_admin=True, actor=prefecture_admin
    )
    services.staff_create(
        username="town-staff", password=PASSWORD, organisation=town, actor=viewer_of(town_admin.user)
    )
    with pytest.raises(PermissionDenied):  # the town has an administrator now: no second "first" one
        services.staff_create(
            username="town-admin2",
            password=PASSWORD,
            organisation=town,
            is_admin=True,
            actor=prefecture_admin,
        )
    kagoshima_town = services.organisation_for_municipality(
        municipality=Municipality.objects.get(code="462101"), actor=SYSTEM
    )
    with pytest.raises(PermissionDenied):
        services.staff_create(
            username="x", password=PASSWORD, organisation=kagoshima_town, actor=prefecture_admin
        )
    with pytest.raises(PermissionDenied):
        services.staff_create(
            username="y", password=PASSWORD, organisation=town, actor=viewer_of(personas["municipality"])
        )


def test_weak_passwords_and_taken_names_are_refused(personas):
    organisation = services.organisation_for_ministry(actor=SYSTEM)
    with pytest.raises(ValidationError):
        services.staff_create(username="weak", password="password", organisation=organisation, actor=SYSTEM)
    with pytest.raises(ValidationError, match="既に使われています"):
        services.staff_create(username="soumu", password=PASSWORD, organisation=organisation, actor=SYSTEM)
    assert not get_user_model().objects.filter(username="weak").exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("municipality", ["/cards/452025/", "/plans/municipalities/452025/", "/subsidies/claims/"]),
        ("prefecture", ["/plans/prefectures/45/", "/subsidies/summary/prefectures/45/"]),
        ("ministry", ["/plans/hearings/", "/subsidies/summary/"]),
    ],
)
def test_the_staff_menu_links_each_role_to_its_own_work_and_every_link_opens(
    personas, client, persona, expected
):
    import re

    client.force_login(personas[persona])
    body = client.get("/accounts/me/").content.decode()
    links = re.findall(r'<ul class="menu">(.*?)</ul>', body, re.S)[0]
    hrefs = re.findall(r'href="([^"]+)"', links)
    for path in expected:
        assert path in hrefs
    for href in hrefs:
        assert client.get(href).status_code == 200, href
