"""What a sweep owes today: read the open claims set-based, ask the rules, return a plan (no writes)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ARRAY, Integer, Text, any_, bindparam, cast, func, select
from sqlalchemy.orm import Session

from intake.domain import ClaimStatus, Flag
from intake.identify.audience import may_hear
from intake.mail.automatic import unread_mailbox
from intake.rules import RuleSet, contract_delays, reminders_due, reprise_request_due
from intake.store.claims import Claim, ClaimMessage, ClaimPeriod
from intake.store.messages import Message
from intake.store.models import Agent, Collectivite, ContactEmail, Contract, EmailDomain
from intake.store.outbox import OutboxMail, OutboxStatus

OPEN = (ClaimStatus.BROUILLON.value, ClaimStatus.OUVERT.value)
# Set on a claim whose mandatory pieces were still missing after the pieces deadline: no more
# reminders, a handler decides (forclusion). Not a domain.Flag yet: the sweep is its only writer.
PIECES_HORS_DELAI = "pieces_hors_delai"
# Claims the employer need not be chased for: not insured, or refused outright.
NOT_CHASED = frozenset({Flag.NON_COUVERT.value, Flag.PRESCRIT.value})
RELANCE, REPRISE, DIGEST = "relance", "demande_reprise", "digest"


@dataclass(frozen=True, slots=True)
class OpenClaim:
    """One open claim as the sweep reads it (one row of one query)."""

    id: int
    reference: str
    collectivite_id: int
    status: str
    declared_on: date
    missing: tuple[str, ...]
    flags: tuple[str, ...]
    pieces_due: date
    last_end: date | None  # end of the latest period, None while unknown
    reprise: date | None
    steps_sent: frozenset[str]  # reminder steps already recorded for the period being chased (outbox markers)
    category: str | None = None


@dataclass(frozen=True, slots=True)
class ReminderItem:
    """One reminder a sweep sends (or would send): a step for one claim, inside its collectivité's digest."""

    claim_id: int
    reference: str
    collectivite_id: int
    step: str  # relance_1…, or demande_reprise
    dedupe_key: str
    to: str | None  # None: the collectivité has no address we can write to
    missing_documents: tuple[str, ...]
    pieces_due: date | None
    states_forfeiture: bool = False
    period_end: date | None = None  # for demande_reprise
    reasons: tuple[str, ...] = ()  # the rules' French reasons, kept in the audit log

    def as_json(self) -> dict[str, Any]:
        """The `intake remind --dry-run` object (contract.md), plus the pieces due date."""
        return {"reference": self.reference, "step": self.step, "to": self.to,
                "missing_documents": list(self.missing_documents),
                "pieces_due": self.pieces_due.isoformat() if self.pieces_due else None}


@dataclass
class Plan:
    today: date
    items: list[ReminderItem] = field(default_factory=list)
    # collectivité id → every claim of it still awaiting pieces within the deadline (the digest lists them all)
    awaiting: dict[int, list[OpenClaim]] = field(default_factory=lambda: defaultdict(list))
    forfeited: list[tuple[OpenClaim, tuple[str, ...]]] = field(default_factory=list)  # to flag, with the reason
    recipients: dict[int, str | None] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # collectivité id → name
    agents: dict[int, str] = field(default_factory=dict)  # claim id → agent label, for the claims mailed about

    def by_collectivite(self) -> dict[int, list[ReminderItem]]:
        grouped: dict[int, list[ReminderItem]] = defaultdict(list)
        for item in self.items:
            grouped[item.collectivite_id].append(item)
        return grouped


def relance_key(claim_id: int, step: str, since: date) -> str:
    # The chased period's declaration day in the key: a prolongation declared later, with its own pieces
    # missing, goes through the steps again instead of finding them all spent by the first period.
    return f"{RELANCE}:{claim_id}:{since.isoformat()}:{step}"


def steps_sent_since(keys: Iterable[str], *, since: date, first_declared: date) -> frozenset[str]:
    """The relance steps recorded for the period declared on `since`, from the markers' dedupe keys.
    A key without a day (written before periods were chased apart) belongs to the claim's first declaration."""
    steps = set()
    for key in keys:
        parts = key.split(":")
        if len(parts) == 4 and parts[2] == since.isoformat():
            steps.add(parts[3])
        elif len(parts) == 3 and since == first_declared:
            steps.add(parts[2])
    return frozenset(steps)


def chased_since(claim_declared_on: date, periods_declared: Iterable[date | None]) -> date:
    """The day the pieces being chased were declared: the latest period's declaration (each period's pieces
    are due from its own declaration: a prolongation received today is not chased by the deadline of the
    stop declared months ago)."""
    return max([claim_declared_on, *(d for d in periods_declared if d is not None)])


def reprise_key(claim_id: int, period_end: date, on: date) -> str:
    # The period end in the key: a new period (prolongation) that ends later is asked for again.
    return f"{REPRISE}:{claim_id}:{period_end.isoformat()}:{on.isoformat()}"


def digest_key(collectivite_id: int, on: date) -> str:
    return f"{DIGEST}:{collectivite_id}:{on.isoformat()}"


def _agent_label(last: str | None, first: str | None, matricule: str | None, written: str | None) -> str:
    if last:
        return f"{last} {first or ''}".strip() + (f" (matricule {matricule})" if matricule else "")
    return f"{written} (agent à identifier)" if written else "agent non identifié"


def read_open_claims(session: Session, rules: RuleSet) -> list[OpenClaim]:
    """Every brouillon/ouvert claim of a known collectivité, with its contract's delay and latest period end."""
    # One aggregate over the periods (hash join), not a subquery per claim: a correlated subquery
    # costs 100 000 index probes on a big base.
    ends = (select(ClaimPeriod.claim_id.label("claim_id"), func.max(ClaimPeriod.end).label("last_end"),
                   (func.count(ClaimPeriod.id) - func.count(ClaimPeriod.end)).label("running"),
                   func.max(ClaimPeriod.declared_on).label("last_declared"))
            .group_by(ClaimPeriod.claim_id).subquery())
    # Steps sent come joined per claim in the same read (one row per claim, not one per marker).
    sent = (select(OutboxMail.claim_id.label("claim_id"),
                   func.aggregate_strings(OutboxMail.dedupe_key, ",").label("steps"))
            .where(OutboxMail.kind == RELANCE).group_by(OutboxMail.claim_id).subquery())
    # JSON as text: most claims' lists are empty or alike, and each distinct text is parsed once.
    rows = session.connection().execute(  # Core rows: the ORM's per-row bookkeeping is not needed here
        select(Claim.id, Claim.reference, Claim.collectivite_id, Claim.status, Claim.declared_on,
               cast(Claim.missing_documents, Text).label("missing"), cast(Claim.flags, Text).label("flags"),
               Claim.reprise, Contract.contract_number, Contract.documents_days, ends.c.last_end, ends.c.running,
               sent.c.steps, ends.c.last_declared, Claim.category)
        .outerjoin(Contract, Contract.id == Claim.contract_id)
        .outerjoin(ends, ends.c.claim_id == Claim.id)
        .outerjoin(sent, sent.c.claim_id == Claim.id)
        .where(Claim.status.in_(OPEN), Claim.collectivite_id.is_not(None), Claim.reference.is_not(None))
    ).all()  # fetchall: iterating would fetch row by row
    delays: dict[tuple[str | None, int | None], timedelta] = {}
    lists: dict[str | None, tuple[str, ...]] = {None: (), "[]": ()}  # few distinct lists: parse each once
    claims = []
    for (claim_id, reference, collectivite_id, status, declared_on, missing_text, flags_text, reprise,
         number, documents_days, last_end, running, steps, last_declared, category) in rows:
        first_declared, declared_on = declared_on, chased_since(declared_on, (last_declared,))
        if running:
            last_end = None
        missing = lists.get(missing_text)
        if missing is None:
            missing = lists[missing_text] = tuple(sorted(json.loads(missing_text)))
        if not missing and (last_end is None or reprise is not None):
            continue  # nothing to ask for: no piece missing, no ended stop without reprise
        delay = delays.get((number, documents_days))
        if delay is None:
            delay = delays[(number, documents_days)] = timedelta(
                days=contract_delays(rules, number, documents_days=documents_days)[1])
        flags = lists.get(flags_text)
        if flags is None:
            flags = lists[flags_text] = tuple(json.loads(flags_text))
        done = steps_sent_since(steps.split(","), since=declared_on, first_declared=first_declared) \
            if steps else frozenset()
        claims.append(OpenClaim(claim_id, reference, collectivite_id, status, declared_on, missing, flags,
                                declared_on + delay, last_end, reprise, done, category))
    return claims


def last_end_of(periods: Any) -> date | None:
    """The same rule for one claim's loaded periods (the handler's view)."""
    ends = [p.end for p in periods]
    return None if not ends or None in ends else max(ends)


def read_agents(session: Session, claim_ids: list[int]) -> dict[int, str]:
    """Agent labels of the claims a digest details."""
    query = (select(Claim.id, Agent.last_name, Agent.first_name, Agent.matricule, Claim.agent_name)
             .outerjoin(Agent, Agent.id == Claim.agent_id))
    if session.get_bind().dialect.name == "postgresql":
        # One array parameter: an IN list of thousands of parameters costs more to send than to answer.
        chunks = [query.where(Claim.id == any_(bindparam("ids", claim_ids, type_=ARRAY(Integer))))]
    else:
        chunks = [query.where(Claim.id.in_(claim_ids[start:start + 500])) for start in range(0, len(claim_ids), 500)]
    labels: dict[int, str] = {}
    for chunk in chunks if claim_ids else ():
        for claim_id, *names in session.connection().execute(chunk).all():
            labels[claim_id] = _agent_label(*names)
    return labels


def read_reprise_requests(session: Session) -> dict[tuple[int, date], date]:
    """The latest date de reprise request per (open claim, period end), from the markers' keys."""
    asked: dict[tuple[int, date], date] = {}
    for claim_id, key in session.connection().execute(
        select(OutboxMail.claim_id, OutboxMail.dedupe_key).join(Claim, Claim.id == OutboxMail.claim_id)
        .where(Claim.status.in_(OPEN), OutboxMail.kind == REPRISE)
    ).all():
        _, _, end, on = key.split(":")
        end_day, on_day = date.fromisoformat(end), date.fromisoformat(on)
        previous = asked.get((claim_id, end_day))
        asked[(claim_id, end_day)] = on_day if previous is None else max(previous, on_day)
    return asked


def read_recipients(session: Session, collectivite_ids: set[int]) -> dict[int, str | None]:
    """Where each collectivité's digest goes, only ever an address the registry gives it (audience.may_hear):
    its correspondant sinistres; else the latest sender of a declaration among its open claims who is on
    its domains or registered (a person who handles its claims and reads our mail); else its first
    contact address; else nowhere. A personal address that declared is never one: the digest names agents.
    An address our last mail to bounced from is passed over for the next one."""
    if not collectivite_ids:
        return {}
    ids = sorted(collectivite_ids)
    recipients: dict[int, str | None] = dict.fromkeys(ids)
    domains: dict[int, list[str]] = defaultdict(list)
    contacts: dict[int, list[str]] = defaultdict(list)
    for collectivite_id, correspondant in session.execute(
        select(Collectivite.id, Collectivite.correspondant_email).where(Collectivite.id.in_(ids))
    ).all():
        if correspondant:
            recipients[collectivite_id] = correspondant.strip().lower()
            contacts[collectivite_id].append(correspondant)
    for collectivite_id, domain in session.execute(
        select(EmailDomain.collectivite_id, EmailDomain.domain).where(EmailDomain.collectivite_id.in_(ids))
    ).all():
        domains[collectivite_id].append(domain)
    for collectivite_id, addr in session.execute(
        select(ContactEmail.collectivite_id, ContactEmail.email)
        .where(ContactEmail.collectivite_id.in_(ids)).order_by(ContactEmail.email)
    ).all():
        contacts[collectivite_id].append(addr)
    dead = _bounced_addresses(session, [*recipients.values(), *(a for addrs in contacts.values() for a in addrs)])
    for collectivite_id, addr in recipients.items():
        if addr in dead:  # the correspondant's mailbox refuses our mail: try the next address the registry gives
            recipients[collectivite_id] = None
    undecided = [cid for cid in ids if recipients[cid] is None]
    if undecided:
        # Each sender's newest declaration, newest first; a big employer has thousands of claims but few senders.
        senders = session.connection().execute(
            select(Claim.collectivite_id, Message.from_addr, func.max(Message.received_at).label("latest"))
            .join(ClaimMessage, ClaimMessage.claim_id == Claim.id)
            .join(Message, Message.id == ClaimMessage.message_id)
            .where(Claim.collectivite_id.in_(undecided), Claim.status.in_(OPEN), ClaimMessage.role == "declaration",
                   Message.from_addr.is_not(None))
            .group_by(Claim.collectivite_id, Message.from_addr)
            .order_by(func.max(Message.received_at).desc(), Message.from_addr)
        ).all()
        dead |= _bounced_addresses(session, [addr for _, addr, _ in senders])
        for collectivite_id, addr, _latest in senders:
            # A copier's noreply-scan@ on the collectivité's domain declared: nobody would read the digest there.
            if recipients[collectivite_id] is None and addr.strip().lower() not in dead and not unread_mailbox(addr) \
                    and may_hear(addr, domains=domains[collectivite_id], contacts=contacts[collectivite_id]):
                recipients[collectivite_id] = addr.strip().lower()
        for collectivite_id in undecided:
            alive = [a.strip().lower() for a in contacts[collectivite_id] if a.strip().lower() not in dead]
            if recipients[collectivite_id] is None and alive:
                recipients[collectivite_id] = alive[0]
    return recipients


def _bounced_addresses(session: Session, addresses: Iterable[str | None]) -> set[str]:
    """The addresses whose latest mail from us came back as a delivery failure (a later mail that went
    through clears it: the mailbox was full, or the address was fixed)."""
    wanted = sorted({a.strip().lower() for a in addresses if a})
    if not wanted:
        return set()
    latest: dict[str, tuple[Any, str]] = {}
    for addr, status, created in session.connection().execute(
        select(func.lower(OutboxMail.to_addr), OutboxMail.status, OutboxMail.created_at)
        .where(func.lower(OutboxMail.to_addr).in_(wanted),
               OutboxMail.status.in_((OutboxStatus.SENT, OutboxStatus.BOUNCED)))
    ).all():
        if addr not in latest or created > latest[addr][0]:
            latest[addr] = (created, status)
    return {addr for addr, (_, status) in latest.items() if status == OutboxStatus.BOUNCED}


def read_names(session: Session, collectivite_ids: set[int]) -> dict[int, str]:
    if not collectivite_ids:
        return {}
    return dict(session.execute(select(Collectivite.id, Collectivite.name)
                                .where(Collectivite.id.in_(sorted(collectivite_ids)))).all())


def make_plan(session: Session, rules: RuleSet, *, today: date) -> Plan:
    """Read (seven queries whatever the number of claims, one more per 5 000 claims mailed about) and
    decide, claim by claim, through the rules."""
    plan = Plan(today)
    asked = read_reprise_requests(session)
    # Many claims share a declaration day, missing pieces and steps sent (or a period end): ask once.
    memo: dict[tuple, Any] = {}
    reprise_memo: dict[tuple, Any] = {}
    pending: list[tuple[OpenClaim, str, Any]] = []
    for claim in read_open_claims(session, rules):
        if claim.flags and NOT_CHASED.intersection(claim.flags):
            continue
        if claim.missing and not (today > claim.pieces_due and PIECES_HORS_DELAI in claim.flags):
            sent = claim.steps_sent
            key = (claim.declared_on, claim.missing, sent, claim.pieces_due)
            if key not in memo:
                days = (claim.pieces_due - claim.declared_on).days
                memo[key] = reminders_due(rules, declared_on=claim.declared_on, today=today,
                                          missing=claim.missing, sent_steps=sent, documents_days=days)
            decision = memo[key]
            if today > claim.pieces_due:
                plan.forfeited.append((claim, decision.reasons))
            else:
                plan.awaiting[claim.collectivite_id].append(claim)
                if decision.allowed:
                    pending.append((claim, RELANCE, decision))
        no_reprise = rules.deadlines.reprise.not_for  # fixed-length leaves and deaths: nothing to ask
        if claim.last_end is not None and claim.reprise is None and claim.category not in no_reprise:
            key = (claim.status, claim.last_end, asked.get((claim.id, claim.last_end)))
            if key not in reprise_memo:
                reprise_memo[key] = reprise_request_due(rules, status=claim.status, last_end=claim.last_end,
                                                        reprise=None, today=today, last_request=key[2])
            decision = reprise_memo[key]
            if decision.allowed:
                pending.append((claim, REPRISE, decision))
    collectivites = {claim.collectivite_id for claim, _, _ in pending}
    plan.recipients = read_recipients(session, collectivites)
    plan.names = read_names(session, collectivites)
    plan.agents = read_agents(session, sorted({claim.id for claim, _, _ in pending}))
    for claim, kind, decision in pending:
        to = plan.recipients.get(claim.collectivite_id)
        if kind == RELANCE:
            due = decision.value
            plan.items.append(ReminderItem(claim.id, claim.reference, claim.collectivite_id, due.step,
                                           relance_key(claim.id, due.step, claim.declared_on), to, due.missing,
                                           due.forfeiture_date,
                                           states_forfeiture=due.states_forfeiture, reasons=decision.reasons))
        else:
            plan.items.append(ReminderItem(claim.id, claim.reference, claim.collectivite_id, REPRISE,
                                           reprise_key(claim.id, claim.last_end, today), to, (), None,
                                           period_end=claim.last_end, reasons=decision.reasons))
    return plan
