"""Claims, messages and outbox mail as the JSON of the contract (and as the pages read them)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.rules import RuleSet, add_years, deadlines
from intake.store.audit import AuditEntry
from intake.store.claims import Claim, ClaimMessage, within
from intake.store.messages import Message
from intake.store.outbox import OutboxMail


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def claim_deadlines(claim: Claim, rules: RuleSet) -> dict[str, Any]:
    """The dates a handler acts on: the latest period's declaration limit and prescription, and the
    nearest date by which a period's pieces are due (each period has its own, docs/domain.md)."""
    judged = [p for p in claim.periods if p.declaration_due is not None]
    if judged:
        latest = max(judged, key=lambda p: p.start)
        waiting = [p.pieces_due for p in judged if p.missing_documents and p.pieces_due]
        return {"declaration": _iso(latest.declaration_due),
                "documents": _iso(min(waiting) if waiting else latest.pieces_due),
                "prescription": _iso(add_years(latest.start, rules.deadlines.prescription_years))}
    if claim.event_date is None:
        return {}
    contract = claim.contract
    due = deadlines(rules, event_date=claim.event_date, declared_on=claim.declared_on,
                    contract_number=contract.contract_number if contract else None,
                    declaration_days=contract.declaration_days if contract else None,
                    documents_days=contract.documents_days if contract else None).value
    return {"declaration": _iso(due.declaration_due), "documents": _iso(due.documents_due),
            "prescription": _iso(due.prescription)}


def agent_name(claim: Claim) -> str | None:
    if claim.agent is not None:
        return f"{claim.agent.last_name} {claim.agent.first_name}"
    return claim.agent_name


def claim_summary(claim: Claim, rules: RuleSet) -> dict[str, Any]:
    return {
        "reference": claim.reference,
        "status": claim.status,
        "collectivite": claim.collectivite.code if claim.collectivite else None,
        "agent": claim.agent.matricule if claim.agent else None,
        "agent_name": agent_name(claim),
        "agent_confidence": claim.agent_confidence,
        "category": claim.category,
        "date_survenance": _iso(claim.event_date),
        "declared_on": _iso(claim.declared_on),
        "reprise": _iso(claim.reprise),
        "periods": [{"start": _iso(p.start), "end": _iso(p.end), "nature": p.nature,
                     "declared_on": _iso(p.declared_on), "declaration_due": _iso(p.declaration_due),
                     "pieces_due": _iso(p.pieces_due), "cover_start": _iso(p.cover_start),
                     "hors_delai": p.hors_delai, "prescrit": p.prescrit,
                     "missing_documents": list(p.missing_documents or [])} for p in claim.periods],
        "recours_tiers": claim.recours_tiers,
        "origin": claim.origin.reference if claim.origin is not None else None,  # the claim a TPT follows
        "final_certificate": _iso(claim.final_certificate),
        "documents": [{"kind": d.kind, "filename": d.filename} for d in claim.documents],
        "missing_documents": list(claim.missing_documents or []),
        "flags": list(claim.flags or []),
        "deadlines": claim_deadlines(claim, rules),
        "created_at": _iso(claim.created_at),
    }


def history(session: Session, claim: Claim) -> list[dict[str, Any]]:
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "claim", AuditEntry.entity_id == claim.id)
                              .order_by(AuditEntry.at, AuditEntry.id))
    return [{"at": _iso(e.at), "actor": e.actor, "action": e.action, "before": e.before, "after": e.after,
             "reason": e.reason} for e in entries]


def claim_messages(session: Session, claim: Claim) -> list[tuple[ClaimMessage, Message]]:
    return list(session.execute(select(ClaimMessage, Message).join(Message, Message.id == ClaimMessage.message_id)
                                .where(ClaimMessage.claim_id == claim.id).order_by(Message.received_at)).tuples())


def message_brief(message: Message, role: str | None = None) -> dict[str, Any]:
    out = {"id": message.id, "message_id": message.message_id, "from": message.from_addr,
           "subject": message.subject, "received_at": _iso(message.received_at), "status": message.status,
           "outcome": message.outcome}
    if role is not None:
        out["role"] = role
    return out


def claim_detail(session: Session, claim: Claim, rules: RuleSet) -> dict[str, Any]:
    out = claim_summary(claim, rules)
    out["messages"] = [message_brief(m, link.role) for link, m in claim_messages(session, claim)]
    out["history"] = history(session, claim)
    out["reject_reason"] = claim.reject_reason
    out["confirmed"] = claim.confirmed
    return out


def message_detail(session: Session, message: Message, visible: frozenset[int] | None) -> dict[str, Any]:
    out = message_brief(message)
    out["analysis"] = message.analysis
    out["notes"] = list(message.notes or [])
    out["no_reply"] = message.no_reply  # why no reply was sent (a code; the page shows its French label)
    stmt = (select(Claim.reference).join(ClaimMessage, ClaimMessage.claim_id == Claim.id)
            .where(ClaimMessage.message_id == message.id).order_by(Claim.id))
    out["claims"] = list(session.scalars(within(stmt, visible)))
    return out


def outbox_item(mail: OutboxMail, reference: str | None) -> dict[str, Any]:
    return {"id": mail.id, "claim": reference, "kind": mail.kind, "step": mail.step, "to": mail.to_addr,
            "subject": mail.subject, "status": mail.status, "attempts": mail.attempts,
            "created_at": _iso(mail.created_at), "sent_at": _iso(mail.sent_at), "last_error": mail.last_error,
            "due_at": _iso(mail.next_attempt_at), "delayed": (mail.details or {}).get("differe")}
