"""The reply stage: what the drafting did, told to the sender in French through the outbox."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.claims.drafting import ClaimChange, Drafted
from intake.domain import DraftOutcome, Flag, Intent, NoReply
from intake.identify.audience import may_hear
from intake.identify.match import Registry
from intake.mail.send import queue_replies, utc
from intake.replies.backscatter import unknown_sender_gate
from intake.replies.choose import ClaimSummary, ReplyFacts, choose_replies, silence_reason
from intake.rules import contract_delays as delays
from intake.rules import franchise_days
from intake.store.audit import SYSTEM, AuditEntry
from intake.store.messages import Message
from intake.store.models import Collectivite, Contract
from intake.understand.text import fold


def _summary(change: ClaimChange, message_id: int, rules: Any, today: date) -> ClaimSummary:
    claim = change.claim
    # The period this message declared speaks for the reply: its own deadline, lateness and pieces.
    period = change.period or (max(claim.periods, key=lambda p: p.start) if claim.periods else None)
    agent = claim.agent
    flags = set(claim.flags or [])
    if change.period is not None:
        late, prescribed = change.period.hors_delai, change.period.prescrit
        missing = tuple(change.period.missing_documents or ())
    else:
        # No new period: lateness is said when the claim itself was just declared; pieces are the claim's.
        late = change.created and Flag.HORS_DELAI in flags
        prescribed = Flag.PRESCRIT in flags
        missing = tuple(claim.missing_documents or ())
    # Pieces still awaited for the claim's other periods, each with its own date (a date already past is
    # said to be past, never asked for as if it were still ahead). Without a period of its own (pieces, a
    # reprise) the reply lists the claim's missing pieces once.
    others = tuple(sorted({(kind, p.pieces_due, p.pieces_due is not None and p.pieces_due < today)
                           for p in claim.periods if p is not change.period for kind in (p.missing_documents or ())},
                          key=lambda item: (item[1] or date.max, item[0]))) if change.period is not None else ()
    return ClaimSummary(
        reference=claim.reference,
        agent_identified=agent is not None,
        agent_name=f"{agent.last_name.upper()} {agent.first_name.title()}" if agent is not None else claim.agent_name,
        category=claim.category,
        nature=change.nature,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        missing=missing,
        pieces_due=change.due,
        received=tuple(sorted({d.kind for d in claim.documents if d.message_id == message_id})),
        declaration_due=period.declaration_due if period is not None else None,
        hors_delai=late,
        non_couvert=Flag.NON_COUVERT in flags,
        prescrit=prescribed,
        complete=bool(claim.category) and not claim.missing_documents,
        newly_complete=bool(change.was_missing) and not claim.missing_documents,
        new_stop=change.created or change.nature is not None,
        cover_start=period.cover_start if period is not None else None,
        medical_costs_only=Flag.FRAIS_MEDICAUX in flags,
        no_contract=Flag.SANS_CONTRAT in flags,
        event_date=claim.event_date,
        other_missing=others,
        reprise=claim.reprise,
        previous_category=change.previous_category,
        franchise_days=franchise_days(rules, category=claim.category or "",
                                      contract_number=claim.contract.contract_number,
                                      franchise_mo_days=claim.contract.franchise_mo_days)
        if claim.contract is not None and rules is not None else 0,
    )


def speaks_for(registry: Registry, collectivite: Collectivite | None, address: str | None) -> bool:
    """The address is one the registry gives the collectivité (audience.may_hear, the one rule)."""
    if collectivite is None:
        return False
    record = registry.directory.by_code(collectivite.code)
    return record is not None and may_hear(address, domains=record.email_domains, contacts=record.contact_emails)


def contract_delays(session: Session, collectivite: Collectivite | None, rules: Any,
                    on: date) -> tuple[tuple[str, int, int], ...]:
    """(regime, declaration days, pieces days) of each contract of the collectivité in force on `on`."""
    if collectivite is None:
        return ()
    out = []
    for contract in session.scalars(select(Contract).where(Contract.collectivite_id == collectivite.id)):
        if contract.start_date <= on and (contract.end_date is None or on <= contract.end_date):
            decl, docs = delays(rules, contract.contract_number, declaration_days=contract.declaration_days,
                                documents_days=contract.documents_days)
            out.append((contract.regime, decl, docs))
    return tuple(out)


def reply_facts(drafted: Drafted, *, read: Any, intent: str, message_id: int, registry: Registry,
                delays_in_force: tuple[tuple[str, int, int], ...] = (), rules: Any = None,
                received_on: date | None = None) -> ReplyFacts:
    # What we know of a claim goes only to an address the registry gives the collectivité: a collectivité
    # named in the text of an unknown address, or a Reply-To elsewhere (a forger's), gets the answer
    # that repeats nothing.
    known = speaks_for(registry, drafted.collectivite, read.from_addr)
    reply_to = read.reply_to[0].addr if read.reply_to else None
    # An unknown sender is answered at its From only: a Reply-To elsewhere makes us mail a third party
    # (21 of 24 answers to one outside address went to others). A registered sender's Reply-To is used
    # when the registry gives it to the same collectivité.
    sender = reply_to if known and reply_to and speaks_for(registry, drafted.collectivite, reply_to) else read.from_addr
    return ReplyFacts(
        intent=intent,
        automatic=bool(read.automatic.automatic),
        sender=sender,
        sender_known=known,
        sender_unverified=drafted.outcome == DraftOutcome.EXPEDITEUR_NON_AUTHENTIFIE,
        collectivite_name=drafted.collectivite.name if drafted.collectivite else None,
        claims=tuple(_summary(c, message_id, rules, received_on or date.today()) for c in drafted.claims),
        question=read.new_text or "",
        contract_delays=delays_in_force if known else (),
        recorded=drafted.outcome if drafted.outcome in (DraftOutcome.REPRISE, DraftOutcome.REQUALIFICATION) else None,
        unreadable=tuple(drafted.unreadable),
        nothing_attached=intent != Intent.QUESTION and announces_attachment(read),
        unmatched=tuple(drafted.unmatched),
    )


# « ci-joint », « voir PJ », « en pièce jointe »… (folded text): the sender believes a file goes with the mail.
_ANNOUNCED = re.compile(r"\bci-joint|\bci joint|\bvoir (?:la |les )?p\.?j\b|\ben p\.?j\b|\bpieces? jointes?\b"
                        r"|\bvous trouverez (?:ci-joint|en piece|en annexe)|\bje vous joins\b|\bjoint a ce (?:mail|message|courriel)")


def announces_attachment(read: Any) -> bool:
    """The new text announces a file and the message carries none (a forgotten attachment)."""
    if any(a.filename and not a.inline for a in read.attachments):
        return False
    return bool(_ANNOUNCED.search(fold(read.new_text or "")))


def _all_text(read: Any) -> str:
    """The subject, the new text and the attachments' text: where an agent's file shows its words."""
    parts = [read.subject or "", read.new_text or ""]
    parts += [a.document.text[:5000] for a in read.attachments if getattr(a, "document", None) is not None]
    return "\n".join(parts)


@dataclass
class Answered:
    """What the reply stage did with one message: the mails queued, or why none (a NoReply code), and notes."""

    queued: list[Any] = field(default_factory=list)
    no_reply: str | None = None
    notes: list[str] = field(default_factory=list)


def answer(session: Session, *, message: Message, read: Any, intent: str, drafted: Drafted, rules: Any,
           settings: Any, registry: Registry) -> Answered:
    """Queue the replies this message deserves; every decision not to reply is a code on the message (a
    message drafting ignored never comes here: claims/outcomes.Ignore carries its own)."""
    delays_in_force = contract_delays(session, drafted.collectivite, rules, message.received_at.date()) \
        if intent == Intent.QUESTION else ()
    facts = reply_facts(drafted, read=read, intent=intent, message_id=message.id, registry=registry,
                        delays_in_force=delays_in_force, rules=rules, received_on=message.received_at.date())
    silent = silence_reason(facts, mailbox=settings.mailbox)
    if silent and not (silent == NoReply.NOT_OUR_BUSINESS and not facts.sender_known):
        return Answered(no_reply=silent)
    if not facts.sender_known:  # the gate says why more precisely (a loop of ours before « hors sujet »)
        gate = unknown_sender_gate(session, sender=facts.sender, intent=intent, text=_all_text(read),
                                   thread_ids=[*read.in_reply_to, *read.references], now=utc(None),
                                   per_hour=settings.unknown_sender_replies_per_hour)
        if gate is not None:
            return Answered(no_reply=gate)
    plans = choose_replies(facts, rules, mailbox=settings.mailbox)
    references = [*read.references, *([read.message_id] if read.message_id else [])]
    refusals: list[str] = []
    queued = queue_replies(
        session, plans, settings=settings, message_id=message.id, in_reply_to=read.message_id,
        references=references, collectivite_id=drafted.collectivite.id if drafted.collectivite else None,
        claim_ids={c.claim.reference: c.claim.id for c in drafted.claims if c.claim.reference}, refusals=refusals,
    )
    result = Answered(queued=queued, notes=[f"réponse non mise en file : {r}" for r in refusals])
    if not queued:
        result.no_reply = NoReply.ALREADY_ANSWERED if plans else NoReply.UNWRITABLE
    for row in queued:
        delayed = (row.details or {}).get("differe")
        if delayed:
            # Never lost, but late: the handler sees it on the message and on the claim.
            result.notes.append(f"réponse différée : {delayed}")
            if row.claim_id is not None:
                session.add(AuditEntry(actor=SYSTEM, entity="claim", entity_id=row.claim_id, action="reponse_differee",
                                       before=None, after={"outbox_id": row.id, "kind": row.kind}, reason=delayed))
    return result
