"""Boxes ticked on a form (cerfa 10170 / 11138), from word positions: an X just left of its label."""

from __future__ import annotations

import re

import numpy as np
from PIL import Image

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


def tick_marks_from_pixels(image: Image.Image, words: list[Word]) -> list[Word]:
    """Ticks found by ink in the boxes left of form labels on an OCR'd page, as '☒' words.

    OCR seldom reads an X inside a printed box (it gives 'El', 'FA', '[]'…). A ticked box carries its
    diagonals on top of the border, so among the boxes of one row it is clearly the darkest one.
    """
    labels = [w for w in words if fold(w.text).strip(".,:;") in _LABELS]
    marks: list[Word] = []
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    rows: list[list[Word]] = []
    for word in labels:
        for row in rows:
            if _same_line(word, row[0]):
                row.append(word)
                break
        else:
            rows.append([word])
    for row in rows:
        if len(row) < 2:
            continue  # a lone label is text, not a row of boxes
        boxes = [(_box_left_of(w, words), w) for w in row]
        densities = [(_ink(grey, box), box) for box, _w in boxes]
        ranked = sorted(densities, key=lambda d: d[0], reverse=True)
        top, second = ranked[0][0], ranked[1][0]
        if top >= 0.12 and top >= 1.35 * max(second, 0.02):
            x0, y0, x1, y1 = ranked[0][1]
            marks.append(Word("☒", x0, y0, x1, y1, confidence=min(1.0, top / (2 * max(second, 0.02)))))
    return marks


def _box_left_of(label: Word, words: list[Word]) -> tuple[float, float, float, float]:
    """Where the check box of a label sits: a square left of it, or of its 'de' when there is one."""
    anchor = label
    for w in words:
        if w is not label and _same_line(w, label) and fold(w.text) in _CONNECTORS and 0 <= label.x0 - w.x1 < (label.y1 - label.y0):
            anchor = w
    size = (label.y1 - label.y0) * 1.3
    right = anchor.x0 - 0.15 * size
    return (right - size, (label.y0 + label.y1) / 2 - size / 2, right, (label.y0 + label.y1) / 2 + size / 2)


def _ink(grey: np.ndarray, box: tuple[float, float, float, float]) -> float:
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0 = max(0, x0), max(0, y0)
    area = grey[y0:max(y0, y1), x0:max(x0, x1)]
    if area.size == 0:
        return 0.0
    threshold = min(160, int(np.percentile(grey, 90)) - 60)
    return float((area < threshold).mean())
