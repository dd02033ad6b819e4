"""A claim's periods in the store: which period a piece justifies, and each period's own deadlines and pieces."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.rules import Period as RulePeriod
from intake.rules import RuleSet, base_prerequisite, mandatory_pieces
from intake.rules.claim_periods import PeriodAssessment, assess_claim
from intake.rules.coverage import contract_in_force as in_force_on
from intake.store.bases import InsuredBase
from intake.store.claims import Claim, ClaimPeriod, Document
from intake.store.models import Contract


def ordered(periods: Iterable[ClaimPeriod]) -> list[ClaimPeriod]:
    return sorted(periods, key=lambda p: (p.start, p.id or 0))


def contract_in_force(session: Session, claim: Claim) -> Contract | None:
    """The collectivité's contract for the agent's regime in force on the claim's first day.

    None when no contract was in force then (not « the regime's only contract »): the claim is not
    insured. A contract keeps covering the periods of a claim begun under it after it ends
    (capitalisation): later prolongations and rechutes stay with it.
    """
    if claim.collectivite_id is None:
        return None
    contracts = session.scalars(select(Contract).where(Contract.collectivite_id == claim.collectivite_id)
                                .order_by(Contract.id)).all()
    if claim.agent is not None:
        contracts = [c for c in contracts if c.regime == claim.agent.regime]
    number = in_force_on([(c.contract_number, c.start_date, c.end_date) for c in contracts], first_day(claim))
    return next((c for c in contracts if c.contract_number == number), None)


def base_recorded(session: Session, claim: Claim, rules: RuleSet) -> bool:
    """Whether the claim's contract has its base de l'assurance for the year of the claim's first day
    (always true when base.yaml does not require it)."""
    years = session.scalars(select(InsuredBase.year).where(InsuredBase.contract_id == claim.contract.id)).all()
    return base_prerequisite(rules, base_years=years, year=first_day(claim).year).allowed


def first_day(claim: Claim) -> date:
    starts = [p.start for p in claim.periods]
    candidates = [d for d in (claim.event_date, min(starts, default=None)) if d is not None]
    return min(candidates) if candidates else claim.declared_on


def _pieces_of(claim: Claim, skip: Iterable[Document] = ()) -> dict[int | None, set[str]]:
    """Kinds on file per period; pieces of no period (sent before any stop was known) count for the first."""
    periods = ordered(claim.periods)
    out: dict[int | None, set[str]] = {p.id: set() for p in periods}
    first = periods[0].id if periods else None
    skipped = {id(d) for d in skip}
    for d in claim.documents:
        if id(d) in skipped:
            continue
        key = d.period_id if d.period_id in out else first
        out.setdefault(key, set()).add(d.kind)
    return out


def justified_period(rules: RuleSet, claim: Claim, kind: str, *, new_period: ClaimPeriod | None,
                     contract_number: str | None, pending: Iterable[Document] = ()) -> ClaimPeriod | None:
    """The period a piece of this kind justifies: the period the same mail declared when it is one of
    its pieces, else the oldest period still waiting for such a piece, else the mail's period."""
    if not claim.category or claim.category not in rules.categories:
        return new_period
    have = _pieces_of(claim, pending)

    def wants(period: ClaimPeriod, *, missing_only: bool) -> bool:
        for alternatives in mandatory_pieces(rules, category=claim.category, nature=period.nature,
                                             contract_number=contract_number):
            if kind in alternatives and not (missing_only and have.get(period.id, set()) & set(alternatives)):
                return True
        return False

    if new_period is not None and wants(new_period, missing_only=False):
        return new_period
    waiting = [p for p in ordered(claim.periods) if p is not new_period and wants(p, missing_only=True)]
    if waiting:
        return waiting[0]
    return new_period


def rule_periods(claim: Claim) -> tuple[RulePeriod, ...]:
    """The claim's periods as the rules take them, oldest first, each with the kinds of its own pieces."""
    pieces = _pieces_of(claim)
    return tuple(RulePeriod(p.start, p.end, p.nature, p.declared_on or claim.declared_on,
                            frozenset(pieces.get(p.id, ()))) for p in ordered(claim.periods))


def assess(claim: Claim, rules: RuleSet):
    """Judge every period of the claim on its own (rules.claim_periods) and record the answers on it."""
    contract = claim.contract
    periods = ordered(claim.periods)
    decision = assess_claim(
        rules, category=claim.category if claim.category in rules.categories else None,
        periods=list(rule_periods(claim)),
        contract_number=contract.contract_number if contract else None,
        declaration_days=contract.declaration_days if contract else None,
        documents_days=contract.documents_days if contract else None,
        default_declared_on=claim.declared_on,
    )
    for period, judged in zip(periods, decision.value, strict=True):
        _record(period, judged)
    return decision


def _record(period: ClaimPeriod, judged: PeriodAssessment) -> None:
    if period.declared_on is None:
        period.declared_on = judged.declared_on
    period.declaration_due = judged.declaration_due
    period.pieces_due = judged.pieces_due
    period.cover_start = judged.cover_start
    period.hors_delai = judged.late
    period.prescrit = judged.prescribed
    period.missing_documents = list(judged.missing)


def link_documents(session: Session, claim: Claim, rules: RuleSet, documents: Iterable[Document], *,
                   new_period: ClaimPeriod | None) -> None:
    """Give each new piece the period it justifies (before the claim's pieces are recomputed)."""
    number = claim.contract.contract_number if claim.contract else None
    pending = list(documents)
    session.flush()  # periods get their ids
    while pending:
        document = pending.pop(0)
        period = justified_period(rules, claim, document.kind, new_period=new_period, contract_number=number,
                                  pending=pending + [document])
        if period is not None:
            document.period_id = period.id


def record_reprise(claim: Claim, reprise: date) -> None:
    """The agent is back at work: the running period ends the day before (a stop ends where work resumes)."""
    claim.reprise = reprise
    for period in ordered(claim.periods):
        if period.start < reprise and (period.end is None or period.end >= reprise):
            period.end = reprise - timedelta(days=1)
