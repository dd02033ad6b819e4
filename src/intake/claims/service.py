"""The claim service: drafting, periods, documents, status changes, every change in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from intake.claims import periods
from intake.claims.effects import Given, apply_effects
from intake.domain import ClaimStatus, Flag
from intake.rules import (
    ClaimFacts,
    Decision,
    RuleSet,
    claim_missing_documents,
    coverage,
    deadlines,
    transition,
)
from intake.rules.coverage import MEDICAL_COSTS
from intake.store.audit import AuditEntry
from intake.store.claims import Claim, ClaimMessage, ClaimPeriod, Document
from intake.store.models import Agent, Contract
from intake.store.references import next_reference


class ActionRefused(Exception):
    """A handler's action that the rules refuse; the message (French) says why."""


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file of a message, in the blob store under its sha256, to become a document of a claim."""

    filename: str
    kind: str
    sha256: str
    size: int
    content_type: str | None
    ocr: bool
    evidence: tuple[str, ...] = ()
    # Per page read by OCR, how it was turned upright: [quarter turn, skew] (documents/model.Page), for the
    # desk to show the page as OCR read it, its word boxes on it. Empty when no page needed turning.
    pages: tuple[tuple[int, float], ...] = ()


def snapshot(claim: Claim) -> dict[str, Any]:
    """What the audit log keeps of a claim, before and after a change."""
    return {
        "reference": claim.reference,
        "status": claim.status,
        "category": claim.category,
        "agent_id": claim.agent_id,
        "event_date": claim.event_date.isoformat() if claim.event_date else None,
        "reprise": claim.reprise.isoformat() if claim.reprise else None,
        "confirmed": claim.confirmed,
        "flags": list(claim.flags or []),
        "missing_documents": list(claim.missing_documents or []),
        "periods": [[p.start.isoformat(), p.end.isoformat() if p.end else None, p.nature] for p in claim.periods],
        "documents": sorted(d.kind for d in claim.documents),
    }


def audit(session: Session, claim: Claim, *, actor: str, action: str, before: dict | None,
          reason: str | None = None, rules_version: str | None = None) -> None:
    session.add(AuditEntry(actor=actor, entity="claim", entity_id=claim.id, action=action, before=before,
                           after=snapshot(claim), reason=reason, rules_version=rules_version))


def contract_for(session: Session, claim: Claim) -> Contract | None:
    """The contract in force on the claim's first day (periods.contract_in_force)."""
    return periods.contract_in_force(session, claim)


def facts_of(claim: Claim) -> ClaimFacts:
    """The claim as the rules see it, each period with the pieces that justify it."""
    return ClaimFacts(
        status=claim.status, category=claim.category or "",
        periods=periods.rule_periods(claim),
        documents=frozenset(d.kind for d in claim.documents), confirmed=claim.confirmed, reprise=claim.reprise,
        contract_number=claim.contract.contract_number if claim.contract else None,
        regime=claim.agent.regime if claim.agent else None, pieces_per_period=True,
    )


def refresh(session: Session, claim: Claim, rules: RuleSet) -> Decision | None:
    """Recompute contract, each period's deadlines and pieces, flags and (for a confirmed draft) the status.

    Returns the periods' decision (value: one PeriodAssessment per period, oldest first), or for a claim
    without a period (a décès) the claim's deadlines decision; None without any date.
    """
    session.flush()
    session.refresh(claim)
    claim.contract = contract_for(session, claim)
    flags: set[str] = set(claim.flags or []) - {Flag.HORS_DELAI, Flag.NON_COUVERT, Flag.AGENT_INCONNU, Flag.PRESCRIT,
                                                Flag.FRAIS_MEDICAUX, Flag.SANS_CONTRAT, Flag.BASE_ABSENTE}
    if claim.agent_id is None:
        flags.add(Flag.AGENT_INCONNU)
    number = claim.contract.contract_number if claim.contract else None
    if claim.contract is not None and not periods.base_recorded(session, claim, rules):
        flags.add(Flag.BASE_ABSENTE)  # base.yaml: a claim of a contract needs its base for the year
    due = None
    if claim.category:
        if claim.contract is not None:
            origin = claim.origin.category if claim.origin is not None else None
            covered = coverage(rules, regime=claim.contract.regime, formulas=claim.contract.formulas,
                               category=claim.category, origin_category=origin)
            if covered.value is None:
                flags.add(Flag.NON_COUVERT)
            elif covered.value == MEDICAL_COSTS:
                flags.add(Flag.FRAIS_MEDICAUX)  # formula 9: the salaries are not insured
        elif claim.collectivite_id is not None and claim.agent_id is not None:
            # No contract of the agent's regime in force on the claim's first day: not insured.
            flags.update({Flag.NON_COUVERT, Flag.SANS_CONTRAT})
    if claim.periods:
        due = periods.assess(claim, rules)
        flags.update(due.flags)
        claim.missing_documents = sorted({kind for p in claim.periods for kind in (p.missing_documents or [])})
    else:
        if claim.category:
            claim.missing_documents = claim_missing_documents(
                rules, category=claim.category, natures=[], have=[d.kind for d in claim.documents],
                contract_number=number)
        if claim.event_date:
            due = deadlines(rules, event_date=claim.event_date, declared_on=claim.declared_on, contract_number=number,
                            declaration_days=claim.contract.declaration_days if claim.contract else None,
                            documents_days=claim.contract.documents_days if claim.contract else None)
            flags.update(due.flags)
    claim.flags = sorted(flags)
    claim.rules_version = rules.version
    if claim.status == ClaimStatus.BROUILLON and claim.confirmed and claim.category and not claim.missing_documents:
        opened = transition(rules, claim_facts=facts_of(claim), action="pieces_recues")
        if opened.allowed:
            claim.status = opened.value
    return due


_DRAFTING_LOCK = 0x64726166  # pg_advisory_xact_lock namespace of drafting ("draf"); the collectivité is the second key


def lock_drafting(session: Session, collectivite_id: int) -> None:
    """One message at a time drafts for a collectivité, until its transaction ends: two workers reading an
    agent's claims together would each find none and both open one (the same declaration sent twice, or a
    stop and its extension arriving together). Taken before those reads, so they see what the other committed."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:space, :id)"),
                        {"space": _DRAFTING_LOCK, "id": collectivite_id})
    elif dialect == "sqlite":
        # SQLite has one writer at a time: a write that changes nothing opens the write transaction now
        # (pysqlite would begin it only at the first insert, after the reads).
        session.execute(text("UPDATE claims SET id = id WHERE 0"))


def lock_claim(session: Session, *, reference: str | None = None, claim_id: int | None = None) -> None:
    """Hold the claim's row until the transaction ends, before reading it: of two actions fired together
    (confirm and reject), the second reads what the first wrote and the rules refuse it (409), instead
    of both deciding from the same old state (a claim « rejete » yet confirmed). PostgreSQL: a row lock;
    SQLite: the write transaction, begun by a write that changes nothing (pysqlite would begin it only
    at the first real write, after the reads)."""
    if reference is not None and (len(reference) > 40 or "\x00" in reference):
        return  # no such claim (get_claim answers 404)
    where = "reference = :key" if reference is not None else "id = :key"
    key = reference.strip().upper() if reference is not None else claim_id
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text(f"SELECT id FROM claims WHERE {where} FOR UPDATE"), {"key": key})
    elif dialect == "sqlite":
        session.execute(text(f"UPDATE claims SET id = id WHERE {where}"), {"key": key})


def create(session: Session, *, collectivite_id: int, agent: Agent | None, declared_on: date, category: str | None,
           event_date: date | None, facts: dict[str, Any], message_id: int, received_on: date | None = None) -> Claim:
    """A new draft; its reference takes the year we received it (`received_on`, by default today), numbered
    in that year: a mail dated of another year (an old Date:, a wrong clock) does not jump the sequence."""
    claim = Claim(
        collectivite_id=collectivite_id, agent=agent, category=category, event_date=event_date,
        declared_on=declared_on, agent_name=facts.get("agent_name"), nir=facts.get("nir"),
        agent_confidence=facts.get("agent_confidence"), agent_candidates=facts.get("candidates", []),
        provenance=facts.get("provenance", {}), status=ClaimStatus.BROUILLON, flags=[], missing_documents=[],
    )
    session.add(claim)
    session.flush()
    claim.reference = next_reference(session, (received_on or date.today()).year)
    link(session, claim, message_id, "declaration")
    return claim


def link(session: Session, claim: Claim, message_id: int, role: str) -> None:
    exists = session.scalar(select(ClaimMessage.id).where(ClaimMessage.claim_id == claim.id,
                                                          ClaimMessage.message_id == message_id))
    if exists is None:
        session.add(ClaimMessage(claim_id=claim.id, message_id=message_id, role=role))


def add_period(session: Session, claim: Claim, *, start: date, end: date | None, nature: str, message_id: int,
               rules: RuleSet, received_on: date | None = None) -> ClaimPeriod:
    """A new period, declared the day our server received it (its deadlines count from that day)."""
    period = ClaimPeriod(claim=claim, start=start, end=end, nature=nature, message_id=message_id,
                    declared_on=received_on or claim.declared_on)
    session.add(period)
    if claim.status != ClaimStatus.CLOS and claim.reprise is not None and start >= claim.reprise:
        claim.reprise = None  # stopped again after the return to work: the audit log keeps the old date
    if claim.status == ClaimStatus.CLOS:
        reopened = transition(rules, claim_facts=facts_of(claim), action="nouvelle_periode", nature=nature)
        if reopened.allowed:
            claim.status, claim.reprise = reopened.value, None
    return period


def attach(session: Session, claim: Claim, files: list[StoredFile], *, message_id: int,
           rules: RuleSet | None = None, period: ClaimPeriod | None = None) -> int:
    """Add the files not yet on file for this claim (same content = same document); returns how many.

    With the rules, each new piece is linked to the period it justifies (the mail's own period first)."""
    known = {d.sha256 for d in claim.documents}
    added: list[Document] = []
    for f in files:
        if f.sha256 in known:
            continue
        known.add(f.sha256)
        document = Document(claim=claim, message_id=message_id, filename=f.filename[:255], kind=f.kind,
                            sha256=f.sha256, size=f.size, content_type=f.content_type, ocr=f.ocr,
                            evidence=list(f.evidence), pages=[list(p) for p in f.pages] or None)
        session.add(document)
        added.append(document)
    if rules is not None and added:
        periods.link_documents(session, claim, rules, added, new_period=period)
    return len(added)


# --- handler actions (web UI and API) ----------------------------------------------------------

def act(session: Session, claim: Claim, *, action: str, by: str, rules: RuleSet, reprise: date | None = None,
        reason: str | None = None, category: str | None = None, note: str | None = None) -> Decision:
    """Apply a handler's action through the rules; refused actions raise ActionRefused with the reason.
    `note` says how the action came (a bulk confirmation), in the audit entry's reason."""
    before = snapshot(claim)
    decision = transition(rules, claim_facts=facts_of(claim), action=action, reprise=reprise, reason=reason,
                          category=category)
    if not decision.allowed:
        raise ActionRefused(" ".join(decision.reasons))
    apply_effects(claim, decision.details["effects"], Given(reprise=reprise, reason=reason, category=category))
    claim.category = decision.details["category"]  # the requalified one (requalifier), else unchanged
    claim.status = decision.value
    refresh(session, claim, rules)
    audit(session, claim, actor=by, action=action, before=before,
          reason=" ".join(decision.reasons) + (f" — {note}" if note else ""), rules_version=decision.rules_version)
    return decision


def claim_by_reference(session: Session, reference: str) -> Claim | None:
    return session.scalar(select(Claim).where(Claim.reference == reference.upper()))
