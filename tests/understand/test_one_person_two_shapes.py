"""One person written in two shapes in one mail (the subject's « NOM Prénom », the body's « Prénom Nom » or
« Nom Prénom »), and a signature under an abbreviated closing formula: one claim, not a second person."""

from dataclasses import dataclass
from email.message import EmailMessage

import pytest

from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.understand.names import find_people, group_people, same_person, spot_agents
from support import SAMPLES


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _mail(subject: str, body: str) -> object:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "rh@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr", subject
    m["Date"], m["Message-ID"] = "Tue, 11 Mar 2025 09:30:00 +0100", "<shapes@example.org>"
    m.set_content(body)
    return read_message(m.as_bytes())


@pytest.mark.parametrize(("text", "last", "first"), [
    ("Ci-joint l'arrêt de M. Hugo Dos Santos, reçu ce matin.", "Dos Santos", "Hugo"),
    ("Mme Lucie Van Acker nous a remis son certificat.", "Van Acker", "Lucie"),
    ("L'arrêt de Mme Carla Di Stefano court jusqu'au 20 mars.", "Di Stefano", "Carla"),
])
def test_a_capitalised_particle_belongs_to_the_last_name(text, last, first) -> None:
    (p,) = find_people(text, source="corps")
    assert (p.mention.last_name, p.mention.first_name) == (last, first)


def test_the_particle_name_in_capitals_and_in_capitalised_words_is_one_person() -> None:
    subject = find_people("Arrêt de travail de M. DOS SANTOS", source="objet")
    body = find_people("Vous trouverez l'arrêt de M. Hugo Dos Santos.", source="corps")
    assert len(group_people(subject + body)) == 1


def test_two_capitalised_words_opening_a_sentence_may_be_either_order() -> None:
    (p,) = find_people("Ferrand Agathe s'est fracturé le poignet au sport.", source="corps")
    assert not p.mention.order_known
    (q,) = find_people("Arrêt - FERRAND Agathe", source="objet")
    assert same_person(p.mention, q.mention)
    assert len(group_people([p, q])) == 1


@dataclass
class _Known:
    last_name: str
    first_name: str
    birth_name: str | None = None


def test_a_comma_typed_for_the_civility_dot_still_announces_a_registry_name() -> None:
    (p,) = spot_agents("m, j, peyrat est en arret depuis lundi", [_Known("PEYRAT", "Julien")], source="corps")
    assert p.mention.last_name.lower() == "peyrat"
    assert p.mention.civility == "M"


@pytest.mark.parametrize("closing", ["Cdlt", "Bien cdlt,", "Cdt", "Slts"])
def test_the_name_under_an_abbreviated_closing_is_the_signature(reg, closing) -> None:
    body = ("Bonjour,\n\nVeuillez trouver l'arrêt de travail de M. Patrick LAURENT du 03/03/2025 au 14/03/2025.\n\n"
            f"{closing}\n\nD'AUBIGNAC Odile\nAGENT D'ACCUEIL\nMAIRIE DE FLORAC\n48400 FLORAC\n\n"
            "AVERTISSEMENT : ce courriel peut contenir des données de santé. Il est réservé au service destinataire.\n")
    u = understand_message(_mail("Arrêt", body), reg)
    assert [c.agent.matricule for c in u.claims] == ["000868"]


def test_the_same_agent_in_capitals_and_in_capitalised_words_makes_one_claim(reg) -> None:
    body = ("Bonjour,\n\nBlanc Ines s'est blessée au genou en faisant du vélo le week-end ; "
            "son médecin l'arrête du 05/03/2025 au 16/03/2025.\n\nCordialement,\nLe secrétariat\n")
    u = understand_message(_mail("Arrêt maladie - BLANC Ines", body), reg)
    assert [c.agent.matricule for c in u.claims] == ["000631"]
