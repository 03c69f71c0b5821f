"""The published demo password, and whether this installation allows it (never in production).

``kofu demo`` creates its accounts with :data:`DEMO_PASSWORD`; under ``kofu.settings_production``
(``KOFU_DEMO_ALLOWED = False``) the loader refuses to run and the login form refuses the password.
"""

from __future__ import annotations

from django.conf import settings

DEMO_PASSWORD = "kofu-demo-password"
DEMO_REFUSED = (
    "本番設定ではデモのパスワードは使えません / the demo password is refused under the production settings"
)


def demo_allowed() -> bool:
    return bool(getattr(settings, "KOFU_DEMO_ALLOWED", True))
