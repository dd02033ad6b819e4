"""A claim category is data: a block of categories.yaml plus its words in categories_mots.yaml.

A new category added in a copy of rules/ (with its pieces and its coverage) is accepted by `intake rules
check` and recognised by `intake parse`, with no change to the code; the stock rules do not know it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from support import ROOT

INTAKE = [sys.executable, "-m", "intake.cli"]

MAIL = """\
From: ccas.floractroisrivieres@laposte.net
To: prestations@cdg-exemple.fr
Subject: =?utf-8?q?Cong=C3=A9_de_proche_aidant_-_Herv=C3=A9_FERREIRA?=
Date: Tue, 14 Jan 2025 10:54:33 +0100
Message-ID: <proche-aidant-1@laposte.net>
Content-Type: text/plain; charset="utf-8"
MIME-Version: 1.0
Content-Transfer-Encoding: 8bit

Bonjour,

M. FERREIRA Hervé (n° SS : 1980569192180) est placé en congé de proche aidant du 10 janvier 2025
au 24 janvier 2025.

Bien cordialement,
Delphine CHABERT
"""


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _rules_with_a_new_category(folder: Path) -> Path:
    shutil.copytree(ROOT / "rules", folder)
    _edit(folder / "categories.yaml", lambda d: d["categories"].update(
        proche_aidant={"libelle": "congé de proche aidant", "regimes": ["CNRACL", "IRCANTEC"], "rechute": "non"}))
    # Its words come before maladie ordinaire's, whose « congé » words are the most general.
    def words(d: dict) -> None:
        d["mots"] = {"proche_aidant": [r"\bproche aidant\b|\bcpa\b"], **d["mots"]}
    _edit(folder / "categories_mots.yaml", words)
    _edit(folder / "pieces.yaml", lambda d: d["pieces_obligatoires"].update(
        proche_aidant={"initial": ["demande_agent"], "prolongation": ["demande_agent"]}))
    _edit(folder / "formules.yaml", lambda d: d["formules"][6]["couvre"].append("proche_aidant"))
    return folder


def _intake(args: list[str], rules: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTAKE_RULES_DIR": str(rules), "INTAKE_DATABASE_URL": f"sqlite:///{tmp / 'x.db'}",
           "INTAKE_DATA_DIR": str(tmp)}
    return subprocess.run([*INTAKE, *args], env=env, capture_output=True, text=True, timeout=120)


def test_a_category_added_in_the_rules_is_checked_and_recognised(tmp_path: Path) -> None:
    rules = _rules_with_a_new_category(tmp_path / "regles")
    mail = tmp_path / "proche_aidant.eml"
    mail.write_text(MAIL, encoding="utf-8")

    checked = _intake(["rules", "check", str(rules)], rules, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("Règles valides")

    parsed = _intake(["parse", str(mail)], rules, tmp_path)
    assert parsed.returncode == 0, parsed.stderr
    [claim] = json.loads(parsed.stdout)["claims"]
    assert claim["category"] == "proche_aidant"
    assert claim["missing_documents"] == ["demande_agent"]  # its pieces, from pieces.yaml
    assert (claim["arret_start"], claim["arret_end"]) == ("2025-01-10", "2025-01-24")

    stock = _intake(["parse", str(mail)], ROOT / "rules", tmp_path)
    assert json.loads(stock.stdout)["claims"][0]["category"] is None


def test_words_for_an_unknown_category_are_refused_with_their_line(tmp_path: Path) -> None:
    rules = tmp_path / "regles"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "categories_mots.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nmots:\n", "\nmots:\n  proche_aidant:\n    - 'proche aidant'\n"), encoding="utf-8")
    checked = _intake(["rules", "check", str(rules)], rules, tmp_path)
    line = path.read_text(encoding="utf-8").split("\n").index("  proche_aidant:") + 1
    assert checked.returncode != 0
    assert f"{path}:{line}:" in checked.stdout + checked.stderr
    assert "catégorie inconnue « proche_aidant »" in checked.stdout + checked.stderr


def _refused(directory: Path) -> str:
    from intake.rules import RulesError, load_rules

    try:
        load_rules(directory)
    except RulesError as error:
        return str(error)
    raise AssertionError("rules accepted")


def test_a_broken_pattern_an_unknown_condition_and_a_wordless_category_are_located(rules_copy, edit) -> None:
    from rules_helpers import line_of

    path = edit("categories_mots.yaml", r"'\badoption\b'", r"'\badoption(\b'")
    assert _refused(rules_copy).startswith(f"{path}:{line_of(path, 'adoption(')}: expression régulière invalide")
    edit("categories_mots.yaml", r"'\badoption(\b'", r"'\badoption\b'")

    edit("categories_mots.yaml", "si: grossesse_attestee}", "si: grossesse_probable}")
    assert _refused(rules_copy).startswith(f"{path}:{line_of(path, 'grossesse_probable')}: ")
    edit("categories_mots.yaml", "si: grossesse_probable}", "si: grossesse_attestee}")

    edit("categories_mots.yaml", "  adoption:\n    - '\\badoption\\b'\n", "")
    message = _refused(rules_copy)
    assert message.startswith(f"{path}:{line_of(path, 'mots:')}: ") and "« adoption » sans motifs" in message


def test_document_kind_patterns_are_checked_with_the_rules(rules_copy, edit) -> None:
    """rules/documents_mots.yaml (the classifier's patterns) is refused at load like any rules file."""
    from rules_helpers import line_of

    path = edit("documents_mots.yaml", "[8, 'avis d.?arr[eè]t\\W{0,2} de travail']", "[8, 'avis d.?arr[eè]t\\W{0,2} de (travail']")
    assert _refused(rules_copy).startswith(f"{path}:{line_of(path, 'de (travail')}: expression régulière invalide")
    edit("documents_mots.yaml", "de (travail']", "de travail']")

    edit("documents_mots.yaml", "  arret_travail:\n", "  arret_travial:\n")
    assert _refused(rules_copy).startswith(f"{path}:{line_of(path, 'arret_travial')}: type de pièce inconnu")
    edit("documents_mots.yaml", "  arret_travial:\n", "  arret_travail:\n")

    edit("documents_mots.yaml", "[8, 'avis d.?arr[eè]t\\W{0,2} de travail']", "[-8, 'avis d.?arr[eè]t\\W{0,2} de travail']")
    assert _refused(rules_copy).startswith(f"{path}:{line_of(path, '[-8, ')}: ")
