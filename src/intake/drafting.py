"""The drafting stage: a declaration opens or extends a claim, pieces join the claim they are about."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import claims as service
from intake import pending
from intake.pending import registered_sender
from intake.domain import ClaimStatus, DocumentKind, Intent, Nature
from intake.linking import Thread, explicit_thread
from intake.rules import RuleSet, check_new_period
from intake.store.audit import SYSTEM
from intake.store.blobs import BlobStore
from intake.store.claims import Claim, ClaimMessage
from intake.store.messages import Message
from intake.store.models import Agent, Collectivite
from intake.store.pending import PendingChange

_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
OUTCOME_A_VERIFIER = "a_verifier"  # every change the message proposed waits for a handler (pending.py)


@dataclass
class Drafted:
    """What drafting did with one message, for the reply and the handlers."""

    outcome: str  # claims, automatique, expediteur_inconnu, expediteur_non_authentifie, sans_dossier, deja_traite,
    # question, autre, a_verifier (OUTCOME_A_VERIFIER)
    collectivite: Collectivite | None = None
    claims: list[ClaimChange] = field(default_factory=list)
    thread: Thread | None = None
    pending: list[Any] = field(default_factory=list)  # store.pending.PendingChange: changes kept « à vérifier »


@dataclass
class ClaimChange:
    claim: Claim
    created: bool
    nature: str | None
    was_missing: list[str]
    due: date | None
    notes: list[str] = field(default_factory=list)


def _value(fact: Any) -> Any:
    return getattr(fact, "value", None) if fact is not None else None


def _provenance(facts: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"agent": {"reason": facts.agent.reason, "confidence": facts.agent.confidence}}
    for name in ("nir", "category", "nature", "date_survenance", "arret_start", "arret_end"):
        fact = getattr(facts, name)
        if fact is not None:
            out[name] = {"source": fact.source, "words": fact.words, "confidence": fact.confidence}
    return out


def declared_on(message: Message, read: Any) -> date:
    """The day the collectivité declared: the mail's Date: when plausible, else the day we received it."""
    received = message.received_at.date()
    if read.date is not None and read.date.date() <= received:
        return read.date.date()
    return received


def _storable(text: str) -> str:
    """A sender's file name without control characters: PostgreSQL refuses NUL in text, and none has a meaning."""
    return _CONTROLS.sub("", text)


def _attachments(read: Any, blobs: BlobStore) -> dict[str, service.Attachment]:
    """The message's named files, kept in the blob store (the desk shows them), by file name."""
    files: dict[str, service.Attachment] = {}
    for a in read.attachments:
        if not a.filename or not a.data:
            continue
        digest = blobs.put(a.data)
        kind, evidence = a.kind.kind, list(a.kind.evidence)
        if not getattr(a.kind, "from_content", True) and kind != DocumentKind.AUTRE:
            # The name alone is no evidence (an unreadable « arret.exe »): filed as « autre », it satisfies
            # no mandatory piece until a handler, having looked, gives it its kind.
            evidence.append(f"le nom suggère « {kind} », que le contenu ne confirme pas : à vérifier")
            kind = DocumentKind.AUTRE.value
        files.setdefault(a.filename, service.Attachment(
            filename=_storable(a.filename), kind=kind, sha256=digest, size=a.size, content_type=a.content_type,
            ocr=a.ocr, evidence=tuple(_storable(e) for e in evidence)))
    return files


def _agent(session: Session, collectivite: Collectivite, matricule: str | None) -> Agent | None:
    if not matricule:
        return None
    return session.scalar(select(Agent).where(Agent.collectivite_id == collectivite.id, Agent.matricule == matricule))


def _candidate_claims(session: Session, collectivite: Collectivite, agent: Agent | None, facts: Any) -> list[Claim]:
    """The agent's live claims (for an unknown agent: the unknown-agent drafts naming the same NIR)."""
    query = select(Claim).where(Claim.collectivite_id == collectivite.id, Claim.status != ClaimStatus.REJETE)
    if agent is not None:
        query = query.where(Claim.agent_id == agent.id)
    else:
        nir = _value(facts.nir)
        if not nir:
            return []
        query = query.where(Claim.agent_id.is_(None), Claim.nir == nir)
    return list(session.scalars(query.order_by(Claim.id.desc())))


def _place_stop(session: Session, claims: list[Claim], *, category: str | None, start: date, end: date | None,
                nature: str, rules: RuleSet) -> tuple[Claim | None, str | None, list[str]]:
    """Which existing claim a stop belongs to and as what nature; (None, None, …) means a new claim."""
    same = [c for c in claims if c.category == category] if category else claims
    for claim in same:
        decision = check_new_period(rules, category=claim.category or category or "", periods=claim.periods,
                                    start=start, end=end, nature=nature, reprise=claim.reprise)
        if decision.allowed and not decision.details.get("new_claim"):
            return claim, decision.value, list(decision.reasons)
        if decision.details.get("duplicate"):
            return claim, None, list(decision.reasons)  # the same stop again: its pieces join, no new period
        if not decision.allowed:
            return claim, None, list(decision.reasons)  # overlap: kept on this claim for a handler to judge
    return None, None, []


def draft(session: Session, *, message: Message, read: Any, understanding: Any, rules: RuleSet, settings: Any,
          blobs: BlobStore) -> Drafted:
    intent = str(understanding.intent.intent)
    if read.automatic.automatic:
        return Drafted("automatique")
    if understanding.employer.source == "unauthenticated":
        return Drafted("expediteur_non_authentifie")  # a forged From: nothing filed, the handlers see it
    collectivite = None
    if understanding.employer.code:
        collectivite = session.scalar(select(Collectivite).where(Collectivite.code == understanding.employer.code))
    if intent == Intent.QUESTION:
        return Drafted("question", collectivite)
    if intent not in (Intent.DECLARATION, Intent.DOCUMENTS):
        return Drafted("autre", collectivite)
    if collectivite is None:
        return Drafted("expediteur_inconnu")
    service.lock_drafting(session, collectivite.id)  # before reading its claims: another worker may be drafting them
    linked = session.scalars(select(Claim).join(ClaimMessage).where(ClaimMessage.message_id == message.id)).all()
    proposed = session.scalar(select(PendingChange.id).where(PendingChange.message_id == message.id).limit(1))
    if linked or proposed:  # a replay of a message already drafted: the transaction made it whole, do nothing twice
        return Drafted("deja_traite", collectivite, [ClaimChange(c, False, None, list(c.missing_documents), None)
                                                     for c in linked])
    thread = explicit_thread(session, subject=read.subject, message_ids=[*read.in_reply_to, *read.references],
                             recipients=[*message.envelope_to, *(a.addr for a in read.to)],
                             mailbox=settings.mailbox, collectivite_id=collectivite.id)
    files = _attachments(read, blobs)
    result = Drafted("claims", collectivite, thread=thread)
    day = declared_on(message, read)
    registered = registered_sender(understanding.employer)
    for facts in understanding.claims:
        change = _draft_one(session, facts, intent=intent, collectivite=collectivite, thread=thread, files=files,
                            message=message, day=day, rules=rules,
                            unregistered=None if registered else (read.from_addr, understanding.employer.reason))
        if isinstance(change, PendingChange):
            result.pending.append(change)
        elif change is not None:
            result.claims.append(change)
    if not result.claims:
        result.outcome = OUTCOME_A_VERIFIER if result.pending else "sans_dossier"
    return result


def _draft_one(session: Session, facts: Any, *, intent: str, collectivite: Collectivite, thread: Thread | None,
               files: dict[str, service.Attachment], message: Message, day: date, rules: RuleSet,
               unregistered: tuple[str | None, str] | None = None) -> ClaimChange | PendingChange | None:
    """`unregistered` (the sender and why it is not the collectivité's own): a change to an existing claim
    is only proposed (pending.py); a new draft is made as for anyone."""
    agent = _agent(session, collectivite, facts.agent.matricule)
    category = str(_value(facts.category)) if _value(facts.category) else None
    start, end = _value(facts.arret_start), _value(facts.arret_end)
    nature = str(_value(facts.nature) or Nature.INITIAL)
    mine = [files[name] for name, _kind in facts.documents if name in files]
    candidates = _candidate_claims(session, collectivite, agent, facts)
    if thread is not None:
        threaded = session.get(Claim, thread.claim_id)
        if agent is None or threaded.agent_id in (None, agent.id):
            candidates = [threaded] + [c for c in candidates if c.id != threaded.id]

    claim, placed_as, notes = None, None, []
    if intent == Intent.DOCUMENTS:
        pool = [c for c in candidates if not category or c.category == category] or candidates
        claim = pool[0] if pool else None
        if claim is None:
            return None  # pieces for a claim we do not know: the message goes to handlers
    elif start is None:
        # A declaration without stop dates (a décès, or dates we could not read) joins a live claim of
        # the same category, else opens one without a period for the handler to complete.
        live = (ClaimStatus.BROUILLON, ClaimStatus.OUVERT)
        claim = next((c for c in candidates if c.category == category and c.status in live), None)
    else:
        claim, placed_as, notes = _place_stop(session, candidates, category=category, start=start, end=end,
                                              nature=nature, rules=rules)
    created = claim is None
    if not created:
        # A handler may be acting on it now: wait for their transaction and start from what they wrote.
        service.lock_claim(session, claim_id=claim.id)
        session.refresh(claim)
    if not created and unregistered is not None:
        sender, why = unregistered
        period = (start, end, str(placed_as)) if placed_as is not None and start is not None else None
        return pending.propose(session, claim=claim, message_id=message.id, sender=sender,
                               role="declaration" if intent == Intent.DECLARATION else "documents", period=period,
                               files=mine, notes=notes,
                               why=f"expéditeur non enregistré pour cette collectivité ({why})")
    before = None if created else service.snapshot(claim)
    if created:
        claim = service.create(
            session, collectivite_id=collectivite.id, agent=agent, declared_on=day, category=category,
            event_date=_value(facts.date_survenance) or start,
            facts={"agent_name": facts.agent_name, "nir": _value(facts.nir), "agent_confidence": facts.agent.confidence,
                   "candidates": [{"matricule": c.matricule, "name": c.name, "score": c.score} for c in facts.agent.candidates],
                   "provenance": _provenance(facts)},
            message_id=message.id)
        placed_as = Nature.INITIAL if nature == Nature.PROLONGATION and not _value(facts.date_survenance) else nature
    else:
        service.link(session, claim, message.id, "declaration" if intent == Intent.DECLARATION else "documents")
    was_missing = list(claim.missing_documents or [])
    if placed_as is not None and start is not None:
        service.add_period(session, claim, start=start, end=end, nature=str(placed_as), message_id=message.id,
                           rules=rules)
    service.attach(session, claim, mine, message_id=message.id)
    due = service.refresh(session, claim, rules)
    service.audit(session, claim, actor=SYSTEM, action="brouillon" if created else "message", before=before,
                  reason="; ".join(notes) or None, rules_version=rules.version)
    return ClaimChange(claim, created, str(placed_as) if placed_as else None, was_missing,
                       due.value.documents_due if due is not None else None, notes)
