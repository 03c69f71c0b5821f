"""The demo of a living drive (``kofu demo``) refuses to load under the production settings."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kofu.core.drive_demo import DemoRefused, drive_demo_load

pytestmark = pytest.mark.django_db


def test_refused_under_the_production_settings(registry, settings):
    settings.KOFU_DEMO_ALLOWED = False
    with pytest.raises(DemoRefused):
        drive_demo_load()
    with pytest.raises(CommandError, match="本番設定"):
        call_command("demo", no_serve=True, stdout=StringIO())
