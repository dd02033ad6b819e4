"""A declaration typed as « Label ........ : value » lines (a form copied into a mail), and spans or
abbreviations written in a hurry (« 4/06 → 18/06 », « AM », « prolong. »): read like a form's fields."""

from datetime import date

import pytest

from intake.understand.dates import Role, find_dates, find_periods
from intake.understand.intent import intent_of
from intake.understand.keyvalue import plain_fields
from intake.understand.nature import nature_of

REF = date(2025, 6, 20)


@pytest.mark.parametrize(
    "line, plain",
    [
        ("Date de reprise ........ : 16/06/2025", "Date de reprise          : 16/06/2025"),
        ("Premier jour ....... 02/06/2025", "Premier jour       : 02/06/2025"),
        ("- Fin prévue \u2026\u2026 27/06", "- Fin prévue  : 27/06"),
        ("Service ______ voirie", "Service      : voirie"),
    ],
)
def test_leaders_become_a_colon_and_the_length_is_kept(line, plain):
    assert plain_fields(line) == plain
    assert len(plain_fields(line)) == len(line)


@pytest.mark.parametrize(
    "text",
    [
        "Nous l'avons appelé le 03/06... sans réponse",  # a sentence trailing off, with a date in it
        "Bonjour... merci pour votre retour",
        "Adresse ..........",  # a label left empty
    ],
)
def test_sentences_and_empty_labels_are_left_alone(text):
    assert plain_fields(text) == text


def test_a_stop_typed_with_dotted_leaders_has_its_dates():
    text = plain_fields("Intéressée ....... : Lucie Ferrand\nMotif ............ : maladie ordinaire\n"
                        "Premier jour ..... : 02/06/2025\nDernier jour (inclus) : 13/06/2025\n")
    periods = [p for p in find_periods(text, REF) if p.how == "range"]
    assert [(p.start, p.end, p.about) for p in periods] == [(date(2025, 6, 2), date(2025, 6, 13), Role.STOP)]


def test_leaders_without_a_colon_still_make_a_labelled_stop():
    text = plain_fields("Date de début ........ 09/06/2025\nDate de fin ......... 18/06/2025")
    periods = [p for p in find_periods(text, REF) if p.how == "range"]
    assert [(p.start, p.end) for p in periods] == [(date(2025, 6, 9), date(2025, 6, 18))]


def test_a_nature_field_behind_leaders_is_read():
    text = plain_fields("Type d'arrêt ...... : arrêt initial\nDébut ....... : 02/06/2025")
    assert nature_of(text, relapsing=set()).nature == "initial"


def test_a_death_announced_as_fields_is_a_declaration():
    text = ("Merci d'enregistrer la déclaration ci-dessous.\nAgent : Paul Roux\nMotif : décès\n"
            "Date du décès : 11/06/2025\nLes pièces sont jointes.")
    got = intent_of(text, has_person=True, attachment_kinds=("acte_deces",))
    assert got.intent == "declaration"


@pytest.mark.parametrize("arrow", ["\u2192", "->", "=>", "\u21d2"])
def test_an_arrow_joins_a_span(arrow):
    periods = [p for p in find_periods(f"AM Léa Morin 04/06 {arrow} 18/06/2025.", REF) if p.how == "range"]
    assert [(p.start, p.end) for p in periods] == [(date(2025, 6, 4), date(2025, 6, 18))]


@pytest.mark.parametrize(
    "text, initial",
    [
        ("prolong. AM Léa Morin 04/06 → 18/06/2025 (AM initial du 2 mai 2025).", date(2025, 5, 2)),
        ("prolong. AT – Léo Petit – 04/06 → 18/06/2025 (1er arrêt le 20/05).", date(2025, 5, 20)),
    ],
)
def test_the_abbreviated_first_stop_is_the_initial_one(text, initial):
    assert [d.value for d in find_dates(text, REF) if d.role == Role.INITIAL_STOP] == [initial]


def test_an_abbreviated_first_finding_is_one():
    found = find_dates("MP Léo Petit, 1re constat. médicale 12/05/2025, arrêt du 02/06 au 13/06/2025.", REF)
    assert [d.value for d in found if d.role == Role.FIRST_FINDING] == [date(2025, 5, 12)]


def test_prolong_abbreviated_is_a_prolongation():
    assert nature_of("prolong. AM Léa Morin 04/06 → 18/06/2025", relapsing=set()).nature == "prolongation"


def test_an_abbreviated_accident_dates_the_accident():
    found = find_dates("- acc. service Léo Petit le 03/06 au dépôt (chute). Arrêt 04/06/2025-13/06/2025.", REF)
    assert [d.value for d in found if d.role == Role.ACCIDENT][0] == date(2025, 6, 3)
