"""Rows of boxed digits read by OCR: the label beside them stays out of their re-reading, and the digits
re-read stay words of their own on the label's line."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from intake.documents import images, ocr
from intake.documents.digitboxes import boxed_runs, wipe_boxes
from intake.documents.formgeom import lines_of, word_lines_text
from intake.documents.model import Page, Word
from intake.understand.nir import find_nirs, key_of

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


def _boxed_nir_page(nir15: str, label: str = "N° de sécurité sociale") -> Image.Image:
    page = Image.new("L", (1400, 500), 236)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(_FONT, 26)
    draw.text((60, 80), "Identification de l'assuré", fill=30, font=font)
    draw.text((60, 180), label, fill=30, font=font)
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


def _boxes_strip(paper: np.ndarray, digits: str, *, top: int = 20, drift: float = 0.0) -> np.ndarray:
    """Boxes with a digit each drawn on the given paper (grey array), the row sinking by `drift` a box."""
    img = Image.fromarray(paper.astype(np.uint8))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(_FONT, 22)
    for i, c in enumerate(digits):
        x, y = 20 + 40 * i, top + int(round(drift * i))
        draw.rectangle((x, y, x + 34, y + 40), outline=110, width=2)
        draw.text((x + 10, y + 8), c, fill=20, font=font)
    return np.asarray(img)


def _blobs(binary: np.ndarray) -> list[tuple[int, int, int, int]]:
    from intake.documents.digitboxes import _components

    return _components(binary < 128)


def test_boxes_are_wiped_on_a_photo_whose_paper_is_grey_beside_a_white_corner():
    """A photo turned straight: grey paper (darker to the left) and a white corner at the right end of the
    strip. One paper level for the whole strip took all the grey paper for ink and wiped everything."""
    paper = np.tile(np.linspace(150, 200, 700), (80, 1))
    paper[:, 560:] = 255
    strip = _boxes_strip(paper, "2840512")
    out = wipe_boxes(strip, 20.0)
    assert (out[:, 560:] == 255).all() and (out[:, :15] == 255).all()  # paper, not ink
    blobs = _blobs(out)
    assert len(blobs) == 7 and all(b[3] - b[1] < 30 for b in blobs)  # the digits, no 40-pixel edge


def test_the_boxed_characters_are_set_side_by_side_along_a_sinking_line():
    from intake.documents.digitboxes import nir_line

    paper = np.full((140, 700), 235)
    wiped = wipe_boxes(_boxes_strip(paper, "195082A123", top=30, drift=2.5), 20.0)
    line = nir_line(wiped, 20.0, 58)
    blobs = sorted(_blobs(line))
    assert len(blobs) == 10 and line.shape[1] < 0.7 * wiped.shape[1]
    middles = [(b[1] + b[3]) / 2 for b in blobs]
    assert max(middles) - min(middles) < 8  # straightened onto one row


def test_a_nir_label_read_poorly_or_glued_to_its_number_sign_is_known():
    from intake.documents.digitboxes import _NIR_LABEL

    for word in ("N°.d'immatriculation", "d'immetriculation", "sociale", "NIR", "l'immatriculation:", "d'‘immatriculation"):
        assert _NIR_LABEL.match(word.lower()), word
    assert not _NIR_LABEL.match("matricule") and not _NIR_LABEL.match("venir")


def test_a_line_the_reading_dropped_is_found_but_not_a_stamp_at_the_right():
    from intake.documents.digitboxes import dropped_lines

    page = Image.new("L", (1400, 700), 240)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(_FONT, 22)
    words = []
    for y in (60, 110, 260, 310):
        draw.text((80, y), "Ligne de texte bien lue numéro", fill=20, font=font)
        words += [Word(t, 80 + 90 * j, y, 160 + 90 * j, y + 24, 0.95) for j, t in enumerate(("Ligne", "texte", "bien"))]
        words[-1] = Word("numéro", 80, y, 440, y + 24, 0.95)
    draw.text((80, 180), "Numéro de sécurité sociale", fill=20, font=font)  # unread: no word
    for i in range(13):
        draw.rectangle((420 + 38 * i, 172, 452 + 38 * i, 212), outline=60, width=2)
        draw.text((428 + 38 * i, 180), "2840575123456"[i], fill=20, font=font)
    draw.ellipse((1100, 380, 1300, 560), outline=30, width=6)  # a stamp, unread too
    (band,) = dropped_lines(page, words)
    assert band[1] < 180 and band[3] > 200  # the label's and the digits' rows

    # A table's rule between two rows read well, a little askew, is no line the reading dropped.
    draw.rectangle((60, 150, 1300, 230), fill=240)
    draw.line((60, 200, 1300, 214), fill=30, width=3)
    assert dropped_lines(page, words) == []


@pytest.mark.skipif(ocr.tesseract_path() is None, reason="tesseract absent")
def test_a_boxed_nir_on_a_photographed_page_a_little_askew_is_read():
    """A photo: light falling off across grey paper, the page turned by 1.5° (under the deskew threshold),
    the label glued to its number sign. The NIR's 15 characters are read in its boxes."""
    nir15 = "1760433012345" + key_of("1760433012345")
    page = _boxed_nir_page(nir15, label="N°.d'immatriculation")
    shade = np.tile(np.linspace(0.75, 1.0, page.width), (page.height, 1))
    page = Image.fromarray((np.asarray(page) * shade).astype(np.uint8)).rotate(1.5, fillcolor=255, expand=True)
    read = ocr.ocr_image(images.flatten_light(page), dpi=200)  # as documents.reader reads a picture
    text = word_lines_text(Page(1, read.text, read.width, read.height, read.words, ocr=True))
    assert any(n.value + (n.key or "") == nir15 for n in find_nirs(text)), text


def _boxed_dates_page(dates: list[tuple[str, str]], *, box: int = 50, size: int = 22) -> Image.Image:
    """A form's dates printed one digit a box, boxes grouped day | month | year and much taller than the
    text (as on a photographed arrêt de travail), each row right of its label."""
    page = Image.new("L", (1400, 200 + 90 * len(dates)), 235)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(_FONT, size)
    draw.text((60, 60), "Avis d'interruption de travail du salarié", fill=30, font=font)
    for row, (label, digits) in enumerate(dates):
        y = 150 + 90 * row
        draw.text((60, y), label, fill=30, font=font)
        x = 520
        for i, c in enumerate(digits):
            if i in (2, 4):
                x += 24
            draw.rectangle((x, y - 14, x + int(0.75 * box), y - 14 + box), outline=70, width=2)
            draw.text((x + 10, y - 2), c, fill=30, font=font)
            x += int(0.75 * box)
    return page


def _as_photo(page: Image.Image, tilt: float) -> Image.Image:
    shade = np.tile(np.linspace(0.7, 1.0, page.width), (page.height, 1))
    return Image.fromarray((np.asarray(page) * shade).astype(np.uint8)).rotate(tilt, fillcolor=255, expand=True)


def test_a_row_of_boxes_right_of_a_label_with_no_digit_read_is_found():
    """The reading kept the labels and nothing of the boxes beside them (or a few letters of no
    confidence): the rows of box edges right of each label are where digits are looked for again; a line
    of prose, or a label with a plain word beside it, has none."""
    from intake.documents.digitboxes import box_rows

    page = _boxed_dates_page([("Début de l'arrêt", "02112025"), ("Fin de l'arrêt", "16112025")])
    draw = ImageDraw.Draw(page)
    draw.text((60, 400), "Observations", fill=30, font=ImageFont.truetype(_FONT, 20))
    draw.text((520, 400), "néant", fill=30, font=ImageFont.truetype(_FONT, 20))
    words = [Word("Début", 60, 150, 120, 172, 0.95), Word("de", 126, 150, 150, 172, 0.95),
             Word("l'arrêt", 156, 150, 230, 172, 0.95), Word("Fin", 60, 240, 95, 262, 0.95),
             Word("de", 101, 240, 125, 262, 0.95), Word("l'arrêt", 131, 240, 205, 262, 0.95),
             Word("QE", 600, 236, 640, 266, 0.1),  # boxed digits taken for letters
             Word("Observations", 60, 400, 200, 422, 0.95), Word("néant", 520, 400, 580, 422, 0.95)]
    rows = box_rows(np.asarray(page), words, 22.0)
    assert len(rows) == 2
    (first, second) = sorted(rows, key=lambda r: r[2])
    assert first[0] == [] and [w.text for w in second[0]] == ["QE"]
    assert 500 < first[1] < 530 and first[3] > 840 and first[2] < 136 and first[4] > 184
    assert second[2] < 226 and second[4] > 274


def test_a_word_between_two_box_edges_is_a_box_whatever_its_confidence():
    words = _row(("[uls]", 240, 300, 0.7), ("o|8", 320, 360, 0.3), ("2[0", 380, 420, 0.2))
    (run,) = boxed_runs(words)
    assert run[0].text == "[uls]"


@pytest.mark.skipif(ocr.tesseract_path() is None, reason="tesseract absent")
def test_boxed_dates_of_a_photographed_form_are_read():
    """Boxes twice as tall as the text on a shaded photo a little askew: the words OCR reads there take the
    boxes' height, and the edges, judged against that height, stayed in the re-reading ('0/305202/5')."""
    dates = [("Arrêt initial le", "21092025"), ("Arrêt prescrit du", "04102025"), ("au (inclus)", "19102025")]
    read = ocr.ocr_image(images.flatten_light(_as_photo(_boxed_dates_page(dates), 1.2)), dpi=200)
    text = word_lines_text(Page(1, read.text, read.width, read.height, read.words, ocr=True))
    squeezed = [line.replace(" ", "").replace("/", "") for line in text.splitlines()]
    for label, digits in dates:
        assert any(line.endswith(digits) for line in squeezed), (label, text)
