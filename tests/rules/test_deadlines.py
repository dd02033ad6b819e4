"""Deadlines, prescription, reminders and the reprise request: boundary days, property-based."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.rules import (
    add_years,
    contract_delays,
    deadlines,
    franchise_days,
    load_rules,
    reminders_due,
    reprise_request_due,
)

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2097, 12, 31))
delays = st.sampled_from([90, 120, 180, None])
FAST = settings(max_examples=80, deadline=None)


@FAST
@given(event=dates, delay=delays)
def test_declaration_on_the_last_day_is_on_time_and_the_next_day_late(rules, event, delay):
    days = delay or 90
    last = event + timedelta(days=days)
    on_time = deadlines(rules, event_date=event, declared_on=last, declaration_days=delay)
    assert on_time.allowed and "hors_delai" not in on_time.flags
    assert on_time.value.declaration_due == last and on_time.value.declaration_days == days
    late = deadlines(rules, event_date=event, declared_on=last + timedelta(days=1), declaration_days=delay)
    assert late.allowed and "hors_delai" in late.flags and late.rules_version == rules.version
    assert any("après le délai" in r for r in late.reasons)


@FAST
@given(event=dates, declared=st.integers(min_value=0, max_value=200), docs=st.sampled_from([30, 90, 120]))
def test_pieces_deadline_counts_from_the_declaration(rules, event, declared, docs):
    declared_on = event + timedelta(days=declared)
    decision = deadlines(rules, event_date=event, declared_on=declared_on, documents_days=docs)
    assert decision.value.documents_due == declared_on + timedelta(days=docs)


@FAST
@given(event=dates)
def test_prescription_after_two_years(rules, event):
    limit = add_years(event, 2)
    assert deadlines(rules, event_date=event, declared_on=limit).allowed
    refused = deadlines(rules, event_date=event, declared_on=limit + timedelta(days=1))
    assert not refused.allowed and "prescrit" in refused.flags


@pytest.mark.parametrize(("day", "years", "expected"), [
    (date(2024, 2, 29), 2, date(2026, 2, 28)),
    (date(2024, 2, 29), 4, date(2028, 2, 29)),
    (date(2023, 3, 31), 2, date(2025, 3, 31)),
    (date(2023, 12, 31), 2, date(2025, 12, 31)),
    (date(2098, 2, 28), 2, date(2100, 2, 28)),
])
def test_add_years(day, years, expected):
    assert add_years(day, years) == expected


@FAST
@given(day=dates, years=st.integers(min_value=1, max_value=5))
def test_add_years_keeps_the_month_and_never_goes_back(day, years):
    later = add_years(day, years)
    assert later.month == day.month and later.year == day.year + years
    assert later.day == day.day or (day.month, day.day, later.day) == (2, 29, 28)


def test_contract_delays_precedence(rules_copy, edit):
    edit("contrats.yaml", "contrats: {}", 'contrats:\n  "K1":\n    delai_declaration: 180\n    delai_pieces: 60\n'
                                          '    franchise_mo: 10\n')
    custom = load_rules(rules_copy)
    assert contract_delays(custom, None) == (90, 90)
    assert contract_delays(custom, "K1") == (180, 60)
    assert contract_delays(custom, "K1", declaration_days=120) == (120, 60)
    assert franchise_days(custom, category="maladie_ordinaire", contract_number="K1") == 10
    assert franchise_days(custom, category="maladie_ordinaire", contract_number="K1", franchise_mo_days=30) == 30
    assert franchise_days(custom, category="accident_service", contract_number="K1") == 0
    assert franchise_days(custom, category="maladie_ordinaire") == 0


# Reminders ---------------------------------------------------------------------------------

STEPS = {"relance_1": 15, "relance_2": 45, "relance_3": 75}


@FAST
@given(declared=dates, elapsed=st.integers(min_value=0, max_value=120),
       sent=st.sets(st.sampled_from(list(STEPS))))
def test_reminder_schedule(rules, declared, elapsed, sent):
    today = declared + timedelta(days=elapsed)
    decision = reminders_due(rules, declared_on=declared, today=today, missing=["arret_travail"], sent_steps=sent)
    reached = [step for step, day in STEPS.items() if day <= elapsed]
    expected = None
    if elapsed <= 90 and reached:
        latest = reached[-1]
        later_sent = any(STEPS[s] >= STEPS[latest] for s in sent)
        expected = None if later_sent else latest
    assert (decision.value.step if decision.value else None) == expected
    assert decision.allowed == (expected is not None) and decision.reasons


def test_reminder_on_its_day_and_the_last_states_the_forfeiture(rules):
    declared = date(2025, 1, 31)
    assert not reminders_due(rules, declared_on=declared, today=date(2025, 2, 14), missing=["x"], sent_steps=[])
    first = reminders_due(rules, declared_on=declared, today=date(2025, 2, 15), missing=["arret_travail"],
                          sent_steps=[])
    assert first.value.step == "relance_1" and not first.value.states_forfeiture
    last = reminders_due(rules, declared_on=declared, today=declared + timedelta(days=75),
                         missing=["arret_travail"], sent_steps=["relance_1", "relance_2"])
    assert last.value.step == "relance_3" and last.value.states_forfeiture
    assert last.value.forfeiture_date == date(2025, 5, 1)
    assert any("01/05/2025" in r and "forclos" in r for r in last.reasons)


def test_no_reminder_once_complete_or_after_the_deadline(rules):
    declared = date(2025, 1, 1)
    complete = reminders_due(rules, declared_on=declared, today=date(2025, 1, 20), missing=[], sent_steps=[])
    assert not complete and "complet" in complete.reasons[0]
    after = reminders_due(rules, declared_on=declared, today=declared + timedelta(days=91), missing=["a"],
                          sent_steps=[])
    assert not after and "dépassé" in after.reasons[0]


def test_reminders_follow_the_contract_documents_delay(rules):
    declared = date(2025, 1, 1)
    decision = reminders_due(rules, declared_on=declared, today=declared + timedelta(days=50), missing=["a"],
                             sent_steps=[], documents_days=45)
    assert not decision.allowed


# Reprise -----------------------------------------------------------------------------------

def test_reprise_request(rules):
    end = date(2025, 3, 31)
    ask = dict(status="ouvert", last_end=end, reprise=None)
    assert not reprise_request_due(rules, **ask, today=end)
    due = reprise_request_due(rules, **ask, today=end + timedelta(days=1))
    assert due.allowed and due.value == end and "31/03/2025" in due.reasons[0]
    assert not reprise_request_due(rules, **ask, today=date(2025, 4, 10), last_request=date(2025, 4, 1))
    assert reprise_request_due(rules, **ask, today=date(2025, 5, 1), last_request=date(2025, 4, 1))
    assert not reprise_request_due(rules, status="ouvert", last_end=end, reprise=date(2025, 4, 1), today=date(2025, 5, 1))
    assert not reprise_request_due(rules, status="clos", last_end=end, reprise=None, today=date(2025, 5, 1))
    assert not reprise_request_due(rules, status="rejete", last_end=end, reprise=None, today=date(2025, 5, 1))
    assert not reprise_request_due(rules, status="ouvert", last_end=None, reprise=None, today=date(2025, 5, 1))
