"""Every attachment of the shared sample mails gets its expected kind and OCR flag (read from the expected JSON)."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from intake.documents import classify, read_document

CASES = Path(__file__).resolve().parents[1] / "cases" / "cases"


def _attachments() -> list[tuple[str, str, bytes, str | None, dict]]:
    found = []
    for expected_path in sorted(CASES.glob("*.expected.json")):
        expected = {a["filename"]: a for a in json.loads(expected_path.read_text(encoding="utf-8"))["attachments"]}
        if not expected:
            continue
        message = message_from_bytes(expected_path.with_name(expected_path.name.replace(".expected.json", ".eml")).read_bytes(),
                                     policy=policy.default)
        for part in message.walk():
            name = part.get_filename()
            if name in expected:
                found.append((expected_path.name[:4], name, part.get_payload(decode=True), part.get_content_type(), expected[name]))
    return found


ATTACHMENTS = _attachments()


def test_samples_are_there() -> None:
    assert len(ATTACHMENTS) >= 10


@pytest.mark.parametrize(("case", "name", "data", "ctype", "expected"), ATTACHMENTS,
                         ids=[f"{a[0]}-{i}" for i, a in enumerate(ATTACHMENTS)])
def test_sample_attachment(case: str, name: str, data: bytes, ctype: str | None, expected: dict) -> None:
    doc = read_document(name, data, ctype)
    assert doc.unreadable is None
    guess = classify(name, doc)
    assert (guess.kind, doc.ocr) == (expected["kind"], expected["ocr"]), guess.evidence
    assert guess.evidence
