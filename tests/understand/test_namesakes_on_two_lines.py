"""One mail, two lines with the same name and two different stops, the collectivité employing two agents of
that name: two claims when something on each line or on its piece says which namesake it is (a matricule on
the line, a form's birth date, a certificate's NIR), else one claim the handler sorts. Two NIRs of two
agents said for one person never pick one of them."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from intake.identify.match import Registry, match_agents
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.understand.mentions import PersonMention
from support import DEJAVU, prose_pdf, registry_of

needs_font = pytest.mark.skipif(not DEJAVU.exists(), reason="the test pieces need a Unicode font")

COLLECTIVITES = """code,name,email_domains,contact_emails,affiliated
W1,Mairie de Saint-Gély-des-Vignes,saint-gely-des-vignes.fr,,true
"""
AGENTS = """collectivite_code,matricule,nir,last_name,birth_name,first_name,birth_date,regime,status
W1,N-101,2840634172345,CABANIS,,Maëlle,1984-06-21,CNRACL,titulaire
W1,N-177,2010934172346,CABANIS,,Maëlle,2001-09-03,IRCANTEC,contractuel
W1,N-205,1760334172347,ROUQUET,,Damien,1976-03-30,CNRACL,titulaire
"""


@pytest.fixture(scope="module")
def reg(tmp_path_factory) -> Registry:
    return registry_of(tmp_path_factory.mktemp("registry"), COLLECTIVITES, AGENTS)


def _mail(body: str, pieces: list[tuple[str, bytes]]):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "rh@saint-gely-des-vignes.fr", "prestations@cdg-exemple.fr", "Arrêts"
    m["Date"], m["Message-ID"] = "Wed, 12 Mar 2025 10:20:00 +0100", "<namesakes@saint-gely-des-vignes.fr>"
    m.set_content(body)
    for name, data in pieces:
        m.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return read_message(m.as_bytes())


def _claims(u) -> list[tuple[str | None, str | None]]:
    return [(c.agent.matricule, c.arret_start.value.isoformat() if c.arret_start else None) for c in u.claims]


@needs_font
def test_a_matricule_on_one_line_and_a_birth_date_on_the_other_piece_split_the_namesakes(reg) -> None:
    form = prose_pdf(["AVIS D'ARRÊT DE TRAVAIL", "Nom d'usage : CABANIS        Prénom : Maëlle",
                      "Date de naissance : 03/09/2001", "Arrêt de travail à compter du : 06/03/2025",
                      "jusqu'au (inclus) : 15/03/2025"])
    body = ("Bonjour,\n\nCABANIS Maëlle (matricule N-101) est en arrêt maladie du 04/03/2025 au 11/03/2025.\n"
            "CABANIS Maëlle est arrêtée du 06/03/2025 au 15/03/2025, avis joint.\n\nCordialement,\nLe service RH\n")
    u = understand_message(_mail(body, [("avis_cabanis.pdf", form)]), reg)
    assert _claims(u) == [("N-101", "2025-03-04"), ("N-177", "2025-03-06")]
    assert [c.documents for c in u.claims] == [[], [("avis_cabanis.pdf", u.claims[1].documents[0][1])]]


@needs_font
def test_a_certificate_in_sentences_lends_its_nir_to_the_namesake_of_its_dates(reg) -> None:
    cert = prose_pdf(["Docteur Hugues TEMPIER - médecine générale", "CERTIFICAT D'ARRÊT DE TRAVAIL",
                      "Je soussigné certifie avoir examiné ce jour Mme Maëlle CABANIS, née le 03/09/2001, n° de sécurité "
                      "sociale 2 01 09 34 172 346, et lui prescris un arrêt de travail du 06/03/2025 au 15/03/2025 inclus.",
                      "Fait le 06/03/2025"])
    body = ("Bonjour,\n\nMme Maëlle CABANIS (2840634172345) est en arrêt du 04/03/2025 au 11/03/2025.\n"
            "Maëlle Cabanis est en arrêt maladie à compter du 06/03/2025.\n"
            "M. Damien ROUQUET est en arrêt du 05/03/2025 au 07/03/2025.\n\nCordialement,\nLe service RH\n")
    u = understand_message(_mail(body, [("certificat.pdf", cert)]), reg)
    assert _claims(u) == [("N-101", "2025-03-04"), ("N-177", "2025-03-06"), ("N-205", "2025-03-05")]


def test_nothing_on_the_lines_says_which_namesake_one_claim_no_agent(reg) -> None:
    body = ("Bonjour,\n\nCABANIS Maëlle est en arrêt maladie du 04/03/2025 au 11/03/2025.\n"
            "CABANIS Maëlle est arrêtée du 06/03/2025 au 15/03/2025.\n\nCordialement,\nLe service RH\n")
    u = understand_message(_mail(body, []), reg)
    assert [c.agent.matricule for c in u.claims] == [None]


def test_two_nirs_of_two_agents_for_one_person_name_neither(reg) -> None:
    mentions = [PersonMention(last_name="CABANIS", first_name="Maëlle", nir="2840634172345", nir_has_key=False),
                PersonMention(nir="2010934172346", nir_has_key=False, source="piece.pdf")]
    got = match_agents(reg, "W1", mentions)
    assert got.matricule is None
    assert sorted(c.matricule for c in got.candidates) == ["N-101", "N-177"]
