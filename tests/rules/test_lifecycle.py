"""Every status change, allowed and refused, with its guard and reasons."""

from __future__ import annotations

from datetime import date

import pytest

from intake.rules import ClaimFacts, Period, transition

STATUSES = ["brouillon", "ouvert", "clos", "rejete"]
FROM = {
    "confirmer": {"brouillon"},
    "pieces_recues": {"brouillon", "ouvert", "clos"},
    "clore": {"brouillon", "ouvert", "clos"},  # a draft records the reprise and stays a draft
    "nouvelle_periode": {"brouillon", "ouvert", "clos"},
    "rejeter": {"brouillon"},
    "requalifier": {"brouillon", "ouvert", "clos"},
}
# Arguments that satisfy every guard of each action.
GOOD = {
    "confirmer": {},
    "pieces_recues": {},
    "clore": {"reprise": date(2025, 3, 20)},
    "nouvelle_periode": {"nature": "prolongation"},
    "rejeter": {"reason": "doublon du sinistre déjà déclaré"},
    "requalifier": {"category": "longue_maladie"},
}
MO_PERIOD = (Period(date(2025, 3, 1), date(2025, 3, 14), "initial"),)


def claim(status="brouillon", category="maladie_ordinaire", documents=("arret_travail",), **kw) -> ClaimFacts:
    kw.setdefault("periods", MO_PERIOD)
    return ClaimFacts(status=status, category=category, documents=frozenset(documents), **kw)


@pytest.mark.parametrize("action", list(FROM))
@pytest.mark.parametrize("status", STATUSES)
def test_action_allowed_only_from_its_statuses(rules, action, status):
    decision = transition(rules, claim_facts=claim(status, confirmed=True), action=action, **GOOD[action])
    assert decision.allowed == (status in FROM[action]), decision.reasons
    assert decision.rules_version == rules.version and decision.reasons
    if not decision.allowed:
        assert decision.value is None
        assert "impossible pour un sinistre au statut" in decision.reasons[0]


def test_unknown_action(rules):
    decision = transition(rules, claim_facts=claim(), action="supprimer")
    assert not decision.allowed and "inconnue" in decision.reasons[0]


# confirmer ---------------------------------------------------------------------------------

def test_confirm_complete_draft_opens_it(rules):
    decision = transition(rules, claim_facts=claim(), action="confirmer")
    assert decision.allowed and decision.value == "ouvert"
    assert "enregistrer_confirmation" in decision.details["effects"]


def test_confirm_incomplete_draft_keeps_it_draft_and_names_the_missing_pieces(rules):
    decision = transition(rules, claim_facts=claim(category="accident_service", documents=["declaration_accident"]),
                          action="confirmer")
    assert decision.allowed and decision.value == "brouillon"
    assert decision.details["missing_documents"] == ["certificat_at_mp", "enquete_administrative"]
    assert "enquête administrative" in decision.reasons[0]


def test_confirm_checks_the_pieces_of_every_period(rules):
    periods = MO_PERIOD + (Period(date(2025, 3, 15), date(2025, 3, 30), "prolongation"),)
    decision = transition(rules, claim_facts=claim(category="longue_maladie",
                                                   documents=["arret_travail", "arrete"], periods=periods),
                          action="confirmer")
    assert decision.value == "brouillon" and decision.details["missing_documents"] == ["avis_conseil_medical"]


def test_contract_extra_pieces_block_opening(rules_copy, edit):
    from intake.rules import load_rules

    edit("contrats.yaml", "contrats: {}", 'contrats:\n  "C-9":\n    pieces_supplementaires:\n'
                                          '      maladie_ordinaire:\n        initial: [bulletin_salaire]\n')
    custom = load_rules(rules_copy)
    decision = transition(custom, claim_facts=claim(contract_number="C-9"), action="confirmer")
    assert decision.value == "brouillon" and decision.details["missing_documents"] == ["bulletin_salaire"]


# pieces_recues -----------------------------------------------------------------------------

def test_last_piece_opens_a_confirmed_draft(rules):
    decision = transition(rules, claim_facts=claim(confirmed=True), action="pieces_recues")
    assert decision.value == "ouvert"


def test_pieces_do_not_open_an_unconfirmed_draft(rules):
    decision = transition(rules, claim_facts=claim(confirmed=False), action="pieces_recues")
    assert decision.allowed and decision.value == "brouillon"


def test_pieces_still_missing_keep_the_status(rules):
    decision = transition(rules, claim_facts=claim(documents=[], confirmed=True), action="pieces_recues")
    assert decision.value == "brouillon" and "avis d'arrêt de travail" in decision.reasons[0]
    for status in ("ouvert", "clos"):
        assert transition(rules, claim_facts=claim(status), action="pieces_recues").value == status


# clore -------------------------------------------------------------------------------------

def test_close_needs_a_reprise_date(rules):
    decision = transition(rules, claim_facts=claim("ouvert"), action="clore")
    assert not decision.allowed and "date de reprise" in decision.reasons[0]


def test_close_refuses_a_reprise_before_the_first_day(rules):
    decision = transition(rules, claim_facts=claim("ouvert"), action="clore", reprise=date(2025, 2, 28))
    assert not decision.allowed and "28/02/2025" in decision.reasons[0] and "01/03/2025" in decision.reasons[0]


def test_close_with_reprise(rules):
    decision = transition(rules, claim_facts=claim("ouvert"), action="clore", reprise=date(2025, 3, 15))
    assert decision.allowed and decision.value == "clos" and "15/03/2025" in decision.reasons[0]
    # The first day itself is accepted (a return the same day is not "before").
    assert transition(rules, claim_facts=claim("ouvert"), action="clore", reprise=date(2025, 3, 1)).allowed


def test_close_uses_the_reprise_already_on_file(rules):
    decision = transition(rules, claim_facts=claim("ouvert", reprise=date(2025, 3, 15)), action="clore")
    assert decision.value == "clos"


# nouvelle_periode --------------------------------------------------------------------------

@pytest.mark.parametrize("nature", ["prolongation", "rechute"])
def test_new_period_reopens_a_closed_claim(rules, nature):
    decision = transition(rules, claim_facts=claim("clos", category="accident_service",
                                                   documents=["declaration_accident", "certificat_at_mp",
                                                              "enquete_administrative"]),
                          action="nouvelle_periode", nature=nature)
    assert decision.allowed and decision.value == "ouvert" and nature in decision.reasons[0]


def test_new_period_refuses_an_initial(rules):
    decision = transition(rules, claim_facts=claim("ouvert"), action="nouvelle_periode", nature="initial")
    assert not decision.allowed and "nouveau sinistre" in decision.reasons[0]
    assert not transition(rules, claim_facts=claim("ouvert"), action="nouvelle_periode").allowed


def test_new_period_recomputes_pieces_with_its_nature(rules):
    decision = transition(rules, claim_facts=claim("ouvert", category="accident_trajet",
                                                   documents=["declaration_accident", "enquete_administrative",
                                                              "arret_travail"]),
                          action="nouvelle_periode", nature="rechute")
    # The rechute needs a certificat AT/MP; arret_travail does not satisfy it (unlike a prolongation).
    assert decision.details["missing_documents"] == ["certificat_at_mp"]
    assert decision.value == "ouvert"


def test_new_period_on_a_confirmed_complete_draft_opens_it(rules):
    decision = transition(rules, claim_facts=claim(confirmed=True), action="nouvelle_periode", nature="prolongation")
    assert decision.value == "ouvert"
    decision = transition(rules, claim_facts=claim(confirmed=False), action="nouvelle_periode", nature="prolongation")
    assert decision.value == "brouillon"


# rejeter -----------------------------------------------------------------------------------

@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reject_needs_a_reason(rules, reason):
    decision = transition(rules, claim_facts=claim(), action="rejeter", reason=reason)
    assert not decision.allowed and "motif" in decision.reasons[0]


def test_reject_with_reason(rules):
    decision = transition(rules, claim_facts=claim(), action="rejeter", reason="pas un sinistre")
    assert decision.value == "rejete" and "pas un sinistre" in decision.reasons[0]


# requalifier -------------------------------------------------------------------------------

def test_requalify_recomputes_pieces_and_keeps_history(rules):
    decision = transition(rules, claim_facts=claim("ouvert", regime="CNRACL"), action="requalifier",
                          category="longue_maladie")
    assert decision.allowed and decision.value == "brouillon"
    assert decision.details["category"] == "longue_maladie"
    assert decision.details["previous_category"] == "maladie_ordinaire"
    assert decision.details["missing_documents"] == ["arrete", "avis_conseil_medical"]
    assert {"conserver_historique", "recalculer_pieces"} <= set(decision.details["effects"])
    assert "congé de longue maladie (CLM)" in decision.reasons[0]


def test_requalify_complete_keeps_the_status(rules):
    for status in ("brouillon", "ouvert", "clos"):
        decision = transition(rules, claim_facts=claim(status, documents=["arret_travail", "avis_conseil_medical",
                                                                          "arrete"]),
                              action="requalifier", category="longue_duree")
        assert decision.value == status


@pytest.mark.parametrize(("category", "regime", "words"), [
    (None, None, "nécessaire"),
    ("grippe", None, "inconnue"),
    ("maladie_ordinaire", None, "déjà"),
    ("longue_maladie", "IRCANTEC", "régime IRCANTEC"),
    ("grave_maladie", "CNRACL", "régime CNRACL"),
])
def test_requalify_refusals(rules, category, regime, words):
    decision = transition(rules, claim_facts=claim("ouvert", regime=regime), action="requalifier", category=category)
    assert not decision.allowed and words in decision.reasons[0]


def test_decision_serialises(rules):
    data = transition(rules, claim_facts=claim(), action="confirmer").as_dict()
    assert data["value"] == "ouvert" and data["rules_version"] == rules.version


def test_a_condition_that_cannot_be_evaluated_names_its_line(rules_copy, edit):
    from rules_helpers import line_of

    from intake.rules import RulesError, load_rules

    path = edit("statuts.yaml", "      - si: debut is not None and reprise < debut\n",
                "      - si: reprise < debut\n")
    custom = load_rules(rules_copy)
    with pytest.raises(RulesError) as caught:
        # No reprise: the first guard refuses it; with one but no period, `reprise < debut` compares a date and None.
        transition(custom, claim_facts=claim("ouvert", periods=()), action="clore", reprise=date(2025, 1, 1))
    assert str(caught.value).startswith(f"{path}:{line_of(path, 'reprise < debut')}: condition")


def test_a_prolongation_without_its_own_arret_keeps_a_confirmed_draft_closed(rules):
    """Issue 18: one arrêt on file made a claim of an initial stop and a prolongation « complet »."""
    periods = (Period(date(2025, 1, 6), date(2025, 1, 31), "initial", date(2025, 1, 7), frozenset({"arret_travail"})),
               Period(date(2025, 2, 1), date(2025, 2, 28), "prolongation", date(2025, 2, 3), frozenset()))
    facts = claim(periods=periods, pieces_per_period=True)
    decision = transition(rules, claim_facts=facts, action="confirmer")
    assert decision.value == "brouillon" and decision.details["missing_documents"] == ["arret_travail"]
    both = (periods[0], Period(date(2025, 2, 1), date(2025, 2, 28), "prolongation", date(2025, 2, 3),
                               frozenset({"arret_travail"})))
    assert transition(rules, claim_facts=claim(periods=both, pieces_per_period=True), action="confirmer").value == "ouvert"
