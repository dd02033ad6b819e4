"""Mandatory and missing pieces: every row of domain.md's table, alternatives, contract extras."""

from __future__ import annotations

import itertools

import pytest

from intake.domain import Category, DocumentKind
from intake.rules import (
    category_label,
    claim_missing_documents,
    document_label,
    load_rules,
    mandatory_pieces,
    missing_documents,
)

# domain.md, "Mandatory pieces": category -> nature -> requirements ("a|b": either).
TABLE = {
    "maladie_ordinaire": {"initial": ["arret_travail"], "prolongation": ["arret_travail"]},
    **{cat: {"initial": ["arret_travail", "avis_conseil_medical", "arrete"],
             "prolongation": ["arret_travail", "avis_conseil_medical"]}
       for cat in ("longue_maladie", "longue_duree", "grave_maladie")},
    **{cat: {"initial": ["declaration_accident", "certificat_at_mp", "enquete_administrative"],
             "prolongation": ["certificat_at_mp|arret_travail"], "rechute": ["certificat_at_mp"]}
       for cat in ("accident_service", "accident_trajet")},
    "maladie_professionnelle": {"initial": ["declaration_maladie_professionnelle", "certificat_at_mp"],
                                "prolongation": ["certificat_at_mp|arret_travail"], "rechute": ["certificat_at_mp"]},
    "maternite": {"initial": ["certificat_grossesse"], "prolongation": ["arret_travail"]},
    "paternite": {"initial": ["acte_naissance", "demande_agent"]},
    "adoption": {"initial": ["justificatif_adoption", "demande_agent"]},
    "temps_partiel_therapeutique": {"initial": ["certificat_medical", "demande_agent"],
                                    "prolongation": ["certificat_medical"]},
    "deces": {"initial": ["acte_deces", "bulletin_salaire"]},
}
ROWS = [(cat, nature, reqs) for cat, by_nature in TABLE.items() for nature, reqs in by_nature.items()]
ALL_KINDS = [k.value for k in DocumentKind]


def test_table_names_every_category():
    assert set(TABLE) == {c.value for c in Category}


@pytest.mark.parametrize(("category", "nature", "requirements"), ROWS, ids=[f"{c}-{n}" for c, n, _ in ROWS])
def test_row_of_the_table(rules, category, nature, requirements):
    expected = [tuple(req.split("|")) for req in requirements]
    assert mandatory_pieces(rules, category=category, nature=nature) == expected
    # Nothing on file: each requirement is reported by its first kind.
    assert missing_documents(rules, category=category, nature=nature, have=[]) == sorted(r[0] for r in expected)
    # Everything else on file (all optional kinds): still every requirement missing.
    required = {kind for req in expected for kind in req}
    optional = [k for k in ALL_KINDS if k not in required]
    assert missing_documents(rules, category=category, nature=nature, have=optional) == sorted(r[0] for r in expected)
    # Any one alternative of each requirement completes the claim.
    for choice in itertools.product(*expected):
        assert missing_documents(rules, category=category, nature=nature, have=choice) == []
    # Removing one requirement's kinds reports exactly that requirement.
    for i, req in enumerate(expected):
        have = [alt[0] for j, alt in enumerate(expected) if j != i]
        assert missing_documents(rules, category=category, nature=nature, have=have) == [req[0]]


@pytest.mark.parametrize("category", list(TABLE))
def test_absent_nature_is_treated_as_initial(rules, category):
    initial = missing_documents(rules, category=category, nature="initial", have=[])
    assert missing_documents(rules, category=category, nature=None, have=[]) == initial
    for nature in ("prolongation", "rechute"):
        if nature not in TABLE[category]:
            assert missing_documents(rules, category=category, nature=nature, have=[]) == initial


def test_result_is_sorted_and_without_duplicates(rules):
    result = missing_documents(rules, category="accident_service", nature="initial", have=["temoignage"])
    assert result == ["certificat_at_mp", "declaration_accident", "enquete_administrative"]


def test_no_category_means_nothing_to_ask(rules):
    assert missing_documents(rules, category=None, nature="initial", have=[]) == []


def test_unknown_category_is_an_error(rules):
    with pytest.raises(ValueError, match="inconnue"):
        missing_documents(rules, category="grippe", nature="initial", have=[])


def test_claim_missing_documents_unites_its_natures(rules):
    missing = claim_missing_documents(rules, category="longue_maladie", natures=["initial", "prolongation"],
                                      have=["arret_travail"])
    assert missing == ["arrete", "avis_conseil_medical"]
    assert claim_missing_documents(rules, category="accident_trajet", natures=["rechute"], have=[]) == ["certificat_at_mp"]
    assert claim_missing_documents(rules, category="maladie_ordinaire", natures=[], have=[]) == ["arret_travail"]


def test_contract_extra_pieces(rules_copy, edit):
    edit("contrats.yaml", "contrats: {}", '''contrats:
  "2030-CNR-TEST":
    delai_declaration: 120
    pieces_supplementaires:
      maladie_ordinaire:
        initial: [bulletin_salaire, certificat_medical|arrete]
''')
    custom = load_rules(rules_copy)
    assert missing_documents(custom, category="maladie_ordinaire", nature="initial", have=["arret_travail"],
                             contract_number="2030-CNR-TEST") == ["bulletin_salaire", "certificat_medical"]
    assert missing_documents(custom, category="maladie_ordinaire", nature="initial",
                             have=["arret_travail", "bulletin_salaire", "arrete"], contract_number="2030-CNR-TEST") == []
    # Other contracts, and other natures of this one, keep the default table.
    assert missing_documents(custom, category="maladie_ordinaire", nature="initial", have=["arret_travail"],
                             contract_number="AUTRE") == []
    assert missing_documents(custom, category="maladie_ordinaire", nature="prolongation", have=["arret_travail"],
                             contract_number="2030-CNR-TEST") == []


def test_french_labels(rules):
    assert document_label(rules, "arret_travail") == "avis d'arrêt de travail"
    assert category_label(rules, "longue_maladie") == "congé de longue maladie (CLM)"
    for kind in DocumentKind:
        assert document_label(rules, kind.value)
    with pytest.raises(ValueError):
        document_label(rules, "inconnu")
