"""WSGI entry point (gunicorn ``kofu.wsgi:application``).

The JSON API (``/api/v1/…``) goes through the lean handler (:mod:`kofu.core.lean`), every page
through Django's full middleware.
"""

import os

import django
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kofu.settings")
django.setup(set_prefix=False)

from kofu.core.lean import Dispatch, LeanWSGIHandler  # noqa: E402 - needs the settings

application = Dispatch(full=WSGIHandler(), lean=LeanWSGIHandler())

if os.environ.get("KOFU_WARM_UP", "1") != "0":
    from kofu.warmup import warm_up

    warm_up()
