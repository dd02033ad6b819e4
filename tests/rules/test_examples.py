"""The `exemples:` written in the rules files hold, and a wrong one is reported at its line."""

from __future__ import annotations

import pytest
from rules_helpers import RULES_DIR

from intake.rules import load_rules
from intake.rules.examples import run_example, run_examples

EXAMPLES = load_rules(RULES_DIR).examples


@pytest.mark.parametrize("located", EXAMPLES, ids=[f"{e.file.stem}:{e.line}" for e in EXAMPLES])
def test_example(rules, located):
    assert run_example(rules, located) is None


def test_every_file_with_decisions_has_examples():
    files = {e.file.name for e in EXAMPLES}
    assert {"pieces.yaml", "formules.yaml", "statuts.yaml", "periodes.yaml", "delais.yaml", "base.yaml"} <= files


def test_a_wrong_expectation_fails(rules_copy, edit):
    edit("delais.yaml", "    attendu: {autorise: oui, drapeaux: [hors_delai]}",
         "    attendu: {autorise: oui, drapeaux: []}")
    failures = run_examples(load_rules(rules_copy))
    assert len(failures) == 1 and "hors_delai" in failures[0] and "déclaré le 91e jour" in failures[0]


def test_unknown_fact_fails(rules_copy, edit):
    edit("periodes.yaml", "faits: {categorie: accident_service, periodes: [[2024-02-01, 2024-02-29]], debut: 2024-02-20",
         "faits: {categorie: accident_service, agent: X, periodes: [[2024-02-01, 2024-02-29]], debut: 2024-02-20")
    failures = run_examples(load_rules(rules_copy))
    assert len(failures) == 1 and "agent" in failures[0]
