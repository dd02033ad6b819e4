"""Checks of the family C generator itself (not of the parser): determinism, the expected objects follow the
contract, and a few truths hold whatever the seed."""

from __future__ import annotations

import email
import hashlib
import json
from datetime import date
from email import policy
from pathlib import Path

import pytest

from blind_c import frdates, generate, registry
from blind_c.truth import missing

N = 14
KINDS = {"arret_travail", "certificat_at_mp", "certificat_final", "certificat_medical", "certificat_grossesse",
         "declaration_accident", "declaration_maladie_professionnelle", "enquete_administrative", "temoignage",
         "constat_amiable", "plan_trajet", "arrete", "avis_conseil_medical", "acte_naissance", "justificatif_adoption",
         "acte_deces", "demande_agent", "bulletin_salaire", "facture", "autre"}
CATEGORIES = {"maladie_ordinaire", "longue_maladie", "longue_duree", "grave_maladie", "accident_service",
              "accident_trajet", "maladie_professionnelle", "maternite", "paternite", "adoption",
              "temps_partiel_therapeutique", "deces"}


def _digest(d: Path) -> dict[str, str]:
    return {str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("c") / "a"
    generate.generate(7, N, out)
    return out


def test_same_seed_same_bytes(corpus, tmp_path):
    generate.generate(7, N, tmp_path / "b")
    assert _digest(corpus) == _digest(tmp_path / "b")


def test_other_seed_other_mails(corpus, tmp_path):
    generate.generate(8, 3, tmp_path / "c")
    assert (tmp_path / "c" / "0001.eml").read_bytes() != (corpus / "0001.eml").read_bytes()


def test_expected_objects_follow_the_contract(corpus):
    agents = {row.split(",")[1] for row in (corpus / "registry" / "agents.csv").read_text().splitlines()[1:]}
    colls = {row.split(",")[0] for row in (corpus / "registry" / "collectivites.csv").read_text().splitlines()[1:]}
    for i in range(1, N + 1):
        exp = json.loads((corpus / f"{i:04d}.expected.json").read_text(encoding="utf-8"))
        tags = json.loads((corpus / f"{i:04d}.tags.json").read_text(encoding="utf-8"))
        assert isinstance(tags, list) and tags
        msg = email.message_from_bytes((corpus / f"{i:04d}.eml").read_bytes(), policy=policy.default)
        assert exp["message_id"] == msg["Message-ID"].strip()
        assert exp["from"].lower() in msg["From"].lower()
        assert exp["intent"] in {"declaration", "documents", "question", "auto_reply", "other"}
        assert exp["collectivite"] is None or exp["collectivite"] in colls
        if exp["intent"] not in ("declaration", "documents"):
            assert exp["claims"] == []
        names = [a["filename"] for a in exp["attachments"]]
        for a in exp["attachments"]:
            assert a["kind"] in KINDS and isinstance(a["ocr"], bool)
        for c in exp["claims"]:
            assert c["agent"] is None or c["agent"] in agents
            assert c["nir"] is None or len(c["nir"]) == 13
            assert c["category"] in CATEGORIES
            for d in c["documents"]:
                assert d["filename"] in names
            assert c["missing_documents"] == sorted(c["missing_documents"])
            if exp["intent"] == "documents":
                assert c["nature"] is None and c["arret_start"] is None and c["arret_end"] is None
            elif c["category"] != "deces":
                assert c["arret_start"] <= c["arret_end"]
                if c["nature"] == "initial" and c["category"] not in ("accident_service", "accident_trajet",
                                                                       "maladie_professionnelle"):
                    assert c["date_survenance"] == c["arret_start"]
                if c["nature"] in ("prolongation", "rechute"):
                    assert c["date_survenance"] < c["arret_start"]


def test_attachment_names_are_what_the_mail_carries(corpus):
    for i in range(1, N + 1):
        exp = json.loads((corpus / f"{i:04d}.expected.json").read_text(encoding="utf-8"))
        msg = email.message_from_bytes((corpus / f"{i:04d}.eml").read_bytes(), policy=policy.default)
        carried = []
        for part in msg.walk():
            if part.get_content_type() in ("message/delivery-status", "message/disposition-notification"):
                continue
            if part.get_filename():
                carried.append(part.get_filename())
        if exp["intent"] == "auto_reply":
            continue
        assert sorted(carried) == sorted(a["filename"] for a in exp["attachments"]), i


def test_nir_key_and_homonyms():
    import random
    colls = registry.build(random.Random("blind_c/registry/7"))
    for c in colls:
        for a in c.agents:
            assert len(a.nir) == 13
            assert 1 <= registry.nir_key(a.nir) <= 97
            assert a.nir[0] == ("2" if a.sex == "F" else "1")
    assert any(registry.homonyms(a, c) for c in colls for a in c.agents)


def test_missing_documents_table():
    assert missing("accident_service", "prolongation", {"arret_travail"}) == []
    assert missing("accident_service", "prolongation", set()) == ["certificat_at_mp"]
    assert missing("longue_maladie", None, {"arrete"}) == ["arret_travail", "avis_conseil_medical"]
    assert missing("deces", "initial", {"acte_deces"}) == ["bulletin_salaire"]


def test_yearless_only_when_nearest_year_is_true():
    assert frdates.nearest_year_ok(date(2024, 12, 20), date(2025, 1, 10))
    assert not frdates.nearest_year_ok(date(2024, 3, 1), date(2025, 1, 10))
    assert frdates.relative_start(date(2025, 3, 2), date(2025, 3, 3)) == "hier"
    assert frdates.relative_start(date(2025, 2, 27), date(2025, 3, 3)) is None  # « courant » is this month only


def test_no_new_hire_with_a_registered_namesake():
    """A new hire named exactly like a registered agent could only be labelled by reading the generator's mind."""
    import random
    colls = registry.build(random.Random("blind_c/registry/21"))
    coll = next(c for c in colls if any(not a.exported and generate._exported_twin(a, c) for a in c.agents))
    twin = next(a for a in coll.agents if not a.exported and generate._exported_twin(a, coll))
    for i in range(200):
        m = generate.Mail(random.Random(i), i, colls)
        c = m.new_claim(coll, "maladie_ordinaire", "initial")
        assert c.agent is not twin


def test_tpt_is_never_ended_by_a_reprise():
    import random
    for i in range(300):
        text, _ = frdates.span(random.Random(i), date(2025, 3, 3), date(2025, 4, 2), date(2025, 3, 1), reprise_ok=False)
        assert "reprise" not in text
