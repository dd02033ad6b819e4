"""Mails that take back or correct an earlier one, and telegraphic lists of several agents.

A withdrawal (« ne tenez pas compte de notre envoi d'hier ») declares nothing; a declaration that only recalls
an earlier withdrawal still declares its stop. A correction restating the stop is read from its new words: the
date it denies (« et non le … », « …, pas le … ») and the older mail below it date nothing. In a dash list, each
line's abbreviations (« AM », « MO », « prolong. », « acc. service », « 1re constat. ») are that line's.

The mails and lines are written for these tests; none is a corpus mail.
"""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import pytest

from intake.domain import Intent
from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.rules import get_rules
from intake.understand.categories import categorise
from intake.understand.dates import Role, scan
from intake.understand.intent import cancelled_clauses
from intake.understand.nature import nature_of
from support import SAMPLES

TOWN = "rh@mairiefloractroisrivieres.fr"  # a domain of the sample registry (collectivité C48061)
US = "prestations@cdg-exemple.fr"
REF = date(2025, 3, 20)


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _mail(body: str, subject: str) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = f"Odile Brun <{TOWN}>", US, subject
    m["Date"], m["Message-ID"] = "Thu, 20 Mar 2025 10:00:00 +0100", "<withdrawn@example.org>"
    m.set_content(body)
    return m.as_bytes()


OWN_EARLIER = ("\n-------- Message d'origine --------\nDe : Odile Brun <" + TOWN + ">\nDate : 18/03/2025 16:40\n"
               "À : " + US + "\nObjet : arrêt FERREIRA\n\nBonjour,\nMme Laetitia FERREIRA est en arrêt maladie du "
               "10/03/2025 au 28/03/2025.\nCordialement\n")


@pytest.mark.parametrize("text", [
    "Bonjour, ne tenez pas compte de notre mail d'hier au sujet de M. Durand.",
    "L'arrêt de Mme Petit du 3 au 9 mars est annulé, elle a finalement travaillé.",
    "Le courriel de ce matin concernant Mme Roux est à ignorer (envoyé par erreur).",
])
def test_withdrawing_words(text):
    assert cancelled_clauses(text)


def test_replacement_after_the_withdrawal_is_new():
    text = "L'arrêt du 3 au 9 mars est annulé et remplacé par un arrêt du 5 au 21 mars."
    (a, b), = cancelled_clauses(text)
    assert "3 au 9" in text[a:b] and "5 au 21" not in text[a:b]


def test_no_withdrawal_in_a_plain_declaration():
    assert not cancelled_clauses("Veuillez trouver l'arrêt de M. Blanc du 2 au 16 mars, pas de reprise prévue.")


def test_withdrawal_makes_no_claim(reg):
    body = "Bonjour,\nMerci de ne pas tenir compte de mon envoi précédent pour Mme FERREIRA : il est parti par erreur.\n" \
           "Odile Brun\n" + OWN_EARLIER
    u = understand_message(read_message(_mail(body, "Annulation arrêt FERREIRA")), reg)
    assert u.intent.intent == Intent.OTHER and u.claims == []


def test_declaration_recalling_a_withdrawal_is_read(reg):
    body = "Bonjour,\nSuite à l'annulation de notre envoi de la semaine dernière, Mme Laetitia FERREIRA est en " \
           "arrêt maladie du 12/03/2025 au 26/03/2025.\nCordialement\nOdile Brun\n"
    u = understand_message(read_message(_mail(body, "arrêt FERREIRA")), reg)
    assert u.intent.intent == Intent.DECLARATION
    (c,) = u.claims
    assert (c.arret_start.value, c.arret_end.value) == (date(2025, 3, 12), date(2025, 3, 26))


def test_correction_outranks_the_own_mail_below(reg):
    body = "Bonjour,\nJe me suis trompée hier : l'arrêt maladie de Mme Laetitia FERREIRA va du 10/03/2025 au " \
           "21/03/2025 inclus (et non jusqu'au 28/03/2025).\nOdile Brun\n" + OWN_EARLIER
    u = understand_message(read_message(_mail(body, "Correction arrêt FERREIRA")), reg)
    (c,) = u.claims
    assert (c.arret_start.value, c.arret_end.value) == (date(2025, 3, 10), date(2025, 3, 21))


@pytest.mark.parametrize("text, start, end", [
    ("arrêt du 04/03/2025 au 11/03/2025 (et non au 14/03/2025)", date(2025, 3, 4), date(2025, 3, 11)),
    ("la fin de son congé maladie (début le 02/03/2025) est fixée au 19/03/2025, pas au 16/03/2025",
     date(2025, 3, 2), date(2025, 3, 19)),
])
def test_denied_date_dates_nothing(text, start, end):
    _, periods = scan(text, REF)
    assert [(p.start, p.end) for p in periods] == [(start, end)]


def test_telegraphic_roles():
    dates, _ = scan("- acc. service M. Roux le 14/03 en déchargeant un camion. Arrêt du 15/03 au 22/03.", REF)
    assert dates[0].role == Role.ACCIDENT and dates[0].value == date(2025, 3, 14)
    dates, _ = scan("MP Mme Vidal, 1re constat. médicale 03/02/2025, arrêt du 10/03 au 24/03.", REF)
    assert dates[0].role == Role.FIRST_FINDING


@pytest.mark.parametrize("line", [
    "- AM LEBRUN Paul du 03/03 au 07/03.",
    "- MO – ROCHE Anne – du 10/03 au 14/03.",
    "• prolong. AM ROCHE Anne 15/03 → 30/03 (AM initial du 10/03).",
])
def test_list_abbreviations_are_maladie_ordinaire(line):
    assert categorise(line, words=get_rules().wording).category == "maladie_ordinaire"


def test_acc_service_abbreviation():
    assert categorise("- acc. service M. Roux le 14/03", words=get_rules().wording).category == "accident_service"


@pytest.mark.parametrize("line", ["- prolong. AM ROCHE Anne du 15/03 au 30/03.", "AM ROCHE Anne du 15/03 au 30/03 (AM initial du 1/03)"])
def test_telegraphic_prolongation(line):
    assert nature_of(line, relapsing=get_rules().wording.relapsing).nature == "prolongation"


def test_same_surname_lines_stay_two_people():
    from intake.identify.match import AgentRecord
    from intake.understand.names import group_people, spot_agents
    pool = [AgentRecord("C9", "X1", None, "MARCHAND", None, "Lucie", None),
            AgentRecord("C9", "X2", None, "MARCHAND", None, "Olivier", None)]
    text = "- AM MARCHAND Lucie du 03/03 au 07/03.\n- prolong. AM MARCHAND Olivier du 10/03 au 21/03."
    groups = group_people(spot_agents(text, pool, source="corps"))
    assert sorted(g[0].mention.first_name for g in groups) == ["Lucie", "Olivier"]


def test_stop_said_in_the_negative_is_not_denied():
    _, periods = scan("Mme Roche ne travaillera pas du 03/03/2025 au 07/03/2025 (arrêt maladie).", REF)
    assert [(p.start, p.end) for p in periods] == [(date(2025, 3, 3), date(2025, 3, 7))]
