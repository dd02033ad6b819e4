"""Coverage by formula: the grid of domain.md for every formula and category, combinations, TPT."""

from __future__ import annotations

import pytest

from intake.domain import Category
from intake.rules import coverage

ALL = {c.value for c in Category}
CNRACL = ALL - {"grave_maladie"}
IRCANTEC = ALL - {"longue_maladie", "longue_duree", "deces"}
FAMILY = {"maternite", "paternite", "adoption"}
ACCIDENTS = {"accident_service", "accident_trajet", "maladie_professionnelle"}
ILLNESSES = {"maladie_ordinaire", "longue_maladie", "longue_duree", "grave_maladie"}
TPT = "temps_partiel_therapeutique"

# domain.md, "Contracts and what they cover" (TPT listed where an origin it follows is covered,
# checked separately below).
GRID = {
    1: ("CNRACL", CNRACL),
    2: ("CNRACL", CNRACL - {"maladie_ordinaire"}),
    3: ("CNRACL", CNRACL - {"maladie_ordinaire"} - FAMILY),
    4: ("CNRACL", CNRACL - FAMILY),
    5: ("CNRACL", ACCIDENTS | {"deces"}),
    6: ("CNRACL", {"maladie_ordinaire"}),
    7: ("CNRACL", {"longue_maladie", "longue_duree"}),
    8: ("CNRACL", ACCIDENTS),
    9: ("CNRACL", set()),
    10: ("CNRACL", FAMILY),
    11: ("CNRACL", {"deces"}),
    12: ("IRCANTEC", IRCANTEC),
    13: ("IRCANTEC", IRCANTEC - {"maladie_ordinaire"}),
}
CASES = [(n, cat) for n in GRID for cat in sorted(ALL - {TPT})]


@pytest.mark.parametrize(("formula", "category"), CASES, ids=[f"{n}-{c}" for n, c in CASES])
def test_grid(rules, formula, category):
    regime, covered = GRID[formula]
    decision = coverage(rules, regime=regime, formulas=[formula], category=category)
    assert decision.rules_version == rules.version and decision.reasons
    if category in covered:
        assert decision.allowed and decision.value == "complet" and not decision.flags
    elif formula == 9 and category in ACCIDENTS:
        assert decision.allowed and decision.value == "frais_medicaux" and not decision.flags
    else:
        assert not decision.allowed and decision.value is None and decision.flags == ("non_couvert",)


@pytest.mark.parametrize("formula", list(GRID))
@pytest.mark.parametrize("origin", sorted(ILLNESSES | ACCIDENTS))
def test_tpt_follows_its_origin(rules, formula, origin):
    regime, covered = GRID[formula]
    decision = coverage(rules, regime=regime, formulas=[formula], category=TPT, origin_category=origin)
    ok_regime = origin in (CNRACL if regime == "CNRACL" else IRCANTEC)
    expected_full = ok_regime and origin in covered
    assert (decision.value == "complet") == expected_full, decision.reasons
    assert any("suit" in r for r in decision.reasons)


def test_tpt_without_origin_is_covered_by_any_illness_or_accident_cover(rules):
    assert coverage(rules, regime="CNRACL", formulas=[6], category=TPT).allowed
    assert coverage(rules, regime="CNRACL", formulas=[8], category=TPT).allowed
    assert not coverage(rules, regime="CNRACL", formulas=[10, 11], category=TPT).allowed


def test_combined_formulas_cover_the_union(rules):
    for text in ("6 8 11", [6, 8, 11], "6,8,11"):
        for category in {"maladie_ordinaire", "deces"} | ACCIDENTS:
            assert coverage(rules, regime="CNRACL", formulas=text, category=category).value == "complet"
        assert not coverage(rules, regime="CNRACL", formulas=text, category="maternite").allowed


def test_formula_of_another_regime_is_ignored_with_a_reason(rules):
    decision = coverage(rules, regime="CNRACL", formulas=[12], category="maladie_ordinaire")
    assert not decision.allowed
    assert any("IRCANTEC" in r and "ignorée" in r for r in decision.reasons)


def test_unknown_or_no_formula(rules):
    decision = coverage(rules, regime="CNRACL", formulas="99", category="deces")
    assert not decision.allowed and any("99" in r for r in decision.reasons)
    decision = coverage(rules, regime="CNRACL", formulas="", category="deces")
    assert not decision.allowed and decision.flags == ("non_couvert",)


def test_reason_is_french_and_names_the_category(rules):
    decision = coverage(rules, regime="CNRACL", formulas=[2], category="maladie_ordinaire")
    assert decision.reasons[0] == "La catégorie maladie ordinaire (CMO) n'est pas couverte par le contrat (formule 2)."
