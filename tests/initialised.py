"""A database as ``kofu init`` leaves it, made once per test process and copied for each throwaway site.

``kofu init`` applies every migration and loads the reference registry: several seconds of CPU, most
of it Django rendering migration states. The tests that start ``kofu`` in a subprocess over a
database of their own (sites, served kofus, the My Number scans) start from a copy of one database
initialised by a real ``kofu init`` instead: their own ``kofu init`` is then the idempotent second run
(nothing to migrate, the registry unchanged), which ``tests/core/test_cli.py`` proves gives the same
database. The tests of ``kofu init`` itself still start from nothing.

The database holds nothing tied to the data directory's keys (the registry only, no log rows), so a
copy is valid in any data directory.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlparse

_sqlite_template: Path | None = None
_postgres_templates: dict[str, str] = {}


def _kofu_init(database_url: str, data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOFU_", "DJANGO_", "DATABASE_URL"))}
    env.update(DATABASE_URL=database_url, KOFU_DATA_DIR=str(data_dir))
    done = subprocess.run(
        [sys.executable, "-m", "kofu.cli", "init"], env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"kofu init (template) failed:\n{done.stdout}\n{done.stderr}")


def copy_initialised_sqlite(target: Path) -> None:
    """Write an initialised SQLite database to ``target`` (which must not exist yet)."""
    global _sqlite_template
    if target.exists():
        raise FileExistsError(target)
    if _sqlite_template is None:
        directory = Path(tempfile.mkdtemp(prefix="kofu-init-template-"))
        atexit.register(shutil.rmtree, directory, True)
        database = directory / "kofu.sqlite3"
        _kofu_init(f"sqlite:///{database}", directory)
        _sqlite_template = database
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_sqlite_template, target)


def postgres_template(server_url: str) -> str:
    """The name of an initialised database on the server of ``server_url``, to be used as
    ``CREATE DATABASE … TEMPLATE <name>`` (made by ``kofu init`` once per test process, dropped at exit)."""
    parsed = urlparse(server_url)
    key = f"{parsed.hostname}:{parsed.port}"
    if key not in _postgres_templates:
        import psycopg

        name = f"kofu_template_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        _kofu_init(parsed._replace(path="/" + name).geturl(), Path(tempfile.mkdtemp(prefix="kofu-init-pg-")))
        _postgres_templates[key] = name

        def drop(url: str = server_url, template: str = name) -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')

        atexit.register(drop)
    return _postgres_templates[key]
