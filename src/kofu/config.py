"""Typed readers for settings that come from the environment (fail loudly on bad values)."""

from __future__ import annotations

import os
import secrets
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit, urlunsplit

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


# --- E-mail: KOFU_EMAIL_URL, KOFU_EMAIL_FROM, KOFU_PUBLIC_URL ---------------------------------------

EMAIL_URL_EXAMPLES = (
    "例: smtp://user:password@mail.example.lg.jp:587?starttls, smtps://user:password@mail.example.lg.jp, "
    "console://, file:///var/lib/kofu/mail"
)
_SMTP_OPTIONS = {"starttls", "timeout"}
_DEFAULT_TIMEOUT = 10


def _email_error(name: str, problem: str) -> ConfigError:
    return ConfigError(f"環境変数 {name} の値が正しくありません: {problem}（{EMAIL_URL_EXAMPLES}）")


def _smtp_options(name: str, query: str, *, ssl: bool) -> tuple[bool, int]:
    """``?starttls`` and ``?timeout=N`` of an smtp(s) URL: (use STARTTLS, timeout in seconds)."""
    options = dict(parse_qsl(query, keep_blank_values=True))
    unknown = sorted(set(options) - _SMTP_OPTIONS)
    if unknown:
        raise _email_error(name, f"知らないオプション {', '.join(unknown)}（使えるのは starttls と timeout）")
    starttls = "starttls" in options
    if starttls and options["starttls"] not in {"", "1", "true", "yes"}:
        raise _email_error(name, "starttls には値を付けないでください（?starttls）")
    if starttls and ssl:
        raise _email_error(name, "smtps:// は最初から TLS です。STARTTLS は smtp:// と組み合わせてください")
    raw_timeout = options.get("timeout", str(_DEFAULT_TIMEOUT))
    if not raw_timeout.isdigit() or int(raw_timeout) < 1:
        raise _email_error(name, f"timeout は1以上の秒数で指定してください: {raw_timeout!r}")
    return starttls, int(raw_timeout)


def _smtp_settings(name: str, parts: SplitResult, *, ssl: bool) -> dict[str, object]:
    if parts.path not in {"", "/"}:
        raise _email_error(name, f"SMTP の URL にパスは付けられません: {parts.path!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise _email_error(name, "ポート番号が数字ではないか、範囲外です") from exc
    if not parts.hostname:
        raise _email_error(name, "メールサーバーのホスト名がありません")
    starttls, timeout = _smtp_options(name, parts.query, ssl=ssl)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if ssl else 587 if starttls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": starttls,
        "EMAIL_USE_SSL": ssl,
        "EMAIL_TIMEOUT": timeout,
    }


def email_settings(raw: str, *, name: str = "KOFU_EMAIL_URL") -> dict[str, object]:
    """Django's ``EMAIL_*`` settings for one e-mail URL; :class:`ConfigError` (Japanese) when malformed.

    * ``smtp://[user[:password]@]host[:port][?starttls][&timeout=10]`` (port 25, or 587 with STARTTLS)
    * ``smtps://[user[:password]@]host[:port]`` (TLS from the start, port 465)
    * ``console://`` (print each message to the standard output), ``file:///absolute/dir`` (one file
      per message, for the demo and development)

    The user name and password are percent-decoded (``%40`` for ``@`` …).
    """
    value = raw.strip()
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in {"smtp", "smtps"}:
        return _smtp_settings(name, parts, ssl=scheme == "smtps")
    if scheme == "console":
        if parts.netloc or parts.path or parts.query:
            raise _email_error(name, "console:// には何も付けません")
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "file":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/") or path == "/":
            raise _email_error(
                name, "file:// の後に保存先ディレクトリの絶対パスを書いてください（file:///…）"
            )
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": path}
    shown = value.split("://", 1)[0] if "://" in value else value[:20]
    raise _email_error(name, f"対応していない形式です: {shown!r}")


def email_url_for_display(raw: str) -> str:
    """The URL with its password replaced by ``***`` (for logs, ``kofu outbox status`` and errors)."""
    parts = urlsplit(raw.strip())
    if parts.password is None:
        return raw.strip()
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def env_email_from(name: str, default: str) -> str:
    """The sender address (``KOFU_EMAIL_FROM``): ``kofu@city.example.lg.jp`` or ``都城市 <kofu@…>``."""
    raw = os.environ.get(name, "").strip() or default
    _, address = parseaddr(raw)
    local, _, domain = address.partition("@")
    if not local or not domain or " " in address:
        raise ConfigError(
            f"環境変数 {name} はメールアドレスで指定してください（例: kofu@city.example.lg.jp）: {raw!r}"
        )
    return raw


def env_public_url(name: str, default: str) -> str:
    """The site's address as residents reach it (links in e-mails): ``https://host[:port][/prefix]``."""
    raw = (os.environ.get(name, "").strip() or default).rstrip("/")
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            f"環境変数 {name} はサイトの URL（例: https://kofu.example.lg.jp）で指定してください: {raw!r}"
        )
    return raw
