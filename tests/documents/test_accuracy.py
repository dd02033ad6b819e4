"""Kind accuracy on generated corpora (seeded, seeds unlike the ones used while writing the patterns)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from corpus.documents import KINDS, make_photo, make_scan, make_text_pdf
from intake.documents import classify, read_document


def _accuracy(samples: list[tuple[str, str, bytes]]) -> tuple[float, Counter[tuple[str, str]]]:
    errors: Counter[tuple[str, str]] = Counter()
    for kind, name, data in samples:
        guess = classify(name, read_document(name, data)).kind
        if guess != kind:
            errors[(kind, guess)] += 1
    return 1 - sum(errors.values()) / len(samples), errors


def test_text_pdf_kind_accuracy() -> None:
    rng = random.Random(97_2025)
    samples = [(kind, f"piece_{i}.pdf", make_text_pdf(kind, rng)) for i in range(200) for kind in [KINDS[i % len(KINDS)]]]
    accuracy, errors = _accuracy(samples)
    assert accuracy >= 0.97, errors


@pytest.mark.slow
def test_scan_and_photo_kind_accuracy() -> None:
    rng = random.Random(93_2025)
    samples = []
    for i in range(36):
        kind = KINDS[(i * 7) % len(KINDS)]
        pdf = make_text_pdf(kind, rng)
        if i % 3 == 2:
            samples.append((kind, f"IMG_{4000 + i}.jpg", make_photo(pdf, rng)))
        else:
            samples.append((kind, f"scan_{i:04d}.pdf", make_scan(pdf, rng)))
    accuracy, errors = _accuracy(samples)
    assert accuracy >= 0.93, errors
