"""A town hall's mail through the real pipeline (inbox, worker, outbox, SMTP relay), each mail received on a
chosen day: deadlines count from the day our server received the mail, so tests set that day."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from sqlalchemy import select, update

from intake.identify.registry import import_registry_file
from intake.mail.inbox import inbox_for
from intake.mail.send import deliver_due
from intake.pipeline.runner import drain
from intake.settings import get_settings
from intake.store.blobs import FileBlobStore
from intake.store.claims import Claim
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from relay import Relay

MAILBOX = "prestations@cdg-exemple.fr"
ORGANISATION = "Centre de gestion de la fonction publique territoriale d'Exemple"


def nir(base: str) -> str:
    """A NIR with its key (97 − the number modulo 97), as a registry holds it."""
    return f"{base}{97 - int(base) % 97:02d}"


# (code, name, domain); (code, number, regime, formula, start, end, franchise, declaration days, pieces days);
# (code, matricule, nir, last, first, birth, regime, status)
COLLECTIVITES = [
    ("T001", "Mairie de Testville", "mairie-testville.fr"),
    ("T002", "CCAS de Formuleneuf", "ccas-formuleneuf.fr"),
    ("T003", "Syndicat des eaux du Plateau", "eaux-plateau.fr"),
    ("T004", "Mairie de Centvingt", "mairie-centvingt.fr"),
]
CONTRACTS = [
    ("T001", "2020-CNR-T001", "CNRACL", "1", "2020-01-01", "", "0", "90", "90"),
    ("T001", "2020-IRC-T001", "IRCANTEC", "12", "2020-01-01", "", "0", "90", "90"),
    ("T002", "2020-CNR-T002", "CNRACL", "9", "2020-01-01", "", "0", "90", "90"),
    ("T003", "2021-CNR-T003", "CNRACL", "1", "2021-01-01", "2024-12-31", "0", "90", "90"),
    ("T004", "2020-CNR-T004", "CNRACL", "2", "2020-01-01", "", "0", "120", "120"),
]
AGENTS = [
    ("T001", "A001", nir("2780569123045"), "DURAND", "Sophie", "1978-05-12", "CNRACL", "titulaire"),
    ("T001", "A002", nir("1820338185012"), "MARTIN", "Paul", "1982-03-08", "CNRACL", "titulaire"),
    ("T001", "A003", nir("2900775056078"), "LEROY", "Julie", "1990-07-21", "IRCANTEC", "contractuel"),
    ("T001", "A004", nir("1850913055091"), "BERNARD", "Luc", "1985-09-30", "CNRACL", "titulaire"),
    ("T001", "A005", nir("2700169387123"), "FONTAINE", "Hélène", "1970-01-15", "CNRACL", "titulaire"),
    ("T002", "B001", nir("1750633063044"), "PETIT", "Marc", "1975-06-02", "CNRACL", "titulaire"),
    ("T003", "C001", nir("2880431555066"), "ROUX", "Anne", "1988-04-19", "CNRACL", "titulaire"),
    ("T004", "D001", nir("1800742218055"), "GARNIER", "Louis", "1980-07-11", "CNRACL", "titulaire"),
]


def _write(path: Path, header: list[str], rows: list[tuple]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@dataclass
class Town:
    """Sends mail as a collectivité on a given day and returns what came back through the relay."""

    relay: object
    factory: object
    store: object
    settings: object
    blobs: FileBlobStore

    def send(self, body: str, *, on: date, sender: str = "rh@mairie-testville.fr", subject: str = "Arrêt de travail",
             attachments: tuple[tuple[str, bytes], ...] = (), reply_to: EmailMessage | None = None) -> list[EmailMessage]:
        message = EmailMessage()
        message["From"] = f"Service RH <{sender}>"
        message["To"] = reply_to["Reply-To"] if reply_to is not None else MAILBOX
        message["Subject"] = f"RE: {reply_to['Subject']}" if reply_to is not None else subject
        if reply_to is not None:
            message["In-Reply-To"] = reply_to["Message-ID"]
            message["References"] = reply_to["Message-ID"]
        received = datetime(on.year, on.month, on.day, 9, 30, tzinfo=timezone.utc)
        message["Date"] = format_datetime(received)
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
        message.set_content(body)
        for filename, data in attachments:
            message.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
        before = len(self.relay.messages)
        stored = self.store(message.as_bytes(), source="smtp", envelope_to=[str(message["To"])])
        with self.factory() as session:  # the day our server received it
            session.execute(update(Message).where(Message.id == stored.id).values(received_at=received))
            session.commit()
        drain(self.factory, self.blobs, settings=self.settings)
        deliver_due(self.factory, self.settings)
        return self.relay.messages[before:]

    def claims(self, session) -> list[Claim]:
        return list(session.scalars(select(Claim).order_by(Claim.id)))


def text_of(reply: EmailMessage) -> str:
    return reply.get_body(("plain",)).get_content()


@pytest.fixture
def town(settings_env, monkeypatch, tmp_path) -> Iterator[Town]:
    server = Relay().start()
    monkeypatch.setenv("INTAKE_SMTP_RELAY", server.address)
    monkeypatch.setenv("INTAKE_MAILBOX", MAILBOX)
    monkeypatch.setenv("INTAKE_ORGANISATION", ORGANISATION)
    monkeypatch.setenv("INTAKE_MAX_AUTO_REPLIES_PER_DAY", "100")
    get_settings.cache_clear()
    settings = get_settings()
    files = {
        "collectivites": _write(tmp_path / "collectivites.csv", ["code", "name", "email_domains", "contact_emails",
                                                                 "affiliated"],
                                [(c, n, d, "", "true") for c, n, d in COLLECTIVITES]),
        "contracts": _write(tmp_path / "contracts.csv", ["collectivite_code", "contract_number", "regime", "formula",
                                                          "start_date", "end_date", "franchise_mo_days",
                                                          "declaration_days", "documents_days"], CONTRACTS),
        "agents": _write(tmp_path / "agents.csv", ["collectivite_code", "matricule", "nir", "last_name", "birth_name",
                                                    "first_name", "birth_date", "regime", "status"],
                         [(c, m, n, last, "", first, b, r, s) for c, m, n, last, first, b, r, s in AGENTS]),
    }
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, files[kind], url=settings.database_url)
    yield Town(server.capture, get_sessionmaker(settings.database_url), inbox_for(settings), settings,
               FileBlobStore(settings.data_dir))
    server.stop()
