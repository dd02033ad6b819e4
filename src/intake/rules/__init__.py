"""The rule engine: business rules as data (rules/*.yaml), evaluated by pure functions."""

from intake.rules.base import base_ceilings, base_prerequisite, insured_base, insured_elements, premium_estimate
from intake.rules.coverage import coverage, covered_categories, parse_formulas
from intake.rules.deadlines import (
    Deadlines,
    ReminderDue,
    add_years,
    contract_delays,
    deadlines,
    franchise_days,
    reminders_due,
    reprise_request_due,
)
from intake.rules.decision import Decision
from intake.rules.errors import RulesError
from intake.rules.facts import ClaimFacts, Period
from intake.rules.lifecycle import transition
from intake.rules.loader import RuleSet, get_rules, load_rules
from intake.rules.periods import check_new_period
from intake.rules.pieces import (
    category_label,
    claim_missing_documents,
    document_label,
    document_labels,
    effective_nature,
    mandatory_pieces,
    missing_documents,
    nature_label,
    status_label,
)
from intake.rules.wording import Wording

__all__ = [
    "ClaimFacts", "Deadlines", "Decision", "Period", "ReminderDue", "RuleSet", "RulesError", "Wording",
    "add_years", "base_ceilings", "base_prerequisite", "category_label", "check_new_period",
    "claim_missing_documents", "contract_delays", "coverage", "covered_categories", "deadlines",
    "document_label", "document_labels", "effective_nature", "franchise_days", "get_rules",
    "insured_base", "insured_elements", "load_rules", "mandatory_pieces", "missing_documents",
    "nature_label", "parse_formulas", "premium_estimate", "reminders_due", "reprise_request_due",
    "status_label", "transition",
]
