"""Work done once when the web server starts, instead of on each worker's first request.

``kofu serve`` runs gunicorn with ``--preload``: the application (and this warm-up) is loaded in
the master process and the workers are forked from it, sharing what was loaded. Nothing here
opens a database connection (a connection must never cross a fork).
"""

from __future__ import annotations

from django.template.loader import get_template
from django.urls import get_resolver

#: Templates of the public pages, compiled once here (the cached loader keeps them).
TEMPLATES = (
    "base.html",
    "stats/dashboard.html",
    "stats/prefecture.html",
    "stats/municipality.html",
    "stats/municipal_map.html",
    "stats/downloads.html",
    "stats/convenience.html",
)


def warm_up() -> None:
    from kofu.stats.warmup import warm_up as warm_up_stats

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for name in TEMPLATES:
        get_template(name)
    warm_up_stats()
