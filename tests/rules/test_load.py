"""Loading rules folders: the project's own, and broken ones that must say FILE:LINE in French."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_helpers import RULES_DIR, line_of

from intake.domain import Category, ClaimStatus, DocumentKind
from intake.rules import RulesError, get_rules, load_rules
from intake.rules.check import check
from intake.rules.schema import FILES


def test_every_file_of_the_project_loads(rules):
    assert sorted(p.name for p in rules.files) == sorted(FILES)
    assert sorted(p.name for p in RULES_DIR.glob("*.yaml")) == sorted(FILES)
    assert set(rules.categories) == {c.value for c in Category}
    assert set(rules.documents) == {k.value for k in DocumentKind}
    assert set(rules.statuses) == {s.value for s in ClaimStatus}
    assert len(rules.version) == 12


def test_version_is_the_hash_of_the_content(rules, edit, rules_copy):
    assert load_rules(rules_copy).version == rules.version
    edit("documents.yaml", "libelle: acte de décès", "libelle: acte de décès (copie)")
    assert load_rules(rules_copy).version != rules.version


def test_get_rules_reads_settings_rules_dir(rules):
    assert get_rules().version == rules.version


def test_check_reports_success_with_version(rules):
    ok, message = check(RULES_DIR)
    assert ok, message
    assert rules.version in message and "\n" not in message


def _error(directory: Path) -> RulesError:
    with pytest.raises(RulesError) as caught:
        load_rules(directory)
    text = str(caught.value)
    assert "\n" not in text
    return caught.value


def _assert_at(err: RulesError, path: Path, line: int, *words: str) -> None:
    assert str(err).startswith(f"{path}:{line}: "), str(err)
    for word in words:
        assert word in err.message, err.message


def test_yaml_syntax_error_gives_its_line(rules_copy, edit):
    path = edit("pieces.yaml", "    prolongation: [arret_travail]\n  longue_maladie:",
                "    prolongation: [arret_travail\n  longue_maladie:")
    err = _error(rules_copy)
    assert err.file == path and "syntaxe YAML" in err.message
    assert err.line in (line_of(path, "prolongation: [arret_travail"), line_of(path, "longue_maladie:"))


def test_unknown_document_kind_in_pieces(rules_copy, edit):
    path = edit("pieces.yaml", "    initial: [certificat_grossesse]", "    initial: [certificat_grosesse]")
    _assert_at(_error(rules_copy), path, line_of(path, "certificat_grosesse"), "certificat_grosesse", "inconnu")


def test_unknown_alternative_after_a_bar(rules_copy, edit):
    path = edit("pieces.yaml", "  maladie_professionnelle:\n    initial: [declaration_maladie_professionnelle, certificat_at_mp]\n    prolongation: [certificat_at_mp|arret_travail]",
                "  maladie_professionnelle:\n    initial: [declaration_maladie_professionnelle, certificat_at_mp]\n    prolongation: [certificat_at_mp|arret_travial]")
    _assert_at(_error(rules_copy), path, line_of(path, "arret_travial"), "arret_travial")


def test_rechute_for_a_category_without_rechute(rules_copy, edit):
    path = edit("pieces.yaml", "  maternite:\n    initial: [certificat_grossesse]\n",
                "  maternite:\n    initial: [certificat_grossesse]\n    rechute: [arret_travail]\n")
    err = _error(rules_copy)
    assert err.line == line_of(path, "rechute: [arret_travail]"), str(err)
    assert "n'admet pas" in err.message


def test_unknown_field_is_located(rules_copy, edit):
    path = edit("categories.yaml", "    libelle: adoption\n", "    libelle: adoption\n    rechutte: non\n")
    _assert_at(_error(rules_copy), path, line_of(path, "rechutte"), "champ inconnu", "rechutte")


def test_bad_boolean_is_located(rules_copy, edit):
    path = edit("categories.yaml", "    libelle: accident de trajet\n    regimes: [CNRACL, IRCANTEC]\n    rechute: oui",
                "    libelle: accident de trajet\n    regimes: [CNRACL, IRCANTEC]\n    rechute: peut-être")
    _assert_at(_error(rules_copy), path, line_of(path, "peut-être"), "oui ou non")


def test_bad_regime_is_located(rules_copy, edit):
    path = edit("formules.yaml", "  13:\n    regime: IRCANTEC", "  13:\n    regime: IRCANTECC")
    _assert_at(_error(rules_copy), path, line_of(path, "IRCANTECC"), "IRCANTECC", "non permise")


def test_negative_delay_is_located(rules_copy, edit):
    path = edit("delais.yaml", "delai_pieces: 90", "delai_pieces: -5")
    _assert_at(_error(rules_copy), path, line_of(path, "delai_pieces: -5"), "trop petit")


def test_missing_field_points_at_its_block(rules_copy, edit):
    path = edit("statuts.yaml", "  rejeter:\n    libelle: rejeter\n", "  rejeter:\n")
    _assert_at(_error(rules_copy), path, line_of(path, "  rejeter:"), "libelle", "absent")


def test_duplicate_key_is_refused(rules_copy, edit):
    path = edit("documents.yaml", "  facture:\n", "  temoignage:\n    libelle: double\n  facture:\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [i for i, line in enumerate(lines, 1) if line == "  temoignage:"][1]
    _assert_at(_error(rules_copy), path, second, "en double", "temoignage")


def test_bad_condition_is_located(rules_copy, edit):
    path = edit("statuts.yaml", "        si: statut == 'clos'\n", "        si: statut == 'clos' and __import__('os')\n")
    _assert_at(_error(rules_copy), path, line_of(path, "__import__"), "condition")


def test_unknown_fact_in_condition(rules_copy, edit):
    path = edit("statuts.yaml", "      - si: not motif\n", "      - si: not motiv\n")
    _assert_at(_error(rules_copy), path, line_of(path, "not motiv"), "motiv", "inconnu")


def test_unknown_field_in_a_message(rules_copy, edit):
    path = edit("periodes.yaml", "c'est une rechute.\"", "c'est une rechute {date}.\"")
    _assert_at(_error(rules_copy), path, line_of(path, "rechute {date}"), "{date}")


def test_attribute_access_in_a_message_is_refused(rules_copy, edit):
    path = edit("delais.yaml", "(limite : {limite_declaration}).\"\n  hors_delai",
                "(limite : {limite_declaration.__class__}).\"\n  hors_delai")
    _assert_at(_error(rules_copy), path, line_of(path, "__class__"), "inconnu")


def test_missing_message_is_reported(rules_copy, edit):
    path = edit("formules.yaml", "  aucune_formule: \"Aucune formule de garantie n'est connue pour ce contrat.\"\n", "")
    _assert_at(_error(rules_copy), path, line_of(path, "messages:"), "aucune_formule", "absent")


def test_reminder_after_the_pieces_deadline(rules_copy, edit):
    path = edit("delais.yaml", "    jours: 75", "    jours: 95")
    _assert_at(_error(rules_copy), path, line_of(path, "jours: 95"), "délai des pièces")


def test_last_outcome_must_be_unconditional(rules_copy, edit):
    path = edit("statuts.yaml", "      - vers: rejete\n", "      - vers: rejete\n        si: confirme\n")
    _assert_at(_error(rules_copy), path, line_of(path, "      - vers: rejete"), "sans condition")


def test_unknown_category_in_a_contract_override(rules_copy, edit):
    path = edit("contrats.yaml", "contrats: {}", 'contrats:\n  "X-1":\n    pieces_supplementaires:\n      maladie_ordinaria:\n        initial: [bulletin_salaire]')
    _assert_at(_error(rules_copy), path, line_of(path, "maladie_ordinaria"), "maladie_ordinaria")


def test_missing_category_in_categories(rules_copy, edit):
    path = edit("categories.yaml", "  deces:\n    libelle: décès (capital décès)\n    regimes: [CNRACL]\n    prolongation: non\n    rechute: non\n", "")
    _assert_at(_error(rules_copy), path, line_of(path, "categories:"), "deces")


def test_unknown_and_missing_files(rules_copy):
    extra = rules_copy / "categorie.yaml"
    extra.write_text("x: 1\n", encoding="utf-8")
    _assert_at(_error(rules_copy), extra, 1, "inconnu")
    extra.unlink()
    (rules_copy / "base.yaml").unlink()
    assert "absent" in _error(rules_copy).message


def test_not_utf8_and_not_a_mapping(rules_copy):
    path = rules_copy / "periodes.yaml"
    path.write_bytes("messages: \xe9t\xe9\n".encode("latin-1"))
    _assert_at(_error(rules_copy), path, 1, "UTF-8")
    path.write_text("- a\n- b\n", encoding="utf-8")
    _assert_at(_error(rules_copy), path, 1, "clé: valeur")


def test_check_reports_the_first_failing_example(rules_copy, edit):
    path = edit("pieces.yaml", "    attendu: [certificat_at_mp, enquete_administrative]",
                "    attendu: [enquete_administrative]")
    ok, message = check(rules_copy)
    assert not ok
    assert message.startswith(f"{path}:{line_of(path, 'accident de service déclaré sans')}: exemple")
    assert "certificat_at_mp" in message and "\n" not in message


def test_check_reports_a_load_error(rules_copy, edit):
    path = edit("delais.yaml", "prescription_annees: 2", "prescription_annees: deux")
    ok, message = check(rules_copy)
    assert not ok and message.startswith(f"{path}:{line_of(path, 'prescription_annees: deux')}: ")
