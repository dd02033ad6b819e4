"""The drafting stage: a declaration opens or extends a claim, pieces join the claim they are about."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.claims import pending, service
from intake.claims.outcomes import HoldForReview, Ignore
from intake.claims.pending import registered_sender
from intake.claims.threads import Thread, explicit_thread
from intake.domain import ClaimStatus, DocumentKind, DraftOutcome, Intent, Nature, NoReply
from intake.rules import RuleSet, check_new_period
from intake.rules.coverage import category_for_regime
from intake.store.audit import SYSTEM
from intake.store.blobs import BlobStore
from intake.store.claims import Claim, ClaimMessage, ClaimPeriod
from intake.store.messages import Message
from intake.store.models import Agent, Collectivite
from intake.store.pending import PendingChange
from intake.understand.events import reprise_date, requalified_to

_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Drafted:
    """What drafting did with one message, for the reply and the handlers."""

    outcome: DraftOutcome
    collectivite: Collectivite | None = None
    claims: list[ClaimChange] = field(default_factory=list)
    thread: Thread | None = None
    pending: list[Any] = field(default_factory=list)  # store.pending.PendingChange: changes kept « à vérifier »
    # What the message turned out to be once its thread was known (pieces sent in answer to our mail
    # read as "other" without an agent's name are documents); None: the understanding's intent.
    intent: str | None = None
    # Files that could not be read: kept for the handler, counted as not received, asked for again.
    unreadable: list[str] = field(default_factory=list)
    # What was understood of pieces for a claim we do not have (agent as written, piece kinds): said back.
    unmatched: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ClaimChange:
    claim: Claim
    created: bool
    nature: str | None
    was_missing: list[str]
    due: date | None
    notes: list[str] = field(default_factory=list)
    period: ClaimPeriod | None = None  # the period this message declared (its deadlines and pieces are the reply's)
    previous_category: str | None = None  # the category before this message requalified the claim


def _value(fact: Any) -> Any:
    return getattr(fact, "value", None) if fact is not None else None


def _provenance(facts: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"agent": {"reason": facts.agent.reason, "confidence": facts.agent.confidence}}
    if facts.agent_place is not None:
        out["agent"]["place"] = _stored_place(facts.agent_place)
    for name in ("nir", "category", "nature", "date_survenance", "arret_start", "arret_end"):
        fact = getattr(facts, name)
        if fact is not None:
            out[name] = {"source": fact.source, "words": fact.words, "confidence": fact.confidence}
            if fact.place is not None:  # read on a piece: the desk boxes it on the page (web/viewer.py)
                out[name]["place"] = _stored_place(fact.place)
    return out


def _stored_place(place: dict[str, Any]) -> dict[str, Any]:
    # The piece is named as its document is stored (_attachments), for the desk to find it on the claim.
    return {**place, "piece": _storable(place["piece"])[:255]}


def declared_on(message: Message, read: Any) -> date:
    """The day the collectivité declared: the day our server received the mail (docs/domain.md, Deadlines).

    Never the sender's Date:, which its own clock or a backdated draft sets: a late declaration would
    read as on time."""
    return message.received_at.date()


def _storable(text: str) -> str:
    """A sender's file name without control characters: PostgreSQL refuses NUL in text, and none has a meaning."""
    return _CONTROLS.sub("", text)


def _attachments(read: Any, blobs: BlobStore) -> dict[str, service.StoredFile]:
    """The message's named files, kept in the blob store (the desk shows them), by file name."""
    files: dict[str, service.StoredFile] = {}
    for a in read.attachments:
        if not a.filename or not a.data:
            continue
        digest = blobs.put(a.data)
        kind, evidence = a.kind.kind, tuple(_storable(e) for e in a.kind.evidence)
        if unreadable(a):
            # A damaged PDF named « avis_arret.pdf » is no avis d'arrêt on file: it does not fill the slot
            # (the reply asks for it again); the handler sees what its name suggested (the classifier's hint).
            kind, evidence = DocumentKind.AUTRE, (_storable(f"illisible : {a.document.unreadable}"), *evidence)
        # Otherwise the kind comes from the content (documents/classify.py): a file name alone gives « autre ».
        files.setdefault(a.filename, service.StoredFile(
            filename=_storable(a.filename), kind=kind, sha256=digest, size=a.size, content_type=a.content_type,
            ocr=a.ocr, evidence=evidence, pages=_upright(a.document.pages)))
    return files


def _upright(pages: list[Any]) -> tuple[tuple[int, float], ...]:
    """How OCR turned each page, when it turned any (an upright text PDF keeps nothing)."""
    turns = tuple((p.turn, round(p.skew, 2)) for p in pages)
    return turns if any(t or s for t, s in turns) else ()


def unreadable(attachment: Any) -> bool:
    """An attached file (not a logo in the text) of which nothing could be read."""
    return bool(attachment.filename and attachment.document.unreadable and not attachment.inline)


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
    """What drafting did with the message; a message it files nothing for raises Ignore or HoldForReview
    (claims/outcomes.py), which the pipeline runner alone catches."""
    intent = str(understanding.intent.intent)
    if read.automatic.automatic:
        raise Ignore(DraftOutcome.AUTOMATIQUE, no_reply=NoReply.AUTOMATIC)
    if understanding.employer.source == "unauthenticated":
        raise HoldForReview(DraftOutcome.EXPEDITEUR_NON_AUTHENTIFIE)  # a forged From: nothing filed, the handlers see it
    collectivite = None
    if understanding.employer.code:
        collectivite = session.scalar(select(Collectivite).where(Collectivite.code == understanding.employer.code))
    # What the mail says happened to a claim on file (« a repris le travail le … », « requalification … en
    # CLM »): recorded on the claim it answers, whatever else it looks like (thanks, a question, pieces).
    # A mail declaring a new stop is that declaration, even when it also names a return date.
    back = reprise_date(read.new_text or "", message.received_at.date()) if intent != Intent.DECLARATION else None
    event = ClaimEvent(back, requalified_to(f"{read.subject or ''}\n{read.new_text or ''}",
                                             rules.wording.requalification)) if collectivite \
        else ClaimEvent()
    if intent == Intent.QUESTION and not event:
        raise HoldForReview(DraftOutcome.QUESTION, collectivite)
    thread = None
    if collectivite is not None and (event or intent in (Intent.OTHER, Intent.DOCUMENTS, Intent.DECLARATION)):
        thread = explicit_thread(session, subject=read.subject, message_ids=[*read.in_reply_to, *read.references],
                                 recipients=[*message.envelope_to, *(a.addr for a in read.to)],
                                 mailbox=settings.mailbox, collectivite_id=collectivite.id)
    pieces_in_thread = thread is not None and any(a.filename and a.data for a in read.attachments) and (
        not understanding.claims or (intent == Intent.OTHER and _names_only(session, thread, understanding.claims)))
    if intent not in (Intent.DECLARATION, Intent.DOCUMENTS) and not pieces_in_thread and not event:
        raise HoldForReview(DraftOutcome.AUTRE, collectivite)
    if collectivite is None:
        raise HoldForReview(DraftOutcome.EXPEDITEUR_INCONNU)
    service.lock_drafting(session, collectivite.id)  # before reading its claims: another worker may be drafting them
    linked = session.scalars(select(Claim).join(ClaimMessage).where(ClaimMessage.message_id == message.id)).all()
    proposed = session.scalar(select(PendingChange.id).where(PendingChange.message_id == message.id).limit(1))
    if linked or proposed:  # a replay of a message already drafted: the transaction made it whole, do nothing twice
        raise Ignore(DraftOutcome.DEJA_TRAITE, collectivite, no_reply=NoReply.ALREADY_ANSWERED)
    files = _attachments(read, blobs)
    registered = registered_sender(understanding.employer)
    unregistered_why = understanding.employer.reason or "expéditeur non enregistré pour la collectivité"
    if event and thread is not None:
        threaded = session.get(Claim, thread.claim_id)
        if registered:
            return _record_event(session, event, claim=threaded, collectivite=collectivite, thread=thread,
                                 files=list(files.values()), message=message, rules=rules)
        # A reprise or a requalification said by an outsider changes nothing until a handler looks.
        said = [f"date de reprise annoncée : {event.reprise:%d/%m/%Y}"] if event.reprise else []
        said += [f"requalification demandée : {event.requalified_to}"] if event.requalified_to else []
        proposed = pending.propose(session, claim=threaded, message_id=message.id, sender=read.from_addr,
                                   role="documents", period=None, files=list(files.values()), notes=said,
                                   why=unregistered_why)
        return Drafted(DraftOutcome.A_VERIFIER, collectivite, thread=thread, pending=[proposed])
    if intent not in (Intent.DECLARATION, Intent.DOCUMENTS) and not pieces_in_thread:
        # A reprise or a requalification that names no claim of ours: a handler finds which.
        raise HoldForReview(DraftOutcome.QUESTION if intent == Intent.QUESTION else DraftOutcome.AUTRE, collectivite)
    result = Drafted(DraftOutcome.CLAIMS, collectivite, thread=thread,
                     unreadable=[_storable(a.filename) for a in read.attachments if unreadable(a)])
    if pieces_in_thread:
        # « Ci-joint l'enquête administrative. » in answer to our mail: the thread names the claim, the
        # body need not name the agent again. Only files: no period is read from a mail naming nobody.
        result.intent = Intent.DOCUMENTS
        if registered:
            result.claims.append(_pieces_for_thread(session, thread, files, message=message, rules=rules))
            return result
        # Threading proves nothing of the sender (anyone can answer a forwarded mail): only proposed.
        result.pending.append(pending.propose(
            session, claim=session.get(Claim, thread.claim_id), message_id=message.id, sender=read.from_addr,
            role="documents", period=None, files=list(files.values()), notes=[], why=unregistered_why))
        result.outcome = DraftOutcome.A_VERIFIER
        return result
    day = declared_on(message, read)
    for facts in understanding.claims:
        change = _draft_one(session, facts, intent=intent, collectivite=collectivite, thread=thread, files=files,
                            message=message, day=day, rules=rules,
                            unregistered=None if registered else (read.from_addr, unregistered_why))
        if isinstance(change, PendingChange):
            result.pending.append(change)
        elif change is not None:
            result.claims.append(change)
        elif intent == Intent.DOCUMENTS:
            result.unmatched.append({"agent": facts.agent_name, "nir": bool(_value(facts.nir)),
                                     "received": [files[name].kind for name, _k in facts.documents if name in files]})
    if not result.claims:
        result.outcome = DraftOutcome.A_VERIFIER if result.pending else DraftOutcome.SANS_DOSSIER
    return result


def _names_only(session: Session, thread: Thread, claims: list[Any]) -> bool:
    """Every agent the message names (in its files, say) is the threaded claim's own: its files may join it.
    Another agent named, or one we could not identify, and a handler decides (a wrong agent is the worst error)."""
    threaded = session.get(Claim, thread.claim_id)
    own = threaded.agent.matricule if threaded.agent is not None else None
    return own is not None and all(facts.agent.matricule == own for facts in claims)


def _pieces_for_thread(session: Session, thread: Thread, files: dict[str, service.StoredFile], *, message: Message,
                       rules: RuleSet) -> ClaimChange:
    claim = session.get(Claim, thread.claim_id)
    before = service.snapshot(claim)
    service.link(session, claim, message.id, "documents")
    was_missing = list(claim.missing_documents or [])
    service.attach(session, claim, list(files.values()), message_id=message.id, rules=rules)
    due = service.refresh(session, claim, rules)
    service.audit(session, claim, actor=SYSTEM, action="message", before=before,
                  reason=f"pièces jointes au dossier : {thread.reason}", rules_version=rules.version)
    return ClaimChange(claim, False, None, was_missing, _pieces_due(claim, due),
                       [f"pièces rattachées au dossier {claim.reference} ({thread.reason})"])


def _pieces_due(claim: Claim, due: Any) -> date | None:
    """Pieces without a new stop: the date of the oldest period still waiting for some (the claim's own
    deadline for a claim without periods, a décès)."""
    if claim.periods:
        waiting = [p.pieces_due for p in claim.periods if p.missing_documents and p.pieces_due]
        return min(waiting) if waiting else None
    return due.value.documents_due if due is not None else None
@dataclass(frozen=True)
class ClaimEvent:
    reprise: date | None = None
    requalified_to: str | None = None

    def __bool__(self) -> bool:
        return self.reprise is not None or self.requalified_to is not None


def _record_event(session: Session, event: ClaimEvent, *, claim: Claim, collectivite: Collectivite, thread: Thread,
                  files: list[service.StoredFile], message: Message, rules: RuleSet) -> Drafted:
    """A requalification (retroactive to the first day: no new claim, nothing late) and/or a return to work
    (the running period ends the day before; no more reprise requests), through the rules' actions."""
    was_missing = list(claim.missing_documents or [])
    previous = claim.category
    notes: list[str] = []
    service.link(session, claim, message.id, "requalification" if event.requalified_to else "reprise")
    if event.requalified_to:
        target = category_for_regime(rules, event.requalified_to, claim.agent.regime if claim.agent else None)
        try:
            decision = service.act(session, claim, action="requalifier", by=SYSTEM, rules=rules, category=target)
            notes.extend(decision.reasons)
        except service.ActionRefused as refused:
            notes.append(f"requalification non appliquée : {refused}")
    service.attach(session, claim, files, message_id=message.id, rules=rules)
    if event.reprise:
        try:
            decision = service.act(session, claim, action="clore", by=SYSTEM, rules=rules, reprise=event.reprise)
            notes.extend(decision.reasons)
        except service.ActionRefused as refused:
            notes.append(f"date de reprise non enregistrée : {refused}")
    due = service.refresh(session, claim, rules)
    change = ClaimChange(claim, False, None, was_missing, _pieces_due(claim, due), notes,
                         previous_category=previous if claim.category != previous else None)
    outcome = DraftOutcome.REQUALIFICATION if event.requalified_to else DraftOutcome.REPRISE
    return Drafted(outcome, collectivite, [change], thread=thread)


def _draft_one(session: Session, facts: Any, *, intent: str, collectivite: Collectivite, thread: Thread | None,
               files: dict[str, service.StoredFile], message: Message, day: date, rules: RuleSet,
               unregistered: tuple[str | None, str] | None = None) -> ClaimChange | PendingChange | None:
    """`unregistered` (the sender and why it is not the collectivité's own): a change to an existing claim
    is only proposed (pending.py); a new draft is made as for anyone."""
    agent = _agent(session, collectivite, facts.agent.matricule)
    category = str(_value(facts.category)) if _value(facts.category) else None
    if category and agent is not None:
        category = category_for_regime(rules, category, agent.regime)  # an IRCANTEC « CLM » is a CGM
    start, end = _value(facts.arret_start), _value(facts.arret_end)
    nature = str(_value(facts.nature) or Nature.INITIAL)
    mine = [files[name] for name, _kind in facts.documents if name in files]
    candidates = _candidate_claims(session, collectivite, agent, facts)
    if thread is not None:
        threaded = session.get(Claim, thread.claim_id)
        if agent is None or threaded.agent_id in (None, agent.id):
            candidates = [threaded] + [c for c in candidates if c.id != threaded.id]
    if start is None and end is not None and nature == Nature.PROLONGATION:
        # « prolongé jusqu'au 20/12 » with no stated start: a prolongation starts the day after the
        # previous stop's end (docs/domain.md, Nature of a period).
        start = _day_after_previous(candidates, category, end)

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
    if not created and unregistered is not None and not (placed_as is None and pending.repeats_own(
            session, claim, sender=unregistered[0], stop=(start, end) if start is not None else None, files=mine)):
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
            message_id=message.id, received_on=message.received_at.date())
        placed_as = Nature.INITIAL if nature == Nature.PROLONGATION and not _value(facts.date_survenance) else nature
        if category in _follows(rules):
            claim.origin = _origin_claim(candidates, rules, category, start or day)
    else:
        service.link(session, claim, message.id, "declaration" if intent == Intent.DECLARATION else "documents")
    if getattr(facts, "third_party", False):
        claim.recours_tiers = True  # the form's « accident causé par un tiers » box: kept for the insurer's recourse
    was_missing = list(claim.missing_documents or [])
    period = None
    if placed_as is not None and start is not None:
        period = service.add_period(session, claim, start=start, end=end, nature=str(placed_as), message_id=message.id,
                                    rules=rules, received_on=day)
    service.attach(session, claim, mine, message_id=message.id, rules=rules, period=period)
    if claim.final_certificate is None and any(f.kind == DocumentKind.CERTIFICAT_FINAL for f in mine):
        # Guérison or consolidation: recorded on the claim (the handler reads its date on the piece).
        claim.final_certificate = day
        notes.append(f"certificat médical final reçu le {day:%d/%m/%Y}")
    due = service.refresh(session, claim, rules)
    service.audit(session, claim, actor=SYSTEM, action="brouillon" if created else "message", before=before,
                  reason="; ".join(notes) or None, rules_version=rules.version)
    pieces_due = period.pieces_due if period is not None else _pieces_due(claim, due)
    return ClaimChange(claim, created, str(placed_as) if placed_as else None, was_missing, pieces_due, notes, period)


def _day_after_previous(candidates: list[Claim], category: str | None, end: date) -> date | None:
    """The day after the latest known end, among the agent's claims of this category, before `end`."""
    from datetime import timedelta

    ends = [p.end for c in candidates if not category or c.category == category
            for p in c.periods if p.end is not None and p.end < end]
    return max(ends) + timedelta(days=1) if ends else None


def _follows(rules: RuleSet) -> set[str]:
    return {code for code, cat in rules.categories.items() if cat.follows}


def _origin_claim(candidates: list[Claim], rules: RuleSet, category: str, start: date) -> Claim | None:
    """The illness or accident a TPT follows: the agent's latest claim of a category it may follow,
    begun before the TPT."""
    follows = set(rules.categories[category].follows)
    before = [c for c in candidates if c.category in follows and c.periods and min(p.start for p in c.periods) <= start]
    return max(before, key=lambda c: max(p.start for p in c.periods), default=None)
