"""The page viewer: where on a piece's page each field was read, for the claim page to box it.

The drafting keeps, in the claim's provenance, the piece's file name, the page (1-based), the word box and
the page's size, in the page's own unit (PDF points, or pixels of the image as OCR straightened it). The
page images the desk serves are scaled copies of that same frame (web/render.py turns scans as OCR did),
so an SVG over the image with the page's size as viewBox puts the box where the words are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intake.store.claims import Claim, Document

# The fields of the claim page a box can stand for, in the order the page lists them (French labels).
FIELDS = {"agent": "Agent", "nir": "NIR", "date_survenance": "Date de survenance",
          "arret_start": "Début de l'arrêt", "arret_end": "Fin de l'arrêt"}


@dataclass(frozen=True, slots=True)
class SourceBox:
    field: str
    label: str
    document_id: int
    page: int  # 0-based, as the page images are numbered
    x: float
    y: float
    width: float
    height: float
    page_width: float
    page_height: float

    @property
    def anchor(self) -> str:
        return f"box-{self.field}"


def _box(name: str, place: Any, documents: list[Document]) -> SourceBox | None:
    if not isinstance(place, dict):
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in place["box"])
        width, height = (float(v) for v in place["size"])
        page = int(place["page"]) - 1
    except (KeyError, TypeError, ValueError):
        return None  # a provenance written before boxes were kept, or damaged: no box rather than a wrong one
    document = next((d for d in documents if d.filename == place.get("piece")), None)
    if document is None or width <= 0 or height <= 0 or page < 0 or x1 <= x0 or y1 <= y0:
        return None
    pad = max(width, height) * 0.004  # a little air around the words, so the frame does not cover them
    x0, y0 = max(0.0, x0 - pad), max(0.0, y0 - pad)
    x1, y1 = min(width, x1 + pad), min(height, y1 + pad)
    return SourceBox(name, FIELDS[name], document.id, page, round(x0, 1), round(y0, 1), round(x1 - x0, 1),
                     round(y1 - y0, 1), width, height)


def source_boxes(claim: Claim) -> dict[str, SourceBox]:
    """Each field read on a piece still on this claim, with its box (a piece moved away takes none)."""
    provenance = claim.provenance or {}
    out = {}
    for name in FIELDS:
        entry = provenance.get(name)
        box = _box(name, entry.get("place"), list(claim.documents)) if isinstance(entry, dict) else None
        if box is not None:
            out[name] = box
    return out


def page_turn(document: Document, page: int) -> tuple[int, float]:
    """How OCR turned this page upright ([quarter turn, skew] kept on the document), (0, 0) when it did not."""
    pages = document.pages or []
    if 0 <= page < len(pages):
        try:
            turn, skew = int(pages[page][0]), float(pages[page][1])
        except (TypeError, ValueError, IndexError):
            return 0, 0.0
        if turn in (0, 90, 180, 270) and abs(skew) <= 45:
            return turn, skew
    return 0, 0.0
