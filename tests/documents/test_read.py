"""read_document on real files made here: text PDFs, scans, photos, TIFF, and hostile or broken input."""

from __future__ import annotations

import io
import random
import time

import pytest
from fpdf import FPDF
from PIL import Image

from corpus.documents import draw_shapes, make_photo, make_scan, make_text_pdf, render_page
from intake.documents import Limits, classify, read_document
from intake.documents.forms import ticked_labels
from intake.documents.textnorm import fold


def _contains(doc_text: str, *words: str) -> bool:
    folded = fold(doc_text)
    return all(fold(w) in folded for w in words)


def test_text_pdf_reads_text_layer_with_word_boxes_without_ocr() -> None:
    pdf = make_text_pdf("arrete", random.Random(1), last_name="LEGRAND", first_name="Océane")
    doc = read_document("arrêté.pdf", pdf, "application/pdf")
    assert doc.unreadable is None and not doc.ocr
    assert _contains(doc.text, "LEGRAND", "Océane", "Article")
    page = doc.pages[0]
    assert page.width == pytest.approx(595.3, abs=1) and page.height == pytest.approx(841.9, abs=1)
    legrand = [w for w in page.words if "LEGRAND" in w.text]
    assert legrand and all(0 <= w.x0 < w.x1 <= page.width and 0 <= w.y0 < w.y1 <= page.height for w in legrand)


def test_text_pdf_is_cheap() -> None:
    pdf = make_text_pdf("arret_travail", random.Random(2))
    read_document("a.pdf", pdf)  # warm-up: pdfium and the pattern table load once per process
    start = time.perf_counter()
    for _ in range(10):
        classify("a.pdf", read_document("a.pdf", pdf))
    assert (time.perf_counter() - start) / 10 < 0.05


@pytest.mark.parametrize(("nature", "label"), [("initial", "initial"), ("prolongation", "prolongation"), ("rechute", "rechute")])
def test_ticked_box_on_cerfa_11138_is_found_from_word_positions(nature: str, label: str) -> None:
    pdf = make_text_pdf("certificat_at_mp", random.Random(3), nature=nature)
    doc = read_document("c.pdf", pdf)
    assert ticked_labels(doc.pages[0]) == {label}
    assert classify("c.pdf", doc).kind == "certificat_at_mp"


def test_scan_is_ocr_read_and_classified() -> None:
    rng = random.Random(4)
    scan = make_scan(make_text_pdf("avis_conseil_medical", rng, last_name="VALLON"), rng, rotation=0, skew=2.5)
    doc = read_document("scan_0001.pdf", scan)
    assert doc.ocr and doc.unreadable is None
    assert _contains(doc.text, "VALLON")
    assert all(0 <= w.confidence <= 1 for w in doc.pages[0].words)
    assert classify("scan_0001.pdf", doc).kind == "avis_conseil_medical"


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_turned_scan_is_put_upright(rotation: int) -> None:
    rng = random.Random(10 + rotation)
    scan = make_scan(make_text_pdf("acte_deces", rng, last_name="MARCHETTI"), rng, rotation=rotation, skew=1.0)
    doc = read_document("scan.pdf", scan)
    assert _contains(doc.text, "MARCHETTI", "deces")
    page = doc.pages[0]
    assert page.height > page.width  # the page is read portrait, as printed


@pytest.mark.parametrize("orientation", [6, 3, 8])
def test_phone_photo_with_exif_orientation(orientation: int) -> None:
    rng = random.Random(20 + orientation)
    photo = make_photo(make_text_pdf("bulletin_salaire", rng, last_name="ROUSSEL"), rng, orientation=orientation)
    doc = read_document("IMG_2041.jpg", photo, "image/jpeg")
    assert doc.ocr and _contains(doc.text, "ROUSSEL")
    assert classify("IMG_2041.jpg", doc).kind == "bulletin_salaire"


def test_multipage_tiff_reads_every_page() -> None:
    rng = random.Random(30)
    pages = [render_page(make_text_pdf(kind, rng, last_name=name), 200).convert("L")
             for kind, name in (("demande_agent", "HOARAU"), ("acte_naissance", "HOARAU"))]
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_lzw", dpi=(200, 200))
    doc = read_document("fax.tif", buf.getvalue())
    assert [p.number for p in doc.pages] == [1, 2] and all(p.ocr for p in doc.pages)
    assert _contains(doc.pages[1].text, "naissance")


def test_picture_without_text_is_autre() -> None:
    buf = io.BytesIO()
    draw_shapes((900, 700), random.Random(31)).save(buf, format="PNG")
    doc = read_document("photo.png", buf.getvalue())
    assert doc.unreadable is None
    assert classify("photo.png", doc).kind == "autre"


def test_encrypted_pdf_is_unreadable_with_reason() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Avis d'arret de travail")
    pdf.set_encryption(owner_password="proprietaire", user_password="secret")
    doc = read_document("arret.pdf", bytes(pdf.output()))
    assert doc.unreadable and "mot de passe" in doc.unreadable and not doc.pages


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + bytes(range(256)) * 20, b"%PDF-1.4\n1 0 obj <<>>", b"\x00" * 100])
def test_corrupt_pdf_is_unreadable_not_an_exception(data: bytes) -> None:
    doc = read_document("cassé.pdf", data, "application/pdf")
    assert doc.unreadable
    assert classify("cassé.pdf", doc).kind == "autre"


def test_truncated_pdf_never_raises() -> None:
    pdf = make_text_pdf("arrete", random.Random(32))
    doc = read_document("coupé.pdf", pdf[: len(pdf) // 3])
    assert doc.unreadable or doc.pages  # pdfium may repair it; either way no exception


def test_pixel_bomb_is_refused_before_decoding() -> None:
    buf = io.BytesIO()
    Image.new("1", (12_000, 12_000), 1).save(buf, format="PNG")  # ~20 kB on disk, 144 megapixels
    start = time.perf_counter()
    doc = read_document("bombe.png", buf.getvalue())
    assert doc.unreadable and "trop grande" in doc.unreadable
    assert time.perf_counter() - start < 1.0


def test_truncated_image_is_unreadable() -> None:
    buf = io.BytesIO()
    render_page(make_text_pdf("facture", random.Random(33)), 100).save(buf, format="JPEG")
    doc = read_document("f.jpg", buf.getvalue()[:200])
    assert doc.unreadable


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("vide.pdf", b"", "vide"),
    ("doc.docx", b"PK\x03\x04" + b"\x00" * 200, "non pris en charge"),
])
def test_empty_and_unsupported(name: str, data: bytes, reason: str) -> None:
    doc = read_document(name, data)
    assert doc.unreadable and reason in doc.unreadable


def test_size_and_page_limits() -> None:
    pdf = make_text_pdf("arrete", random.Random(34))
    assert "volumineux" in (read_document("a.pdf", pdf, limits=Limits(max_bytes=1000)).unreadable or "")
    tall = FPDF()
    tall.set_font("helvetica", size=12)
    for i in range(5):
        tall.add_page()
        tall.cell(0, 10, f"Page {i + 1} du bulletin de paie de l'agent, net a payer")
    doc = read_document("long.pdf", bytes(tall.output()), limits=Limits(max_pages=3))
    assert len(doc.pages) == 3
