"""The permission to export residents' personal data (持ち出し): who may grant it, to whom, logged."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kofu.accounts.access import NotFound
from kofu.accounts.grants import export_permission_set
from kofu.accounts.models import AuditEvent
from kofu.accounts.permissions import can_export_resident_pii
from kofu.accounts.roles import SYSTEM, viewer_of
from kofu.accounts.services import organisation_for_municipality
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def fresh(user):
    user.refresh_from_db()
    user.membership.refresh_from_db()
    return viewer_of(user)


def test_nobody_has_it_by_default_and_the_organisations_admin_grants_it(personas, registry):
    miyakonojo = registry.get(code="452025")
    window = personas["municipality"]
    assert not can_export_resident_pii(fresh(window), miyakonojo.pk)
    admin = make_staff(
        "miyakonojo-admin",
        organisation_for_municipality(municipality=miyakonojo, actor=SYSTEM),
        is_admin=True,
    )
    export_permission_set(username="miyakonojo", allowed=True, actor=viewer_of(admin))
    viewer = fresh(window)
    assert viewer.export_resident_pii and can_export_resident_pii(viewer, miyakonojo.pk)
    # Only for the own municipality's records.
    assert not can_export_resident_pii(viewer, registry.get(code="452033").pk)
    event = AuditEvent.objects.filter(action="accounts.permission_grant").get()
    assert (event.actor_label, event.before, event.after) == (
        "miyakonojo-admin",
        {"export_resident_pii": False},
        {"export_resident_pii": True},
    )
    export_permission_set(username="miyakonojo", allowed=False, actor=viewer_of(admin))
    assert not fresh(window).export_resident_pii


def test_other_organisations_and_plain_staff_cannot_grant_it(personas):
    for granter in ("other_municipality", "ministry", "municipality"):
        with pytest.raises(NotFound):  # an account one does not administer: not found
            export_permission_set(username="miyakonojo", allowed=True, actor=viewer_of(personas[granter]))
    assert not fresh(personas["municipality"]).export_resident_pii


def test_only_municipality_staff_can_hold_it(personas):
    for username in ("miyazaki-pref", "soumu"):
        with pytest.raises(ValidationError, match="市区町村の職員にだけ"):
            export_permission_set(username=username, allowed=True, actor=SYSTEM)
    with pytest.raises(ValidationError, match="いません"):
        export_permission_set(username="nobody", allowed=True, actor=SYSTEM)


def test_the_operator_grants_it_from_the_command_line(personas):
    out = io.StringIO()
    call_command("accounts", "grant-export", "miyakonojo", stdout=out)
    assert (
        "宮崎県都城市 の「miyakonojo」に住民の個人情報の出力（持ち出し）の権限を付与しました"
        in out.getvalue()
    )
    assert fresh(personas["municipality"]).export_resident_pii
    call_command("accounts", "grant-export", "miyakonojo", "--withdraw", stdout=io.StringIO())
    assert not fresh(personas["municipality"]).export_resident_pii
    assert (
        AuditEvent.objects.filter(
            action__startswith="accounts.permission_", actor_label="kofu accounts"
        ).count()
        == 2
    )
