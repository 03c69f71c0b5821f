"""gunicorn's logger for ``kofu serve``: the access log shows paths without their query strings.

Search pages take what people type in the query string (a notice number, a name, a mistyped My
Number); the access log is kept longer and read by more people than the database, so it gets the
request's path only: the request line (``%(r)s``), the referrer (``%(f)s``, ``{referer}i``) and the
raw URI lose everything from ``?``, the query string atoms (``%(q)s``, ``{query_string}e``) are
empty, and :class:`~kofu.core.logs.MaskMyNumbers` masks any line that still holds a My Number
(e.g. in the path). ``tests/core/test_serve_access_log.py`` runs the server and greps its log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gunicorn.glogging import Logger

from kofu.core.logs import MaskMyNumbers

_WITHOUT_QUERY = ("f", "{referer}i", "{raw_uri}e", "{request_uri}e")
_QUERY = ("q", "{query_string}e")


def without_query(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]


# gunicorn ships no types: its Logger is ``Any`` to mypy, and subclassing Any is flagged.
class PathOnlyLogger(Logger):  # type: ignore[misc]
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(MaskMyNumbers())

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta
    ) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        path = without_query(str(environ.get("RAW_URI") or environ.get("PATH_INFO") or ""))
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        for key in _QUERY:
            if key in atoms:
                atoms[key] = ""
        for key in _WITHOUT_QUERY:
            if isinstance(atoms.get(key), str):
                atoms[key] = without_query(atoms[key])
        return atoms
