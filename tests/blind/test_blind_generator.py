"""The blind generator: deterministic for a seed, expected objects in the shape of docs/contract.md and
consistent with their own mail, and mails that are well-formed MIME."""

from __future__ import annotations

import email
import json
import re
from email import policy
from pathlib import Path

import pytest

from blind.generate import MANDATORY, generate

INTENTS = {"declaration", "documents", "question", "auto_reply", "other"}
CATEGORIES = set(MANDATORY)
NATURES = {"initial", "prolongation", "rechute", None}
KINDS = {"arret_travail", "certificat_at_mp", "certificat_final", "certificat_medical", "certificat_grossesse",
         "declaration_accident", "declaration_maladie_professionnelle", "enquete_administrative", "temoignage",
         "constat_amiable", "plan_trajet", "arrete", "avis_conseil_medical", "acte_naissance",
         "justificatif_adoption", "acte_deces", "demande_agent", "bulletin_salaire", "facture", "autre"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NIR = re.compile(r"^[12]\d{4}(\d{2}|2A|2B)\d{6}$")
N = 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("blind")
    generate(7, N, out)
    return out


def test_same_seed_same_bytes(corpus: Path, tmp_path: Path) -> None:
    generate(7, 6, tmp_path)
    for f in sorted(tmp_path.rglob("*")):
        if f.is_file():
            assert f.read_bytes() == (corpus / f.relative_to(tmp_path)).read_bytes(), f.name


def test_another_seed_other_mails(corpus: Path, tmp_path: Path) -> None:
    generate(8, 2, tmp_path)
    assert (tmp_path / "0001.eml").read_bytes() != (corpus / "0001.eml").read_bytes()


def test_registry_files(corpus: Path) -> None:
    agents = (corpus / "registry" / "agents.csv").read_text(encoding="utf-8").splitlines()
    assert agents[0] == "collectivite_code,matricule,nir,last_name,birth_name,first_name,birth_date,regime,status"
    assert len(agents) > 350
    colls = (corpus / "registry" / "collectivites.csv").read_text(encoding="utf-8").splitlines()
    assert len(colls) - 1 >= 12


def _check_claim(c: dict, intent: str) -> None:
    assert set(c) == {"agent", "agent_confidence", "agent_name", "nir", "category", "nature", "date_survenance",
                      "arret_start", "arret_end", "documents", "missing_documents"}
    assert c["agent"] is None or isinstance(c["agent"], str)
    assert c["nir"] is None or NIR.match(c["nir"]), c["nir"]
    assert c["category"] in CATEGORIES and c["nature"] in NATURES
    for f in ("date_survenance", "arret_start", "arret_end"):
        assert c[f] is None or ISO.match(c[f])
    if c["arret_start"] and c["arret_end"]:
        assert c["arret_start"] <= c["arret_end"]
    assert all(set(d) == {"filename", "kind"} and d["kind"] in KINDS for d in c["documents"])
    assert c["missing_documents"] == sorted(c["missing_documents"])
    assert not set(c["missing_documents"]) & {d["kind"] for d in c["documents"]}
    if intent == "documents":
        assert c["nature"] is None and c["arret_start"] is None and c["arret_end"] is None
    else:
        assert c["nature"] is not None


def test_expected_objects_follow_the_contract(corpus: Path) -> None:
    intents = set()
    for exp_file in sorted(corpus.glob("*.expected.json")):
        exp = json.loads(exp_file.read_text(encoding="utf-8"))
        assert set(exp) == {"message_id", "from", "collectivite", "intent", "claims", "attachments"}
        assert exp["intent"] in INTENTS
        intents.add(exp["intent"])
        if exp["intent"] in ("question", "auto_reply", "other"):
            assert exp["claims"] == []
        else:
            assert exp["claims"], exp_file.name
        for c in exp["claims"]:
            _check_claim(c, exp["intent"])
        names = [a["filename"] for a in exp["attachments"]]
        assert all(set(a) == {"filename", "kind", "ocr"} and a["kind"] in KINDS for a in exp["attachments"])
        for c in exp["claims"]:
            assert {d["filename"] for d in c["documents"]} <= set(names)
        tags = json.loads(exp_file.with_name(exp_file.name.replace(".expected.json", ".tags.json")).read_text())
        assert isinstance(tags, list) and all(isinstance(t, str) for t in tags)
    assert {"declaration", "documents"} <= intents


def test_mails_are_well_formed_mime(corpus: Path) -> None:
    for eml in sorted(corpus.glob("*.eml")):
        raw = eml.read_bytes()
        msg = email.message_from_bytes(raw, policy=policy.default)
        exp = json.loads(eml.with_name(eml.name.replace(".eml", ".expected.json")).read_text(encoding="utf-8"))
        assert msg["Message-ID"] == exp["message_id"]
        assert msg["Date"] is not None and msg["From"] is not None
        assert exp["from"] in str(msg["From"]).lower()
        files = []
        for part in msg.walk():
            assert not [d for d in part.defects if "Missing" in type(d).__name__ or "Boundary" in type(d).__name__], (eml.name, part.defects)
            if part.get_filename():
                files.append(part.get_filename())
                assert part.get_payload(decode=True)
            elif part.get_content_maintype() == "text":
                part.get_content()  # decodes with its charset and transfer encoding
        assert sorted(files) == sorted(a["filename"] for a in exp["attachments"]), eml.name


def _eval_module():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "eval_blind.py"
    spec = importlib.util.spec_from_file_location("eval_blind", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_eval_scores_the_truth_right_and_catches_wrong_and_phantom_agents(corpus: Path) -> None:
    ev = _eval_module()
    truth = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.expected.json"))]
    res = ev.evaluate(corpus, json.loads(json.dumps(truth)))
    assert res["fully_right"] == N and not res["wrong_agents"] and not res["agents_on_claims_that_should_not_exist"]

    results = json.loads(json.dumps(truth))
    named = [m for m in results if any(c["agent"] for c in m["claims"])]
    first, second = named[0], named[1]
    claim = next(c for c in first["claims"] if c["agent"])
    claim["agent"] = "SOMEONE-ELSE"
    extra = dict(next(c for c in second["claims"] if c["agent"]), agent="PHANTOM", agent_name="X Y",
                 arret_start="1999-01-01", arret_end="1999-01-02", date_survenance="1999-01-01", nir=None)
    second["claims"].append(extra)
    res = ev.evaluate(corpus, results)
    assert res["fully_right"] == N - 2
    assert [w["got"] for w in res["wrong_agents"]] == ["SOMEONE-ELSE"]
    assert [p["got"] for p in res["agents_on_claims_that_should_not_exist"]] == ["PHANTOM"]
    assert res["agents_on_claims_that_should_not_exist_not_a_subject"] == 1
