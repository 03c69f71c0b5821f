"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the outbox's delivery tests, and booked residents."""

from __future__ import annotations

import logging
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message as EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.bookings.conftest import make_resident, make_slot, miyakonojo, notice_batch, site  # noqa: F401

USER, PASSWORD = "kofu", "p@ss word"
# aiosmtpd warns on every AUTH about its own deprecated attribute.
logging.getLogger("mail.log").setLevel(logging.ERROR)
REFUSED_RECIPIENT = "nobody@example.jp"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """What the server accepted: one parsed message per delivery (a lock: senders run in threads)."""

    received: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == REFUSED_RECIPIENT:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            self.received.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"

    def subjects(self) -> list[str]:
        from email.header import decode_header, make_header

        return [str(make_header(decode_header(m["Subject"]))) for m in self.received]


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


class SmtpServer:
    """Start and stop a local SMTP server on a fixed port (so a refused connection can come first)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(
            self.inbox,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=_authenticate,
            auth_require_tls=False,
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp(settings):
    """A stopped server on a free port, with kofu's settings pointing at it (smtp://kofu:…@127.0.0.1)."""
    from kofu.config import email_settings

    server = SmtpServer(free_port())
    for key, value in email_settings(
        f"smtp://{USER}:p%40ss%20word@127.0.0.1:{server.port}?timeout=5"
    ).items():
        setattr(settings, key, value)
    settings.DEFAULT_FROM_EMAIL = "kofu@city.miyakonojo.example.jp"
    yield server
    server.stop()
