"""A name written carelessly still singles out one agent only when nobody else is near: keystroke slips,
the NIR beside a misspelt name, homonyms told apart by their birth name."""

from datetime import date
from pathlib import Path

import pytest

from intake.identify.match import AGENT_THRESHOLD, Registry, match_agents
from intake.understand.mentions import PersonMention as P
from intake.understand.text import slips

COLLECTIVITES = """code,name,email_domains,contact_emails,affiliated
X1,Mairie de Valbonne-sur-Arve,valbonne-arve.fr,,true
"""
AGENTS = """collectivite_code,matricule,nir,last_name,birth_name,first_name,birth_date,regime,status
X1,M01,2770512345678,ARMANDIER,,Colette,1977-05-03,CNRACL,titulaire
X1,M02,1880712345671,ROUVIERE,,Armand,1988-07-14,CNRACL,titulaire
X1,M03,1790312345672,PERRODIN,,Firmin,1979-03-02,CNRACL,titulaire
X1,M04,1810412345673,PERRODON,,Firmin,1981-04-09,IRCANTEC,contractuel
X1,M05,2700112345674,FAYOLLE,VERDIER,Mireille,1970-01-22,CNRACL,titulaire
X1,M06,2840212345675,FAYOLLE,,Mireille,1984-02-11,CNRACL,titulaire
X1,M07,2910312345676,FAYOLLE,BONNAL,Mireille,1991-03-30,IRCANTEC,contractuel
X1,M08,1650612345677,ROUX,,Lucien,1965-06-05,CNRACL,titulaire
"""


@pytest.fixture(scope="module")
def reg(tmp_path_factory) -> Registry:
    d: Path = tmp_path_factory.mktemp("registry")
    (d / "collectivites.csv").write_text(COLLECTIVITES, encoding="utf-8")
    (d / "agents.csv").write_text(AGENTS, encoding="utf-8")
    return Registry.from_csv_dir(d)


def test_a_swap_of_two_neighbours_is_one_slip():
    assert slips("armandeir", "armandier") == 1
    assert slips("rovieer", "rouviere") == 2


@pytest.mark.parametrize("mention, matricule", [
    (P("ARMANDEIR", "Colette"), "M01"),  # two letters swapped
    (P("Colette", "ARAMNDIER", order_known=False), "M01"),
    (P("ROUVEIRE", "Armand", civility="M"), "M02"),
])
def test_a_swapped_pair_of_letters_with_the_first_name_resolves(reg, mention, matricule):
    m = match_agents(reg, "X1", [mention])
    assert m.matricule == matricule and m.confidence >= AGENT_THRESHOLD, m


@pytest.mark.parametrize("mention", [
    P("ROVIEER", "Armand"),  # two slips: as likely someone else
    P("ARMANDEIR", "Colin"),  # a slip, and a first name nobody near has
    P("ARMANDEIR", None),  # a misspelt surname alone
    P("SALBE", "Lucien"),  # a short name: one swap makes another common name
])
def test_careless_names_that_stay_unresolved(reg, mention):
    assert match_agents(reg, "X1", [mention]).matricule is None


def test_a_slip_near_another_agent_with_that_first_name_stays_open(reg):
    # One swap from PERRODIN, two letters from PERRODON: both Firmin, either may be meant.
    m = match_agents(reg, "X1", [P("PERRODNI", "Firmin")])
    assert m.matricule is None
    assert {c.matricule for c in m.candidates} >= {"M03", "M04"}


def test_a_birth_date_still_settles_a_slip_near_a_homonym(reg):
    m = match_agents(reg, "X1", [P("PERRODNI", "Firmin", birth_date=date(1979, 3, 2))])
    assert m.matricule == "M03"


def test_the_nir_of_an_agent_beside_their_misspelt_name(reg):
    assert match_agents(reg, "X1", [P("ROUVRE", "Armand"), P(nir="1880712345671")]).matricule == "M02"
    # Run together, as OCR reads the name boxes of a form.
    assert match_agents(reg, "X1", [P("ROUVIÈREArmand", None, nir="1880712345671")]).matricule == "M02"


@pytest.mark.parametrize("mention", [
    P("ROUVRE", "Lucien"),  # the first name is another's
    P("DUCHAMP", "Armand"),  # the last name is another's
    P("ROVRIE", "Armand"),  # three slips
])
def test_the_nir_of_an_agent_beside_someone_else_s_name(reg, mention):
    m = match_agents(reg, "X1", [mention, P(nir="1880712345671")])
    assert m.matricule is None and m.candidates[0].matricule == "M02"


def test_the_birth_name_tells_homonyms_apart(reg):
    assert match_agents(reg, "X1", [P("FAYOLLE", "Mireille", birth_name="VERDIER")]).matricule == "M05"
    assert match_agents(reg, "X1", [P("FAYOLLE", "Mireille", birth_name="BONNAL")]).matricule == "M07"
    # « épouse FAYOLLE », read with her birth name as the last name.
    assert match_agents(reg, "X1", [P("BONNAL", "Mireille", birth_name="FAYOLLE")]).matricule is None


def test_an_unknown_birth_name_separates_nobody(reg):
    m = match_agents(reg, "X1", [P("FAYOLLE", "Mireille", birth_name="TARDIEU")])
    assert m.matricule is None and {c.matricule for c in m.candidates} == {"M05", "M06", "M07"}
    assert match_agents(reg, "X1", [P("FAYOLLE", "Mireille")]).matricule is None


@pytest.mark.parametrize("text, last, civility", [
    ("Madame L. VERNAY reprendra le 2 juin.", "VERNAY", "F"),  # the initial after the civilité is no « M. »
    ("Mme M. Castagné est arrêtée.", "Castagné", "F"),
    ("M. J.-L. PORTAL est arrêté.", "PORTAL", "M"),
    ("M. PORTAL est arrêté.", "PORTAL", "M"),
])
def test_an_initial_after_the_civilite_leaves_the_civilite(text, last, civility):
    from intake.understand.names import find_people

    (p,) = find_people(text)
    assert (p.mention.last_name, p.mention.civility) == (last, civility)


def test_a_slip_groups_the_two_spellings_of_one_person():
    from intake.understand.names import same_person

    assert same_person(P("ARMANDIER", "Colette"), P("ARMANDEIR", "Colette"))
    assert not same_person(P("ARMANDIER", "Colette"), P("ARMANDEIR", "Sylvie"))


def test_a_keyless_nir_guessed_from_damaged_boxes_does_not_hide_the_named_agent(reg):
    # Nobody holds this NIR: read at low confidence without a key, it is a misreading of the boxes.
    guessed = P("ROUVIERE", "Armand", nir="1110133100017", confidence=0.42, source="photo.jpg, page 1")
    assert match_agents(reg, "X1", [guessed]).matricule == "M02"
    # Read clearly, or with its key, the same unknown NIR says the person is not the registered one.
    for sure in (P("ROUVIERE", "Armand", nir="1110133100017", confidence=0.9),
                 P("ROUVIERE", "Armand", nir="1110133100017", nir_has_key=True, confidence=0.42)):
        assert match_agents(reg, "X1", [sure]).matricule is None


def test_the_matricule_beside_the_name_tells_homonyms_apart(reg):
    from intake.understand.names import find_people

    (p,) = find_people("Veuillez trouver l'arrêt de FAYOLLE Mireille (matricule m06), du 2 au 9 juin.")
    assert p.mention.matricule == "M06"
    assert match_agents(reg, "X1", [p.mention]).matricule == "M06"
    # A matricule of someone else's file, or of nobody: the names decide, and here they cannot.
    for number in ("M02", "M99"):
        assert match_agents(reg, "X1", [P("FAYOLLE", "Mireille", matricule=number)]).matricule is None
    # Without a collectivité, a matricule is nobody's in particular.
    assert match_agents(reg, None, [P("FAYOLLE", "Mireille", matricule="M06")]).matricule is None
