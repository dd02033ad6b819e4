"""What a caller may see: every lookup of a claim, message or document goes through here; unseen is 404."""

from __future__ import annotations

from fastapi import HTTPException
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from intake.store.claims import Claim, ClaimMessage, Document, within
from intake.store.messages import Message
from intake.store.models import Collectivite
from intake.web.auth import Caller

NOT_FOUND = "introuvable"


def not_found() -> HTTPException:
    # Same answer whether the thing does not exist or belongs to someone else: never a hint.
    return HTTPException(404, NOT_FOUND)


def scoped_claims(stmt: Select, caller: Caller) -> Select:
    return within(stmt, caller.visible)


def claim_visible(claim: Claim | None, caller: Caller) -> bool:
    return claim is not None and (caller.visible is None or claim.collectivite_id in caller.visible)


def get_claim(session: Session, caller: Caller, reference: str, *, full: bool = False) -> Claim:
    if len(reference) > 40 or "\x00" in reference:  # no reference looks like that (PostgreSQL refuses NUL)
        raise not_found()
    stmt = select(Claim).where(Claim.reference == reference.strip().upper())
    stmt = stmt.options(joinedload(Claim.agent), joinedload(Claim.collectivite), joinedload(Claim.contract))
    if full:
        stmt = stmt.options(selectinload(Claim.periods), selectinload(Claim.documents), selectinload(Claim.links))
    claim = session.scalar(scoped_claims(stmt, caller))
    if claim is None:
        raise not_found()
    return claim


def message_visible(session: Session, caller: Caller, message: Message | None) -> bool:
    if message is None:
        return False
    if caller.visible is None:
        return True
    of_message = select(Claim.id).join(ClaimMessage, ClaimMessage.claim_id == Claim.id).where(
        ClaimMessage.message_id == message.id)
    linked = session.scalar(select(within(of_message, caller.visible).exists()))
    if linked:
        return True
    code = (message.analysis or {}).get("collectivite")
    if not code:
        return False
    return session.scalar(select(Collectivite.id).where(Collectivite.code == code)) in caller.visible


def get_message(session: Session, caller: Caller, message_id: int) -> Message:
    if not 0 < message_id < 2**31:  # beyond the column: PostgreSQL would fail the query (a 500)
        raise not_found()
    message = session.get(Message, message_id)
    if not message_visible(session, caller, message):
        raise not_found()
    return message


def get_document(session: Session, caller: Caller, document_id: int) -> Document:
    if not 0 < document_id < 2**31:
        raise not_found()
    document = session.get(Document, document_id)
    if document is None or not claim_visible(session.get(Claim, document.claim_id), caller):
        raise not_found()
    return document


def visible_collectivite_list(session: Session, caller: Caller) -> list[Collectivite]:
    stmt = select(Collectivite).order_by(Collectivite.name)
    if caller.visible is not None:
        stmt = stmt.where(Collectivite.id.in_(caller.visible or [-1]))
    return list(session.scalars(stmt))
