"""Forms of other layouts attached to a mail: their facts reach the claim, with where they were read."""

from __future__ import annotations

import sys
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_formreader import _DEJAVU, Person, declaration_employer_first, labels_left_digit_boxes  # noqa: E402

from intake.identify.match import Registry  # noqa: E402
from intake.identify.message import understand_message  # noqa: E402
from intake.mail.read import read_message  # noqa: E402
from intake.understand.nir import normalise  # noqa: E402
from support import SAMPLES  # noqa: E402

pytestmark = pytest.mark.skipif(not _DEJAVU.exists(), reason="the test forms need a Unicode font")


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _agent(reg: Registry, coll: str):
    """An agent of the collectivité with a NIR, alone with their last name there."""
    pool = reg.agents_of(coll)
    lasts = [a.last_name.upper() for a in pool]
    return next(a for a in pool if a.nir and lasts.count(a.last_name.upper()) == 1 and normalise(a.nir))


def _mail(body: str, pdf: bytes, filename: str) -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "rh@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr", "Arrêt"
    m["Date"], m["Message-ID"] = "Mon, 13 Jan 2025 10:00:00 +0100", "<f1@example.org>"
    m.set_content(body)
    m.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return m


def test_a_prolongation_form_gives_its_initial_stop_as_the_date_de_survenance(reg):
    a = _agent(reg, "C48061")
    person = Person(a.last_name.upper(), a.first_name.title(), normalise(a.nir), a.birth_date or date(1980, 1, 1))
    pdf, _ = labels_left_digit_boxes(person, start=date(2025, 1, 6), end=date(2025, 1, 19), initial=date(2024, 12, 2))
    body = "Bonjour,\n\nVeuillez trouver ci-joint l'arrêt de travail de notre agent.\n\nCordialement,\nLe service RH\n"
    (c,) = understand_message(read_message(_mail(body, pdf, "arret.pdf").as_bytes()), reg).claims
    assert c.agent.matricule == a.matricule
    assert c.nature.value == "prolongation"
    assert (c.arret_start.value, c.arret_end.value) == (date(2025, 1, 6), date(2025, 1, 19))
    assert c.date_survenance.value == date(2024, 12, 2)
    assert c.date_survenance.source.startswith("formulaire")
    assert c.nir.value == normalise(a.nir) and "arret.pdf" in c.nir.source


def test_the_text_says_the_initial_stop_when_the_form_does_not(reg):
    a = _agent(reg, "C48061")
    body = (f"Bonjour,\n\nM. ou Mme {a.last_name.upper()} {a.first_name.title()} est prolongé(e) du 06/01/2025 au "
            "19/01/2025. L'arrêt initial a débuté le 2 décembre.\n\nCordialement\n")
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "rh@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr", "Prolongation"
    m["Date"], m["Message-ID"] = "Mon, 13 Jan 2025 10:00:00 +0100", "<f2@example.org>"
    m.set_content(body)
    (c,) = understand_message(read_message(m.as_bytes()), reg).claims
    assert c.nature.value == "prolongation"
    assert (c.arret_start.value, c.arret_end.value) == (date(2025, 1, 6), date(2025, 1, 19))
    assert c.date_survenance.value == date(2024, 12, 2)


def test_a_stop_begun_on_a_day_starts_the_claim(reg):
    a = _agent(reg, "C48061")
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "rh@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr", "Absence"
    m["Date"], m["Message-ID"] = "Mon, 2 Jun 2025 10:00:00 +0200", "<f3@example.org>"
    m.set_content(f"Bonjour,\n\n{a.first_name.title()} {a.last_name.upper()} est en arrêt maladie débuté le 21 mai 2025.\n")
    (c,) = understand_message(read_message(m.as_bytes()), reg).claims
    assert c.arret_start.value == date(2025, 5, 21) and c.date_survenance.value == date(2025, 5, 21)


def test_a_declaration_ticked_by_its_geometry_gives_the_category(reg):
    a = _agent(reg, "C48061")
    person = Person(a.last_name.upper(), a.first_name.title(), normalise(a.nir), a.birth_date or date(1980, 1, 1))
    pdf, _ = declaration_employer_first(person, accident=date(2025, 1, 8), trajet=True)
    body = f"Bonjour,\n\nCi-joint la déclaration concernant {a.first_name.title()} {a.last_name.upper()}.\n"
    (c,) = understand_message(read_message(_mail(body, pdf, "declaration.pdf").as_bytes()), reg).claims
    assert c.agent.matricule == a.matricule
    assert c.category.value == "accident_trajet"
    assert c.date_survenance.value == date(2025, 1, 8)


def test_two_forms_of_one_person_make_one_claim(reg):
    a = _agent(reg, "C48061")
    person = Person(a.last_name.upper(), a.first_name.title(), normalise(a.nir), a.birth_date or date(1980, 1, 1))
    declaration, _ = declaration_employer_first(person, accident=date(2025, 1, 8), trajet=False)
    arret, _ = labels_left_digit_boxes(person, start=date(2025, 1, 8), end=date(2025, 1, 19), initial=date(2025, 1, 8))
    m = _mail("Bonjour,\n\nCi-joint pour déclaration.\n", declaration, "declaration.pdf")
    m.add_attachment(arret, maintype="application", subtype="pdf", filename="arret.pdf")
    claims = understand_message(read_message(m.as_bytes()), reg).claims
    assert [c.agent.matricule for c in claims] == [a.matricule]
    assert {name for name, _kind in claims[0].documents} == {"declaration.pdf", "arret.pdf"}
