"""An employer named in a sentence by its type and proper name, as its own agents say it (a personal address,
a union representative): « l'EHPAD Les Glycines », « le SIVOS du Haut-Vallon », « la mairie de Saint-Jean »."""

from pathlib import Path

import pytest

from intake.identify.match import Registry, identify_employer

COLLECTIVITES = """code,name,email_domains,contact_emails,affiliated
E7,EHPAD public Les Glycines – Vernoux,ehpad-glycines.fr,,true
Y7,Syndicat intercommunal scolaire du Haut-Vallon,,sivos.hv@orange.fr,true
C7,Mairie de Saint-Jean (Guyane),,mairie.stjean@orange.fr,true
C8,Mairie de Montbrun,mairie-montbrun.fr,,true
"""


@pytest.fixture(scope="module")
def reg(tmp_path_factory) -> Registry:
    d: Path = tmp_path_factory.mktemp("registry")
    (d / "collectivites.csv").write_text(COLLECTIVITES, encoding="utf-8")
    (d / "agents.csv").write_text("collectivite_code,matricule,nir,last_name,birth_name,first_name,birth_date,regime,status\n",
                                  encoding="utf-8")
    return Registry.from_csv_dir(d)


@pytest.mark.parametrize("text, code", [
    ("Je suis aide-soignante à l'EHPAD Les Glycines depuis 2019.", "E7"),
    ("agent d'entretien au SIVOS du Haut-Vallon", "Y7"),
    ("Je suis employé par la mairie de Saint-Jean, service technique.", "C7"),
    ("Je travaille à la mairie de Vernoux.", None),  # the EHPAD's commune is not a mairie of the registry
])
def test_employer_named_by_type_and_proper_name(reg, text, code):
    assert identify_employer(reg, "quelqu.un@gmail.com", text).code == code
