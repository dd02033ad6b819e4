"""Characters printed one per box (a NIR, a date on a form) read again without their boxes.

Tesseract reads a row of boxed digits badly: the box edges become '|', '[', '1' or glue the digits
('012!', '0|1', '2[0][2]5'), with poor confidence. Such a run of words is cut out of the page, the
box edges (columns and rows of ink spanning the strip) are wiped, and the strip is read again as one
line of digits. Only runs that look like this are re-read: a page without boxes costs nothing.
"""

from __future__ import annotations

import re

import numpy as np
from PIL import Image

from intake.documents.model import Word

_BOXY = re.compile(r"[|\[\]!(){}]")  # not "/": a date read well has it
_DIGIT = re.compile(r"\d")
_MAX_RUNS = 12  # per page, read together in one tesseract call


def _boxy(w: Word) -> bool:
    """A word of box edges and digits, or a short word read with poor confidence (a boxed digit taken
    for a letter: 'CG', 'BI')."""
    t = w.text
    if _DIGIT.search(t) and sum(c.isalpha() for c in t) <= 1:
        return bool(_BOXY.search(t)) or w.confidence < 0.6
    return len(t) <= 3 and w.confidence < 0.75


def _same_line(a: Word, b: Word) -> bool:
    middle = (a.y0 + a.y1) / 2
    return b.y0 - 3 <= middle <= b.y1 + 3


def boxed_runs(words: list[Word]) -> list[list[Word]]:
    """Runs of boxy words on one line, next to each other (gaps under four word heights)."""
    runs: list[list[Word]] = []
    boxy = {id(w) for w in words if _boxy(w)}
    # Digits read well beside boxy ones belong to the same row of boxes ("012!  112  2024").
    near = {id(w) for w in words if _DIGIT.search(w.text) and not any(c.isalpha() for c in w.text)
            and any(id(o) in boxy and _same_line(w, o) and abs(w.x0 - o.x1) <= 5 * (o.y1 - o.y0) for o in words)}
    for w in sorted((w for w in words if id(w) in boxy or id(w) in near), key=lambda w: w.x0):
        for run in runs:
            last = run[-1]
            h = max(last.y1 - last.y0, w.y1 - w.y0)
            if _same_line(w, last) and 0 <= w.x0 - last.x1 <= 5 * h:
                run.append(w)
                break
        else:
            runs.append([w])
    # A run is worth a re-reading when it holds digits: letters alone of poor confidence are a blur.
    # A run is worth a re-reading when its digits are read poorly or among box edges; a date read well
    # beside a short word of poor confidence ("le 02/01/2025") is not one.
    return [r for r in runs if sum(c.isdigit() for w in r for c in w.text) >= (1 if len(r) >= 2 else 3)
            and any(_DIGIT.search(w.text) and (_BOXY.search(w.text) or w.confidence < 0.6) for w in r)]


def _long_runs(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels in a horizontal run of ink at least `length` long (rows of the array)."""
    out = np.zeros_like(ink)
    for r, row in enumerate(ink):
        edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
        for a, b in zip(edges[::2], edges[1::2]):
            if b - a >= length:
                out[r, a:b] = True
    return out


def wipe_boxes(strip: np.ndarray, char_height: float) -> np.ndarray:
    """The strip (grey) black on white, without the box edges: straight runs of ink longer than a
    character is tall (a digit's strokes are shorter), horizontal or vertical, are turned white."""
    dark, light = np.percentile(strip, 1), np.percentile(strip, 95)
    ink = strip < light - 35  # box edges are printed light: a lenient threshold finds them whole
    length = max(6, int(round(1.35 * char_height)))
    edges = _long_runs(ink, length) | _long_runs(ink.T, length).T
    edges = edges | np.roll(edges, 1, 0) | np.roll(edges, -1, 0) | np.roll(edges, 1, 1) | np.roll(edges, -1, 1)
    # Black and white at the middle between the paper and the darkest ink: what is left of a light box
    # edge goes with the paper, the digits stay.
    out = np.where((strip < (dark + light) / 2) & ~edges, 0, 255).astype(np.uint8)
    return out


def reread(image: Image.Image, words: list[Word], read_block) -> list[Word]:
    """The page's words with each boxed run replaced by its re-reading (kept when the re-reading is poorer).

    read_block(image) -> list[Word]: lines of digits read from one image (the caller's tesseract). The
    runs are wiped and stacked one under the other, so a page costs one more tesseract call, not one a run
    (≈0.4 s each, mostly loading the model).
    """
    runs = boxed_runs(words)[:_MAX_RUNS]
    if not runs:
        return words
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    strips: list[tuple[list[Word], int, int, np.ndarray]] = []
    for run in runs:
        h = max(w.y1 - w.y0 for w in run)
        x0 = int(max(0, min(w.x0 for w in run) - 1.2 * h))
        x1 = int(min(grey.shape[1], max(w.x1 for w in run) + 1.2 * h))
        y0 = int(max(0, min(w.y0 for w in run) - 0.6 * h))
        y1 = int(min(grey.shape[0], max(w.y1 for w in run) + 0.6 * h))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        digits_h = [w.y1 - w.y0 for w in run if _DIGIT.search(w.text) and w.confidence >= 0.3] or [h]
        strips.append((run, x0, y0, wipe_boxes(grey[y0:y1, x0:x1], float(np.median(digits_h)))))
    if not strips:
        return words
    gap = 30
    stack = np.full((sum(st.shape[0] + gap for *_, st in strips) + gap, max(st.shape[1] for *_, st in strips) + 40),
                    255, dtype=np.uint8)
    tops = []
    top = gap
    for *_, st in strips:
        stack[top:top + st.shape[0], 20:20 + st.shape[1]] = st
        tops.append(top)
        top += st.shape[0] + gap
    got_all = [w for w in read_block(Image.fromarray(stack)) if w.text.strip()]
    replaced: set[int] = set()
    added: list[Word] = []
    for (run, x0, y0, st), top in zip(strips, tops):
        got = [w for w in got_all if top <= (w.y0 + w.y1) / 2 < top + st.shape[0]]
        digits = "".join(c for w in got for c in w.text if c.isdigit())
        before = "".join(c for w in run for c in w.text if c.isdigit())
        if len(digits) < max(3, len(before) // 2):
            continue  # the re-reading found less than the first: keep the first
        replaced |= {id(w) for w in run}
        dx, dy = x0 - 20, y0 - top
        added += [Word(w.text, w.x0 + dx, w.y0 + dy, w.x1 + dx, w.y1 + dy, w.confidence) for w in got]
    if not added:
        return words
    return [w for w in words if id(w) not in replaced] + added
