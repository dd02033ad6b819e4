"""What a handler sees of a claim's reminders: those sent (with their digest's fate) and the next one due."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.reminders.plan import (
    NOT_CHASED,
    OPEN,
    PIECES_HORS_DELAI,
    RELANCE,
    REPRISE,
    chased_since,
    last_end_of,
    steps_sent_since,
)
from intake.rules import RuleSet, contract_delays, get_rules, reminders_due, reprise_request_due
from intake.store.claims import Claim
from intake.store.outbox import OutboxMail


def reminders_for_claim(session: Session, claim: Claim, *, today: date | None = None,
                        rules: RuleSet | None = None) -> dict[str, Any]:
    """{"sent": [...], "due": {...} | None, "reprise_due": bool, "pieces_due": date | None, "forfeited": bool}.

    sent: one entry per step recorded, oldest first, with the status of the digest that carried it.
    due: the next reminder step (today's when owed now), or None (complete, closed, past the deadline…).
    """
    rules = rules or get_rules()
    today = today or date.today()
    markers = session.scalars(select(OutboxMail).where(OutboxMail.claim_id == claim.id,
                                                       OutboxMail.kind.in_((RELANCE, REPRISE)))
                              .order_by(OutboxMail.created_at, OutboxMail.id)).all()
    digest_ids = {m.details.get("digest_id") for m in markers if m.details.get("digest_id")}
    digests = {d.id: d for d in session.scalars(select(OutboxMail).where(OutboxMail.id.in_(digest_ids)))} \
        if digest_ids else {}
    sent = []
    for marker in markers:
        digest = digests.get(marker.details.get("digest_id"))
        sent.append({
            "step": marker.step, "on": marker.details.get("on"), "to": marker.details.get("to"),
            "missing_documents": marker.details.get("missing_documents", []),
            "outbox_id": digest.id if digest else None, "subject": marker.subject,
            "status": digest.status if digest else marker.status,
            "sent_at": digest.sent_at.isoformat() if digest and digest.sent_at else None,
        })
    contract = claim.contract
    number = contract.contract_number if contract else None
    days = contract_delays(rules, number, documents_days=contract.documents_days if contract else None)[1]
    since = chased_since(claim.declared_on, (p.declared_on for p in claim.periods)) if claim.declared_on else None
    pieces_due = since + timedelta(days=days) if since else None
    missing = tuple(sorted(claim.missing_documents or ()))
    flags = set(claim.flags or ())
    chased = claim.status in OPEN and not NOT_CHASED & flags and bool(missing)
    steps = steps_sent_since((m.dedupe_key for m in markers if m.kind == RELANCE), since=since,
                             first_declared=claim.declared_on) if since else frozenset()
    due = None
    if chased and pieces_due is not None:
        # Ask the rules on each step's day (and today): the first day a step is owed is the one due.
        days_to_ask = [today] + sorted(since + timedelta(days=s.days) for s in rules.deadlines.reminders)
        for day in days_to_ask:
            if day < today:
                continue
            decision = reminders_due(rules, declared_on=since, today=day, missing=missing,
                                     sent_steps=steps, documents_days=days)
            if decision.allowed:
                value = decision.value
                due = {"step": value.step, "date": day.isoformat(), "missing_documents": list(value.missing),
                       "forfeiture_date": value.forfeiture_date.isoformat(),
                       "states_forfeiture": value.states_forfeiture, "reasons": list(decision.reasons)}
                break
    last_end = last_end_of(claim.periods)
    reprise = reprise_request_due(rules, status=claim.status, last_end=last_end, reprise=claim.reprise, today=today,
                                  last_request=_last_reprise_request(markers, last_end), category=claim.category)
    return {"sent": sent, "due": due, "reprise_due": reprise.allowed,
            "pieces_due": pieces_due.isoformat() if pieces_due else None,
            "forfeited": PIECES_HORS_DELAI in flags or (chased and pieces_due is not None and today > pieces_due)}


def _last_reprise_request(markers: list[OutboxMail], last_end: date | None) -> date | None:
    if last_end is None:
        return None
    days = [date.fromisoformat(m.details["on"]) for m in markers
            if m.kind == REPRISE and m.details.get("period_end") == last_end.isoformat() and m.details.get("on")]
    return max(days) if days else None
