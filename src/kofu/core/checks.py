"""System checks of kofu's own settings (``kofu check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def staff_second_factor_required(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Staff MFA is mandatory (SECURITY 19): switching it off is allowed, and shown."""
    if getattr(settings, "KOFU_REQUIRE_STAFF_MFA", False):
        return []
    return [
        Warning(
            "職員の二要素認証（TOTP）が必須になっていません（KOFU_REQUIRE_STAFF_MFA=0）。",
            hint="本番では KOFU_REQUIRE_STAFF_MFA を外すか 1 にしてください（docs/operations.md）。",
            id="kofu.W001",
        )
    ]
