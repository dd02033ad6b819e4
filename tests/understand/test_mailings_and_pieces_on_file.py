"""Newsletters declare nothing; pieces for a stop said to run « depuis » a day answer a request, not a new stop."""

from intake.domain import Intent
from intake.understand.intent import intent_of
from intake.understand.onfile import stop_on_file
from intake.understand.text import fold


def test_a_newsletter_about_leave_rules_is_other():
    text = ("BULLETIN RH DU TRIMESTRE\n\nÀ la une :\n- Le congé de grave maladie en questions\n"
            "- Accident de trajet : les bons réflexes\n\nPour vous désinscrire de cette lettre d'information, écrivez-nous.")
    guess = intent_of(text, has_person=True, has_claim_words=True)
    assert guess.intent == Intent.OTHER


def test_a_newsletter_with_a_date_is_still_other():
    text = "Newsletter n° 4 : à compter du 1er janvier, le formulaire d'arrêt change. Se désabonner"
    assert intent_of(text, has_stop=True, has_person=True, has_claim_words=True).intent == Intent.OTHER


def test_a_declaration_is_not_taken_for_a_mailing():
    text = "Bonjour, M. Paul Rey est en arrêt maladie du 02/06 au 09/06. Cordialement"
    assert intent_of(text, has_stop=True, has_person=True, has_claim_words=True).intent == Intent.DECLARATION


def test_a_stop_named_by_its_abbreviation_since_a_day_is_on_file_when_pieces_were_asked():
    for words in ("voici l'arrêté demandé pour M. Rey (CLM depuis le 3 mars)",
                  "pour finir son dossier, Mme Roux étant en TPT depuis le 12/04, voici la demande",
                  "pièces pour Mme Roux, en mi-temps thérapeutique depuis le 1er avril"):
        assert stop_on_file(fold(words), with_pieces=True, asked=True)
    # without pieces asked for, « depuis » alone may be news
    assert stop_on_file(fold("M. Rey est en TPT depuis le 3 mars"), with_pieces=True, asked=False) is None
