"""read_document: any attachment's bytes to DocumentText; never raises, says why when it cannot read."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from intake.documents import office, pdf, pdf_fields, pdfmarks
from intake.documents.errors import ImageError, OcrError
from intake.documents.limits import DEFAULT_LIMITS, Limits, configured_limits
from intake.documents.model import DocumentText, Page
from intake.documents.sandbox import Sandbox
from intake.documents.sniff import FileType, sniff
from intake.telemetry import DOCUMENT_SECONDS

log = logging.getLogger(__name__)

# Words of the boxes forms offer to tick: only pages with such words are looked at for drawn ticks.
_CHOICE_WORDS = re.compile(r"(?i)initial|prolongation|rechute|trajet|accident|professionnelle|cochez|cocher|oui\b")


def read_document(
    filename: str, data: bytes, content_type: str | None = None, *, limits: Limits | None = None
) -> DocumentText:
    """PDFs and images are read in the sandbox child (bounded in time and memory) unless limits say not."""
    limits = limits if limits is not None else configured_limits()
    if not data:
        return DocumentText(unreadable="fichier vide")
    if len(data) > limits.max_bytes:
        return DocumentText(unreadable=f"fichier trop volumineux ({len(data) // (1024 * 1024)} Mo)")
    kind = sniff(data, filename, content_type)
    if kind is FileType.UNKNOWN:
        return DocumentText(unreadable="type de fichier non pris en charge")
    started = time.perf_counter()
    if limits.sandbox:
        result = _SANDBOX.read(filename, data, content_type, limits)
    else:
        result = read_in_process(filename, data, content_type, limits)
    ocr = "oui" if any(page.ocr for page in result.pages) else "non"
    DOCUMENT_SECONDS.labels(ocr=ocr).observe(time.perf_counter() - started)
    return result


def read_in_process(filename: str, data: bytes, content_type: str | None, limits: Limits) -> DocumentText:
    """The reading itself, in this process; never raises except MemoryError (the sandbox reports it)."""
    kind = sniff(data, filename, content_type)
    reader = READERS.get(kind)
    if reader is None:
        return DocumentText(unreadable="type de fichier non pris en charge")
    try:
        return reader(data, limits)
    except (pdf.PdfError, ImageError, OcrError, office.OfficeError) as exc:
        return DocumentText(unreadable=str(exc))
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - a hostile file must never stop the reading of a message
        log.exception("unexpected failure reading an attachment (%s)", kind)
        return DocumentText(unreadable="fichier illisible (erreur inattendue à la lecture)")


def _read_pdf(data: bytes, limits: Limits) -> DocumentText:
    document = pdf.open_pdf(data)
    try:
        if len(document) == 0:
            return DocumentText(unreadable="PDF sans aucune page")
        pages: list[Page] = []
        ocr_done = 0
        ocr_failure: str | None = None
        for number, page in pdf.iter_pages(document, limits.max_pages):
            text, words = pdf.page_text(page)
            width, height = page.get_size()
            if pdf.has_text_layer(text):
                if _CHOICE_WORDS.search(text) and pdfmarks.may_have_drawn_marks(page):
                    words = words + pdfmarks.drawn_marks(data, number)  # ticks drawn, not typed
                pages.append(Page(number, text, width, height, words))
                continue
            if ocr_done >= limits.max_ocr_pages:
                pages.append(Page(number, text, width, height, words))
                continue
            image, dpi = page_image(page, limits)
            try:
                read = _ocr().ocr_image(image, language=limits.ocr_language, dpi=round(dpi), timeout=limits.ocr_timeout_s)
            except OcrError as exc:
                ocr_failure = str(exc)
                pages.append(Page(number, text, width, height, words))
                continue
            ocr_done += 1
            if pdf.short_text_layer(text) and _letters(read.text) <= 1.2 * _letters(text) + 5:
                # A short page of real text (« Dummy PDF file », a one-line cover): OCR read no more than its
                # layer holds, so the layer's own text stands and nothing was read by OCR. A junk layer (broken
                # font encoding) is never « short text »: OCR's reading stands there.
                pages.append(Page(number, text, width, height, words))
                continue
            pages.append(Page(number, read.text, read.width, read.height, read.words, ocr=True, turn=read.rotation,
                              skew=read.skew))
        if not pages:
            return DocumentText(unreadable="PDF endommagé : aucune page lisible")
        # pypdf parses the whole file again (~2 ms a PDF): only where pdfium saw an interactive form.
        fields = pdf_fields.form_fields(data) if pdf.has_form(document) else []
        if fields:  # a form filled on screen: its values are in the fields, not in the page text
            first = pages[0]
            pages[0] = Page(first.number, f"{first.text.rstrip()}\n{pdf_fields.fields_text(fields)}", first.width,
                            first.height, first.words, ocr=first.ocr, turn=first.turn, skew=first.skew)
        if ocr_failure and not any(p.text.strip() for p in pages):
            return DocumentText(pages=pages, unreadable=ocr_failure)
        return DocumentText(pages=pages)
    finally:
        document.close()


_WORDISH = re.compile(r"[^\W\d_]{2}|\d{2}")  # two letters or two digits in a row: more than OCR's specks


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def page_image(page: object, limits: Limits = DEFAULT_LIMITS) -> tuple[object, float]:
    """The image OCR reads for a PDF page without text: the scan itself when possible, else a rendering."""
    scanned = pdf.scanned_image(page, limits.ocr_min_dpi, limits.ocr_dpi, limits.max_pixels)  # type: ignore[arg-type]
    if scanned is not None:
        return scanned
    return pdf.render(page, ocr_dpi(page, limits), limits.max_pixels)  # type: ignore[arg-type]


def ocr_dpi(page: object, limits: Limits = DEFAULT_LIMITS) -> float:
    """Rendering resolution for OCR: the scanner's own resolution (no upsampling cost), within bounds."""
    native = pdf.native_dpi(page)  # type: ignore[arg-type]
    if native is None:
        return float(limits.ocr_dpi)
    return min(float(limits.ocr_dpi), max(float(limits.ocr_min_dpi), native))


def _ocr():  # noqa: ANN202 - the module
    """The OCR and image modules, imported where a page is an image: a text PDF never loads numpy (0.1 s of
    every `intake parse` start-up); the reader child keeps them once loaded."""
    from intake.documents import ocr

    return ocr


def _read_image(data: bytes, limits: Limits) -> DocumentText:
    from intake.documents import images

    image = images.open_image(data, limits.max_pixels)
    pages: list[Page] = []
    try:
        for number, (frame, dpi) in enumerate(images.iter_frames(image, min(limits.max_pages, limits.max_ocr_pages)), 1):
            frame = images.flatten_light(frame)
            read = _ocr().ocr_image(frame, language=limits.ocr_language, dpi=round(dpi) if dpi else None, timeout=limits.ocr_timeout_s)
            # A picture file is a photo of a page only if OCR found words in it: a drawing or a photo of a fish
            # was not read by OCR (contract: `ocr` says where the text came from). A PDF page without a text
            # layer is a scanned page whatever OCR made of it.
            pages.append(Page(number, read.text, read.width, read.height, read.words,
                              ocr=bool(_WORDISH.search(read.text)), turn=read.rotation, skew=read.skew))
    finally:
        image.close()
    return DocumentText(pages=pages)


# One reader per file type sniff() tells (as invoice2data's input modules): a new format is a sniffing rule
# and an entry here. Office formats: documents/office.py says which library reads which, and why.
READERS: dict[FileType, Callable[[bytes, Limits], DocumentText]] = {
    FileType.PDF: _read_pdf,
    FileType.IMAGE: _read_image,
    FileType.DOCX: office.read_docx,
    FileType.ODT: office.read_odt,
    FileType.DOC: office.read_doc,
    FileType.RTF: office.read_rtf,
}

_SANDBOX = Sandbox(read_in_process)  # one reader child per process, started at the first PDF or image
