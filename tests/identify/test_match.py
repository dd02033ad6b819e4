"""Employer and agent identification: sender, names as written, homonyms, NIR, birth dates."""

from datetime import date
from pathlib import Path

import pytest

from intake.identify.match import AGENT_THRESHOLD, Registry, identify_employer, match_agents
from intake.understand.mentions import PersonMention as P
from intake.understand.nir import key_of

COLLECTIVITES = """code,name,email_domains,contact_emails,affiliated
C1,Mairie de Saint-Rémy-sur-Lot,mairie-srl.fr,,true
C2,Mairie d'Évreux-les-Bains,,mairie.evreux@orange.fr secretariat.evreux@laposte.net,true
S1,CCAS de Saint-Rémy-sur-Lot,,ccas.srl@laposte.net,true
E1,EHPAD Les Tilleuls – Montbrun,ehpad-tilleuls.fr,,false
"""
AGENTS = """collectivite_code,matricule,nir,last_name,birth_name,first_name,birth_date,regime,status
C1,A001,2 85 03 48 095 012,MARTIN,,Sophie,1985-03-02,CNRACL,titulaire
C1,A002,{nir_key},DE LA FONTAINE,,Jean-Baptiste,1979-07-16,CNRACL,titulaire
C1,A003,1900112345678,ROUSSEL,,Hugo,1990-01-05,IRCANTEC,contractuel
C1,A004,2901112345679,ROUSSEL,,Hugo,1990-11-20,CNRACL,titulaire
C1,A005,,D'AUBIGNE,,Agnès,1983-07-24,IRCANTEC,contractuel
C1,A006,2740234236862,LE GOFF,D'AUBIGNE,EMILIE,1974-02-21,CNRACL,titulaire
C1,A007,2831142012033,BERNARD,CHAMBON,Catherine,1983-11-07,IRCANTEC,titulaire
C1,A008,1650822147141,TROUILLAS,,Julien,1965-08-06,CNRACL,titulaire
C1,A009,2730713125029,TROUILLAS,,Marie-Pierre,1973-07-19,IRCANTEC,contractuel
C1,A010,,GIRARDIN,,Noémie,1992-04-09,IRCANTEC,contractuel
C2,B001,2850348095099,MARTIN,,Sophie,1985-03-10,CNRACL,titulaire
C2,B002,165082A147141,CORTESE,,Paolo,1965-08-06,CNRACL,titulaire
S1,S001,1980569192180,Ferrand,,Hervé,1998-05-21,CNRACL,titulaire
S1,S002,1690169246834,Ferrand,,Hervé,1969-01-22,CNRACL,titulaire
"""


@pytest.fixture(scope="module")
def reg(tmp_path_factory) -> Registry:
    d: Path = tmp_path_factory.mktemp("registry")
    (d / "collectivites.csv").write_text(COLLECTIVITES, encoding="utf-8")
    nir13 = "1790767179267"
    (d / "agents.csv").write_text("\ufeff" + AGENTS.format(nir_key=nir13 + key_of(nir13)), encoding="utf-8")
    return Registry.from_csv_dir(d)


def test_registry_reads_the_contract_formats(reg):
    assert len(reg.employers) == 4 and len(reg.agents) == 14
    a = {x.matricule: x for x in reg.agents}
    assert a["A001"].nir == "2850348095012"  # spaces removed
    assert a["A002"].nir == "1790767179267"  # key dropped
    assert a["A005"].nir is None and a["A005"].birth_date == date(1983, 7, 24)
    assert reg.employers[1].contact_emails == ("mairie.evreux@orange.fr", "secretariat.evreux@laposte.net")


def test_semicolon_separated_registry(tmp_path):
    (tmp_path / "collectivites.csv").write_text(COLLECTIVITES.replace(",", ";").replace("Mairie d'", "Mairie d'"))
    (tmp_path / "agents.csv").write_text("collectivite_code;matricule;nir;last_name;birth_name;first_name;birth_date;regime;status\nC1;Z1;;DUPONT;;Luc;;CNRACL;titulaire\n")
    r = Registry.from_csv_dir(tmp_path)
    assert r.agents[0].matricule == "Z1" and r.agents[0].birth_date is None


@pytest.mark.parametrize(
    "sender, text, code, source",
    [
        ("rh@mairie-srl.fr", "", "C1", "domain"),
        ("Paie@Mairie-SRL.fr", "", "C1", "domain"),
        ("rh@services.mairie-srl.fr", "", "C1", "domain"),
        ("secretariat.evreux@laposte.net", "", "C2", "contact"),
        ("ccas.srl@laposte.net", "Mairie de Saint-Rémy-sur-Lot", "S1", "contact"),
        ("someone@laposte.net", "Je vous écris pour la mairie d'Évreux-les-Bains.", "C2", "text"),
        ("someone@gmail.com", "secrétaire de mairie, Commune de Saint Remy sur Lot", "C1", "text"),
        ("someone@gmail.com", "pour l'EHPAD de Montbrun", "E1", "text"),
        ("someone@gmail.com", "CCAS de St Rémy", None, "none"),
        ("someone@gmail.com", "un agent de Saint-Rémy-sur-Lot", None, "none"),  # mairie or CCAS?
        ("newsletter@example.org", "Lettre RH n° 41", None, "none"),
        ("other@laposte.net", "", None, "none"),  # a shared domain is not an employer
    ],
)
def test_identify_employer(reg, sender, text, code, source):
    m = identify_employer(reg, sender, text)
    assert (m.code, m.source) == (code, source)


def test_ambiguous_commune_keeps_candidates(reg):
    m = identify_employer(reg, "x@gmail.com", "un agent de Saint-Rémy-sur-Lot")
    assert m.code is None and set(m.candidates) == {"C1", "S1"}


@pytest.mark.parametrize(
    "mention, matricule",
    [
        (P("MARTIN", "Sophie"), "A001"),
        (P("Martin", "Sophie", civility="F"), "A001"),
        (P("Sophie", "MARTIN", order_known=False), "A001"),  # order swapped
        (P("DE LA FONTAINE", "Jean-Baptiste"), "A002"),
        (P("de la Fontaine", "Jean Baptiste"), "A002"),  # hyphen as space
        (P("Delafontaine", "Jean-Baptiste"), "A002"),
        (P("FONTAINE", "Jean-Baptiste"), "A002"),  # particles dropped
        (P("D'AUBIGNE", "Agnes"), "A005"),  # missing accent
        (P("d’Aubigné", "Agnès"), "A005"),
        (P("DAUBIGNE", "Agnès"), "A005"),
        (P("LE GOFF", "Émilie"), "A006"),
        (P("D'AUBIGNE", "Emilie"), "A006"),  # her birth name
        (P("BERNARD", "Catherine", birth_name="CHAMBON"), "A007"),  # "née CHAMBON"
        (P("CHAMBON", "Catherine"), "A007"),
        (P("GIRADIN", "Noémie"), "A010"),  # one-letter typo in the last name
        (P("GIRARDIN", "Noemi"), "A010"),  # one-letter typo in the first name
        (P("TROUILLAS", "Julien"), "A008"),  # same family name, other first name
        (P("GIRARDIN", None, civility="F"), "A010"),  # surname only, unique
    ],
)
def test_name_variants_match(reg, mention, matricule):
    m = match_agents(reg, "C1", [mention])
    assert m.matricule == matricule, m
    assert m.confidence >= AGENT_THRESHOLD


@pytest.mark.parametrize(
    "coll, mention",
    [
        ("C1", P("ROUSSEL", "Hugo")),  # two agents, same first and last name
        ("S1", P("FERRAND", "Hervé")),
        ("C1", P("TROUILLAS", None)),  # surname shared by two agents
        ("C1", P("DUPUIS", "Léa")),  # not in the registry: a new hire
        ("C1", P("MARTIN", "Paul")),  # known surname, other first name
        ("C1", P("GIRARDIN", None, civility="M")),  # the only GIRARDIN is a woman (by NIR? unknown) -> see below
        (None, P("MARTIN", "Sophie")),  # two collectivités have one each
        ("C1", P("GIRADIN", "Noemi")),  # two approximations at once
        ("C1", P("TROUILLAS", "Julien", civility="F")),  # civilité says someone else
    ],
)
def test_unsafe_matches_give_none(reg, coll, mention):
    m = match_agents(reg, coll, [mention])
    if mention.last_name == "GIRARDIN" and mention.civility == "M":
        # A010 has no NIR: the civilité cannot contradict; a unique surname still matches.
        assert m.matricule == "A010"
        return
    assert m.matricule is None, m
    assert m.confidence < AGENT_THRESHOLD


def test_homonyms_keep_their_candidates(reg):
    m = match_agents(reg, "C1", [P("ROUSSEL", "Hugo")])
    assert {c.matricule for c in m.candidates} == {"A003", "A004"}
    assert "2 agents" in m.reason


def test_birth_date_disambiguates_homonyms(reg):
    m = match_agents(reg, "C1", [P("ROUSSEL", "Hugo", birth_date=date(1990, 11, 20))])
    assert m.matricule == "A004"
    m = match_agents(reg, "C1", [P("ROUSSEL", "Hugo", birth_date=date(1991, 1, 1))])
    assert m.matricule is None  # a birth date that fits neither


def test_nir_disambiguates_homonyms(reg):
    m = match_agents(reg, "S1", [P("FERRAND", "Hervé", nir="1690169246834")])
    assert (m.matricule, m.confidence) == ("S002", 1.0)


def test_nir_alone_and_corsica(reg):
    assert match_agents(reg, "C2", [P(nir="165082A147141")]).matricule == "B002"
    assert match_agents(reg, None, [P(nir="165082A147141")]).matricule == "B002"


def test_nir_of_someone_else_with_a_different_name_is_not_a_match(reg):
    m = match_agents(reg, "C1", [P("DUPUIS", "Léa", nir="2850348095012")])
    assert m.matricule is None and m.candidates[0].matricule == "A001"


def test_nir_of_another_collectivite_is_not_used(reg):
    m = match_agents(reg, "C1", [P("CORTESE", "Paolo", nir="165082A147141")])
    assert m.matricule is None


def test_unknown_nir_only_with_an_exact_unique_name(reg):
    # A010 has no NIR in the registry; the NIR's birth year/month agree with her birth date.
    ok = match_agents(reg, "C1", [P("GIRARDIN", "Noémie", nir="2920448095012")])
    assert ok.matricule == "A010" and ok.confidence < 1.0
    assert match_agents(reg, "C1", [P("GIRADIN", "Noémie", nir="2920448095012")]).matricule is None
    # Birth month in the NIR contradicts the registry.
    assert match_agents(reg, "C1", [P("GIRARDIN", "Noémie", nir="2920748095012")]).matricule is None
    # The registry knows MARTIN Sophie under another NIR: a homonym who is not her.
    assert match_agents(reg, "C1", [P("MARTIN", "Sophie", nir="2850348095077")]).matricule is None


def test_several_mentions_of_one_person_combine(reg):
    m = match_agents(reg, "C1", [P("ROUSSEL", None, source="body"), P("ROUSSEL", "Hugo", birth_date=date(1990, 1, 5))])
    assert m.matricule == "A003"


def test_shared_registry_homonyms_are_never_guessed():
    """In the sample registry, every (collectivité, last, first) shared by two agents gives None."""
    from support import SAMPLES

    reg = Registry.from_csv_dir(SAMPLES / "registry")
    seen: dict[tuple, list] = {}
    for a in reg.agents:
        seen.setdefault((a.collectivite, a.last_name.upper(), a.first_name.upper()), []).append(a)
    groups = [v for v in seen.values() if len(v) > 1]
    assert groups, "the sample registry is said to contain homonyms"
    for g in groups:
        a = g[0]
        assert match_agents(reg, a.collectivite, [P(a.last_name, a.first_name)]).matricule is None
    for a in reg.agents:
        if len(seen[(a.collectivite, a.last_name.upper(), a.first_name.upper())]) == 1:
            assert match_agents(reg, a.collectivite, [P(a.last_name, a.first_name)]).matricule == a.matricule


def test_a_surname_alone_does_not_outweigh_a_different_first_name(reg):
    # "GIRARDIN Paul" (not registered) also appears as a bare "GIRARDIN" spotted elsewhere.
    m = match_agents(reg, "C1", [P("GIRARDIN", "Paul"), P("GIRARDIN", None)])
    assert m.matricule is None


def test_a_corsican_nir_read_with_its_letter_as_a_digit_keeps_the_named_agent(reg):
    # « 2A » read « 24 » on a scan: the named agent's own NIR misread, not a NIR the registry does not know.
    misread = "1650824147141"  # B002's 165082A147141
    got = match_agents(reg, "C2", [P(last_name="CORTESE", first_name="Paolo"), P(nir=misread)])
    assert got.matricule == "B002"
    # A NIR differing anywhere else still sets the name's agent aside.
    got = match_agents(reg, "C2", [P(last_name="CORTESE", first_name="Paolo"), P(nir="1650824147142")])
    assert got.matricule is None
