"""Typed readers for settings that come from the environment (fail loudly on bad values)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs


class ConfigError(RuntimeError):
    """A setting from the environment is missing or malformed."""


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"環境変数 {name} は真偽値（1/0, true/false）で指定してください: {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"環境変数 {name} は整数で指定してください: {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise ConfigError(f"環境変数 {name} は {minimum} 以上の整数で指定してください: {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The directory holding the SQLite file and the local secret key (``KOFU_DATA_DIR``)."""
    raw = os.environ.get("KOFU_DATA_DIR")
    path = Path(raw).expanduser() if raw else Path(platformdirs.user_data_dir("kofu", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def local_secret_key(directory: Path, name: str = "secret_key") -> str:
    """A per-installation secret for development use, created once in the data directory."""
    key_file = directory / name
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()
