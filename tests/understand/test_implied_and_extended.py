"""Categories the words imply without naming them, prolongations told by their dates, agents writing about
their own stop: wordings made up here (a ride on a day off, a child born, « pr 5 j », « m'a arrêté »)."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import pytest
from test_forms import make_form

from intake.domain import Category as C
from intake.domain import Nature as N
from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.rules import load_rules
from intake.understand.categories import categorise
from intake.understand.dates import find_periods
from intake.understand.nature import nature_of
from support import ROOT, SAMPLES

WORDS = load_rules(ROOT / "rules").wording
HR = "rh@mairiefloractroisrivieres.fr"  # a domain of the sample registry (collectivité C48061)


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _agent(reg: Registry, last: str, first: str):
    (found,) = [a for a in reg.agents_of("C48061") if a.last_name == last and a.first_name == first]
    return found


def _understand(reg: Registry, body: str, *, sender: str = HR, subject: str = "Arrêt",
                pieces: tuple[tuple[str, bytes], ...] = ()):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "prestations@cdg-exemple.fr", subject
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<implied@example.org>"
    m.set_content(body)
    for name, data in pieces:
        m.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return understand_message(read_message(m.as_bytes()), reg)


# --- categories the circumstances imply --------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "M. Paul ROCHE s'est fracturé le poignet en tombant de cheval lors d'une balade ; arrêt de travail de 10 jours.",
    "Mme Aline VERT a chuté à vélo un samedi avec ses enfants, son médecin l'a arrêtée du 3 au 12 mars.",
    "Entorse de la cheville en famille pendant le week-end : Mme Léa NOIR est en arrêt jusqu'au 20/03.",
])
def test_an_injury_of_leisure_time_is_an_ordinary_illness(text):
    assert categorise(text, words=WORDS).category == C.MALADIE_ORDINAIRE


def test_an_injury_at_work_on_a_sunday_stays_an_accident_de_service():
    text = "M. Paul ROCHE a glissé à la cantine un dimanche pendant son service ; arrêt de travail du 3 au 9 mars."
    assert categorise(text, words=WORDS).category == C.ACCIDENT_SERVICE


@pytest.mark.parametrize("text, category", [
    ("Depuis la naissance de son fils, M. Hugo BRUN est en congé pour 25 jours à compter du 02/03.", C.PATERNITE),
    ("M. Hugo BRUN vient d'être papa : congé de 4 semaines à partir du 2 mars.", C.PATERNITE),
    ("Suite à la naissance de sa fille, Mme Julie BRUN est en congé à compter du 02/03.", C.MATERNITE),
])
def test_a_child_born_says_whose_leave_it_is(text, category):
    assert categorise(text, words=WORDS).category == category


def test_the_subjects_own_sex_outranks_a_civility_elsewhere_in_the_text():
    text = "Naissance de sa fille le 28/02 : BRUN HUGO sera en congé du 2 au 29 mars.\n> Mme Léa NOIR est en arrêt."
    assert categorise(text, words=WORDS, sex="M").category == C.PATERNITE
    assert categorise(text, words=WORDS, sex="F").category == C.MATERNITE
    assert categorise(text, words=WORDS).category == C.MATERNITE  # the civilities alone: the quoted « Mme »


def test_a_fathers_nir_makes_a_birth_his_leave_despite_a_quoted_madame(reg):
    a = _agent(reg, "LAMBERT", "JEROME")
    body = (f"Suite à la naissance de son fils le 28/02, {a.last_name} {a.first_name} ({a.nir}) sera en congé "
            "du 3 au 30 mars 2025.\n\nLe 20/02/2025, X a écrit :\n> Mme Inès BLANC est en arrêt du 17 au 21/02.\n")
    (c,) = _understand(reg, body, subject="RE: arrêt de Mme BLANC").claims
    assert c.agent.matricule == a.matricule and c.category.value == C.PATERNITE


def test_a_stop_told_by_its_prolongation_alone_is_an_ordinary_illness():
    text = "Mme Léa NOIR, initialement arrêtée du 02/01 au 20/01, prolongée jusqu'au 31/01."
    assert categorise(text, words=WORDS).category == C.MALADIE_ORDINAIRE


def test_a_child_born_without_saying_to_whom_names_no_leave():
    # « Madame, Monsieur, » greets; it names nobody
    text = "Madame, Monsieur,\nsuite à la naissance de son enfant, arrêt de travail du 2 au 9 mars."
    assert categorise(text, words=WORDS).category == C.MALADIE_ORDINAIRE


# --- nature -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, nature", [
    ("Nature de l'arrêt   Initial\nDébut de l'arrêt 03/03/2025", N.INITIAL),  # a form's label and its value
    ("arrêt prolongé ; l'arrêt initial du 4 février", N.PROLONGATION),
])
def test_arret_initial_as_a_form_value_is_no_prolongation(text, nature):
    assert nature_of(text, relapsing=WORDS.relapsing).nature == nature


def test_pr_is_pour_in_a_duration():
    (p,) = find_periods("en arrêt (maladie) à compter du 03/02/2025 pr 5 j.", date(2025, 2, 10))
    assert (p.start, p.end) == (date(2025, 2, 3), date(2025, 2, 7))


def test_a_stop_after_its_dated_initial_one_is_a_prolongation_whatever_the_box(reg):
    laurent = _agent(reg, "LAURENT", "PATRICK")
    form = make_form(form="10170", last="LAURENT", first="Patrick", nir13=laurent.nir or "1750312345678",
                     boxes={"initial"}, start="18/02/2025", end="28/02/2025")
    u = _understand(reg, "Bonjour,\nPremier arrêt du 05/02/2025 au 17/02/2025 pour M. LAURENT Patrick ; son "
                         "médecin l'arrête encore du 18/02/2025 au 28/02/2025.\n",
                    pieces=(("avis.pdf", form),))
    (c,) = u.claims
    assert c.nature.value == N.PROLONGATION
    assert (c.date_survenance.value, c.arret_start.value, c.arret_end.value) == \
        (date(2025, 2, 5), date(2025, 2, 18), date(2025, 2, 28))


def test_an_initial_stop_dated_after_the_stop_it_began_still_makes_it_a_prolongation(reg):
    # The initial stop told last, in brackets: the dates outweigh a box misread on a scan.
    laurent = _agent(reg, "LAURENT", "PATRICK")
    form = make_form(form="10170", last="LAURENT", first="Patrick", nir13=laurent.nir or "1750312345678",
                     boxes={"initial"}, start="03/03/2025", end="16/03/2025")
    u = _understand(reg, "Bonjour,\nM. LAURENT Patrick : arrêt du 03/03/2025 au 16/03/2025 (premier arrêt le "
                         "jeudi 20 février 2025).\n", pieces=(("avis.pdf", form),))
    (c,) = u.claims
    assert c.nature.value == N.PROLONGATION
    assert (c.date_survenance.value, c.arret_start.value, c.arret_end.value) == \
        (date(2025, 2, 20), date(2025, 3, 3), date(2025, 3, 16))


def test_an_open_stop_told_before_a_prolongation_is_the_claims_first_day(reg):
    u = _understand(reg, "Bonjour,\nM. LAURENT Patrick, arrêté depuis le 17 février, voit son arrêt prolongé "
                         "du 3 au 14 mars.\n")
    (c,) = u.claims
    assert c.nature.value == N.PROLONGATION
    assert (c.date_survenance.value, c.arret_start.value, c.arret_end.value) == \
        (date(2025, 2, 17), date(2025, 3, 3), date(2025, 3, 14))


def test_an_initial_stop_alone_stays_initial(reg):
    u = _understand(reg, "Bonjour,\nM. LAURENT Patrick est en arrêt maladie du 18/02/2025 au 28/02/2025.\n")
    (c,) = u.claims
    assert c.nature.value == N.INITIAL and c.date_survenance.value == date(2025, 2, 18)


def test_a_rechute_box_on_the_accident_day_is_read_as_initial(reg):
    laurent = _agent(reg, "LAURENT", "PATRICK")
    cert = make_form(form="11138", last="LAURENT", first="Patrick", nir13=laurent.nir or "1750312345678",
                     boxes={"rechute"}, start="24/02/2025", end="07/03/2025", accident="24/02/2025")
    u = _understand(reg, "Bonjour,\nNous vous déclarons l'accident de service de M. LAURENT Patrick survenu le "
                         "24/02/2025 (chute dans l'atelier). Certificat ci-joint.\n", pieces=(("certificat.pdf", cert),))
    (c,) = u.claims
    assert c.category.value == C.ACCIDENT_SERVICE and c.nature.value == N.INITIAL


# --- an agent writing about their own stop ------------------------------------------------------------------


@pytest.mark.parametrize("words", [
    "Mon docteur m'a arrêtée du 03/03/2025 au 07/03/2025.",
    "je suis en am du 03/03/2025 au 07/03/2025, l'arrêt suit par courrier.",
])
def test_an_agent_telling_their_own_stop_from_a_personal_address(reg, words):
    chazal = _agent(reg, "CHAZAL", "LAETITIA")
    u = _understand(reg, f"Bonjour,\nJe suis agent à la mairie de Florac Trois Rivières. {words}\nMerci\nLaetitia Chazal\n",
                    sender="Laetitia Chazal <laeti.chazal.48@gmail.com>")
    assert [c.agent.matricule for c in u.claims] == [chazal.matricule]
    assert (u.claims[0].arret_start.value, u.claims[0].arret_end.value) == (date(2025, 3, 3), date(2025, 3, 7))


def test_people_listed_first_without_dates_take_the_stop_told_with_their_name_later(reg):
    # A table whose cells came apart one a line (names, then the dates of nobody in particular), then the same
    # stops written out, one line each.
    ferreira, laurent = _agent(reg, "FERREIRA", "LAETITIA"), _agent(reg, "LAURENT", "PATRICK")
    u = _understand(reg, "Bonjour,\nLes absences de la quinzaine :\nNom\nMotif\nDébut\nFin\n"
                         "Mme FERREIRA Laetitia\nmaladie\n02/06/2025\n06/06/2025\nM. LAURENT Patrick\nmaladie\n"
                         "04/06/2025\n13/06/2025\n\nSoit :\n* Mme FERREIRA Laetitia, arrêt du 02/06/2025 au 06/06/2025\n"
                         "* M. LAURENT Patrick, arrêt (prolongation) du 04/06/2025 au 13/06/2025, arrêt initial du "
                         "20/05/2025\n")
    got = sorted((c.agent.matricule, c.nature.value, str(c.date_survenance.value), str(c.arret_start.value),
                  str(c.arret_end.value)) for c in u.claims)
    assert got == sorted([(ferreira.matricule, N.INITIAL, "2025-06-02", "2025-06-02", "2025-06-06"),
                          (laurent.matricule, N.PROLONGATION, "2025-05-20", "2025-06-04", "2025-06-13")])


def test_a_person_known_only_by_a_nir_takes_the_stop_of_their_own_line(reg):
    # Her name in the words is not read (an initial for a first name); her arrêt names her, and the NIR written
    # on her line ties that line to her.
    laurent = _agent(reg, "LAURENT", "PATRICK")
    form = make_form(form="10170", last="ZWILLER", first="Karine", nir13="2710448095017", boxes={"initial"},
                     start="26/02/2025", end="04/03/2025")
    u = _understand(reg, "Bonjour,\nM. LAURENT Patrick est en arrêt maladie du 03/03/2025 au 09/03/2025.\n"
                         "Mme K. ZWILLER (NIR 2 71 04 48 095 017) est en arrêt maladie du 26 février au 4 mars 2025.\n",
                    pieces=(("laurent.pdf", make_form(form="10170", last="LAURENT", first="Patrick",
                                                      nir13=laurent.nir or "1750312345678", boxes={"initial"},
                                                      start="03/03/2025", end="09/03/2025")),
                            ("zwiller.pdf", form)))
    got = sorted((c.agent.matricule or "-", str(c.arret_start.value), str(c.arret_end.value)) for c in u.claims)
    assert got == sorted([(laurent.matricule, "2025-03-03", "2025-03-09"), ("-", "2025-02-26", "2025-03-04")])
