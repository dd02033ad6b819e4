"""A whole intake for the security tests: the sample registry, the built-in SMTP receiver on a loopback
port, the worker, the sender and a capturing relay (real SMTP both ways)."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass

import pytest

from intake.identify.registry import import_registry_file
from intake.mail.inbox import inbox_for
from intake.mail.send import deliver_due
from intake.mail.smtp import SMTPReceiver
from intake.pipeline.runner import drain
from intake.settings import get_settings
from intake.store.blobs import FileBlobStore
from intake.store.db import get_sessionmaker
from relay import Relay, free_port
from support import REGISTRY

MAILBOX = "prestations@cdg-exemple.fr"
OUR_MTA = "mx1.cdg-exemple.fr"  # our MTA's authserv-id, the one INTAKE_TRUSTED_AUTHSERV_IDS names


@dataclass
class Sent:
    """One mail the relay accepted: the envelope and the bytes exactly as they went on the wire."""

    mail_from: str
    recipients: list[str]
    raw: bytes

    @property
    def header_block(self) -> str:
        return self.raw.split(b"\r\n\r\n", 1)[0].decode("ascii")

    def header_names(self) -> list[str]:
        """The names of the header fields, continuation lines folded into their field."""
        return [line.split(":", 1)[0].lower() for line in self.header_block.split("\r\n")
                if line and not line[0].isspace()]


@dataclass
class Intake:
    settings: object
    factory: object
    receiver: SMTPReceiver
    relay: Relay

    def exchange(self, raw: bytes, *, sender: str = "rh@mairiebarjac.fr") -> list[Sent]:
        """Send `raw` to our SMTP receiver, let the worker and the sender run; what reached the relay."""
        before = len(self.relay.capture.received)
        with smtplib.SMTP(self.receiver.hostname, self.receiver.port, timeout=30) as client:
            client.sendmail(sender, [MAILBOX], raw)
        drain(self.factory, FileBlobStore(self.settings.data_dir), settings=self.settings)
        deliver_due(self.factory, self.settings)
        return [Sent(f, list(r), b) for f, r, b in self.relay.capture.received[before:]]


@pytest.fixture
def intake(settings_env, monkeypatch):
    relay = Relay().start()
    monkeypatch.setenv("INTAKE_SMTP_RELAY", relay.address)
    monkeypatch.setenv("INTAKE_MAILBOX", MAILBOX)
    monkeypatch.setenv("INTAKE_TRUSTED_AUTHSERV_IDS", OUR_MTA)
    get_settings.cache_clear()
    settings = get_settings()
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, REGISTRY / f"{kind}.csv", url=settings.database_url)
    receiver = SMTPReceiver(inbox_for(settings), host="127.0.0.1", port=free_port(), max_bytes=10_000_000)
    receiver.start()
    yield Intake(settings, get_sessionmaker(settings.database_url), receiver, relay)
    receiver.stop()
    relay.stop()
    get_settings.cache_clear()



PASSWORD = "correct horse battery"



@pytest.fixture
def admin(intake, monkeypatch) -> str:
    """An admin account (who sees every collectivité), with real argon2 at its lightest cost; its e-mail."""
    from argon2 import PasswordHasher

    import intake.web.accounts as users

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", lambda: cheap)
    with intake.factory() as session:
        users.add_user(session, email="admin@cdg.fr", role="admin", password=PASSWORD)
        session.commit()
    return "admin@cdg.fr"


@pytest.fixture
def desk_client(intake, admin):
    """A TestClient of the desk logged in as the admin."""
    from fastapi.testclient import TestClient

    from intake.web.app import create_app

    with TestClient(create_app(intake.settings)) as client:
        page = client.get("/login")
        csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        done = client.post("/login", data={"email": admin, "password": PASSWORD, "csrf": csrf, "next": "/"},
                           follow_redirects=False)
        assert done.status_code == 303
        yield client
