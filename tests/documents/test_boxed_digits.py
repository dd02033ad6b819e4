"""Rows of boxed digits read by OCR: the label beside them stays out of their re-reading, and the digits
re-read stay words of their own on the label's line."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from intake.documents import ocr
from intake.documents.digitboxes import boxed_runs
from intake.documents.formgeom import lines_of, word_lines_text
from intake.documents.model import Page, Word

_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _row(*words: tuple[str, float, float, float]) -> list[Word]:
    return [Word(t, x0, 100, x1, 122, c) for t, x0, x1, c in words]


def test_the_labels_own_short_word_is_not_taken_for_a_box():
    words = _row(("Ne", 40, 66, 0.4), ("d'affiliation", 72, 210, 0.92), ("|4", 240, 262, 0.3),
                 ("o]7", 280, 320, 0.35), ("EC", 340, 380, 0.5), ("[1|9", 400, 450, 0.2))
    (run,) = boxed_runs(words)
    assert [w.text for w in run] == ["|4", "o]7", "EC", "[1|9"]  # 'EC' between boxes is one of them


def test_letters_among_box_edges_read_poorly_are_boxes():
    words = _row(("|3", 240, 262, 0.3), ("o]7", 280, 320, 0.35), ("ta[s]ef", 340, 460, 0.2))
    (run,) = boxed_runs(words)
    assert run[-1].text == "ta[s]ef"


def test_digits_touching_their_label_stay_apart_from_it():
    words = [Word("Immatriculation", 40, 100, 200, 122, 0.9), Word("2940512", 201, 101, 330, 121, 0.0),
             Word("A", 331, 101, 345, 121, 0.0)]
    (line,) = lines_of(words)
    assert [t.text for t in line.tokens] == ["Immatriculation", "2940512A"]
    page = Page(1, "Immatriculation ]||[o", 600, 800, words, ocr=True)
    assert word_lines_text(page) == "Immatriculation 2940512A"


def test_the_rest_of_a_nir_labels_line_is_read_again():
    """Boxes right of « N° d'immatriculation » read as letters: the rest of the line, up to the next words
    read well, is where the NIR's boxes are looked for; a label followed by prose has no such place."""
    from intake.documents.digitboxes import _nir_label_regions

    words = [Word("N°", 40, 100, 62, 122, 0.9), Word("d'immatriculation", 70, 100, 250, 122, 0.92),
             Word("AOG)AGE", 270, 96, 700, 126, 0.45), Word("Employeur", 1000, 100, 1120, 122, 0.95),
             Word("Régime", 40, 160, 120, 182, 0.95), Word("de", 130, 160, 150, 182, 0.95),
             Word("sécurité", 160, 160, 250, 182, 0.95), Word("sociale", 260, 160, 340, 182, 0.95),
             Word("agricole", 350, 160, 440, 182, 0.95)]
    (region,) = _nir_label_regions(words, 1400)
    inside, x0, y0, x1, y1 = region
    assert [w.text for w in inside] == ["AOG)AGE"]
    assert 250 < x0 < 270 and 700 < x1 < 1000 and y0 < 100 and y1 > 122


def _boxed_nir_page(nir15: str) -> Image.Image:
    page = Image.new("L", (1400, 500), 236)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(_FONT, 26)
    draw.text((60, 80), "Identification de l'assuré", fill=30, font=font)
    draw.text((60, 180), "N° de sécurité sociale", fill=30, font=font)
    x = 400
    for i, c in enumerate(nir15):
        if i in (1, 3, 5, 7, 10, 13):
            x += 14  # the groups of the number: 1 | 64 | 01 | 84 | 206 | 671 | 23
        draw.rectangle((x, 168, x + 38, 222), outline=90, width=2)
        draw.text((x + 10, 178), c, fill=30, font=font)
        x += 38
    draw.text((60, 300), "Employeur : Mairie de Saint-Jean", fill=30, font=font)
    return page


@pytest.mark.skipif(ocr.tesseract_path() is None, reason="tesseract absent")
def test_a_boxed_nir_is_found_in_the_words_of_the_page():
    nir15 = "2750812345678" + "42"
    read = ocr.ocr_image(_boxed_nir_page(nir15), dpi=200)
    line = next(x for x in word_lines_text(Page(1, read.text, read.width, read.height, read.words, ocr=True))
                .splitlines() if "sociale" in x)
    assert nir15 in line.replace(" ", "")
