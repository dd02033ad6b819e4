"""The corpus of awkward shapes (tests/mail/awkward/): mails written for these tests in the shapes that
other mail software sends and that once lost text, invented a document kind or missed automatic mail.

Each NAME.eml has a NAME.expected.json saying what reading it must give (keys below; an unknown key
fails, so a typo cannot make a check vacuous). The recall of the automatic-mail verdict over the corpus
is printed and held at 99 % on delivery reports and auto-replies, with no person's mail judged automatic.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.mail.read import ReadMessage, read_message

AWKWARD = Path(__file__).resolve().parent / "awkward"
CASES = sorted(AWKWARD.glob("*.eml"))
KEYS = {
    "shape",  # why this mail is awkward (for the reader)
    "subject", "from",
    "new_text_contains", "new_text_excludes", "quoted_contains", "forwarded_contains",
    "attachments",  # the named attachments in order: {"filename", "kind"?, "text_contains"?, "unreadable"?}
    "problems_contain",
    "automatic",  # "delivery_report", "auto_reply", "bulk" or null (a person's mail)
    "headers",  # {name: expected decoded value}
}


def expected_of(path: Path) -> dict:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert set(expected) <= KEYS, set(expected) - KEYS
    return expected


@pytest.fixture(scope="module")
def read() -> dict[str, ReadMessage]:
    return {path.stem: read_message(path.read_bytes()) for path in CASES}


def test_corpus_is_there() -> None:
    assert len(CASES) >= 40
    assert all(path.with_suffix(".expected.json").exists() for path in CASES)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_awkward_mail_reads_right(path: Path, read: dict[str, ReadMessage]) -> None:
    expected = expected_of(path)
    got = read[path.stem]
    if "subject" in expected:
        assert got.subject == expected["subject"]
    if "from" in expected:
        assert got.from_addr == expected["from"]
    for text in expected.get("new_text_contains", []):
        assert text in got.new_text
    for text in expected.get("new_text_excludes", []):
        assert text not in got.new_text
    for text in expected.get("quoted_contains", []):
        assert text in " ".join(got.quoted.split())
    forwarded = "\n".join(f.text for f in got.forwarded)
    for text in expected.get("forwarded_contains", []):
        assert text in forwarded
    if "attachments" in expected:
        named = [a for a in got.attachments if a.filename]
        assert [a.filename for a in named] == [e["filename"] for e in expected["attachments"]]
        for attachment, wanted in zip(named, expected["attachments"]):
            if "kind" in wanted:
                assert attachment.kind.kind == wanted["kind"], attachment.kind
            for text in wanted.get("text_contains", []):
                assert text in attachment.document.text
            if "unreadable" in wanted:
                assert bool(attachment.document.unreadable) == wanted["unreadable"], attachment.document.unreadable
    for text in expected.get("problems_contain", []):
        assert any(text in problem for problem in got.problems), got.problems
    for name, value in expected.get("headers", {}).items():
        assert got.headers.get(name.lower()) == [value]
    if "automatic" in expected:
        verdict = got.automatic
        assert (verdict.kind if verdict.automatic else None) == expected["automatic"], verdict.reasons


def test_automatic_recall_on_the_corpus(read: dict[str, ReadMessage]) -> None:
    """Delivery reports and auto-replies recognised (as auto_reply intent), persons' mail never."""
    judged = {path.stem: expected_of(path) for path in CASES}
    robots = [name for name, e in judged.items() if e.get("automatic") in ("delivery_report", "auto_reply")]
    persons = [name for name, e in judged.items() if "automatic" in e and e["automatic"] is None]
    found = [name for name in robots if read[name].automatic.intent == "auto_reply"]
    false_positives = [name for name in persons if read[name].automatic.automatic]
    recall = len(found) / len(robots)
    print(f"\nawkward corpus: {len(found)}/{len(robots)} delivery reports and auto-replies recognised "
          f"(recall {recall:.1%}), {len(false_positives)} false positives on {len(persons)} persons' mails")
    assert len(robots) >= 25 and len(persons) >= 5
    assert false_positives == []
    assert recall >= 0.99, sorted(set(robots) - set(found))
