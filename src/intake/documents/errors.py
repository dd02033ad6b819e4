"""Why a reader gave up on a file, importable without the imaging stack (numpy, Pillow, tesseract's glue):
the process that only sends files to the reader child never loads it."""

from __future__ import annotations


class ImageError(Exception):
    """The image cannot be decoded within the limits; the message is French, for the handler."""


class OcrError(Exception):
    """Tesseract missing, failed or too slow; the message is French, for the handler."""
