"""Tesseract OCR of one page image: orientation and skew fixed first, words with boxes and confidences.

One tesseract process per page, `tesseract stdin stdout tsv` through subprocess: the way the page
reads (0/90/180/270°) comes from the shape of its ink (geometry.analyse); tesseract's orientation probe
runs only for vertical lines the ink leaves unclear, a second reading only when the first is poor.
pytesseract would add temp files and a second process for the version check without giving anything
TSV does not.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image

from intake.documents import digitboxes, images
from intake.documents.errors import OcrError
from intake.documents.forms import with_marks
from intake.documents.geometry import analyse
from intake.documents.inkticks import tick_marks_from_pixels
from intake.documents.model import Word

# One OpenMP thread: tesseract's threading only pays on idle many-core machines; here it costs
# several times more wall clock than it saves (measured on 2 shared cores: 5.6 s vs 1.1 s a page).
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
_ROTATE = re.compile(r"Rotate:\s*(\d+)")
# Degrees. Tesseract's own line finding copes with small skews (measured: same words read at ±2°,
# a third of them lost at 3°), so only larger skews are corrected here.
_MIN_SKEW = 2.0


@dataclass(slots=True)
class OcrPage:
    text: str
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rotation: int = 0  # clockwise degrees the page was turned before reading
    skew: float = 0.0

    @property
    def quality(self) -> float:
        """Characters read with good confidence: what a wrong orientation drives to nearly zero."""
        return sum(len(w.text) for w in self.words if w.confidence >= 0.6 and any(c.isalpha() for c in w.text))

    @property
    def reads_across(self) -> bool:
        """Most longer words read with boxes taller than wide: the text stands at a quarter turn."""
        long_words = [w for w in self.words if sum(c.isalpha() for c in w.text) >= 4]
        return len(long_words) >= 5 and sum((w.y1 - w.y0) > (w.x1 - w.x0) for w in long_words) > 0.7 * len(long_words)

    @property
    def looks_wrong_way(self) -> bool:
        """Few of the longer words read with confidence: upside-down pages score 0-0.2, upright ones 0.95+."""
        long_words = [w for w in self.words if sum(c.isalpha() for c in w.text) >= 3]
        if len(long_words) < 5:
            return sum(len(w.text) for w in self.words) > 100  # much ink, no words: worth a second look
        confident = sum(1 for w in long_words if w.confidence >= 0.6)
        return confident < 0.5 * len(long_words)


@lru_cache(maxsize=1)
def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def _encode(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PPM")  # raw PGM/PPM: no compression time, leptonica reads it from stdin
    return buf.getvalue()


def _run(args: list[str], payload: bytes, timeout: float) -> str:
    exe = tesseract_path()
    if exe is None:
        raise OcrError("OCR indisponible (tesseract absent du serveur)")
    try:
        done = subprocess.run(
            [exe, "stdin", "stdout", *args], input=payload, capture_output=True, timeout=timeout, env=_ENV
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"lecture OCR trop longue (plus de {timeout:.0f} s pour une page)") from exc
    if done.returncode != 0:
        raise OcrError("échec de la lecture OCR de la page")
    return done.stdout.decode("utf-8", "replace")


def _parse_tsv(tsv: str) -> tuple[str, list[Word]]:
    words: list[Word] = []
    lines: dict[tuple[int, int, int], list[str]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        conf = max(0.0, float(cols[10])) / 100.0
        words.append(Word(text, left, top, left + width, top + height, conf))
        lines.setdefault((int(cols[2]), int(cols[3]), int(cols[4])), []).append(text)
    out: list[str] = []
    previous_par: tuple[int, int] | None = None
    for (block, par, _line), texts in lines.items():
        if previous_par is not None and previous_par != (block, par):
            out.append("")  # blank line between paragraphs, as the text layer of a PDF would have
        out.append(" ".join(texts))
        previous_par = (block, par)
    return "\n".join(out), words


def _read(image: Image.Image, language: str, dpi: int | None, timeout: float) -> OcrPage:
    args = ["-l", language, "--psm", "3"]
    if dpi:
        args += ["--dpi", str(dpi)]
    text, words = _parse_tsv(_run([*args, "tsv"], _encode(image), timeout))
    return OcrPage(text=text, width=image.width, height=image.height, words=words)


def _read_digits(strip: Image.Image, timeout: float) -> list[Word]:
    """Lines of boxed characters (digits, and A/B of Corsica's départements), boxes wiped, stacked."""
    # English model: measured on boxed dates and NIRs it reads the digits the French one pads with a
    # stray '3' or '7' ("2 0 2 5" -> "20235"); the language says nothing about digits.
    args = ["-l", "eng", "--psm", "6", "-c", "tessedit_char_whitelist=0123456789AB/", "tsv"]
    try:
        return _parse_tsv(_run(args, _encode(strip), timeout))[1]
    except OcrError:
        return []  # no English model, or a failure: the first reading stays


def _read_lines(block: Image.Image, language: str, timeout: float) -> list[Word]:
    """Lines of text stacked in one image (lines the page's reading dropped), read as a block."""
    try:
        return _parse_tsv(_run(["-l", language, "--psm", "6", "tsv"], _encode(block), timeout))[1]
    except OcrError:
        return []  # the first reading stays


def _osd_rotation(image: Image.Image, timeout: float) -> int | None:
    """Clockwise degrees tesseract's orientation detector says the page needs (on a reduced copy)."""
    probe = image.copy()
    probe.thumbnail((1400, 1400))
    try:
        out = _run(["--psm", "0"], _encode(probe), timeout)
    except OcrError:
        return None  # too little text to tell: keep the page as it is
    match = _ROTATE.search(out)
    return int(match.group(1)) % 360 if match else None


def _turn(image: Image.Image, clockwise: int) -> Image.Image:
    if clockwise == 90:
        return image.transpose(Image.Transpose.ROTATE_270)
    if clockwise == 180:
        return image.transpose(Image.Transpose.ROTATE_180)
    if clockwise == 270:
        return image.transpose(Image.Transpose.ROTATE_90)
    return image


def ocr_image(image: Image.Image, *, language: str = "fra", dpi: int | None = None, timeout: float = 60.0) -> OcrPage:
    """Read one page image; word boxes are in pixels of the straightened image."""
    cleaned = grey = images.without_specks(image.convert("L"))
    geometry = analyse(grey)
    rotation = geometry.turn  # from the letters' shapes; None when they do not say clearly
    if rotation is None and geometry.vertical:
        rotation = _osd_rotation(grey, timeout) or 90
        if rotation in (0, 180):  # the detector disagrees with the line structure: trust the lines
            rotation = 90
    rotation = rotation or 0
    grey = _turn(grey, rotation)  # a half turn keeps line angles, so the skew measured still holds
    skew = geometry.skew if abs(geometry.skew) >= _MIN_SKEW else 0.0
    page_image = grey
    if skew:
        # Nearest-neighbour: 5-25x faster than bilinear on a full page, and tesseract, which thresholds
        # the page anyway, read as many confident words (measured on 6 generated scans at 2-3°).
        page_image = page_image.rotate(skew, resample=Image.Resampling.NEAREST, expand=True, fillcolor=255)
    page = _read(page_image, language, dpi, timeout)
    if rotation in (90, 270) and page.reads_across:
        # Turned a quarter on the word of the ink's lines, yet tesseract read its words standing up: the page
        # was upright (a frame or table rules misled the line measure). Read as it came, keep the better.
        upright = _read(cleaned, language, dpi, timeout)
        if upright.quality >= 0.9 * page.quality and not upright.reads_across:
            page, page_image, rotation, skew = upright, cleaned, 0, 0.0
    if page.looks_wrong_way:
        # Poor reading of horizontal lines: most often a page upside down (or 90° the other way).
        turned = page_image.transpose(Image.Transpose.ROTATE_180)
        flipped = _read(turned, language, dpi, timeout)
        if flipped.quality > page.quality * 1.5:
            page, page_image = flipped, turned
            rotation = (rotation + 180) % 360
    page.words = digitboxes.read_dropped(page_image, page.words, lambda lines: _read_lines(lines, language, timeout))
    page.words = digitboxes.reread(page_image, page.words, lambda strip: _read_digits(strip, timeout))
    page.words = with_marks(page.words, tick_marks_from_pixels(page_image, page.words))
    page.rotation = rotation
    page.skew = skew
    return page
