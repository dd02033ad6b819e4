"""Pages sprinkled with specks (a noisy scanner, a fax) are cleaned before OCR; clean pages are left alone."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from corpus.documents import KINDS, make_scan, make_text_pdf
from intake.documents import ocr
from intake.documents.images import without_specks
from intake.documents.reader import page_image

_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _page(lines: list[str]) -> Image.Image:
    page = Image.new("L", (1240, 1750), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(_FONT, 30)
    for i, line in enumerate(lines):
        draw.text((90, 120 + 60 * i), line, fill=20, font=font)
    return page


def _sprinkled(page: Image.Image, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    a = np.asarray(page, dtype=np.int16)
    specks = rng.random(a.shape) < 0.15
    a = np.where(specks, rng.integers(0, 256, a.shape), a)
    return Image.fromarray(a.astype(np.uint8))


def test_a_clean_page_is_not_touched() -> None:
    page = _page(["NOTE D'HONORAIRES", "Soins infirmiers : 6 passages"])
    assert without_specks(page) is page


def test_generated_scans_are_not_touched() -> None:
    pdfium = pytest.importorskip("pypdfium2")
    rng = random.Random(17)
    for kind in KINDS[:4]:
        document = pdfium.PdfDocument(make_scan(make_text_pdf(kind, rng), rng, rotation=0, dpi=150))
        try:
            grey = page_image(document[0])[0].convert("L")
        finally:
            document.close()
        assert without_specks(grey) is grey


@pytest.mark.skipif(ocr.tesseract_path() is None, reason="tesseract absent")
def test_a_speckled_page_is_read_after_its_specks_are_removed() -> None:
    page = _sprinkled(_page(["NOTE D'HONORAIRES", "Soins infirmiers : 6 passages", "Montant total 84,00 EUR"]), 3)
    cleaned = without_specks(page)
    assert cleaned is not page
    read = ocr.ocr_image(page, dpi=150)
    assert "HONORAIRES" in read.text
    assert "infirmiers" in read.text
