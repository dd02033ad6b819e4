"""Family D generator checks: byte-for-byte determinism, labels valid per the contract, reserved seeds refused."""

from __future__ import annotations

import json
import re

import pytest

from blind_d.generate import build, generate
from blind_d.registry import Registry
from blind_d.truth import MANDATORY

KINDS = {"arret_travail", "certificat_at_mp", "certificat_final", "certificat_medical", "certificat_grossesse",
         "declaration_accident", "declaration_maladie_professionnelle", "enquete_administrative", "temoignage",
         "constat_amiable", "plan_trajet", "arrete", "avis_conseil_medical", "acte_naissance",
         "justificatif_adoption", "acte_deces", "demande_agent", "bulletin_salaire", "facture", "autre"}
CATEGORIES = set(MANDATORY)
INTENTS = {"declaration", "documents", "question", "auto_reply", "other"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_same_seed_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(7, 6, a)
    generate(7, 6, b)
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for n in names:
        assert (a / n).read_bytes() == (b / n).read_bytes(), n


def test_reserved_seeds_refused(tmp_path):
    with pytest.raises(SystemExit):
        generate(32, 1, tmp_path)


@pytest.mark.parametrize("index", range(1, 13))
def test_labels_follow_the_contract(index):
    reg = Registry(3)
    agents = {(a.employer, a.matricule): a for e in reg.employers for a in e.agents}
    raw, exp, tags = build(3, index, reg)
    json.dumps(exp)
    assert exp["intent"] in INTENTS and tags
    assert exp["collectivite"] is None or exp["collectivite"] in reg.by_code
    assert raw.decode("ascii", "replace").count("Message-ID: " + exp["message_id"]) == 1
    att_names = [a["filename"] for a in exp["attachments"]]
    assert len(att_names) == len(set(att_names))
    for a in exp["attachments"]:
        assert a["kind"] in KINDS and isinstance(a["ocr"], bool)
    if exp["intent"] not in ("declaration", "documents"):
        assert exp["claims"] == []
    for c in exp["claims"]:
        assert c["category"] in CATEGORIES
        if c["agent"] is not None:
            ag = agents[(exp["collectivite"], c["agent"])]
            if c["nir"]:
                assert c["nir"] == ag.nir13
        assert c["nir"] is None or len(c["nir"]) == 13
        assert ISO.match(c["date_survenance"])
        if exp["intent"] == "documents":
            assert c["nature"] is None and c["arret_start"] is None and c["arret_end"] is None
        else:
            assert c["nature"] in ("initial", "prolongation", "rechute")
            if c["nature"] == "rechute":
                assert c["category"] in ("accident_service", "accident_trajet", "maladie_professionnelle")
            if c["arret_start"]:
                assert c["arret_start"] <= c["arret_end"]
        assert c["missing_documents"] == sorted(c["missing_documents"])
        for d in c["documents"]:
            assert d["filename"] in att_names and d["kind"] in KINDS


def test_registry_nirs_unique_and_regimes_respected():
    reg = Registry(31)
    nirs = [a.nir13 for e in reg.employers for a in e.agents + e.new_hires]
    assert len(nirs) == len(set(nirs))
    for e in reg.employers:
        if e.ircantec_formula is None:
            assert all(a.regime == "CNRACL" for a in e.agents)
