"""Family B's generator: the same seed gives the same bytes, and every expected object speaks the contract."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from blind_b.generate import MANDATORY, generate

CATEGORIES = {"maladie_ordinaire", "longue_maladie", "longue_duree", "grave_maladie", "accident_service",
              "accident_trajet", "maladie_professionnelle", "maternite", "paternite", "adoption",
              "temps_partiel_therapeutique", "deces"}
KINDS = {"arret_travail", "certificat_at_mp", "certificat_final", "certificat_medical", "certificat_grossesse",
         "declaration_accident", "declaration_maladie_professionnelle", "enquete_administrative", "temoignage",
         "constat_amiable", "plan_trajet", "arrete", "avis_conseil_medical", "acte_naissance", "justificatif_adoption",
         "acte_deces", "demande_agent", "bulletin_salaire", "facture", "autre"}
INTENTS = {"declaration", "documents", "question", "auto_reply", "other"}
CLAIM_KEYS = {"agent", "agent_confidence", "agent_name", "nir", "category", "nature", "date_survenance", "arret_start",
              "arret_end", "documents", "missing_documents"}
N = 7


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> tuple[Path, Path, Path]:
    a, b, c = (tmp_path_factory.mktemp(x) for x in "abc")
    generate(5, N, a)
    generate(5, N, b)
    generate(6, 2, c)
    return a, b, c


def _files(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_mails(corpora) -> None:
    a, b, c = corpora
    fa, fb = _files(a), _files(b)
    assert fa.keys() == fb.keys() and len(fa) == 3 * N + 3
    assert [k for k in fa if fa[k] != fb[k]] == []
    assert _files(c)["0001.eml"] != fa["0001.eml"]


def _date(v) -> None:
    assert v is None or (re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) and dt.date.fromisoformat(v))


def test_expected_objects_follow_the_contract(corpora) -> None:
    a, _, _ = corpora
    for p in sorted(a.glob("*.expected.json")):
        e = json.loads(p.read_text(encoding="utf-8"))
        tags = json.loads(p.with_name(p.name.replace("expected", "tags")).read_text(encoding="utf-8"))
        assert isinstance(tags, list) and all(isinstance(t, str) for t in tags)
        assert set(e) == {"message_id", "from", "collectivite", "intent", "claims", "attachments"}, p
        assert e["message_id"].startswith("<") and e["message_id"].endswith(">") and "@" in e["from"]
        assert e["intent"] in INTENTS
        if e["intent"] in ("question", "auto_reply", "other"):
            assert e["claims"] == []
        names = [x["filename"] for x in e["attachments"]]
        assert len(names) == len(set(names))
        for x in e["attachments"]:
            assert set(x) == {"filename", "kind", "ocr"} and x["kind"] in KINDS and isinstance(x["ocr"], bool)
        for c in e["claims"]:
            assert set(c) == CLAIM_KEYS, p
            assert c["category"] in CATEGORIES
            assert c["nir"] is None or re.fullmatch(r"[12]\d{2}\d{2}(\d{2}|2A|2B)\d{6}", c["nir"]), c["nir"]
            for f in ("date_survenance", "arret_start", "arret_end"):
                _date(c[f])
            if c["arret_start"]:
                assert c["arret_start"] <= c["arret_end"]
            if e["intent"] == "documents":
                assert c["nature"] is None and c["arret_start"] is None and c["arret_end"] is None
            else:
                assert c["nature"] in ("initial", "prolongation", "rechute")
                assert (c["category"], c["nature"]) in MANDATORY
            if c["nature"] == "prolongation":
                assert c["date_survenance"] < c["arret_start"]
            assert c["missing_documents"] == sorted(c["missing_documents"])
            assert all(k in KINDS for k in c["missing_documents"])
            for d in c["documents"]:
                assert {"filename": d["filename"], "kind": d["kind"]} in [
                    {"filename": x["filename"], "kind": x["kind"]} for x in e["attachments"]]
                assert d["kind"] not in c["missing_documents"]
