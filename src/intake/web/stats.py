"""The dashboard's figures, each one aggregated by the database (GROUP BY), never row by row in Python:
the page stays fast with 100 000 claims. Every query is limited to what the caller may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import String, and_, case, cast, distinct, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from intake.domain import ClaimStatus
from intake.store.audit import AuditEntry
from intake.store.claims import Claim, ClaimMessage
from intake.store.messages import Message
from intake.store.models import Collectivite
from intake.web.auth import Caller
from intake.web.scope import scoped_claims

DAYS = 30  # mail per day: the last 30 days
CORRECTION_WINDOW_DAYS = 365  # correction rates: claims drafted in the last year
# The fields a handler corrects (claims.corrections) as the audit snapshot names them (claims.service.snapshot).
CORRECTED_FIELDS = ("agent_id", "category", "event_date", "periods", "documents")
CORRECTION_ACTION = "corriger"
# Drafts waiting, by age: (label, lower bound in days, upper bound excluded or None).
AGE_BUCKETS = (("moins d'1 jour", 0, 1), ("1 à 2 jours", 1, 3), ("3 à 7 jours", 3, 8), ("8 à 30 jours", 8, 31),
               ("plus de 30 jours", 31, None))


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def mail_per_day(session: Session, caller: Caller, today: date) -> list[tuple[date, int]]:
    """Messages received each day of the last DAYS days (zeros included), those the caller may see."""
    first = today - timedelta(days=DAYS - 1)
    day = func.date(Message.received_at)
    if caller.visible is None:
        stmt = select(day, func.count(Message.id))
    else:  # a gestionnaire's mail: linked to a claim of their collectivités
        stmt = (select(day, func.count(distinct(Message.id))).join(ClaimMessage, ClaimMessage.message_id == Message.id)
                .join(Claim, Claim.id == ClaimMessage.claim_id))
        stmt = scoped_claims(stmt, caller)
    stmt = stmt.where(Message.received_at >= _midnight(first)).group_by(day)
    counts = {str(d)[:10]: n for d, n in session.execute(stmt).tuples()}
    return [(first + timedelta(days=i), counts.get((first + timedelta(days=i)).isoformat(), 0)) for i in range(DAYS)]


def drafts_by_age(session: Session, caller: Caller, now: datetime) -> list[tuple[str, int]]:
    """Drafts waiting for a handler, by how long they have waited since they were drafted."""
    whens = []
    for label, low, high in AGE_BUCKETS:
        conditions = [Claim.created_at <= now - timedelta(days=low)]
        if high is not None:
            conditions.append(Claim.created_at > now - timedelta(days=high))
        whens.append((and_(*conditions), label))
    bucket = case(*whens, else_=AGE_BUCKETS[-1][0])
    stmt = scoped_claims(select(bucket, func.count()).where(Claim.status == ClaimStatus.BROUILLON).group_by(bucket), caller)
    counts = dict(session.execute(stmt).tuples().all())
    return [(label, counts.get(label, 0)) for label, _low, _high in AGE_BUCKETS]


def claims_by(session: Session, caller: Caller, column) -> list[tuple[str | None, int]]:
    stmt = scoped_claims(select(column, func.count()).group_by(column).order_by(func.count().desc()), caller)
    return list(session.execute(stmt).tuples())


def missing_by_collectivite(session: Session, caller: Caller, limit: int = 15) -> list[tuple[str, str, int]]:
    """Open claims and drafts still waiting for pieces, per collectivité (code, name, count), most first."""
    stmt = scoped_claims(
        select(Collectivite.code, Collectivite.name, func.count(Claim.id))
        .join(Collectivite, Collectivite.id == Claim.collectivite_id)
        .where(Claim.status.in_([ClaimStatus.BROUILLON, ClaimStatus.OUVERT]), cast(Claim.missing_documents, String) != "[]")
        .group_by(Collectivite.code, Collectivite.name).order_by(func.count(Claim.id).desc(), Collectivite.code)
        .limit(limit), caller)
    return list(session.execute(stmt).tuples())


@dataclass(frozen=True)
class CorrectionRates:
    drafted: int  # claims drafted in the window
    per_field: dict[str, int]  # field → claims whose field a handler corrected
    per_collectivite: list[tuple[str, str, int, dict[str, int]]]  # (code, name, drafted, field → corrected)

    def rate(self, field: str) -> float | None:
        return self.per_field.get(field, 0) / self.drafted if self.drafted else None


def _changed(snapshots, field: str):
    before = func.coalesce(snapshots.c.before[field].as_string(), "")
    after = func.coalesce(snapshots.c.after[field].as_string(), "")
    return before != after


def _corrections(session: Session, since: datetime):
    """The corrections' snapshots, read once. On PostgreSQL each `json` value is parsed again by every
    ->> on it: cast once to jsonb in a materialised CTE, ten field reads cost one parse (≈5× faster)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    before = cast(AuditEntry.before, JSONB) if postgres else AuditEntry.before
    after = cast(AuditEntry.after, JSONB) if postgres else AuditEntry.after
    cte = (select(AuditEntry.entity_id, before.label("before"), after.label("after"))
           .where(AuditEntry.entity == "claim", AuditEntry.action == CORRECTION_ACTION, AuditEntry.at >= since)
           .cte("corrections"))
    return cte.prefix_with("MATERIALIZED") if postgres else cte


def correction_rates(session: Session, caller: Caller, now: datetime, limit: int = 15) -> CorrectionRates:
    """How often handlers corrected each field of what intake drafted: claims with at least one audited
    correction of the field, over the claims drafted in the window; overall and per collectivité."""
    since = now - timedelta(days=CORRECTION_WINDOW_DAYS)
    drafted_stmt = scoped_claims(select(Claim.collectivite_id, func.count()).where(Claim.created_at >= since)
                                 .group_by(Claim.collectivite_id), caller)
    drafted = dict(session.execute(drafted_stmt).tuples().all())
    snapshots = _corrections(session, since)
    flags = [func.count(distinct(case((_changed(snapshots, f), snapshots.c.entity_id)))) for f in CORRECTED_FIELDS]
    stmt = scoped_claims(
        select(Claim.collectivite_id, *flags).select_from(snapshots).join(Claim, Claim.id == snapshots.c.entity_id)
        .where(Claim.created_at >= since).group_by(Claim.collectivite_id), caller)
    corrected = {row[0]: {f: int(n or 0) for f, n in zip(CORRECTED_FIELDS, row[1:], strict=True)}
                 for row in session.execute(stmt)}
    per_field = {f: sum(c[f] for c in corrected.values()) for f in CORRECTED_FIELDS}
    ids = [i for i in sorted(drafted, key=lambda i: -drafted[i]) if i is not None][:limit]
    names = {i: (code, name) for i, code, name in session.execute(
        select(Collectivite.id, Collectivite.code, Collectivite.name).where(Collectivite.id.in_(ids or [-1]))).tuples()}
    rows = [(names[i][0], names[i][1], drafted[i], corrected.get(i, dict.fromkeys(CORRECTED_FIELDS, 0)))
            for i in ids if i in names]
    return CorrectionRates(drafted=sum(drafted.values()), per_field=per_field, per_collectivite=rows)

