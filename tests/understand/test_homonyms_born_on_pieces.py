"""Two agents of one collectivité with the same names: the birth date boxed on the attached arrêt, too
damaged by OCR to be read alone, is confirmed against the registry's dates and tells them apart. Nothing is
decided when it fits neither or both."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from support import DEJAVU, prose_pdf, registry_of

needs_font = pytest.mark.skipif(not DEJAVU.exists(), reason="the test pieces need a Unicode font")

COLLECTIVITES = """code,name,email_domains,contact_emails,affiliated
V1,Mairie de Montferrier-le-Haut,montferrier-le-haut.fr,,true
"""
AGENTS = """collectivite_code,matricule,nir,last_name,birth_name,first_name,birth_date,regime,status
V1,H01,1720833123456,BARASCUD,,Thibault,1972-08-14,CNRACL,titulaire
V1,H02,1930133123457,BARASCUD,,Thibault,1993-01-25,IRCANTEC,contractuel
V1,H03,2881033123458,VIGUIER,,Odile,1988-10-02,CNRACL,titulaire
"""


@pytest.fixture(scope="module")
def reg(tmp_path_factory) -> Registry:
    return registry_of(tmp_path_factory.mktemp("registry"), COLLECTIVITES, AGENTS)


def _mail(pdf: bytes) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "paie@montferrier-le-haut.fr", "prestations@cdg-exemple.fr", "Arrêt maladie"
    m["Date"], m["Message-ID"] = "Tue, 04 Mar 2025 09:12:00 +0100", "<h1@montferrier-le-haut.fr>"
    m.set_content("Bonjour,\n\nM. Thibault BARASCUD est arrêté du 03/03/2025 au 14/03/2025, l'avis est joint.\n\n"
                  "Cordialement,\nService du personnel\n")
    m.add_attachment(pdf, maintype="application", subtype="pdf", filename="avis.pdf")
    return m.as_bytes()


def _boxed(day_month_year: str) -> str:
    """A birth date in boxes as OCR reads them: edges become 1, | or [, a 0 an o."""
    return "|" + "|1".join("o" if c == "0" else c for c in day_month_year) + "|"


def _form(born: str) -> bytes:
    return prose_pdf(["AVIS D'ARRÊT DE TRAVAIL", "Nom d'usage : BARASCUD Prénom : Thibault",
                      "N° d'immatriculation | 1 | [ | | |", f"Date de naissance {_boxed(born)}"])


@needs_font
@pytest.mark.parametrize("born, matricule", [("14081972", "H01"), ("25011993", "H02")])
def test_the_boxed_birth_date_picks_the_homonym(reg, born, matricule):
    (c,) = understand_message(read_message(_mail(_form(born))), reg).claims
    assert c.agent.matricule == matricule
    assert "date de naissance de la pièce" in c.agent.reason  # the form reader could not read it alone


@needs_font
def test_a_birth_date_of_neither_decides_nothing(reg):
    (c,) = understand_message(read_message(_mail(_form("02101988"))), reg).claims
    assert c.agent.matricule is None
    assert {x.matricule for x in c.agent.candidates} >= {"H01", "H02"}
