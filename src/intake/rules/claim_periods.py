"""A claim as its periods: each one's declaration deadline, lateness, cover start, prescription and pieces."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from intake.domain import Flag
from intake.rules.deadlines import PRESCRIT, deadlines
from intake.rules.decision import Decision
from intake.rules.expressions import render
from intake.rules.facts import Period
from intake.rules.loader import RuleSet
from intake.rules.pieces import missing_documents

COVER_FROM_RECEIPT = "couverture_a_reception"


@dataclass(frozen=True)
class PeriodAssessment:
    """What the rules make of one period, declared on its own (docs/domain.md, Deadlines)."""

    start: date
    end: date | None
    nature: str
    declared_on: date
    declaration_due: date
    pieces_due: date
    prescription: date
    late: bool
    prescribed: bool
    cover_start: date | None  # None: not covered at all (prescribed)
    missing: tuple[str, ...]

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(f for f, on in ((Flag.HORS_DELAI.value, self.late), (PRESCRIT, self.prescribed)) if on)


def late_effect(rules: RuleSet, contract_number: str | None = None, given: str | None = None) -> str:
    """The effect of lateness: as given (a contract row), else the contract's (contrats.yaml), else delais.yaml's."""
    if given is not None:
        return given
    override = rules.contracts.get(contract_number) if contract_number else None
    if override is not None and override.late_effect is not None:
        return override.late_effect
    return rules.deadlines.late_effect


def assess_period(
    rules: RuleSet,
    *,
    category: str | None,
    period: Period,
    declared_on: date,
    have: Iterable[str] = (),
    contract_number: str | None = None,
    declaration_days: int | None = None,
    documents_days: int | None = None,
    effect: str | None = None,
) -> Decision:
    """One period: its deadlines counted from its own first day and its own receipt, its own pieces."""
    nature = period.nature or rules.fallback_nature
    due = deadlines(rules, event_date=period.start, declared_on=declared_on, contract_number=contract_number,
                    declaration_days=declaration_days, documents_days=documents_days)
    d = due.value
    cover_start: date | None = period.start
    reasons = list(due.reasons)
    if d.prescribed:
        cover_start = None
    elif d.late and late_effect(rules, contract_number, effect) == COVER_FROM_RECEIPT:
        cover_start = max(period.start, declared_on)
        reasons.append(render(rules.messages["delais"]["couverture_reception"],
                              {"declaration": declared_on, "limite_declaration": d.declaration_due,
                               "evenement": period.start}))
    missing = tuple(missing_documents(rules, category=category, nature=nature, have=have,
                                      contract_number=contract_number)) if category else ()
    value = PeriodAssessment(period.start, period.end, nature, declared_on, d.declaration_due, d.documents_due,
                             d.prescription, d.late, d.prescribed, cover_start, missing)
    return Decision(due.allowed, value, tuple(reasons), rules.version, value.flags)


def assess_claim(
    rules: RuleSet,
    *,
    category: str | None,
    periods: Iterable[Period],
    contract_number: str | None = None,
    declaration_days: int | None = None,
    documents_days: int | None = None,
    default_declared_on: date | None = None,
    effect: str | None = None,
) -> Decision:
    """Every period of a claim, each judged on its own; value: tuple of PeriodAssessment, oldest first.

    flags: hors_delai when a period is late; prescrit only when every period is (the claim has nothing
    left to cover). allowed: some period may still be covered.
    """
    out: list[PeriodAssessment] = []
    reasons: list[str] = []
    for period in sorted(periods, key=lambda p: p.start):
        declared = period.declared_on or default_declared_on or period.start
        one = assess_period(rules, category=category, period=period, declared_on=declared, have=period.pieces,
                            contract_number=contract_number, declaration_days=declaration_days,
                            documents_days=documents_days, effect=effect)
        out.append(one.value)
        reasons.extend(one.reasons)
    flags: list[str] = []
    if any(a.late for a in out):
        flags.append(Flag.HORS_DELAI.value)
    if out and all(a.prescribed for a in out):
        flags.append(PRESCRIT)
    return Decision(not out or not all(a.prescribed for a in out), tuple(out), tuple(reasons), rules.version,
                    tuple(flags))

