"""Every sample mail of tests/cases reads as its expected JSON says (message id, sender, attachments)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.pipeline.parse import analyse

CASES = Path(__file__).resolve().parents[1] / "cases" / "cases"
SAMPLES = sorted(CASES.glob("*.eml"))


@pytest.fixture(scope="module")
def analysed() -> dict[str, dict]:
    return {path.stem: analyse(path.read_bytes()) for path in SAMPLES}


def test_samples_are_there() -> None:
    assert len(SAMPLES) >= 15


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_reads_right(path: Path, analysed: dict[str, dict]) -> None:
    expected = json.loads(path.with_suffix("").with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = analysed[path.stem]
    assert got["message_id"] == expected["message_id"]
    assert got["from"] == expected["from"]
    assert got["attachments"] == expected["attachments"]
    assert (got["intent"] == "auto_reply") == (expected["intent"] == "auto_reply")
    json.dumps(got, ensure_ascii=False)  # the contract object is plain JSON
