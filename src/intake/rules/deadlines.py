"""Date arithmetic of a claim: declaration and pieces deadlines, prescription, reminders, reprise."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from intake.domain import Flag
from intake.rules.decision import Decision
from intake.rules.expressions import render
from intake.rules.loader import RuleSet

PRESCRIT = "prescrit"  # not (yet) a domain.Flag: a declaration the engine refuses outright


def add_years(day: date, years: int) -> date:
    """Same day `years` later; 29 February becomes 28 February in a common year."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def contract_delays(
    rules: RuleSet,
    contract_number: str | None = None,
    *,
    declaration_days: int | None = None,
    documents_days: int | None = None,
) -> tuple[int, int]:
    """(declaration, documents) days: the contract row's values, else contrats.yaml, else delais.yaml."""
    override = rules.contracts.get(contract_number) if contract_number else None
    defaults = rules.deadlines
    decl = declaration_days if declaration_days is not None else (
        override.declaration_days if override and override.declaration_days is not None else defaults.declaration_days)
    docs = documents_days if documents_days is not None else (
        override.documents_days if override and override.documents_days is not None else defaults.documents_days)
    return decl, docs


def franchise_days(
    rules: RuleSet, *, category: str, contract_number: str | None = None, franchise_mo_days: int | None = None
) -> int:
    """Days not reimbursed per stop: only for maladie ordinaire, from the contract."""
    if category != "maladie_ordinaire":
        return 0
    if franchise_mo_days is not None:
        return franchise_mo_days
    override = rules.contracts.get(contract_number) if contract_number else None
    if override is None or override.franchise_mo_days is None:
        return 0
    return override.franchise_mo_days


@dataclass(frozen=True)
class Deadlines:
    event_date: date
    declared_on: date
    declaration_days: int
    documents_days: int
    declaration_due: date  # last day to declare on time
    documents_due: date  # last day to send the mandatory pieces (forfeiture after)
    prescription: date  # last day a declaration is accepted at all
    late: bool
    prescribed: bool


def deadlines(
    rules: RuleSet,
    *,
    event_date: date,
    declared_on: date,
    contract_number: str | None = None,
    declaration_days: int | None = None,
    documents_days: int | None = None,
) -> Decision:
    """value: Deadlines; flags hors_delai (late) and prescrit (refused: allowed False)."""
    decl_days, docs_days = contract_delays(rules, contract_number, declaration_days=declaration_days,
                                           documents_days=documents_days)
    value = Deadlines(
        event_date=event_date,
        declared_on=declared_on,
        declaration_days=decl_days,
        documents_days=docs_days,
        declaration_due=event_date + timedelta(days=decl_days),
        documents_due=declared_on + timedelta(days=docs_days),
        prescription=add_years(event_date, rules.deadlines.prescription_years),
        late=declared_on > event_date + timedelta(days=decl_days),
        prescribed=declared_on > add_years(event_date, rules.deadlines.prescription_years),
    )
    msg = rules.messages["delais"]
    fields = {"evenement": event_date, "declaration": declared_on, "limite_declaration": value.declaration_due,
              "limite_pieces": value.documents_due, "prescription": value.prescription,
              "jours_declaration": decl_days, "jours_pieces": docs_days}
    flags: list[str] = []
    reasons: list[str] = []
    if value.late:
        flags.append(Flag.HORS_DELAI.value)
        reasons.append(render(msg["hors_delai"], fields))
    else:
        reasons.append(render(msg["dans_les_delais"], fields))
    if value.prescribed:
        flags.append(PRESCRIT)
        reasons.append(render(msg["prescrit"], fields))
    else:
        reasons.append(render(msg["limite_pieces"], fields))
    return Decision(not value.prescribed, value, tuple(reasons), rules.version, tuple(flags))


@dataclass(frozen=True)
class ReminderDue:
    step: str
    day: int  # days after the declaration
    states_forfeiture: bool
    forfeiture_date: date  # the pieces deadline: after it the claim is forfeited
    missing: tuple[str, ...]


def reminders_due(
    rules: RuleSet,
    *,
    declared_on: date,
    today: date,
    missing: Iterable[str],
    sent_steps: Iterable[str],
    contract_number: str | None = None,
    documents_days: int | None = None,
) -> Decision:
    """The one reminder to send today (value: ReminderDue), or allowed False with the reason.

    When several steps fell due unsent (service down), only the latest goes; never a step already
    sent, nor one earlier than a step sent; none once complete, none after the pieces deadline.
    """
    missing = tuple(sorted(set(missing)))
    sent = set(sent_steps)
    _, docs_days = contract_delays(rules, contract_number, documents_days=documents_days)
    due_date = declared_on + timedelta(days=docs_days)
    msg = rules.messages["delais"]
    fields = {"limite_pieces": due_date, "declaration": declared_on}

    def no(key: str) -> Decision:
        return Decision(False, None, (render(msg[key], fields),), rules.version)

    if not missing:
        return no("dossier_complet")
    if today > due_date:
        return no("delai_depasse")
    steps = rules.deadlines.reminders
    elapsed = (today - declared_on).days
    reached = [i for i, step in enumerate(steps) if step.days <= elapsed]
    if not reached:
        return no("rien_a_relancer")
    index = reached[-1]
    if any(step.step in sent for step in steps[index:]):
        return no("rien_a_relancer")
    step = steps[index]
    fields["etape"] = step.step
    reasons = [render(msg["relance"], fields)]
    if step.states_forfeiture:
        reasons.append(render(msg["relance_forclusion"], fields))
    value = ReminderDue(step.step, step.days, step.states_forfeiture, due_date, missing)
    return Decision(True, value, tuple(reasons), rules.version)


def reprise_request_due(
    rules: RuleSet,
    *,
    status: str,
    last_end: date | None,
    reprise: date | None,
    today: date,
    last_request: date | None = None,
    category: str | None = None,
) -> Decision:
    """Whether to ask the employer for the date de reprise today (the last stop has ended)."""
    config = rules.deadlines.reprise
    msg = rules.messages["delais"]
    fields = {"fin": last_end}
    no = Decision(False, None, (render(msg["reprise_non_due"], fields),), rules.version)
    if category in config.not_for or status not in config.statuses or reprise is not None or last_end is None:
        return no
    if today < last_end + timedelta(days=config.after_days):
        return no
    if last_request is not None and (config.repeat_days == 0 or today < last_request + timedelta(days=config.repeat_days)):
        return no
    return Decision(True, last_end, (render(msg["reprise_due"], fields),), rules.version)
