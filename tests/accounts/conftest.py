"""Personas: one account per role and jurisdiction (宮崎県都城市 / 宮崎県 / 総務省, plus others)."""

from __future__ import annotations

import pytest

from kofu.accounts import services
from kofu.registry.models import Municipality, Prefecture

PASSWORD = "kofu-test-password-2026"


def make_staff(username: str, organisation, *, is_admin: bool = False):
    return services.staff_create(
        username=username, password=PASSWORD, organisation=organisation, is_admin=is_admin, actor=None
    ).user


@pytest.fixture
def personas(registry):
    miyakonojo = Municipality.objects.get(code="452025")
    nobeoka = Municipality.objects.get(code="452033")
    kagoshima_city = Municipality.objects.get(code="462012")
    return {
        "municipality": make_staff(
            "miyakonojo", services.organisation_for_municipality(municipality=miyakonojo)
        ),
        "other_municipality": make_staff(
            "nobeoka", services.organisation_for_municipality(municipality=nobeoka)
        ),
        "other_prefecture_municipality": make_staff(
            "kagoshima-city", services.organisation_for_municipality(municipality=kagoshima_city)
        ),
        "prefecture": make_staff(
            "miyazaki-pref",
            services.organisation_for_prefecture(prefecture=Prefecture.objects.get(code="45")),
        ),
        "other_prefecture": make_staff(
            "kagoshima-pref",
            services.organisation_for_prefecture(prefecture=Prefecture.objects.get(code="46")),
        ),
        "ministry": make_staff("soumu", services.organisation_for_ministry(), is_admin=True),
    }
