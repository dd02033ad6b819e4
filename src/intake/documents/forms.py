"""Boxes ticked on a form (cerfa 10170 / 11138), from word positions: an X just left of its label."""

from __future__ import annotations

import re

from intake.documents.model import Page, Word
from intake.documents.textnorm import fold

# What a tick looks like once extracted or OCR'd: X, [X], ☒, ✓, ✔, sometimes K or % from a scan.
_TICK = re.compile(r"^[\[\(|]?(x|×|☒|✓|✔|■|k|%)[\]\)|]?$", re.IGNORECASE)
_CONNECTORS = {"de", "d'", "du", "la"}  # "X de prolongation": words allowed between a tick and its label
_LABELS = {
    "initial": "initial",
    "prolongation": "prolongation",
    "rechute": "rechute",
    "final": "final",
}


def _same_line(a: Word, b: Word) -> bool:
    middle = (a.y0 + a.y1) / 2
    return b.y0 - 2 <= middle <= b.y1 + 2


def ticked_labels(page: Page) -> set[str]:
    """The form labels (initial, prolongation, rechute, final) whose box carries a tick mark."""
    found: set[str] = set()
    ticks = [w for w in page.words if _TICK.match(w.text.strip())]
    if not ticks:
        return found
    by_line = sorted(page.words, key=lambda w: (round(w.y0), w.x0))
    for word in by_line:
        label = _LABELS.get(fold(word.text).strip(".,:;"))
        if label is None:
            continue
        height = max(1.0, word.y1 - word.y0)
        # the tick is the nearest mark to the left, on the same line, with at most one word between
        # (e.g. "X de prolongation", "X de rechute")
        for tick in ticks:
            if not _same_line(tick, word) or tick.x1 > word.x0 + 1:
                continue
            gap = word.x0 - tick.x1
            between = [w for w in by_line if _same_line(w, word) and tick.x1 <= w.x0 < word.x0 and w is not tick]
            if gap <= 8 * height and all(fold(w.text) in _CONNECTORS for w in between):
                found.add(label)
                break
    return found
