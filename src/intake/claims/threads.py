"""Which claim a message is about: reference in the subject, our Message-ID, the signed plus-address."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.domain import CLAIM_REFERENCE, claim_reference
from intake.store.claims import Claim
from intake.store.outbox import OutboxMail


@dataclass(frozen=True, slots=True)
class Thread:
    """A claim the message explicitly answers, and how we know (shown to handlers)."""

    claim_id: int
    reason: str


def _references_in_subject(subject: str | None) -> list[str]:
    return [claim_reference(int(year), int(number)) for year, number in CLAIM_REFERENCE.findall(subject or "")]


def explicit_thread(
    session: Session,
    *,
    subject: str | None,
    message_ids: list[str],
    recipients: list[str],
    mailbox: str,
    collectivite_id: int | None,
) -> Thread | None:
    """The claim this message answers, when it says so; a claim of another collectivité never matches."""

    def own(claim: Claim | None) -> bool:
        return claim is not None and (collectivite_id is None or claim.collectivite_id == collectivite_id)

    for reference in _references_in_subject(subject):
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        if own(claim):
            return Thread(claim.id, f"référence {reference} dans l'objet")
    if message_ids:
        sent = session.scalars(
            select(OutboxMail).where(OutboxMail.message_id_header.in_(message_ids), OutboxMail.claim_id.is_not(None))
        ).first()
        if sent is not None and own(session.get(Claim, sent.claim_id)):
            return Thread(sent.claim_id, "réponse à notre courriel")
    from intake.mail.tokens import reference_from_address

    for address in recipients:
        reference = reference_from_address(address, mailbox=mailbox)
        if reference:
            claim = session.scalar(select(Claim).where(Claim.reference == reference))
            if own(claim):
                return Thread(claim.id, "adresse de réponse du dossier")
    return None
