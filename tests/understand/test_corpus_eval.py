"""The understanding stage judged on the generated claims corpus; and the corpus itself checked for parseability and self-consistency."""

from __future__ import annotations

import email
import email.policy
import json
import re
from collections import Counter
from datetime import date

import pytest

from corpus.claims import generate
from corpus.claims_eval import analyser, evaluate, understanding_wired
from corpus.claims_rules import MANDATORY, missing
from corpus.registry import build_registry
from support import DOCS

N_EVAL = 120
TARGET_ACCURACY = 0.95  # issue 4: ≥ 95 % of messages fully right


@pytest.fixture(scope="module")
def registry():
    return build_registry()


@pytest.fixture(scope="module")
def cases(registry):
    # mostly text PDFs: a few scans keep OCR in the loop without making the suite slow
    return generate(N_EVAL, seed=2025, registry=registry, scan_rate=0.03, photo_rate=0.0)


def test_pieces_table_is_domain_md(tmp_path):
    """The corpus's own copy of the mandatory-pieces table says what domain.md says."""
    domain = DOCS / "domain.md"
    text = domain.read_text(encoding="utf-8")
    section = text.split("## Mandatory pieces", 1)[1].split("\n## ", 1)[0]
    seen = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.replace("\\|", "¦").strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        for category in re.findall(r"`([a-z_]+)`", cells[0]):
            for nature, cell in zip(("initial", "prolongation", "rechute"), cells[1:]):
                reqs = [tuple(r.strip("` ").split("¦")) for r in cell.split(",") if r.strip() not in ("—", "")]
                if reqs:
                    seen.setdefault(category, {})[nature] = reqs
    assert seen == {c: {n: list(r) for n, r in natures.items()} for c, natures in MANDATORY.items()}


def test_generated_mail_parses_and_expected_is_consistent(cases, registry):
    matricules = {a.matricule: a for a in registry.agents}
    for case in cases:
        msg = email.message_from_bytes(case.raw, policy=email.policy.default)
        exp = case.expected
        assert msg["From"].addresses[0].addr_spec.lower() == exp["from"], case.name
        assert msg["Message-ID"].strip() == exp["message_id"], case.name
        assert msg["Date"].datetime is not None
        files = [p for p in msg.walk() if p.get_filename()]
        assert [p.get_filename() for p in files] == [a["filename"] for a in exp["attachments"]], case.name
        assert all(p.get_payload(decode=True) for p in files)
        names = {a["filename"] for a in exp["attachments"]}
        if exp["intent"] in ("question", "other", "auto_reply"):
            assert exp["claims"] == [], case.name
        else:
            assert exp["claims"], case.name
        for claim in exp["claims"]:
            kinds = {d["kind"] for d in claim["documents"]}
            assert {d["filename"] for d in claim["documents"]} <= names
            assert claim["missing_documents"] == missing(claim["category"], claim["nature"], kinds), case.name
            assert claim["missing_documents"] == sorted(claim["missing_documents"])
            if claim["nir"] is not None:
                assert re.fullmatch(r"[12]\d{4}(\d\d|2A|2B)\d{6}", claim["nir"]), claim["nir"]
            if claim["agent"] is not None:
                agent = matricules[claim["agent"]]
                assert agent.collectivite == exp["collectivite"]
                assert claim["nir"] in (None, agent.nir13)
            days = {k: date.fromisoformat(claim[k]) for k in ("date_survenance", "arret_start", "arret_end") if claim[k]}
            if exp["intent"] == "documents":
                assert claim["nature"] is None and "arret_start" not in days and "arret_end" not in days
            if "arret_start" in days and "arret_end" in days:
                assert days["arret_start"] <= days["arret_end"], case.name
            if claim["nature"] == "prolongation":
                assert days["date_survenance"] < days["arret_start"], case.name
            if claim["nature"] == "rechute":
                assert claim["category"] in ("accident_service", "accident_trajet", "maladie_professionnelle")
            if claim["category"] == "deces":
                assert "arret_start" not in days and "date_survenance" in days
        json.dumps(exp)  # the expected object is plain JSON


def test_corpus_has_the_variety_the_issue_asks_for(cases):
    tags = Counter(t for c in cases for t in c.tags)
    intents = Counter(c.expected["intent"] for c in cases)
    assert 0.5 < intents["declaration"] / len(cases) < 0.8
    assert all(intents[i] for i in ("documents", "question", "other", "auto_reply"))
    bigger = generate(120, seed=99, scan_rate=0.0, photo_rate=0.0)
    tags_big = Counter(t for c in bigger for t in c.tags)
    for wanted in ("homonym-unresolved", "new_hire", "unknown-sender", "unknown-employer", "forward", "quoted-history",
                   "two-agents", "yearless", "weekday", "n-days", "du-au-month", "prolongation", "rechute", "typo",
                   "name-nee", "name-surname", "name-unaccented", "html-only", "iso-8859-1", "windows-1252", "body-only",
                   "form-only", "shared-domain", "open-ended", "dsn", "ooo"):
        assert tags_big[wanted] + tags[wanted] > 0, wanted
    categories = {cl["category"] for c in [*cases, *bigger] for cl in c.expected["claims"]}
    assert categories == set(MANDATORY)


def test_generation_is_deterministic_per_case(registry):
    a = generate(4, seed=5, registry=registry, scan_rate=0.0, photo_rate=0.0)
    b = generate(2, seed=5, registry=registry, scan_rate=0.0, photo_rate=0.0)
    assert [c.raw for c in a[:2]] == [c.raw for c in b]
    assert [c.expected for c in a[:2]] == [c.expected for c in b]


@pytest.fixture(scope="module")
def report(cases, registry, tmp_path_factory):
    folder = registry.write_csv(tmp_path_factory.mktemp("registry"))
    analyse, how, threshold = analyser(folder)
    score, spent = evaluate(cases, analyse)
    rep = score.report()
    print(f"\n[corpus eval] {len(cases)} mails, {how}, {len(cases) / spent:.1f} msg/s; "
          f"message accuracy {rep['message_accuracy']:.1%}; wrong agents {rep['wrong_agents']}; "
          f"agent precision at {threshold}: {rep['agent_precision_at'].get(str(threshold), {}).get('precision')}")
    for name, f in rep["fields"].items():
        print(f"  {name:<18} P={f['precision']} R={f['recall']}")
    print(f"  failing most: {dict(list(rep['failed_fields'].items())[:8])}")
    return rep


@pytest.mark.slow
def test_no_wrong_agent(report):
    """A wrong agent links one person's health data to another: never, on any case."""
    assert report["wrong_agents"] == 0, report["wrong_agent_cases"]
    # a claim the mail does not make, naming someone the mail does not speak of (a signature's surname…), is as bad
    assert report["spurious_agents_not_in_mail"] == 0, report["spurious_agent_cases"]


@pytest.mark.slow
@pytest.mark.xfail(condition=not understanding_wired(), strict=False,
                   reason="the understanding stage is not wired into intake.pipeline.parse.analyse yet (no registry parameter)")
def test_message_accuracy_target(report):
    assert report["message_accuracy"] >= TARGET_ACCURACY, report["failed_fields"]
