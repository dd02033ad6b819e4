"""PDF pages through pdfium: the text layer with word boxes, and page images for pages without one.

Word boxes come from pdfium's character boxes grouped into words here: pdfplumber (pdfminer) gives
the same words but parses the page again in pure Python, 20-50x slower, and the boxes ticked on
forms are text characters ("X") or short strokes whose position these words already carry.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from intake.documents.model import Word
from intake.documents.textnorm import letter_ratio

_MIN_TEXT_CHARS = 25  # fewer letters than this on a page: a scan with a stray stamp, not a text layer
_MIN_LETTER_RATIO = 0.55  # below this the layer is junk (broken font encodings, glyph ids)


class PdfError(Exception):
    """The PDF cannot be opened; the message is French, for the handler."""


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise PdfError("PDF protégé par un mot de passe") from exc
        raise PdfError("PDF endommagé ou illisible") from exc


def page_text(page: pdfium.PdfPage) -> tuple[str, list[Word]]:
    """Text of the page in reading order, and its words (points, origin top-left)."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return "", []
        text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
        return text, _words(textpage, count, page.get_height())
    finally:
        textpage.close()


def _words(textpage: pdfium.PdfTextPage, count: int, height: float) -> list[Word]:
    raw = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    words: list[Word] = []
    chars: list[str] = []
    box = [0.0, 0.0, 0.0, 0.0]

    def flush() -> None:
        if chars:
            words.append(Word("".join(chars), box[0], height - box[3], box[2], height - box[1]))
            chars.clear()

    for i in range(count):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        char = chr(code) if 0 < code < 0x110000 else " "
        if char.isspace() or code in (0xFFFE, 0xFFFF, 2):
            flush()
            continue
        if not pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top):
            continue
        if chars and (left.value - box[2] > max(2.5, 0.5 * (box[3] - box[1])) or left.value < box[0] - 1):
            flush()  # a gap or a jump back starts a new word even without a space character
        if not chars:
            box[:] = [left.value, bottom.value, right.value, top.value]
        else:
            box[:] = [min(box[0], left.value), min(box[1], bottom.value), max(box[2], right.value), max(box[3], top.value)]
        chars.append(char)
    flush()
    return words


def has_form(document: pdfium.PdfDocument) -> bool:
    """Whether the document holds an interactive form (AcroForm or XFA), whose values are not page text."""
    return document.get_formtype() != pdfium_c.FORMTYPE_NONE


def has_text_layer(text: str) -> bool:
    letters = sum(1 for c in text if c.isalnum())
    return letters >= _MIN_TEXT_CHARS and letter_ratio(text) >= _MIN_LETTER_RATIO


def short_text_layer(text: str) -> bool:
    """Real text, too little of it to rule out a scan (has_text_layer says no only for its length)."""
    return any(c.isalnum() for c in text) and letter_ratio(text) >= _MIN_LETTER_RATIO


def native_dpi(page: pdfium.PdfPage) -> float | None:
    """Resolution of the largest image on the page (a scanner's page image), in dots per inch."""
    best: tuple[float, float] | None = None
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        try:
            px_w, _px_h = obj.get_px_size()
            x0, _y0, x1, _y1 = obj.get_bounds()
        except Exception:  # noqa: BLE001 - a malformed image object only loses the hint
            continue
        span = x1 - x0
        if span > 0 and (best is None or span > best[0]):
            best = (span, px_w / span * 72.0)
    return best[1] if best else None


def scanned_image(page: pdfium.PdfPage, min_dpi: float, max_dpi: float, max_pixels: int) -> tuple[Image.Image, float] | None:
    """The scanner's own page image when the page is just that (one upright image covering it).

    Decoding it costs a tenth of rendering the page at the same resolution (measured 17 ms vs 150 ms
    at 300 dpi). None when the page is anything else: then it is rendered.
    """
    if page.get_rotation() % 360:
        return None
    width, height = page.get_size()
    found = None
    for obj in page.get_objects(max_depth=1):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return None  # text, paths or forms drawn over the image: render the whole page
        if found is not None:
            return None
        found = obj
    if found is None:
        return None
    try:
        a, b, c, d, _e, _f = found.get_matrix().get()
        px_w, px_h = found.get_px_size()
    except Exception:  # noqa: BLE001 - a malformed object: let the renderer deal with it
        return None
    if abs(b) > 1e-6 or abs(c) > 1e-6 or a <= 0 or d <= 0 or a * d < 0.9 * width * height:
        return None
    dpi = px_w / a * 72.0
    if not (min_dpi <= dpi <= max_dpi) or px_w * px_h > max_pixels:
        return None
    try:
        bitmap = found.get_bitmap(render=False)
        image = bitmap.to_pil().convert("L")
    except Exception:  # noqa: BLE001
        return None
    return image, dpi


def render(page: pdfium.PdfPage, dpi: float, max_pixels: int) -> tuple[Image.Image, float]:
    """Grey image of the page at dpi (lowered so the image stays under max_pixels)."""
    width, height = page.get_size()
    scale = dpi / 72.0
    if width * height * scale * scale > max_pixels:
        scale = (max_pixels / (width * height)) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        return bitmap.to_pil().convert("L"), scale * 72.0
    finally:
        bitmap.close()


def iter_pages(pdf: pdfium.PdfDocument, limit: int) -> Iterator[tuple[int, pdfium.PdfPage]]:
    """The pages that load; a damaged page tree leaves some out (found by fuzzing: the commonest damage)."""
    for index in range(min(len(pdf), limit)):
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            continue
        try:
            yield index + 1, page
        finally:
            page.close()
