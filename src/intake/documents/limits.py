"""Bounds on what one attachment may cost to read (size, pages, pixels, OCR time)."""

from __future__ import annotations

from dataclasses import dataclass, replace


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
    # The whole reading of one PDF or image, in a child process (sandbox.py): over these it is killed.
    read_timeout_s: float = 180.0  # wall clock; a legitimate 20-page scan reads in about 60 s here
    max_memory_mb: int = 1536  # address space the reader may add to the worker's; 0: no cap
    sandbox: bool = True  # False: read in-process (one-shot commands, debugging)


DEFAULT_LIMITS = Limits()


def configured_limits() -> Limits:
    """The defaults with the INTAKE_DOCUMENT_* settings applied."""
    from intake.settings import get_settings  # late: the documents package is usable without settings

    settings = get_settings()
    return replace(
        DEFAULT_LIMITS,
        read_timeout_s=settings.document_timeout_seconds,
        max_memory_mb=settings.document_memory_mb,
        sandbox=settings.document_sandbox,
    )
