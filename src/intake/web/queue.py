"""The work queue: claims newest first, filtered and searched, one keyset page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, and_, cast, or_, select, tuple_
from sqlalchemy.orm import Session, joinedload, selectinload

from intake.domain import CLAIM_REFERENCE, ClaimStatus
from intake.store.claims import Claim
from intake.store.models import Agent, Collectivite
from intake.web.auth import Caller
from intake.web.scope import scoped_claims

PAGE = 50


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    collectivite: str | None = None  # code
    category: str | None = None
    flag: str | None = None
    agent: str | None = None  # matricule (API)
    q: str | None = None  # reference or agent name
    missing: bool = False  # drafts and open claims still waiting for a mandatory piece


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def exact_reference(text: str) -> bool:
    return CLAIM_REFERENCE.fullmatch(text.strip()) is not None


def cursor_of(claim: Claim) -> str:
    return f"{claim.created_at.isoformat()}~{claim.id}"


def _parse_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor or "~" not in cursor:
        return None
    stamp, _, ident = cursor.rpartition("~")
    try:
        position = datetime.fromisoformat(stamp), int(ident)
    except ValueError:
        return None
    return position if 0 < position[1] < 2**31 else None  # ids are int4 on PostgreSQL


def valid_cursor(cursor: str) -> bool:
    """A cursor we could have given (X-Next-Cursor); anything else is the caller's error (422)."""
    return len(cursor) <= 100 and _parse_cursor(cursor) is not None


def queue_query(caller: Caller, filters: Filters, *, after: str | None = None, limit: int = PAGE,
                documents: bool = True):
    stmt = select(Claim).options(joinedload(Claim.agent), joinedload(Claim.collectivite), joinedload(Claim.contract),
                                 selectinload(Claim.periods))
    if documents:  # the API lists them; the queue page shows only the missing ones
        stmt = stmt.options(selectinload(Claim.documents))
    stmt = scoped_claims(stmt, caller)
    if filters.status:
        stmt = stmt.where(Claim.status == filters.status)
    if filters.category:
        stmt = stmt.where(Claim.category == filters.category)
    if filters.collectivite:
        stmt = stmt.where(Claim.collectivite_id == select(Collectivite.id)
                          .where(Collectivite.code == filters.collectivite).scalar_subquery())
    if filters.flag:
        # flags is a JSON list of codes: its text holds the code in quotes on both databases.
        stmt = stmt.where(cast(Claim.flags, String).like(f'%"{_escape_like(filters.flag)}"%', escape="\\"))
    if filters.missing:
        stmt = stmt.where(Claim.status.in_([ClaimStatus.BROUILLON, ClaimStatus.OUVERT]), cast(Claim.missing_documents, String) != "[]")
    if filters.agent:
        stmt = stmt.where(Claim.agent_id.in_(select(Agent.id).where(Agent.matricule == filters.agent)))
    if filters.q and filters.q.strip():
        q = filters.q.strip()
        pattern = f"%{_escape_like(q.lower())}%"
        by_name = select(Agent.id).where(or_(
            Agent.last_name.ilike(pattern, escape="\\"), Agent.first_name.ilike(pattern, escape="\\"),
            Agent.birth_name.ilike(pattern, escape="\\"), Agent.matricule == q))
        if caller.visible is not None:  # only the registry of the caller's collectivités is searched
            by_name = by_name.where(Agent.collectivite_id.in_(caller.visible or [-1]))
        # The name the mail gave is searched only on claims without a matched agent (partial index
        # ix_claims_unidentified), so that a search never scans the whole table.
        stmt = stmt.where(or_(Claim.reference == q.upper(), Claim.agent_id.in_(by_name),
                              and_(Claim.agent_id.is_(None), Claim.agent_name.ilike(pattern, escape="\\"))))
    position = _parse_cursor(after)
    if position is not None:
        stmt = stmt.where(tuple_(Claim.created_at, Claim.id) < tuple_(*position))
    return stmt.order_by(Claim.created_at.desc(), Claim.id.desc()).limit(limit + 1)


def queue_page(session: Session, caller: Caller, filters: Filters, *, after: str | None = None,
               limit: int = PAGE, documents: bool = True) -> tuple[list[Claim], str | None]:
    """One page of claims and the cursor of the next page (None on the last)."""
    stmt = queue_query(caller, filters, after=after, limit=limit, documents=documents)
    claims = list(session.scalars(stmt).unique())
    more = len(claims) > limit
    claims = claims[:limit]
    return claims, (cursor_of(claims[-1]) if more and claims else None)
