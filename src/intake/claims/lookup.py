"""What the desk and the API read of claims, their agents, messages and mail, within what a handler may see.

`visible` is the ids of the collectivités a handler is assigned (None: all, an admin); the web layer only
parses the request, calls these and renders."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from intake.claims.repair import LIVE
from intake.domain import DraftOutcome
from intake.store.claims import Claim, ClaimMessage, within
from intake.store.messages import Message, MessageStatus
from intake.store.models import Agent
from intake.store.outbox import OutboxMail, OutboxStatus

Visible = frozenset[int] | None

# A forged From is nobody we know either: both are listed with the unknown senders.
UNKNOWN_SENDERS = (DraftOutcome.EXPEDITEUR_INCONNU, DraftOutcome.EXPEDITEUR_NON_AUTHENTIFIE)


def visible_reference(session: Session, *, reference: str, visible: Visible) -> str | None:
    """The claim's reference as stored when it exists and the handler may see it (a typed reference, any case)."""
    return session.scalar(within(select(Claim.reference).where(Claim.reference == reference.strip().upper()), visible))


def reference_of(session: Session, *, claim_id: int) -> str | None:
    return session.scalar(select(Claim.reference).where(Claim.id == claim_id))


def counts_by_status(session: Session, *, visible: Visible) -> dict[str, int]:
    stmt = within(select(Claim.status, func.count()).group_by(Claim.status), visible)
    return dict(session.execute(stmt).tuples().all())


def others_of_agent(session: Session, *, claim: Claim, visible: Visible, limit: int = 20) -> list[Claim]:
    """The agent's other live claims (newest first), for the merge form."""
    if claim.agent_id is None:
        return []
    stmt = select(Claim).where(Claim.agent_id == claim.agent_id, Claim.id != claim.id,
                               Claim.status.in_(LIVE)).order_by(Claim.id.desc()).limit(limit)
    return list(session.scalars(within(stmt, visible)))


def agents_matching(session: Session, *, collectivite_id: int | None, text: str | None, limit: int = 30) -> list[Agent]:
    """The collectivité's agents whose name (last, first or birth name) contains `text`, or whose matricule it is."""
    if not text or not text.strip() or collectivite_id is None:
        return []
    pattern = f"%{text.strip()}%"
    return list(session.scalars(select(Agent).where(Agent.collectivite_id == collectivite_id, or_(
        Agent.last_name.ilike(pattern), Agent.first_name.ilike(pattern), Agent.birth_name.ilike(pattern),
        Agent.matricule == text.strip())).order_by(Agent.last_name, Agent.first_name).limit(limit)))


def agents_by_matricule(session: Session, *, collectivite_id: int | None, matricules: Iterable[str]) -> list[Agent]:
    wanted = [m for m in matricules if m]
    if not wanted:
        return []
    return list(session.scalars(select(Agent).where(
        Agent.collectivite_id == collectivite_id, Agent.matricule.in_(wanted))))


def claim_outbox(session: Session, *, claim_id: int) -> list[OutboxMail]:
    """The mail we sent or queued about the claim, oldest first."""
    return list(session.scalars(select(OutboxMail).where(OutboxMail.claim_id == claim_id)
                                .order_by(OutboxMail.created_at)))


def outbox(session: Session, *, visible: Visible, status: str | None = None,
           limit: int = 200) -> list[tuple[OutboxMail, str | None]]:
    """Mail sent and waiting, newest first, each with the reference of its claim (if any)."""
    stmt = (select(OutboxMail, Claim.reference).outerjoin(Claim, Claim.id == OutboxMail.claim_id)
            .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc()).limit(limit))
    if status:
        stmt = stmt.where(OutboxMail.status == status)
    if visible is not None:
        ids = visible or [-1]
        stmt = stmt.where(or_(OutboxMail.collectivite_id.in_(ids), Claim.collectivite_id.in_(ids)))
    return list(session.execute(stmt).tuples())


def outbox_pending(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.status == OutboxStatus.PENDING))


def needing_attention(session: Session, *, limit: int) -> dict[str, list[Message]]:
    """Failed messages, unknown senders and processed messages that made no claim, newest first (`limit` of
    each, before the caller keeps those the handler may see)."""
    no_claim = ~select(ClaimMessage.id).where(ClaimMessage.message_id == Message.id).exists()
    groups = {
        "failed": select(Message).where(Message.status == MessageStatus.FAILED),
        "unknown": select(Message).where(Message.outcome.in_(UNKNOWN_SENDERS)),
        # A message drafted into claims is linked to them for good (no action unlinks one): leaving those out
        # first spares the anti-join over every message (0.44 s at 100 000 claims, where none lacks a claim).
        "no_claim": select(Message).where(Message.status == MessageStatus.PROCESSED,
                                          Message.outcome.is_distinct_from(DraftOutcome.CLAIMS), no_claim,
                                          Message.outcome.not_in(UNKNOWN_SENDERS)),
    }
    return {name: list(session.scalars(stmt.order_by(Message.received_at.desc(), Message.id.desc()).limit(limit)))
            for name, stmt in groups.items()}
