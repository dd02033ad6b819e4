"""Cerfa 10170 and 11138 read by position, from a text PDF and from an OCR'd scan of it."""

import io
from datetime import date

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from intake.documents import read_document
from intake.understand.forms import read_forms
from intake.understand.nir import key_of

FONT = "helvetica"


def _boxes(pdf: FPDF, x: float, y: float, chars: str) -> None:
    pdf.set_draw_color(190)  # cerfa boxes are printed light; black boxes defeat any OCR
    for i, c in enumerate(chars):
        pdf.rect(x + i * 14, y - 1, 11, 12)
        pdf.text(x + i * 14 + 3, y + 8, c)


def make_form(*, form: str, last: str, first: str, nir13: str, boxes: set[str], start: str, end: str,
              accident: str | None = None) -> bytes:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font(FONT, size=9)
    pdf.text(49, 40, "cerfa")
    pdf.text(49, 55, f"N° {form}*07")
    pdf.set_font(FONT, size=13)
    title = "avis d'arrêt de travail" if form == "10170" else "certificat médical"
    pdf.text(210, 42, title)
    pdf.set_font(FONT, size=8)
    if form == "11138":
        pdf.text(200, 60, "accident du travail - maladie professionnelle")
        y = 90
        x = 130
        pdf.text(43, y, "Certificat :")
        for label in ("initial", "de prolongation", "de rechute", "final"):
            key = label.split()[-1]
            if key in boxes:
                pdf.text(x - 12, y, "X")
            pdf.text(x, y, label)
            x += 85
    pdf.set_font(FONT, size=6)
    pdf.text(46, 112, "Nom de famille (de naissance) suivi du nom d'usage")
    pdf.text(358, 112, "Prénom(s)")
    pdf.set_font(FONT, size=10)
    pdf.text(49, 126, last)
    pdf.text(361, 126, first)
    pdf.set_font(FONT, size=7)
    pdf.text(43, 147, "N° d'immatriculation")
    pdf.set_font(FONT, size=10)
    _boxes(pdf, 160, 140, nir13 + key_of(nir13))
    pdf.set_font(FONT, size=9)
    if form == "10170":
        pdf.text(48, 200, "ARRÊT DE TRAVAIL")
        for x, label in ((60, "initial"), (140, "prolongation")):
            if label in boxes:
                pdf.text(x - 12, 220, "X")
            pdf.text(x, 220, label)
        pdf.text(48, 245, f"Arrêt de travail du   {start}   au   {end}   inclus")
        for x, y, label, key in ((60, 270, "ALD (affection de longue durée)", "ald"),
                                 (260, 270, "accident causé par un tiers", "tiers"),
                                 (60, 290, "état pathologique résultant de la grossesse", "grossesse")):
            if key in boxes:
                pdf.text(x - 12, y, "X")
            pdf.text(x, y, label)
    else:
        pdf.text(46, 200, "Date de l'accident du travail ou de la 1re constatation médicale de la maladie professionnelle")
        pdf.text(49, 215, accident or "")
        pdf.text(48, 250, f"Conséquences : arrêt de travail du   {start}   au   {end}   inclus")
    pdf.text(46, 330, "Date : 01/01/2025")
    return bytes(pdf.output())


def _scan(pdf_bytes: bytes) -> bytes:
    page = pdfium.PdfDocument(pdf_bytes)[0]
    img = page.render(scale=300 / 72).to_pil().convert("L")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


ARRET = dict(form="10170", last="ROUQUETTE", first="Mathilde", nir13="2860248095123",
             boxes={"prolongation", "grossesse"}, start="03/03/2025", end="21/03/2025")
ATMP = dict(form="11138", last="DELMAS", first="Jean-Luc", nir13="177032A095321",
            boxes={"rechute"}, start="10/02/2025", end="19/02/2025", accident="19/03/2024")


@pytest.mark.parametrize("scanned", [False, True], ids=["text", "ocr"])
def test_arret_de_travail(scanned):
    data = make_form(**ARRET)
    doc = read_document("scan.png", _scan(data)) if scanned else read_document("arret.pdf", data)
    (f,) = read_forms(doc, reference=date(2025, 3, 5))
    assert f.form == "10170"
    assert (f.last_name, f.first_name) == ("ROUQUETTE", "Mathilde")
    assert f.nir == "2860248095123" and f.nir_has_key
    assert {"prolongation", "grossesse"} <= f.boxes and not {"initial", "ald", "tiers"} & f.boxes
    assert (f.start, f.end) == (date(2025, 3, 3), date(2025, 3, 21))
    assert 0 < f.confidence <= 1.0


@pytest.mark.parametrize("scanned, nir13", [(False, "177032A095321"), (True, "1770348095321")], ids=["text", "ocr"])
def test_certificat_at_mp(scanned, nir13):
    # Corsica (2A) only on the text layer: tesseract reads a boxed "2A" too poorly to be tested honestly.
    data = make_form(**{**ATMP, "nir13": nir13})
    doc = read_document("scan.png", _scan(data)) if scanned else read_document("certificat.pdf", data)
    (f,) = read_forms(doc, reference=date(2025, 2, 12))
    assert f.form == "11138"
    assert f.last_name == "DELMAS" and f.first_name.replace(" ", "") == "Jean-Luc"
    # OCR of boxed digits may stay ambiguous (a box edge read as a digit, two key-valid readings):
    # then no NIR, never a wrong one.
    assert f.nir == nir13 if not scanned else f.nir in (nir13, None)
    assert "rechute" in f.boxes and not {"initial", "prolongation", "final"} & f.boxes
    assert f.accident_date == date(2024, 3, 19)
    assert (f.start, f.end) == (date(2025, 2, 10), date(2025, 2, 19))


def test_other_documents_are_not_forms():
    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font(FONT, size=11)
    pdf.text(50, 80, "ENQUÊTE ADMINISTRATIVE - accident de service du 06/05/2025")
    assert read_forms(read_document("e.pdf", bytes(pdf.output())), reference=date(2025, 5, 20)) == []


def test_a_name_glued_to_its_label_and_the_nir_line_below():
    """OCR glued « Nom d'usage : » to the name; the line below is the NIR's: its label is no name."""
    from intake.documents.model import Page, Word
    from intake.understand.forms import read_form

    words = [Word("AVIS", 60, 40, 120, 60, 0.95), Word("D'ARRÊT", 130, 40, 230, 60, 0.95),
             Word("DE", 240, 40, 270, 60, 0.95), Word("TRAVAIL", 280, 40, 380, 60, 0.95),
             Word("Nom", 60, 200, 105, 216), Word("d'usage", 112, 200, 200, 222), Word(":", 198, 196, 210, 227),
             Word("FONTVIEILLE", 213, 201, 370, 217), Word("Prénom", 420, 196, 500, 222), Word(":", 508, 204, 512, 216),
             Word("Odile", 530, 200, 590, 220),
             Word("N°", 60, 240, 82, 254), Word("d'immatriculation", 90, 228, 250, 262),
             Word("2", 280, 238, 292, 256, 0.3), Word("|7|", 300, 236, 330, 258, 0.2)]
    text = "AVIS D'ARRÊT DE TRAVAIL\nNom d'usage : FONTVIEILLE Prénom : Odile\nN° d'immatriculation 2 |7|"
    facts = read_form(Page(1, text, 800, 1100, words, ocr=True), reference=date(2025, 3, 1))
    assert facts is not None
    assert (facts.last_name, facts.first_name) == ("FONTVIEILLE", "Odile")
