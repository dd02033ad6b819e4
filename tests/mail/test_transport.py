"""The relay of a real organisation: STARTTLS or implicit TLS, AUTH by password or XOAUTH2 token (file or
command), against aiosmtpd with certificates made here; an LMTP listener through `intake serve`; IMAP
over STARTTLS against Dovecot."""

from __future__ import annotations

import base64
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from intake.mail.compose import ReplyPlan, compose
from intake.mail.send import deliver_due, enqueue
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from intake.store.outbox import OutboxMail
from relay import Capture, free_port
from running import listening, wait_for
from support import SAMPLES

USER, PASSWORD, TOKEN = "prestations@cdg-exemple.fr", "mot-de-passe-du-relais", "jeton-oauth-valide"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with openssl; the client trusts it as its CA."""
    root = tmp_path_factory.mktemp("tls")
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


class AuthCapture(Capture):
    """The relay's handler, which also checks XOAUTH2 tokens as Microsoft 365 would."""

    def __init__(self) -> None:
        super().__init__()
        self.logins: list[tuple[str, str]] = []  # (mechanism, user)

    async def auth_XOAUTH2(self, server, args):  # noqa: ANN001
        blob = args[1] if len(args) > 1 else await server.challenge_auth("", encode_to_b64=False)
        fields = dict(part.split("=", 1) for part in base64.b64decode(blob).decode().split("\x01") if "=" in part)
        if fields.get("auth") == f"Bearer {TOKEN}" and fields.get("user") == USER:
            self.logins.append(("XOAUTH2", fields["user"]))
            return AuthResult(success=True)
        return AuthResult(success=False, message="535 5.7.8 jeton refuse")


def _authenticator(capture: AuthCapture):
    def check(server, session, envelope, mechanism, auth_data):  # noqa: ANN001
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
        if ok:
            capture.logins.append((mechanism, USER))
        return AuthResult(success=ok)
    return check


def _server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def _relay(certificate, *, implicit: bool) -> tuple[Controller, AuthCapture, int]:
    capture, port = AuthCapture(), free_port()
    context = _server_context(certificate)
    options = {"ssl_context": context} if implicit else {"tls_context": context, "require_starttls": True}
    controller = Controller(capture, hostname="127.0.0.1", port=port, authenticator=_authenticator(capture),
                            auth_required=True, auth_require_tls=not implicit, **options)
    controller.start()
    return controller, capture, port


def _queue_one(factory, settings, key: str) -> None:
    plan = ReplyPlan("transmis_gestionnaire", "rh@mairie-exemple.fr", "SIN-2025-00007", {"collectivite": "Mairie"})
    with factory() as session:
        enqueue(session, compose(plan, settings=settings, in_reply_to="<q@mairie-exemple.fr>"), dedupe_key=key,
                kind="transmis_gestionnaire")
        session.commit()


def _statuses(factory) -> list[tuple[str, str | None]]:
    with factory() as session:
        return [(row.status, row.last_error) for row in session.scalars(select(OutboxMail).order_by(OutboxMail.id))]


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_the_relay_is_reached_over_tls_with_a_password(settings_env, certificate, security) -> None:
    controller, capture, port = _relay(certificate, implicit=security == "tls")
    try:
        settings = settings_env.model_copy(update={
            "smtp_relay": f"127.0.0.1:{port}", "smtp_relay_security": security, "smtp_relay_auth": "password",
            "smtp_relay_user": USER, "smtp_relay_password": PASSWORD, "tls_ca_file": certificate[0],
            "relay_timeout_seconds": 10.0})
        factory = get_sessionmaker(settings.database_url)
        _queue_one(factory, settings, "one")
        assert deliver_due(factory, settings).sent == 1
        assert len(capture.received) == 1 and capture.logins and capture.logins[0][1] == USER

        wrong = settings.model_copy(update={"smtp_relay_password": "faux", "relay_timeout_seconds": 3.0})
        _queue_one(factory, wrong, "two")
        assert deliver_due(factory, wrong).sent == 0
        status, error = _statuses(factory)[-1]
        assert status == "pending" and error.startswith("relais 127.0.0.1")  # kept with the reason, retried later
        assert len(capture.received) == 1
    finally:
        controller.stop()


def test_starttls_is_required_when_asked_and_an_unknown_authority_is_refused(settings_env, certificate) -> None:
    plain = Controller(Capture(), hostname="127.0.0.1", port=free_port())  # offers no STARTTLS
    plain.start()
    controller, capture, port = _relay(certificate, implicit=False)
    try:
        factory = get_sessionmaker(settings_env.database_url)
        no_tls = settings_env.model_copy(update={"smtp_relay": f"127.0.0.1:{plain.port}", "smtp_relay_security": "starttls"})
        _queue_one(factory, no_tls, "clear")
        assert deliver_due(factory, no_tls).sent == 0 and not plain.handler.received  # never falls back to clear text
        untrusted = settings_env.model_copy(update={
            "smtp_relay": f"127.0.0.1:{port}", "smtp_relay_security": "starttls", "smtp_relay_auth": "password",
            "smtp_relay_user": USER, "smtp_relay_password": PASSWORD})  # no tls_ca_file: the system's authorities
        later = datetime.now(timezone.utc) + timedelta(days=1)  # past the retry delay of the first attempt
        assert deliver_due(factory, untrusted, now=later).sent == 0
        assert "CERTIFICATE_VERIFY_FAILED" in _statuses(factory)[0][1]
        assert not capture.received
    finally:
        plain.stop()
        controller.stop()


def test_xoauth2_with_a_token_from_a_file_then_from_a_command(settings_env, certificate, tmp_path) -> None:
    controller, capture, port = _relay(certificate, implicit=False)
    try:
        token_file = tmp_path / "token"
        token_file.write_text("jeton-expire\n")
        settings = settings_env.model_copy(update={
            "smtp_relay": f"127.0.0.1:{port}", "smtp_relay_security": "starttls", "smtp_relay_auth": "xoauth2",
            "smtp_relay_user": USER, "smtp_relay_oauth_token_file": token_file, "tls_ca_file": certificate[0],
            "relay_timeout_seconds": 10.0})
        factory = get_sessionmaker(settings.database_url)
        _queue_one(factory, settings, "a")
        assert deliver_due(factory, settings).sent == 0  # an expired token: refused, the mail waits
        token_file.write_text(TOKEN + "\n")  # the refresher wrote a new one: the next connection reads it
        later = datetime.now(timezone.utc) + timedelta(days=1)
        assert deliver_due(factory, settings, now=later).sent == 1
        assert capture.logins == [("XOAUTH2", USER)]

        helper = tmp_path / "token-helper"
        helper.write_text(f"#!/bin/sh\necho {TOKEN}\n")
        helper.chmod(0o755)
        by_command = settings.model_copy(update={"smtp_relay_oauth_token_file": None,
                                                 "smtp_relay_oauth_token_command": str(helper)})
        _queue_one(factory, by_command, "b")
        assert deliver_due(factory, by_command).sent == 1
        assert len(capture.received) == 2
    finally:
        controller.stop()


def _lmtp_deliver(port: int, sender: str, recipients: list[str], raw: bytes) -> list[str]:
    """An MTA's LMTP dialogue, by hand: smtplib.LMTP reads a single reply after DATA (not one per recipient)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        replies = sock.makefile("rb")

        def answer() -> list[str]:
            lines = []
            while True:
                line = replies.readline().decode().rstrip("\r\n")
                lines.append(line)
                if len(line) < 4 or line[3] != "-":
                    return lines

        def command(text: str) -> list[str]:
            sock.sendall(text.encode() + b"\r\n")
            return answer()

        assert answer()[0].startswith("220")
        assert command("LHLO mta.cdg-exemple.fr")[-1].startswith("250")
        assert command(f"MAIL FROM:<{sender}>")[0].startswith("250")
        for recipient in recipients:
            assert command(f"RCPT TO:<{recipient}>")[0].startswith("250")
        assert command("DATA")[0].startswith("354")
        body = raw if raw.endswith(b"\r\n") else raw + b"\r\n"
        sock.sendall(re.sub(rb"^\.", b"..", body, flags=re.M) + b".\r\n")
        delivered = [answer()[0] for _ in recipients]
        command("QUIT")
        return delivered


def test_intake_serve_takes_mail_by_lmtp(settings_env, tmp_path) -> None:
    lmtp_port, smtp_port, http_port = free_port(), free_port(), free_port()
    env = {**os.environ, "INTAKE_DATABASE_URL": settings_env.database_url, "INTAKE_DATA_DIR": str(settings_env.data_dir),
           "INTAKE_SMTP_LISTEN": f"127.0.0.1:{smtp_port}", "INTAKE_HTTP_LISTEN": f"127.0.0.1:{http_port}",
           "INTAKE_LMTP_LISTEN": f"127.0.0.1:{lmtp_port}", "INTAKE_REMIND_ENABLED": "false",
           # The receiver takes only recipients of the mailbox's domain (relay denied otherwise).
           "INTAKE_MAILBOX": "prestations@cdg-exemple.fr"}
    log = tmp_path / "serve.log"
    server = subprocess.Popen([sys.executable, "-m", "intake.cli", "serve"], env=env, stdout=log.open("ab"),
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: listening(lmtp_port), timeout=90, what="le récepteur LMTP démarre")
        raw = re.sub(rb"(?<!\r)\n", b"\r\n", (SAMPLES / "cases" / "0002.eml").read_bytes())
        replies = _lmtp_deliver(lmtp_port, "ccas.floractroisrivieres@laposte.net",
                                ["prestations@cdg-exemple.fr", "prestations+sinistres@cdg-exemple.fr"], raw)
        assert len(replies) == 2 and all(line.startswith("250 ") for line in replies)  # one per recipient (RFC 2033)
        factory = get_sessionmaker(settings_env.database_url)

        def processed() -> bool:
            with factory() as session:
                rows = session.scalars(select(Message)).all()
                return len(rows) == 1 and rows[0].status == "processed" and rows[0].source == "smtp"
        wait_for(processed, timeout=120, what="le message reçu par LMTP est traité")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_imap_over_starttls_against_dovecot(tmp_path, certificate, settings_env) -> None:
    import dovecot as dovecot_support

    root = Path(tmp_path / "dovecot-tls") if os.getuid() != 0 else None
    if root is None:
        import tempfile

        root = Path(tempfile.mkdtemp(prefix="intake-dovecot-tls-"))
        root.chmod(0o711)
    process, server = dovecot_support.start(root, tls=certificate)
    try:
        server.append((SAMPLES / "cases" / "0002.eml").read_bytes())
        from intake.mail.imap import connect

        tls = settings_env.model_copy(update={
            "imap_host": server.host, "imap_port": server.port, "imap_user": server.user,
            "imap_password": server.password, "imap_security": "starttls", "tls_ca_file": certificate[0]})
        with connect(tls) as mailbox:
            assert len(mailbox.uids("ALL")) == 1
            assert mailbox.client.sock.version().startswith("TLS")
        with pytest.raises(ssl.SSLCertVerificationError):
            connect(tls.model_copy(update={"tls_ca_file": None}))
    finally:
        dovecot_support.stop(process)
        if os.getuid() == 0:
            import shutil

            shutil.rmtree(root, ignore_errors=True)
