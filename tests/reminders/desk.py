"""A small registry of our own, claims drafted through the claim service, and a capturing SMTP relay."""

from __future__ import annotations

import email
import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from intake.claims import service
from intake.mail.send import deliver_due
from intake.rules import get_rules
from intake.settings import Settings
from intake.store.claims import Claim
from intake.store.messages import Message
from intake.store.models import Agent, Collectivite, ContactEmail, Contract, EmailDomain
from intake.store.outbox import OutboxMail
from relay import Capture, Relay

MAILBOX = "prestations@cdg-test.fr"


def start_relay() -> tuple[Capture, Relay]:
    server = Relay().start()
    return server.capture, server


def text_of(message: email.message.EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


@dataclass
class Desk:
    settings: Settings
    factory: Any
    relay: Capture
    ids: dict[str, int] = field(default_factory=dict)

    def registry(self) -> None:
        """Two employers: one known by its domain, one by a contact address on a shared domain."""
        with self.factory() as session:
            lozere = Collectivite(code="T48001", name="Commune de Test-sur-Lot", affiliated=True,
                                  domains=[EmailDomain(domain="test-sur-lot.fr")])
            rhone = Collectivite(code="T69002", name="SIVOM du Val", affiliated=True,
                                 contacts=[ContactEmail(email="sivom.val@exemple-fai.fr")])
            session.add_all([lozere, rhone])
            session.flush()
            for coll, days in ((lozere, None), (rhone, 120)):
                session.add(Contract(contract_number=f"K-{coll.code}", collectivite_id=coll.id, regime="CNRACL",
                                     formulas=[1], start_date=date(2020, 1, 1), end_date=None,
                                     franchise_mo_days=0, declaration_days=90, documents_days=days or 90))
                for n, (last, first) in enumerate((("DURAND", "Léa"), ("PETIT", "Marc"), ("ROUX", "Inès"))):
                    session.add(Agent(collectivite_id=coll.id, matricule=f"{coll.code[-3:]}{n:03d}",
                                      nir=f"2850348{coll.id:03d}{n:03d}"[:13], last_name=last, first_name=first,
                                      birth_date=date(1985, 3, 1 + n), regime="CNRACL", status="titulaire"))
            session.commit()
            self.ids = {"lozere": lozere.id, "rhone": rhone.id}

    def declare(self, where: str, agent_index: int, *, declared_on: date, start: date, end: date | None,
                category: str = "maladie_ordinaire", kinds: tuple[str, ...] = (), sender: str | None = None) -> str:
        """A claim drafted as the pipeline would from a mail of `sender`; returns its reference."""
        rules = get_rules()
        with self.factory() as session:
            raw_id = uuid.uuid4().hex
            message = Message(message_id=f"<{raw_id}@test>", sha256=hashlib.sha256(raw_id.encode()).hexdigest(),
                              size=1, source="ingest", from_addr=sender, status="processed")
            session.add(message)
            session.flush()
            agent = session.scalars(select(Agent).where(Agent.collectivite_id == self.ids[where])
                                    .order_by(Agent.matricule)).all()[agent_index]
            claim = service.create(session, collectivite_id=self.ids[where], agent=agent, declared_on=declared_on,
                                   category=category, event_date=start, facts={}, message_id=message.id)
            service.add_period(session, claim, start=start, end=end, nature="initial", message_id=message.id,
                               rules=rules)
            self._attach(session, claim, kinds, message.id)
            service.refresh(session, claim, rules)
            session.commit()
            return claim.reference

    def add_piece(self, reference: str, kind: str) -> None:
        with self.factory() as session:
            claim = service.claim_by_reference(session, reference)
            self._attach(session, claim, (kind,), None)
            service.refresh(session, claim, get_rules())
            session.commit()

    @staticmethod
    def _attach(session, claim, kinds, message_id) -> None:
        files = [service.StoredFile(filename=f"{kind}.pdf", kind=kind, sha256=hashlib.sha256(
            f"{claim.id}{kind}".encode()).hexdigest(), size=10, content_type="application/pdf", ocr=False)
            for kind in kinds]
        service.attach(session, claim, files, message_id=message_id)

    def set_status(self, reference: str, status: str) -> None:
        with self.factory() as session:
            claim = service.claim_by_reference(session, reference)
            claim.status = status
            session.commit()

    def claim(self, reference: str) -> Claim:
        with self.factory() as session:
            return service.claim_by_reference(session, reference)

    def deliver(self) -> list[email.message.EmailMessage]:
        before = len(self.relay.messages)
        deliver_due(self.factory, self.settings)
        return self.relay.messages[before:]

    def count(self, *where) -> int:
        with self.factory() as session:
            return session.scalar(select(func.count()).select_from(OutboxMail).where(*where))
