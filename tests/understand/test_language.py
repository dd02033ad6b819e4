"""People, categories, natures and intents from the words people write."""

from datetime import date

import pytest

from intake.domain import Category as C
from intake.domain import Intent as I
from intake.domain import Nature as N
from intake.rules import load_rules
from intake.understand.categories import categorise
from intake.understand.intent import intent_of
from intake.understand.names import find_people, group_people
from intake.understand.nature import nature_of
from support import ROOT

WORDS = load_rules(ROOT / "rules").wording  # each category's words, as the service is given them


@pytest.mark.parametrize(
    "text, last, first, civ",
    [
        ("le congé de Mme Sophie LEBRETON (n° 2)", "LEBRETON", "Sophie", "F"),
        ("M. GARNIER Paul est en arrêt", "GARNIER", "Paul", "M"),
        ("Monsieur VIDAL Jean-Marc du 01/03", "VIDAL", "Jean-Marc", "M"),
        ("concernant M. Lacombe (n°", "Lacombe", None, "M"),
        ("victime BOUSQUET Lucien le 8 mai", "BOUSQUET", "Lucien", None),
        ("Mme D'ORNANO Chiara reprendra", "D'ORNANO", "Chiara", "F"),
        ("Mme Anne-Lise LE MEUR", "LE MEUR", "Anne-Lise", "F"),
        ("pour FRANÇOIS Brigitte du 05/01", "FRANÇOIS", "Brigitte", None),
    ],
)
def test_people_shapes(text, last, first, civ):
    (p,) = find_people(text)
    assert (p.mention.last_name, p.mention.first_name, p.mention.civility) == (last, first, civ)


def test_birth_name_and_birth_date():
    (p,) = find_people("Mme ROCHE née VALETTE Odile, née le 07/11/1983, est en arrêt")
    m = p.mention
    assert (m.last_name, m.birth_name, m.first_name, m.birth_date) == ("ROCHE", "VALETTE", "Odile", date(1983, 11, 7))


@pytest.mark.parametrize(("text", "matricule"), [
    ("- PACHOUD Émilie (mat. AB88044) : accident de service du 21/08/2025", "AB88044"),
    ("M. Luc PACHOUD, matr. 4521, est en arrêt", "4521"),
    ("M. Luc PACHOUD, matricule : AB-102, est en arrêt", "AB-102"),
    ("M. Luc PACHOUD est en arrêt. Mat. 4521", None),  # another sentence: not his
])
def test_the_matricule_written_beside_the_name(text, matricule):
    (p,) = find_people(text)
    assert p.mention.matricule == matricule


@pytest.mark.parametrize(("text", "born"), [
    ("M. Jérôme DASSIER (13/09/1970) est en arrêt du 17/05/2025 au 18/05/2025", date(1970, 9, 13)),
    ("DASSIER Jérôme ( 02.11.2001 ) : maladie ordinaire du 17/05/2025 au 18/05/2025", date(2001, 11, 2)),
    ("M. Jérôme DASSIER (17/05/2025) : maladie ordinaire", None),  # a day of these mails' years: no birth date
    ("M. Jérôme DASSIER (13/09/1970 au 20/09/1970)", None),  # not a date alone in its brackets
])
def test_a_whole_date_in_brackets_after_the_name_is_a_birth_date(text, born):
    (p,) = find_people(text)
    assert p.mention.birth_date == born


@pytest.mark.parametrize(
    "text",
    ["Madame, Monsieur,", "Monsieur le Maire,", "Dr Hélène MAURIN", "Témoin(s) : Mme Léa BERTIN",
     "Nous vous déclarons l'AT", "CCAS de MONTBRUN", "Veuillez trouver ci-joint"],
)
def test_not_people(text):
    assert find_people(text) == []


def test_mentions_of_one_person_are_grouped():
    text = "Mme Odile ROCHE est en arrêt. Mme ROCHE reprendra le 3 mars. M. TESSIER Marc aussi."
    groups = group_people(find_people(text))
    assert [[p.mention.last_name for p in g] for g in groups] == [["ROCHE", "ROCHE"], ["TESSIER"]]


@pytest.mark.parametrize(
    "text, category",
    [
        ("Nous vous déclarons l'AT dont a été victime M. X", C.ACCIDENT_SERVICE),
        ("accident du travail de M. X", C.ACCIDENT_SERVICE),
        ("accident de service", C.ACCIDENT_SERVICE),
        ("chute dans l'escalier de la mairie pendant son service, arrêt de 5 jours", C.ACCIDENT_SERVICE),
        ("s'est coupé avec une débroussailleuse ; arrêt de travail du 7 au 27 mai", C.ACCIDENT_SERVICE),
        ("accident survenu en venant au travail", C.ACCIDENT_TRAJET),
        ("renversée par une voiture sur le trajet, accident", C.ACCIDENT_TRAJET),
        ("accident de trajet", C.ACCIDENT_TRAJET),
        ("arrêt maladie de M. X", C.MALADIE_ORDINAIRE),
        ("congé de maladie ordinaire", C.MALADIE_ORDINAIRE),
        ("CMO du 3 au 5 mars", C.MALADIE_ORDINAIRE),
        ("placement en CLM", C.LONGUE_MALADIE),
        ("congé de longue maladie", C.LONGUE_MALADIE),
        ("CLD à compter du 1er mars", C.LONGUE_DUREE),
        ("congé de grave maladie", C.GRAVE_MALADIE),
        ("CGM", C.GRAVE_MALADIE),
        ("mi-temps thérapeutique", C.TEMPS_PARTIEL_THERAPEUTIQUE),
        ("reprise en TPT après son CLM", C.TEMPS_PARTIEL_THERAPEUTIQUE),
        ("temps partiel thérapeutique", C.TEMPS_PARTIEL_THERAPEUTIQUE),
        ("grossesse pathologique", C.MATERNITE),
        ("congé maternité", C.MATERNITE),
        ("congé de paternité et d'accueil de l'enfant", C.PATERNITE),
        ("décès de notre agent", C.DECES),
        ("maladie professionnelle (tendinite)", C.MALADIE_PROFESSIONNELLE),
        ("congé d'adoption", C.ADOPTION),
        ("arrêt de travail du 3 au 5 mars", C.MALADIE_ORDINAIRE),  # the handler's default
    ],
)
def test_categories(text, category):
    assert categorise(text, words=WORDS).category == category


def test_categories_from_forms_and_pieces():
    assert categorise("ci-joint", kinds=["certificat_at_mp"], words=WORDS).category == C.ACCIDENT_SERVICE
    assert categorise("certificat AT/MP ci-joint", kinds=["certificat_at_mp"], words=WORDS).category == C.ACCIDENT_SERVICE
    assert categorise("certificat AT/MP, maladie professionnelle", kinds=["certificat_at_mp"], words=WORDS).category == C.MALADIE_PROFESSIONNELLE
    assert categorise("ci-joint l'arrêt", kinds=["arret_travail"], pregnancy_box=True, words=WORDS).category == C.MATERNITE
    assert categorise("ci-joint", kinds=["arret_travail"], words=WORDS).category == C.MALADIE_ORDINAIRE
    assert categorise("AT MARTIN.pdf", kinds=[], words=WORDS).category is None  # "AT" alone: an arrêt as often as an accident
    assert categorise("Bonjour, merci", words=WORDS).category is None


@pytest.mark.parametrize(
    "text, boxes, category, nature",
    [
        ("Le certificat de prolongation suit", set(), None, N.PROLONGATION),
        ("son arrêt est prolongé du 10 au 24 janvier", set(), None, N.PROLONGATION),
        ("suite de l'arrêt du 3 mars", set(), None, N.PROLONGATION),
        ("certificat de rechute", set(), C.ACCIDENT_SERVICE, N.RECHUTE),
        ("rechute", set(), C.MALADIE_ORDINAIRE, N.INITIAL),  # no rechute outside accidents/MP
        ("ci-joint l'arrêt", set(), None, N.INITIAL),
        ("ci-joint l'arrêt initial", {"prolongation"}, None, N.PROLONGATION),  # the box wins
        ("x", {"initial"}, None, N.INITIAL),
    ],
)
def test_nature(text, boxes, category, nature):
    assert nature_of(text, relapsing=WORDS.relapsing, boxes=boxes, category=category).nature == nature


@pytest.mark.parametrize(
    "kwargs, intent",
    [
        (dict(text="Réponse automatique : absent", automatic=True), I.AUTO_REPLY),
        (dict(text="M. X est en arrêt du 3 au 5 mars", has_stop=True, has_person=True), I.DECLARATION),
        (dict(text="Nous vous informons du décès de M. X", has_person=True), I.DECLARATION),
        (dict(text="Veuillez trouver ci-joint l'enquête administrative pour l'accident de M. X du 01/03",
              has_person=True, attachment_kinds=("enquete_administrative",)), I.DOCUMENTS),
        (dict(text="Comment calculer le taux RI ?"), I.QUESTION),
        (dict(text="Où en est le dossier de M. X ?", has_person=True), I.QUESTION),
        (dict(text="Lettre RH n° 41 : actualités statutaires"), I.OTHER),
        (dict(text="Le taux a-t-il changé ?"), I.QUESTION),
        # Python's own email test messages (Lib/test/test_email/data/msg_01.txt): no question put to us
        (dict(text="Hi,\n\nDo you like this message?\n\n-Me"), I.OTHER),
    ],
)
def test_intent(kwargs, intent):
    assert intent_of(**kwargs).intent == intent


@pytest.mark.parametrize("text", ["Lucie Fabre s'est blessée au genou en rangeant l'atelier le 02/10/2026.",
                                  "Bonjour,\nMathis Roche s’est fait mal au dos ce matin au service des eaux."])
def test_a_name_opening_the_sentence_of_an_injury_is_a_person(text):
    (p,) = find_people(text)
    assert (p.mention.first_name, p.mention.last_name) in {("Lucie", "Fabre"), ("Mathis", "Roche")}
