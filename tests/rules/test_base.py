"""Base de l'assurance: prerequisite, RI/CP ceilings (domain.md example), insured elements, premium."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.rules import base_ceilings, base_prerequisite, insured_base, insured_elements, load_rules, premium_estimate


def test_domain_example(rules):
    decision = base_ceilings(rules, tbi=90000, regime_indemnitaire=7200, charges_patronales=30000)
    assert decision.allowed and decision.value == {"regime_indemnitaire": 8, "charges_patronales": 33}
    assert decision.details["ranges"]["charges_patronales"] == {"min": 1, "max": 33}
    assert "Plafond régime indemnitaire (RI) : 8 % du TBI." in decision.reasons


def test_cp_never_above_sixty(rules):
    assert base_ceilings(rules, tbi=1000, charges_patronales=900).value == {"charges_patronales": 60}


def test_tbi_is_mandatory(rules):
    for tbi in (0, -1, None):
        decision = base_ceilings(rules, tbi=tbi)
        assert not decision.allowed and "TBI" in decision.reasons[0]


def test_below_one_percent_cannot_be_insured(rules):
    decision = base_ceilings(rules, tbi=100000, regime_indemnitaire=400)
    assert decision.value == {} and decision.details["not_insurable"] == ["regime_indemnitaire"]


def test_negative_and_unknown_elements(rules):
    assert not base_ceilings(rules, tbi=1000, nbi=-1).allowed
    with pytest.raises(ValueError):
        base_ceilings(rules, tbi=1000, prime_exceptionnelle=10)


@pytest.mark.parametrize(("rounding", "expected"), [("inferieur", 8), ("plus_proche", 9), ("superieur", 9)])
def test_rounding_is_a_rule(rules_copy, edit, rounding, expected):
    edit("base.yaml", "arrondi: plus_proche", f"arrondi: {rounding}")
    custom = load_rules(rules_copy)
    # 7 650 / 90 000 = 8.5 %
    assert base_ceilings(custom, tbi=90000, regime_indemnitaire=7650).value == {"regime_indemnitaire": expected}


@settings(max_examples=80, deadline=None)
@given(tbi=st.integers(min_value=1000, max_value=10_000_000), ri=st.integers(min_value=0, max_value=5_000_000))
def test_ceiling_is_the_rounded_ratio(rules, tbi, ri):
    decision = base_ceilings(rules, tbi=tbi, regime_indemnitaire=ri)
    exact = Decimal(ri) * 100 / Decimal(tbi)
    ceiling = decision.value.get("regime_indemnitaire")
    if ceiling is None:
        assert ri == 0 or exact < Decimal("0.5") or exact < 1
    elif exact > 25:
        assert ceiling == 25  # the portal's bound: RI at most 25 % of the TBI (issue 18)
    else:
        assert abs(Decimal(ceiling) - exact) <= Decimal("0.5")


def test_base_prerequisite(rules):
    assert base_prerequisite(rules, base_years=[2024, 2025], year=2025).allowed
    missing = base_prerequisite(rules, base_years=[2024], year=2025)
    assert not missing.allowed and "2025" in missing.reasons[0]


def test_insured_elements_and_premium(rules):
    base = {"tbi": 90000, "nbi": 0, "sft": 1200, "regime_indemnitaire": 8, "charges_patronales": 33}
    assert insured_elements(rules, base=base) == ["tbi", "sft", "regime_indemnitaire", "charges_patronales"]
    assert insured_base(rules, base=base) == Decimal(90000 + 1200 + 7200 + 29700)
    assert premium_estimate(rules, base=base, rate_percent="5.5") == Decimal("7045.50")
