"""Where a new stop fits: property-based over dates (month ends, leap years, adjacency, overlap)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.rules import Period, check_new_period

DAY = timedelta(days=1)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
lengths = st.integers(min_value=0, max_value=400)
gaps = st.integers(min_value=1, max_value=800)
NO_RECHUTE = ["maladie_ordinaire", "maternite", "temps_partiel_therapeutique"]
# CLM, CLD and CGM have no rechute, but a period after a return to work continues the same claim.
SAME_CLAIM_AFTER_REPRISE = ["longue_maladie", "longue_duree", "grave_maladie"]
RECHUTE = ["accident_service", "accident_trajet", "maladie_professionnelle"]
NO_PROLONGATION = ["paternite", "adoption", "deces"]
FAST = settings(max_examples=60, deadline=None)


@FAST
@given(start=dates, length=lengths, new_length=lengths,
       category=st.sampled_from(NO_RECHUTE + RECHUTE), claimed=st.sampled_from([None, "prolongation", "rechute"]))
def test_the_day_after_the_end_is_a_prolongation(rules, start, length, new_length, category, claimed):
    end = start + timedelta(days=length)
    decision = check_new_period(rules, category=category, periods=[(start, end)], start=end + DAY,
                                end=end + DAY + timedelta(days=new_length), nature=claimed)
    assert decision.allowed and decision.value == "prolongation"
    assert decision.details["new_claim"] is False and decision.rules_version == rules.version


@pytest.mark.parametrize(("end", "next_start"), [
    (date(2024, 2, 28), date(2024, 2, 29)),  # leap year
    (date(2024, 2, 29), date(2024, 3, 1)),
    (date(2023, 2, 28), date(2023, 3, 1)),  # common year
    (date(2025, 4, 30), date(2025, 5, 1)),
    (date(2025, 12, 31), date(2026, 1, 1)),
    (date(2100, 2, 28), date(2100, 3, 1)),  # 2100 is not a leap year
])
def test_month_and_year_ends(rules, end, next_start):
    periods = [(end - timedelta(days=10), end)]
    ok = check_new_period(rules, category="maladie_ordinaire", periods=periods, start=next_start, end=next_start)
    assert ok.value == "prolongation"
    late = check_new_period(rules, category="maladie_ordinaire", periods=periods, start=next_start + DAY,
                            end=next_start + DAY)
    assert late.value == "initial" and late.details["new_claim"]


@FAST
@given(start=dates, length=lengths, offset=st.integers(min_value=0, max_value=400), new_length=lengths,
       category=st.sampled_from(NO_RECHUTE + RECHUTE + NO_PROLONGATION))
def test_overlapping_periods_are_refused(rules, start, length, offset, new_length, category):
    end = start + timedelta(days=length)
    new_start = start + timedelta(days=min(offset, length))  # a day inside the existing period
    new_end = new_start + timedelta(days=new_length)
    decision = check_new_period(rules, category=category, periods=[(start, end)], start=new_start, end=new_end)
    assert not decision.allowed and decision.value is None
    assert ("chevauche" in decision.reasons[0]) or decision.details.get("duplicate")


@FAST
@given(start=dates, length=lengths, before=st.integers(min_value=1, max_value=60), new_length=lengths)
def test_a_period_starting_before_and_reaching_in_overlaps(rules, start, length, before, new_length):
    end = start + timedelta(days=length)
    new_start = start - timedelta(days=before)
    new_end = max(start, new_start + timedelta(days=new_length))
    decision = check_new_period(rules, category="accident_service", periods=[(start, end)], start=new_start,
                                end=new_end)
    assert not decision.allowed and "chevauche" in decision.reasons[0]


@FAST
@given(start=dates, length=lengths, gap=gaps, new_length=lengths, category=st.sampled_from(RECHUTE))
def test_after_a_return_to_work_an_accident_rechutes(rules, start, length, gap, new_length, category):
    end = start + timedelta(days=length)
    new_start = end + timedelta(days=gap + 1)
    decision = check_new_period(rules, category=category, periods=[(start, end)], start=new_start,
                                end=new_start + timedelta(days=new_length), reprise=end + DAY)
    assert decision.allowed and decision.value == "rechute" and not decision.details["new_claim"]


@FAST
@given(start=dates, length=lengths, gap=gaps, category=st.sampled_from(NO_RECHUTE + NO_PROLONGATION))
def test_after_a_gap_other_categories_open_a_new_claim(rules, start, length, gap, category):
    end = start + timedelta(days=length)
    new_start = end + timedelta(days=gap + 1)
    decision = check_new_period(rules, category=category, periods=[(start, end)], start=new_start, end=new_start,
                                nature="rechute")
    assert decision.allowed and decision.value == "initial" and decision.details["new_claim"]


@FAST
@given(start=dates, length=lengths, gap=gaps, category=st.sampled_from(SAME_CLAIM_AFTER_REPRISE))
def test_after_a_gap_a_clm_period_continues_the_same_claim(rules, start, length, gap, category):
    """Issue 18: a new CLM/CLD period after a return to work opened a new claim and lost the cumulated rights."""
    end = start + timedelta(days=length)
    new_start = end + timedelta(days=gap + 1)
    decision = check_new_period(rules, category=category, periods=[(start, end)], start=new_start, end=None)
    assert decision.allowed and decision.value == "initial" and not decision.details["new_claim"]
    assert "même sinistre" in decision.reasons[0]


def test_rechute_claimed_without_a_break_is_a_prolongation(rules):
    decision = check_new_period(rules, category="accident_service", periods=[(date(2025, 1, 1), date(2025, 1, 31))],
                                start=date(2025, 2, 1), end=date(2025, 2, 10), nature="rechute")
    assert decision.value == "prolongation" and "pas une rechute" in decision.reasons[0]


def test_rechute_before_the_reprise_is_refused(rules):
    decision = check_new_period(rules, category="accident_service", periods=[(date(2025, 1, 1), date(2025, 1, 31))],
                                start=date(2025, 2, 5), end=date(2025, 2, 10), reprise=date(2025, 2, 10))
    assert not decision.allowed and "10/02/2025" in decision.reasons[0]


def test_categories_without_prolongation_open_a_new_claim_even_when_adjacent(rules):
    decision = check_new_period(rules, category="paternite", periods=[(date(2025, 1, 1), date(2025, 1, 25))],
                                start=date(2025, 1, 26), end=date(2025, 1, 30))
    assert decision.value == "initial" and decision.details["new_claim"]


def test_first_period_is_initial(rules):
    decision = check_new_period(rules, category="maladie_ordinaire", periods=[], start=date(2025, 1, 1), end=None)
    assert decision.allowed and decision.value == "initial" and not decision.details["new_claim"]


def test_reversed_dates_refused(rules):
    decision = check_new_period(rules, category="maladie_ordinaire", periods=[], start=date(2025, 1, 2),
                                end=date(2025, 1, 1))
    assert not decision.allowed and "précède" in decision.reasons[0]


def test_duplicate_is_recognised(rules):
    period = Period(date(2025, 1, 1), date(2025, 1, 14), "initial")
    decision = check_new_period(rules, category="maladie_ordinaire", periods=[period], start=period.start,
                                end=period.end)
    assert not decision.allowed and decision.details["duplicate"] and "déjà enregistrée" in decision.reasons[0]


def test_period_older_than_the_latest_is_refused(rules):
    periods = [(date(2025, 3, 1), date(2025, 3, 10))]
    decision = check_new_period(rules, category="accident_service", periods=periods, start=date(2025, 1, 1),
                                end=date(2025, 1, 5))
    assert not decision.allowed and "antérieure" in decision.reasons[0]


def test_prolongation_is_measured_from_the_latest_period(rules):
    periods = [(date(2025, 1, 1), date(2025, 1, 10)), (date(2025, 1, 11), date(2025, 1, 20), "prolongation")]
    ok = check_new_period(rules, category="maladie_ordinaire", periods=periods, start=date(2025, 1, 21),
                          end=date(2025, 1, 31))
    assert ok.value == "prolongation" and "21/01/2025" in ok.reasons[0]


def test_unknown_end_of_the_latest_period(rules):
    decision = check_new_period(rules, category="maladie_ordinaire", periods=[(date(2025, 1, 1), None)],
                                start=date(2025, 1, 15), end=date(2025, 1, 20))
    assert decision.value == "prolongation" and "pas connue" in decision.reasons[0]
