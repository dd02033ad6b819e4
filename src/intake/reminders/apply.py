"""Writing a sweep's plan: the digests, one marker row per claim step, the forfeiture flags, the audit log.

Once per step rests on the outbox's unique dedupe_key. Each claim step gets its own outbox row
(`relance:<claim>:<period declared on>:<step>`, `demande_reprise:<claim>:<period end>:<day>`) with status `grouped`: it is
never sent (the sender only takes `pending` rows) and records that the step went out inside the
collectivité's digest (`digest:<collectivité>:<day>`), the one sendable row, whose id it carries in
`details`. A digest and its markers are written in one transaction: a digest whose marker already
existed (a stale plan) is taken back before commit, so a step is never announced twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, text, update
from sqlalchemy.orm import Session

from intake.mail.tokens import load_key
from intake.reminders.digest import KIND as DIGEST_KIND
from intake.reminders.digest import compose_digest, digest_plan
from intake.reminders.plan import PIECES_HORS_DELAI, REPRISE, Plan, ReminderItem, digest_key
from intake.rules import RuleSet
from intake.settings import Settings
from intake.store.audit import SYSTEM, AuditEntry
from intake.store.claims import Claim
from intake.store.outbox import OutboxMail, OutboxStatus

log = logging.getLogger(__name__)

GROUPED = "grouped"  # a claim step sent inside a digest: a record, never delivered on its own
_CHUNK = 5000  # ids per IN list (PostgreSQL takes at most 65 535 parameters a statement)
_LOCK_KEY = 0x696E7461  # pg_advisory_xact_lock key of the reminder sweep ("inta")


def lock_sweeps(session: Session) -> None:
    """Serialise sweeps: the second waits for the first to commit, then reads what it wrote.
    (The dedupe keys alone already prevent double steps; the lock also spares double audit entries.)"""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    elif dialect == "sqlite":
        # A write that changes nothing opens the write transaction now: SQLite has one writer at a time.
        session.execute(text("UPDATE outbox SET id = id WHERE 0"))


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """INSERT … ON CONFLICT (dedupe_key) DO NOTHING for many rows at once; {dedupe_key: id} of those added."""
    if not rows:
        return {}
    if session.get_bind().dialect.name == "postgresql":
        return _insert_new_copy(session, rows)
    from sqlalchemy.dialects.sqlite import insert as dialect_insert

    table = OutboxMail.__table__
    statement = (dialect_insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])
                 .returning(table.c.id, table.c.dedupe_key))
    return {key: row_id for row_id, key in session.execute(statement, rows)}


def _insert_new_copy(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """PostgreSQL: COPY into a temporary table, then one INSERT … SELECT … ON CONFLICT DO NOTHING.
    A first sweep writes tens of thousands of rows: multi-row VALUES would cost seconds in parameter
    handling alone, COPY costs a fraction of that."""
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    session.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS outbox_incoming ON COMMIT DELETE ROWS AS "
                         f"SELECT {names} FROM outbox WITH NO DATA"))
    session.execute(text("TRUNCATE outbox_incoming"))
    _copy(session, "outbox_incoming", columns, rows)
    added = session.execute(text(f"INSERT INTO outbox ({names}) SELECT {names} FROM outbox_incoming "
                                 f"ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, dedupe_key"))
    return {key: row_id for row_id, key in added}


COPIES = 0  # COPY statements sent (benchmarks add them to the statements SQLAlchemy saw)


def _copy(session: Session, table: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    global COPIES
    cursor = session.connection().connection.driver_connection.cursor()
    quoted = ", ".join(f'"{c}"' for c in columns)
    with cursor, cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                            for v in (row[c] for c in columns)])
    COPIES += 1


def _insert_audits(session: Session, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        _copy(session, "audit_log", list(rows[0]), rows)
    else:
        session.execute(insert(AuditEntry.__table__), rows)


def _outbox_row(**values: Any) -> dict[str, Any]:
    row = {"claim_id": None, "in_reply_to_message": None, "collectivite_id": None, "step": None,
           "status": OutboxStatus.PENDING, "attempts": 0, "last_error": None, "sent_at": None, "details": {}}
    row.update(values)
    return row


def apply_plan(session: Session, plan: Plan, *, rules: RuleSet, settings: Settings,
               now: datetime) -> list[ReminderItem]:
    """Write the plan in the caller's transaction; returns the reminders actually recorded."""
    on = plan.today.isoformat()
    domain = settings.mailbox.strip().rpartition("@")[2] or "localhost"
    key = load_key(settings)
    digests: dict[str, tuple[list[ReminderItem], dict[str, Any]]] = {}
    for collectivite_id, items in sorted(plan.by_collectivite().items()):
        to = plan.recipients.get(collectivite_id)
        if to is None:
            log.warning("relances : aucune adresse connue pour la collectivité #%s, %d relance(s) non envoyée(s)",
                        collectivite_id, len(items))
            continue
        reply = digest_plan(rules, to=to, collectivite=plan.names.get(collectivite_id), items=items,
                            awaiting=plan.awaiting.get(collectivite_id, ()), agents=plan.agents)
        try:
            mail = compose_digest(reply, settings=settings, key=key, now=now)
        except ValueError as exc:  # an address we cannot write to
            log.warning("relances : collectivité #%s : %s", collectivite_id, exc)
            continue
        single = items[0].claim_id if reply.claim_reference else None
        dkey = digest_key(collectivite_id, plan.today)
        digests[dkey] = (items, _outbox_row(
            dedupe_key=dkey, claim_id=single, collectivite_id=collectivite_id, kind=DIGEST_KIND, to_addr=mail.to,
            from_addr=mail.from_addr, subject=mail.subject, message_id_header=mail.message_id, raw=mail.raw,
            next_attempt_at=now, created_at=now,
            details={"on": on, "steps": [{"claim_id": i.claim_id, "reference": i.reference, "step": i.step}
                                         for i in items]}))
    won = _insert_new(session, [row for _, row in digests.values()])
    markers: list[dict[str, Any]] = []
    for dkey, digest_id in won.items():
        items, digest = digests[dkey]
        for item in items:
            markers.append(_outbox_row(
                dedupe_key=item.dedupe_key, claim_id=item.claim_id, collectivite_id=item.collectivite_id,
                kind=REPRISE if item.step == REPRISE else "relance", step=item.step, status=GROUPED,
                to_addr="",  # the digest carries the address: a marker must not count against the daily cap
                from_addr=digest["from_addr"], subject=digest["subject"],
                message_id_header=f"<{item.dedupe_key.replace(':', '.')}.grouped@{domain}>", raw="",
                next_attempt_at=now, created_at=now,
                details={"on": on, "digest_id": digest_id, "digest_key": dkey, "to": digest["to_addr"],
                         "missing_documents": list(item.missing_documents),
                         "pieces_due": item.pieces_due.isoformat() if item.pieces_due else None,
                         "period_end": item.period_end.isoformat() if item.period_end else None}))
    added = _insert_new(session, markers)
    stale = {dkey for dkey in won if any(i.dedupe_key not in added for i in digests[dkey][0])}
    if stale:
        # Another sweep recorded one of these steps after we read: take back the digest and its markers.
        log.info("relances : %d récapitulatif(s) retiré(s), étapes déjà envoyées par une autre relance", len(stale))
        ours = [i.dedupe_key for dkey in stale for i in digests[dkey][0] if i.dedupe_key in added]
        session.execute(delete(OutboxMail).where(OutboxMail.dedupe_key.in_(ours + sorted(stale))))
    sent = [item for dkey in won if dkey not in stale for item in digests[dkey][0]]
    _audit_reminders(session, sent, rules=rules, now=now)
    _flag_forfeited(session, plan, rules=rules, now=now)
    return sent


def _audit_rows(rows: Iterable[dict[str, Any]], rules: RuleSet, now: datetime) -> list[dict[str, Any]]:
    return [{"at": now, "actor": SYSTEM, "entity": "claim", "rules_version": rules.version, **row} for row in rows]


def _audit_reminders(session: Session, sent: list[ReminderItem], *, rules: RuleSet, now: datetime) -> None:
    rows = _audit_rows(({"entity_id": i.claim_id, "action": i.step if i.step == REPRISE else "relance",
                         "before": None,
                         "after": {"step": i.step, "to": i.to, "missing_documents": list(i.missing_documents)},
                         "reason": " ".join(i.reasons) or None} for i in sent), rules, now)
    _insert_audits(session, rows)


def _flag_forfeited(session: Session, plan: Plan, *, rules: RuleSet, now: datetime) -> None:
    """Claims past the pieces deadline with pieces missing: flagged for handlers instead of reminded."""
    if not plan.forfeited:
        return
    by_flags: dict[tuple[str, ...], list[int]] = {}
    audits = []
    for claim, reasons in plan.forfeited:
        flags = sorted(set(claim.flags) | {PIECES_HORS_DELAI})
        by_flags.setdefault(tuple(flags), []).append(claim.id)
        audits.append({"entity_id": claim.id, "action": PIECES_HORS_DELAI, "before": {"flags": list(claim.flags)},
                       "after": {"flags": flags, "missing_documents": list(claim.missing),
                                 "pieces_due": claim.pieces_due.isoformat()},
                       "reason": " ".join(reasons) or None})
    # Claims sharing their new flags (nearly all: [pieces_hors_delai]) are updated together.
    for flags, ids in by_flags.items():
        for start in range(0, len(ids), _CHUNK):
            session.execute(update(Claim.__table__).where(Claim.__table__.c.id.in_(ids[start:start + _CHUNK]))
                            .values(flags=list(flags), updated_at=now))
    _insert_audits(session, _audit_rows(audits, rules, now))
