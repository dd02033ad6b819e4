"""choose_replies: the kind of reply each situation calls for, and silence where none may go."""

from __future__ import annotations

import pytest

from intake.domain import NO_REPLY_LABELS, NoReply
from intake.replies.choose import ReplyKind, answer_question, choose_replies, question_topics, silence_reason
from intake.rules import get_rules
from replies.helpers import AGENT, SENDER, claim, facts


@pytest.fixture(scope="module")
def rules():
    return get_rules()


def kinds(plans) -> list[str]:
    return [plan.kind for plan in plans]


def test_a_declaration_with_pieces_missing_is_acknowledged_with_the_list(rules) -> None:
    [plan] = choose_replies(facts(), rules)
    assert (plan.kind, plan.to, plan.claim_reference) == (ReplyKind.ACCUSE_RECEPTION, SENDER, "SIN-2025-00412")
    c = plan.context["claim"]
    assert c["agent"] == AGENT and c["category"] == "accident de service / du travail (CITIS)"
    assert c["missing"] == ["déclaration d'accident de service ou de trajet",
                            "enquête administrative ou rapport hiérarchique"]


@pytest.mark.parametrize(("changes", "expected"), [
    ({"prescrit": True, "hors_delai": True}, ReplyKind.PRESCRIT),
    ({"agent_identified": False, "non_couvert": True}, ReplyKind.AGENT_NON_IDENTIFIE),
    ({"non_couvert": True, "hors_delai": True}, ReplyKind.NON_COUVERT),
    ({"hors_delai": True}, ReplyKind.HORS_DELAI),
    ({"missing": (), "complete": True}, ReplyKind.ACCUSE_RECEPTION),
])
def test_the_gravest_fact_of_a_declaration_decides_the_reply(rules, changes, expected) -> None:
    [plan] = choose_replies(facts(claim(**changes)), rules)
    assert plan.kind == expected


def test_pieces_sent_later_get_dossier_complet_only_when_they_complete_it(rules) -> None:
    done = claim(missing=(), complete=True, newly_complete=True, received=("enquete_administrative",))
    pending = claim(missing=("enquete_administrative",), received=("declaration_accident",))
    assert kinds(choose_replies(facts(done, intent="documents"), rules)) == [ReplyKind.DOSSIER_COMPLET]
    assert kinds(choose_replies(facts(pending, intent="documents"), rules)) == [ReplyKind.PIECES_RECUES]


def test_one_reply_covers_every_claim_of_a_message_about_several_agents(rules) -> None:
    # Issue 17: two replies to one mail (one asking for a piece, one saying « complet ») contradicted each other.
    [plan] = choose_replies(facts(claim(), claim(reference="SIN-2025-00413", agent_identified=False)), rules)
    assert (plan.kind, plan.claim_reference) == (ReplyKind.PLUSIEURS_DOSSIERS, None)
    assert [(c["reference"], c["outcome"].split(" :")[0]) for c in plan.context["claims"]] == [
        ("SIN-2025-00412", "déclaration enregistrée"), ("SIN-2025-00413", "agent à identifier")]


def test_pieces_for_a_claim_we_do_not_have_are_said_back(rules) -> None:
    [plan] = choose_replies(facts(claim(reference=None), intent="documents",
                                  unmatched=({"agent": "BRUNET Virginie", "received": ["bulletin_salaire"]},)), rules)
    assert plan.kind == ReplyKind.DOSSIER_INCONNU
    assert plan.context["unmatched"] == [{"agent": "BRUNET Virginie", "received": ["bulletin de salaire"]}]


def test_a_declaration_nothing_could_be_drafted_from_goes_to_handlers(rules) -> None:
    plans = choose_replies(facts(claim(reference=None)), rules)
    assert kinds(plans) == [ReplyKind.TRANSMIS_GESTIONNAIRE] and plans[0].claim_reference is None


def test_an_unknown_sender_gets_one_reply_carrying_nothing_of_the_message(rules) -> None:
    [plan] = choose_replies(facts(sender_known=False, collectivite_name=None), rules)
    assert (plan.kind, plan.claim_reference, dict(plan.context)) == (ReplyKind.EXPEDITEUR_INCONNU, None, {})


@pytest.mark.parametrize("changes", [
    {"automatic": True},
    {"intent": "auto_reply"},
    {"sender": "MAILER-DAEMON@relais.mairie-saint-orens.fr"},
    {"sender": "postmaster@mairie-saint-orens.fr"},
    {"sender": "no-reply@portail-rh.fr"},
    {"sender": "ne-pas-repondre@cdg31.fr"},
    {"sender": "noreply+rh@cdg31.fr"},
    {"sender": ""},
    {"sender": "pas une adresse"},
    {"sender": "prestations+sin-2025-00001-abcdefghij@localhost"},  # our own mail coming back
    {"intent": "other"},
])
def test_nothing_is_ever_sent_to_robots_bounces_or_no_reply_senders(rules, changes) -> None:
    assert choose_replies(facts(**changes), rules, mailbox="prestations@localhost") == []


def test_silence_says_why(rules) -> None:
    assert silence_reason(facts(automatic=True)) == NoReply.AUTOMATIC
    assert silence_reason(facts(sender="no-reply@portail-rh.fr")) == NoReply.NO_REPLY_ADDRESS
    for copier in ("noreply-scan@mairie-x.fr", "scanner@mairie-x.fr", "copieur.accueil@mairie-x.fr", "scan-rdc@mairie-x.fr"):
        assert silence_reason(facts(sender=copier)) == NoReply.NO_REPLY_ADDRESS, copier  # an office copier reads nothing
    assert silence_reason(facts(sender="scandella.marie@mairie-x.fr")) is None  # a person whose name starts so
    assert "sans rapport" in NO_REPLY_LABELS[silence_reason(facts(intent="other"))]
    assert silence_reason(facts()) is None


def test_questions_are_answered_from_the_rules_or_passed_to_handlers(rules) -> None:
    ask = facts(intent="question", claims=(), question="Bonjour, quel est le délai pour déclarer un arrêt ?")
    [plan] = choose_replies(ask, rules)
    assert plan.kind == ReplyKind.REPONSE_QUESTION
    [answer] = plan.context["answers"]
    assert answer["declaration_days"] == rules.deadlines.declaration_days
    assert answer["reminder_days"] == [step.days for step in rules.deadlines.reminders]
    other = facts(intent="question", claims=(), question="Pouvez-vous me rappeler demain matin ?")
    assert kinds(choose_replies(other, rules)) == [ReplyKind.TRANSMIS_GESTIONNAIRE]


@pytest.mark.parametrize(("question", "topics"), [
    ("Quelles pièces faut-il fournir pour une maladie professionnelle ?", ["pieces"]),
    ("Quels justificatifs pour un congé de paternité, et sous quel délai ?", ["delais", "pieces"]),
    ("Comment est calculé le plafond du régime indemnitaire ?", ["plafonds"]),
    ("Jusqu'à quand peut-on déclarer ? Et les charges patronales ?", ["delais", "plafonds"]),
    ("Merci de me rappeler", []),
])
def test_question_topics(question, topics) -> None:
    assert question_topics(question) == topics


def test_pieces_for_the_category_asked_about(rules) -> None:
    [answer] = answer_question("Quelles pièces pour une maladie professionnelle ?", rules)
    assert answer["one_category"] and answer["categories"][0]["category"] == "maladie professionnelle"
    initial = answer["categories"][0]["natures"][0]
    assert initial["pieces"] == ["déclaration de maladie professionnelle",
                                 "certificat médical d'accident du travail ou de maladie professionnelle"]
    [every] = answer_question("Quelles pièces faut-il envoyer ?", rules)
    assert not every["one_category"] and len(every["categories"]) == len(rules.pieces)


def test_ceilings_computed_from_the_amounts_in_the_question(rules) -> None:
    [answer] = answer_question("Notre TBI est de 250 000 €, le régime indemnitaire de 30 000 € et les "
                               "charges patronales de 200 000 € : quels plafonds ?", rules)
    assert answer["computed"]["reasons"] == ["Plafond régime indemnitaire (RI) : 12 % du TBI.",
                                             "Plafond charges patronales (CP) : 60 % du TBI."]
    [general] = answer_question("Comment fonctionne le plafond RI ?", rules)
    assert general["computed"] is None and "8 %" in " ".join(general["example"]["reasons"])


def test_a_registered_address_failing_authentication_is_told_so_and_nothing_more(rules) -> None:
    [plan] = choose_replies(facts(sender_known=False, sender_unverified=True, collectivite_name=None), rules)
    assert (plan.kind, plan.claim_reference, dict(plan.context)) == (ReplyKind.EXPEDITEUR_NON_AUTHENTIFIE, None, {})
