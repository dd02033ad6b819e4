"""Boxes ticked on a form (cerfa 10170 / 11138), from word positions: an X just left of its label. The ticks
found by ink on an OCR'd page are inkticks.py's (numpy, loaded only where pages are images)."""

from __future__ import annotations

from intake.documents.formgeom import lines_of, ticked
from intake.documents.model import Page, Word
from intake.documents.ticks import CHOICE_RE

LABELS = {
    "initial": "initial",
    "prolongation": "prolongation",
    "rechute": "rechute",
    "final": "final",
}


def ticked_labels(page: Page) -> set[str]:
    """The form labels (initial, prolongation, rechute, final) whose box carries a tick mark, read the way
    the form reader reads them (formgeom.ticked): a mark before or after its label."""
    found = ticked(lines_of(page), CHOICE_RE, ocr=True)
    return {label for label in found if label in LABELS}


def with_marks(words: list[Word], marks: list[Word]) -> list[Word]:
    """The page's words with the marks found by ink, which replace what OCR made of the same boxes ('D', 'Ü')."""
    def covered(w: Word) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
        return len(w.text) <= 2 and any(m.x0 <= cx <= m.x1 and m.y0 <= cy <= m.y1 for m in marks)
    return [w for w in words if not covered(w)] + marks
