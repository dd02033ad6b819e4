"""Seed PDFs for fuzz_pdf: small, varied, built by the test helpers."""

from __future__ import annotations

import random

import common  # noqa: F401  (the path)


def pdf_seeds() -> dict[str, bytes]:
    from corpus.mails import one_page_pdf
    from fuzz import badfiles

    seeds = {
        "text.pdf": badfiles.text_pdf(),
        "two.pdf": badfiles.text_pdf(pages=2),
        "owner.pdf": badfiles.text_pdf(owner_password="o"),
        "raw.pdf": badfiles.one_page(b"[0 0 595 842]", badfiles.stream(b"", b"BT /F1 12 Tf 72 720 Td (Arret) Tj ET"),
                                     b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"),
        "letter.pdf": one_page_pdf("Arrêt de travail", ["Mme Martin", "du 3 mars au 14 mars 2025"]),
    }
    rng = random.Random(3)
    base = seeds["text.pdf"]
    for index in range(5):
        at = rng.randrange(len(base))
        seeds[f"cut{index}.pdf"] = base[:at]
    return seeds
