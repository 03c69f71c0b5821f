"""WSGI entry point (gunicorn ``kofu.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kofu.settings")
application = get_wsgi_application()

if os.environ.get("KOFU_WARM_UP", "1") != "0":
    from kofu.warmup import warm_up

    warm_up()
