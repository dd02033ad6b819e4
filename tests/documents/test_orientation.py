"""Which way a page reads, from its ink before any OCR: turned scans cost one tesseract run, never a wrong turn."""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageOps

from corpus.documents import KINDS, draw_shapes, make_photo, make_scan, make_text_pdf
from intake.documents import ocr
from intake.documents.geometry import analyse
from intake.documents.reader import page_image


def _scan_image(scan: bytes) -> Image.Image:
    document = pdfium.PdfDocument(scan)
    try:
        image, _dpi = page_image(document[0])
        return image.convert("L")
    finally:
        document.close()


def _upright_turn(sheet_rotation: int) -> int:
    """make_scan turns the sheet clockwise; putting it back is the rest of the full turn."""
    return (360 - sheet_rotation) % 360


def test_turn_of_generated_scans_is_right_whenever_decided() -> None:
    rng = random.Random(4_2026)
    decided = 0
    wrong: list[tuple[str, int, object]] = []
    for i in range(12):
        kind = KINDS[(i * 5) % len(KINDS)]
        rotation = (0, 90, 180, 270)[i % 4]
        geometry = analyse(_scan_image(make_scan(make_text_pdf(kind, rng), rng, rotation=rotation, dpi=200)))
        if geometry.turn is None:
            continue
        decided += 1
        if geometry.turn != _upright_turn(rotation):
            wrong.append((kind, rotation, geometry))
    assert not wrong
    assert decided >= 10  # the ink settles most pages; tesseract's probe is the exception


def test_upright_photos_are_never_turned_by_the_ink() -> None:
    rng = random.Random(5_2026)
    for i in range(3):
        photo = make_photo(make_text_pdf(KINDS[(i * 3) % len(KINDS)], rng), rng, orientation=1)
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(photo))).convert("L")
        assert analyse(image).turn in (None, 0)


def test_pictures_without_text_get_no_turn() -> None:
    rng = random.Random(6_2026)
    pictures = [draw_shapes((rng.choice([800, 1200, 2000]), rng.choice([1000, 1600, 2400])), rng) for _ in range(10)]
    turned = [g for g in (analyse(p.convert("L")) for p in pictures) if g.turn is not None]
    assert len(turned) <= 1, turned  # shapes' edges can pass for a few lines, rarely for a page of them


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_turned_scan_is_read_with_a_single_tesseract_run(rotation: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(70 + rotation)
    image = _scan_image(make_scan(make_text_pdf("arret_travail", rng, last_name="LEFEBVRE"), rng,
                                  rotation=rotation, skew=1.5, dpi=200))
    runs: list[list[str]] = []
    real_run = ocr._run

    def counting_run(args: list[str], payload: bytes, timeout: float) -> str:
        runs.append(args)
        return real_run(args, payload, timeout)

    monkeypatch.setattr(ocr, "_run", counting_run)
    page = ocr.ocr_image(image, dpi=200)
    assert page.rotation == _upright_turn(rotation)
    assert "LEFEBVRE" in page.text
    # no orientation probe, no second reading of the page (boxed digits read again: a stack of strips in
    # one call, whitelisted to digits)
    pages = [r for r in runs if not any(a.startswith("tessedit_char_whitelist") for a in r)]
    assert len(pages) == 1
    assert pages[0][pages[0].index("--psm") + 1] == "3"


def test_an_upright_page_taken_for_a_turned_one_is_read_upright(monkeypatch: pytest.MonkeyPatch) -> None:
    """A photo whose frame and table rules make the ink's lines look vertical: the quarter turn that follows
    leaves tesseract reading words standing up (boxes taller than wide), so the page is read as it came."""
    from intake.documents.geometry import Geometry

    rng = random.Random(91)
    image = _scan_image(make_scan(make_text_pdf("arret_travail", rng, last_name="LEFEBVRE"), rng, rotation=0,
                                  dpi=200))
    monkeypatch.setattr(ocr, "analyse", lambda grey: Geometry(vertical=True, skew=0.0, strength=0.6))
    monkeypatch.setattr(ocr, "_osd_rotation", lambda image, timeout: None)
    page = ocr.ocr_image(image, dpi=200)
    assert page.rotation == 0 and not page.reads_across
    assert "avis d'arrêt de travail" in page.text.lower()
    long_words = [w for w in page.words if len(w.text) >= 4]
    assert sum((w.x1 - w.x0) > (w.y1 - w.y0) for w in long_words) > 0.8 * len(long_words)
