"""What the reading of one attachment yields: pages of text with word boxes, and a kind with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Word:
    """One word on a page; coordinates in points (PDF) or pixels (images), origin top-left."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float = 1.0  # OCR confidence 0..1; 1.0 for a text layer


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    text: str
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    ocr: bool = False  # True when the text came from OCR (no text layer)


@dataclass(slots=True)
class DocumentText:
    """The text of one attachment, or the reason it could not be read."""

    pages: list[Page] = field(default_factory=list)
    unreadable: str | None = None  # French reason when nothing could be read (encrypted, corrupt, too big…)

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)

    @property
    def ocr(self) -> bool:
        return any(p.ocr for p in self.pages)


@dataclass(frozen=True, slots=True)
class KindGuess:
    """A document kind with how sure we are and why (the evidence is shown to handlers)."""

    kind: str  # a DocumentKind code
    confidence: float
    evidence: tuple[str, ...] = ()
