"""Delivery over TLS to a real local server: STARTTLS (``smtp://…?starttls``) and TLS from the start
(``smtps://``), with a certificate from a test CA — trusted (sent), and not trusted (failed, with a
Japanese error naming TLS)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kofu.config import email_settings
from kofu.outbox.models import Message
from kofu.outbox.services import message_queue, messages_deliver
from tests.outbox.conftest import Inbox, free_port


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def _cert(subject: str, key, issuer: str, issuer_key, *, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """A test CA and a server certificate for 127.0.0.1 signed by it (files: ca.pem, server.pem, key.pem)."""
    folder = tmp_path_factory.mktemp("tls")
    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _cert("kofu test CA", ca_key, "kofu test CA", ca_key, ca=True)
    server = _cert("127.0.0.1", server_key, "kofu test CA", ca_key, ca=False)
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.pem").write_bytes(server.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return folder


def _server_context(certificates) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificates / "server.pem", certificates / "key.pem")
    return context


@pytest.fixture(params=["starttls", "smtps"])
def tls_server(request, certificates, settings):
    port, inbox = free_port(), Inbox()
    context = _server_context(certificates)
    if request.param == "starttls":
        controller = Controller(
            inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True
        )
        url = f"smtp://127.0.0.1:{port}?starttls&timeout=5"
    else:
        controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=context)
        url = f"smtps://127.0.0.1:{port}?timeout=5"
    for key, value in email_settings(url).items():
        setattr(settings, key, value)
    controller.start()
    yield inbox
    controller.stop()


def _queue() -> Message:
    return message_queue(
        kind="test.notice", to="hanako@example.jp", subject="件名", body="本文", municipality_id=None
    )


def test_a_server_whose_certificate_is_trusted_gets_the_message_over_tls(
    db, tls_server, certificates, monkeypatch
):
    monkeypatch.setenv(
        "SSL_CERT_FILE", str(certificates / "ca.pem")
    )  # the CA the server's certificate is from
    message = _queue()
    assert messages_deliver().sent == 1
    message.refresh_from_db()
    assert message.state == "sent" and [m["To"] for m in tls_server.received] == ["hanako@example.jp"]


def test_an_untrusted_certificate_fails_the_message_with_a_tls_error(db, tls_server, monkeypatch, tmp_path):
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-ca.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    message = _queue()
    result = messages_deliver()
    message.refresh_from_db()
    assert (result.sent, message.state, tls_server.received) == (0, "failed", [])
    assert (
        "との TLS 接続に失敗しました" in message.last_error
        and "CERTIFICATE_VERIFY_FAILED" in message.last_error
    )
