"""Bounds on what one attachment may cost to read (size, pages, pixels, OCR time)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 40 * 1024 * 1024  # larger attachments are refused before parsing
    max_pages: int = 50  # pages beyond this are ignored (the document is still read)
    max_ocr_pages: int = 20  # OCR is the expensive part: a long scanned file is read partially
    max_pixels: int = 60_000_000  # one decoded image or rendered page (decompression bombs)
    ocr_dpi: int = 300  # rendering resolution for PDF pages without a text layer (at most)
    ocr_min_dpi: int = 150  # a page scanned at a lower resolution is enlarged to this
    ocr_timeout_s: float = 60.0  # per tesseract run
    ocr_language: str = "fra"


DEFAULT_LIMITS = Limits()
