"""Ticks found by ink in the boxes of a form's choice row on an OCR'd page (the reader child's work: numpy and
Pillow are loaded only where a page is an image)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from intake.documents.forms import LABELS
from intake.documents.model import Word
from intake.documents.textnorm import fold
from intake.documents.ticks import DRAWN

_CONNECTORS = {"de", "d'", "du", "la"}  # "X de prolongation": words allowed between a tick and its label


def _same_line(a: Word, b: Word) -> bool:
    middle = (a.y0 + a.y1) / 2
    return b.y0 - 2 <= middle <= b.y1 + 2


def tick_marks_from_pixels(image: Image.Image, words: list[Word]) -> list[Word]:
    """Ticks found by ink in the boxes left of form labels on an OCR'd page, as '☒' words.

    OCR seldom reads an X inside a printed box (it gives 'El', 'FA', '[]'…). A ticked box carries its
    diagonals on top of the border, so among the boxes of one row it is clearly the darkest one.
    """
    labels = [label for w in words if (label := _label_word(w)) is not None]
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
        densities = [(_ink(grey, box), box) for box in (_box_left_of(w, words) for w in row)]
        if max(d for d, _box in densities) < 0.05:
            # No box before the labels: boxes printed after them ("Initial ☐ Prolongation ☒"), which OCR
            # often drops: the first square of ink right of each label. The two sides are never ranked
            # together (a tight square around a box outline is darker than a loose one around an X).
            densities = [(_ink(grey, b), b) for w in row if (b := _blob_right_of(grey, w)) is not None]
        if len(densities) < 2:
            continue
        ranked = sorted(densities, key=lambda d: d[0], reverse=True)
        top, second = ranked[0][0], ranked[1][0]
        if top >= 0.12 and top >= 1.35 * max(second, 0.02):
            x0, y0, x1, y1 = ranked[0][1]
            marks.append(Word(DRAWN, x0, y0, x1, y1, confidence=min(1.0, top / (2 * max(second, 0.02)))))
    return marks


def _label_word(w: Word) -> Word | None:
    """A box label as OCR read it; a box glued before it ('Minitial', 'Xprolongation') is cut off, so the
    box is looked for where it is."""
    text = fold(w.text).strip(".,:;")
    if text in LABELS:
        return w
    for label in LABELS:
        extra = len(text) - len(label)
        if 0 < extra <= 2 and text.endswith(label):
            cut = w.x0 + (w.x1 - w.x0) * extra / len(text)
            return Word(w.text[extra:], cut, w.y0, w.x1, w.y1, w.confidence)
    return None


def _blob_right_of(grey: np.ndarray, label: Word) -> tuple[float, float, float, float] | None:
    """The first mark of ink right of a label, past the space (a box glyph after it), squared to the line."""
    h = label.y1 - label.y0
    y0, y1 = int(label.y0 - 0.2 * h), int(label.y1 + 0.2 * h)
    x0, x1 = int(label.x1 + 1), int(label.x1 + 3 * h)
    area = grey[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
    if area.size == 0:
        return None
    threshold = min(160, int(np.percentile(grey, 90)) - 60)
    columns = (area < threshold).any(axis=0)
    inked = np.flatnonzero(columns)
    if inked.size == 0:
        return None
    start = int(inked[0])
    end = start
    while end + 1 < columns.size and columns[end + 1]:
        end += 1
    if end - start < 0.4 * h or end - start > 1.6 * h:
        return None  # a letter or a word, not a box
    blob = area[:, start:end + 1] < threshold
    rows = np.flatnonzero(blob.any(axis=1))
    tall = rows[-1] - rows[0] + 1
    # A box has its two sides: ink down most of its first and last columns (a letter such as "d'" has not).
    sides = [blob[rows[0]:rows[-1] + 1, c].mean() for c in (0, 1, -2, -1)]
    if max(sides[:2]) < 0.6 or max(sides[2:]) < 0.6 or not 0.6 <= (end - start + 1) / tall <= 1.6:
        return None
    return (x0 + start, y0 + int(rows[0]), x0 + end + 1, y0 + int(rows[-1]) + 1)


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
