"""Broken and hostile attachments: each read to a result or a French reason, in bounded time and memory."""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

import pytest

from fuzz import badfiles
from intake.documents import Limits, read_document
from intake.documents.pdf import open_pdf
from intake.documents.reader import page_image

FAST = Limits(read_timeout_s=30.0)  # generous for these files; the bound itself is tested below


def _self_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("truncated.pdf", lambda: badfiles.text_pdf()[:300], "PDF endommagé"),
    ("header-only.pdf", lambda: b"%PDF-1.7\n", "PDF endommagé"),
    ("locked.pdf", lambda: badfiles.text_pdf(owner_password="o", user_password="secret"), "mot de passe"),
    ("exe.pdf", badfiles.exe_named_pdf, "PDF endommagé"),
    ("page.pdf", badfiles.html_named_pdf, "PDF endommagé"),
    ("huge.png", badfiles.png_header_bomb, "image trop grande"),
    ("bomb.png", badfiles.png_real_bomb, "image trop grande"),
    ("huge.jpg", badfiles.jpeg_header_bomb, "image trop grande"),
    ("huge.tif", badfiles.tiff_header_bomb, "image trop grande"),
    ("photo.jpg", lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 50, "image"),
    ("empty.pdf", lambda: b"", "fichier vide"),
    ("notes.docx", lambda: b"PK\x03\x04 not read", "non pris en charge"),
])
def test_a_bad_file_gets_a_french_reason(name: str, make, reason: str) -> None:
    data = make()
    started = time.monotonic()
    document = read_document(name, data, limits=FAST)
    assert document.unreadable and reason in document.unreadable, document.unreadable
    assert not document.pages
    assert time.monotonic() - started < 10


def test_damaged_but_recoverable_pdfs_are_read() -> None:
    """A wrong xref table is rebuilt by pdfium; owner-only protection does not stop reading; junk after %%EOF is ignored."""
    for data in (badfiles.corrupt_xref(badfiles.text_pdf()), badfiles.text_pdf(owner_password="owner"),
                 badfiles.pdf_zip_polyglot()):
        document = read_document("arret.pdf", data, limits=FAST)
        assert document.unreadable is None and "MARTIN" in document.text


def test_a_jpeg_with_html_appended_is_read_as_the_image_it_starts_with() -> None:
    document = read_document("photo.jpg", badfiles.jpeg_html_polyglot(), limits=FAST)
    assert document.unreadable is None and len(document.pages) == 1
    assert "script" not in document.text


def test_a_huge_page_is_rendered_within_the_pixel_budget() -> None:
    """A 14 400 pt square page (200 inches) at 300 dpi would be 3.6 Gpx; the rendering is scaled down to the limit."""
    limits = Limits(max_pixels=4_000_000)
    for side in (14_400, 200_000):
        document = open_pdf(badfiles.huge_page_pdf(side))
        try:
            image, dpi = page_image(document[0], limits)
        finally:
            document.close()
        assert image.width * image.height <= limits.max_pixels and dpi < 72


def test_an_image_xobject_of_ten_gigapixels_does_not_take_the_memory() -> None:
    started = time.monotonic()
    document = read_document("scan.pdf", badfiles.huge_image_pdf(), limits=Limits(read_timeout_s=60.0, max_pixels=4_000_000))
    assert document.unreadable is None or document.unreadable.startswith("lecture interrompue")
    assert time.monotonic() - started < 60


def test_a_flate_bomb_kills_the_reader_child_not_the_worker() -> None:
    """Measured in-process: this 0.5 MB page inflates to 2.1 GB of resident memory in pdfium (1 GiB
    stream). In the child, capped at 300 MB, pdfium aborts; the worker gets a reason and its memory stays."""
    bomb = badfiles.flate_bomb_pdf(512 << 20)
    before = _self_rss_mb()
    started = time.monotonic()
    document = read_document("arret.pdf", bomb, limits=Limits(read_timeout_s=60.0, max_memory_mb=300))
    assert document.unreadable is not None and document.unreadable.startswith("lecture interrompue"), document.unreadable
    assert time.monotonic() - started < 60
    assert _self_rss_mb() - before < 100
    # the child was replaced: the next file reads normally
    assert "MARTIN" in read_document("arret.pdf", badfiles.text_pdf(), limits=FAST).text


def _group_members(pgid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    found.append(int(entry.name))
            except ProcessLookupError:
                continue
    return found


def test_a_reading_over_its_time_limit_is_killed_with_its_tesseract() -> None:
    """A blank 14 400 pt page reads (renders, then OCR) in ~12 s in-process here; with a 2 s limit the child
    and the tesseract it started are killed, the attachment says why, and the next reading works."""
    from intake.documents.reader import _SANDBOX

    limits = Limits(read_timeout_s=2.0)
    started = time.monotonic()
    document = read_document("plan.pdf", badfiles.huge_page_pdf(), limits=limits)
    elapsed = time.monotonic() - started
    assert document.unreadable == "lecture interrompue : délai dépassé (2 s)"
    assert 2.0 <= elapsed < 8.0
    assert "MARTIN" in read_document("arret.pdf", badfiles.text_pdf(), limits=limits).text
    child = _SANDBOX._process.pid
    killed = [pid for pid in _group_members(child) if pid != child]
    assert killed == []  # nothing but the new child in its group; the old group is gone


def test_a_page_tree_with_no_loadable_page_is_a_damaged_pdf() -> None:
    """Found by fuzz/fuzz_pdf.py: /Count says 3, the kid is not a page; pdfium fails to load it. Before: a
    logged traceback and 'erreur inattendue'; now the pages that load are read, none here."""
    data = badfiles.raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 3 >>", b"42"])
    assert read_document("arret.pdf", data, limits=FAST).unreadable == "PDF endommagé : aucune page lisible"
