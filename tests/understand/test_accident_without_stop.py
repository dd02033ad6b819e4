"""An accident told with the words that it made no stop (care only) is a declaration, whatever pieces come
with it; the same words in a question, or for a claim whose pieces were asked for, are not."""

from intake.domain import Intent
from intake.understand.intent import intent_of

_TOLD = ("Bonjour,\nM. Romain ESPÉRANDIEU a glissé sur une plaque de verglas devant l'atelier le 14/01/2025. "
         "Aucun arrêt de travail n'a été prescrit, seulement des soins.\nCordialement")


def test_an_accident_told_without_a_stop_and_sent_with_an_enquete_is_declared() -> None:
    got = intent_of(_TOLD, has_person=True, attachment_kinds=("enquete_administrative",), has_claim_words=True,
                    accident=True)
    assert got.intent == Intent.DECLARATION


def test_the_same_words_about_an_illness_stay_pieces() -> None:
    text = _TOLD.replace("a glissé sur une plaque de verglas devant l'atelier", "a consulté son médecin")
    got = intent_of(text, has_person=True, attachment_kinds=("bulletin_salaire",), has_claim_words=True)
    assert got.intent == Intent.DOCUMENTS


def test_asked_whether_an_accident_without_a_stop_must_be_declared_is_a_question() -> None:
    text = ("Bonjour,\nM. Romain ESPÉRANDIEU s'est coupé à la main le 14/01/2025. Faut-il vous déclarer un "
            "accident sans arrêt de travail ?\nMerci")
    got = intent_of(text, has_person=True, has_claim_words=True, accident=True)
    assert got.intent != Intent.DECLARATION or "sans arrêt" not in got.evidence[0]


def test_pieces_asked_for_an_accident_on_file_stay_pieces() -> None:
    got = intent_of(_TOLD, has_person=True, attachment_kinds=("enquete_administrative",), has_claim_words=True,
                    pieces_asked=True, accident=True)
    assert got.intent == Intent.DOCUMENTS
