"""The generated corpus read end to end: clients, charsets, quoting, forwards, containers, automatic mail."""

from __future__ import annotations

import pytest

from corpus.mails import MailCase, corpus
from intake.mail.read import ReadMessage, read_message

CASES = corpus(seed=7, automatic=60, declarations=60)


@pytest.fixture(scope="module")
def read() -> dict[str, ReadMessage]:
    return {case.name: read_message(case.raw) for case in CASES}


def _structural(case: MailCase) -> bool:
    return bool(case.new_contains or case.new_excludes or case.forwarded_contains or case.attachments or case.subject)


@pytest.mark.parametrize("case", [c for c in CASES if _structural(c)], ids=lambda c: c.name)
def test_case_reads_as_built(case: MailCase, read: dict[str, ReadMessage]) -> None:
    got = read[case.name]
    for text in case.new_contains:
        assert text in got.new_text
    for text in case.new_excludes:
        assert text not in got.new_text
    forwarded = "\n".join(f.text for f in got.forwarded)
    for text in case.forwarded_contains:
        assert text in forwarded
    if case.attachments:
        assert [(a.filename, a.origin) for a in got.attachments if a.filename] == case.attachments
    if case.subject:
        assert got.subject == case.subject
    if case.from_addr:
        assert got.from_addr == case.from_addr
    if "problem" in case.tags:
        assert got.problems and any(a.document.unreadable for a in got.attachments)


def test_automatic_mail_recognition(read: dict[str, ReadMessage]) -> None:
    """No false positive on real declarations; recall reported and held high."""
    declarations = [c for c in CASES if c.declaration]
    automatic = [c for c in CASES if c.automatic]
    false_positives = [c.name for c in declarations if read[c.name].automatic.automatic]
    found = [c for c in automatic if read[c.name].automatic.automatic]
    wrong_intent = [c.name for c in found if (read[c.name].automatic.intent == "auto_reply") != c.auto_intent]
    recall = len(found) / len(automatic)
    print(f"\nautomatic mail: {len(found)}/{len(automatic)} recognised (recall {recall:.1%}), "
          f"{len(false_positives)} false positives on {len(declarations)} declarations")
    assert false_positives == []
    assert wrong_intent == []
    assert recall >= 0.95, [c.name for c in automatic if c not in found]


def test_every_verdict_has_reasons(read: dict[str, ReadMessage]) -> None:
    for case in CASES:
        verdict = read[case.name].automatic
        if verdict.automatic:
            assert verdict.reasons and verdict.kind in ("delivery_report", "auto_reply", "bulk")
