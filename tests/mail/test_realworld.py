"""Real mail from other projects' test suites (tests/mail/realworld/, SOURCES.md says whose): delivery reports
of many servers, replies from many clients, newsletters, spam, signed and broken MIME, none of it about a
sick employee. Whatever it is, reading it must not crash, name no person and invent no claim.

Each NAME.eml has a NAME.expected.json (keys below; an unknown key fails, so a typo cannot make a check
vacuous).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.identify.match import Registry
from intake.mail.read import ReadMessage, read_message
from intake.pipeline.parse import analyse_read

REALWORLD = Path(__file__).resolve().parent / "realworld"
CASES = sorted(REALWORLD.glob("*.eml"))
KEYS = {
    "intent",  # the contract's intent
    "automatic",  # the reader's verdict: "delivery_report", "auto_reply", "bulk" or null (a person's mail)
    "attachments",  # the contract's attachments in order: [{"filename", "kind"}]
    "subject",  # the decoded subject
    "text_contains",  # words the reader must give readable: in the new text or a forwarded message's
    "new_text_excludes",  # words of the quoted history that must not be taken for the sender's new text
}


def expected_of(path: Path) -> dict:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert set(expected) <= KEYS, set(expected) - KEYS
    return expected


@pytest.fixture(scope="module")
def registry():
    return Registry(employers=[], agents=[])  # as `intake parse` on a fresh database: any person named is invented


@pytest.fixture(scope="module")
def results(registry) -> dict[str, tuple[ReadMessage, dict]]:
    out = {}
    for path in CASES:
        read = read_message(path.read_bytes())
        out[path.stem] = (read, analyse_read(read, registry=registry))
    return out


def test_corpus_is_there() -> None:
    assert len(CASES) >= 40
    assert all(path.with_suffix(".expected.json").exists() for path in CASES)
    listed = (REALWORLD / "SOURCES.md").read_text(encoding="utf-8")
    assert all(path.stem.split("-", 1)[0] + "-" in listed for path in CASES), "every file's project is in SOURCES.md"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_real_mail_reads_right(path: Path, results: dict[str, tuple[ReadMessage, dict]]) -> None:
    expected = expected_of(path)
    read, got = results[path.stem]
    # Never about a sick employee: no claim, no person, no employer.
    assert got["claims"] == [] and got["collectivite"] is None, got
    assert all(isinstance(a["kind"], str) and a["kind"] for a in got["attachments"]), got["attachments"]
    assert got["intent"] == expected["intent"], read.automatic.reasons
    if "automatic" in expected:
        verdict = read.automatic
        assert (verdict.kind if verdict.automatic else None) == expected["automatic"], verdict.reasons
    if "attachments" in expected:
        assert [{"filename": a["filename"], "kind": a["kind"]} for a in got["attachments"]] == expected["attachments"]
    if "subject" in expected:
        assert read.subject == expected["subject"]
    for text in expected.get("text_contains", []):
        assert text in read.content_text, read.content_text[:300]
    for text in expected.get("new_text_excludes", []):
        assert text not in read.new_text, read.new_text[:300]


def test_automatic_mail_never_answered_and_persons_never_judged_robots(results: dict[str, tuple[ReadMessage, dict]]) -> None:
    """Recall on the robots' mail of the corpus (delivery reports, auto-replies) and no person's mail taken for one."""
    judged = {path.stem: expected_of(path) for path in CASES}
    robots = [name for name, e in judged.items() if e["intent"] == "auto_reply"]
    persons = [name for name, e in judged.items() if e.get("automatic", "") is None]
    found = [name for name in robots if results[name][1]["intent"] == "auto_reply"]
    wrong = [name for name in persons if results[name][0].automatic.automatic]
    print(f"\nreal mail: {len(found)}/{len(robots)} robots' mails recognised, {len(wrong)} of {len(persons)} persons' taken for robots")
    assert len(robots) >= 20 and len(persons) >= 10
    assert sorted(set(robots) - set(found)) == [] and wrong == []


def test_no_reply_goes_to_any_of_them(results: dict[str, tuple[ReadMessage, dict]]) -> None:
    """What `intake serve` would answer (replies.choose): robots are silenced as automatic, and the rest
    (spam, newsletters, list digests, strangers' replies) is no business of ours: nothing goes out."""
    from intake.domain import NoReply
    from intake.replies.choose import ReplyFacts, silence_reason

    for name, (read, got) in results.items():
        facts = ReplyFacts(intent=got["intent"], automatic=bool(read.automatic.automatic), sender=read.from_addr,
                           sender_known=False)
        reason = silence_reason(facts, mailbox="prestations@cdg-exemple.fr")
        assert reason is not None, name
        if got["intent"] == "auto_reply":
            assert reason == NoReply.AUTOMATIC, name
