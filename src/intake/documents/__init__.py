"""Attachments to text (text layer or OCR) and to a document kind with its evidence."""

from intake.documents.classify import classify
from intake.documents.limits import DEFAULT_LIMITS, Limits
from intake.documents.model import DocumentText, KindGuess, Page, Word
from intake.documents.reader import read_document

__all__ = ["DEFAULT_LIMITS", "DocumentText", "KindGuess", "Limits", "Page", "Word", "classify", "read_document"]
