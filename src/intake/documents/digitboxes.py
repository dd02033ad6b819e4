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
_EDGE = re.compile(r"[|\[\]]")  # what OCR makes of a box's edge
_MAX_RUNS = 12  # per page, read together in one tesseract call
# The last word of a NIR's label as OCR reads it (« sociale », « sociole », « immatriculetion »), lowercased.
_NIR_LABEL = re.compile(r"^(?:\w{1,2}['’])?(?:soci[a-z]{1,2}le|immatric[a-zé]*|nir|insee)\W*$")
_MAX_LABELS = 2  # per page
_NIR_DIGITS = 10  # a re-reading right of a NIR's label is kept when it finds at least these many digits


def _boxy(w: Word) -> bool:
    """A word of box edges and digits, or a short word read with poor confidence (a boxed digit taken
    for a letter: 'CG', 'BI'), or letters among box edges read with poor confidence (boxed digits of a
    photo: 'al[rfelaifs')."""
    t = w.text
    if _DIGIT.search(t) and sum(c.isalpha() for c in t) <= 1:
        return bool(_BOXY.search(t)) or w.confidence < 0.6
    if _EDGE.search(t) and w.confidence < 0.5:
        return True
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
    runs = [_without_label_ends(r, words) for r in runs]
    # A run is worth a re-reading when it holds digits: letters alone of poor confidence are a blur.
    # A run is worth a re-reading when its digits are read poorly or among box edges; a date read well
    # beside a short word of poor confidence ("le 02/01/2025") is not one.
    return [r for r in runs if sum(c.isdigit() for w in r for c in w.text) >= (1 if len(r) >= 2 else 3)
            and any(_DIGIT.search(w.text) and (_BOXY.search(w.text) or w.confidence < 0.6) for w in r)]


def _without_label_ends(run: list[Word], words: list[Word]) -> list[Word]:
    """The run without the short words of letters at its ends that touch a word read well outside it:
    the label's own 'N°' (read 'Ne'), not a boxed digit. Re-read as digits, it would put the label's
    place among the boxes and the digits before their label on the line."""
    inside = {id(w) for w in run}
    words_read_well = [w for w in words if id(w) not in inside and w.confidence >= 0.6
                       and sum(c.isalpha() for c in w.text) >= 4]

    def label_piece(w: Word) -> bool:
        if _DIGIT.search(w.text) or _EDGE.search(w.text):
            return False
        h = w.y1 - w.y0
        return any(_same_line(w, o) and (abs(o.x0 - w.x1) <= 0.6 * h or abs(w.x0 - o.x1) <= 0.6 * h)
                   for o in words_read_well)

    while run and label_piece(run[0]):
        run = run[1:]
    while run and label_piece(run[-1]):
        run = run[:-1]
    return run


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


def _nir_label_regions(words: list[Word], width: float) -> list[tuple[list[Word], float, float, float, float]]:
    """Right of a NIR's label, the rest of its line: on photos OCR may read the boxed digits as letters read
    well enough ('AOG)AGE', 'HET'), or not at all, or only some of them as a run. Each region: the words
    in it, then x0, y0, x1, y1."""
    heights = sorted(w.y1 - w.y0 for w in words if w.confidence >= 0.8 and sum(c.isalpha() for c in w.text) >= 3)
    if not heights:
        return []
    text_h = heights[len(heights) // 2]
    regions: list[tuple[list[Word], float, float, float, float]] = []
    for label in words:
        if len(regions) >= _MAX_LABELS or label.confidence < 0.5 or not _NIR_LABEL.match(label.text.lower()):
            continue
        mid = (label.y0 + label.y1) / 2
        # Middles within half a line of the label's: the lines above and below (a name, a birth date) stay out.
        on_line = sorted((w for w in words if w.x0 >= label.x1 - 2 and abs((w.y0 + w.y1) / 2 - mid) <= 0.5 * text_h
                          and w is not label), key=lambda w: w.x0)
        # Up to the next words read well (« Né(e) le », « Date de naissance » on the same line).
        stop = next((w.x0 for w in on_line if w.confidence >= 0.8 and sum(c.isalpha() for c in w.text) >= 3
                     and not _DIGIT.search(w.text) and not _EDGE.search(w.text)), width + text_h)
        x0, x1 = label.x1 + 0.3 * text_h, stop - 0.3 * text_h
        if x1 - x0 < 8 * text_h:
            continue  # too short for a NIR's boxes: prose goes on after the label
        inside = [w for w in on_line if w.x1 <= x1 + text_h]
        regions.append((inside, x0, mid - 1.4 * text_h, x1, mid + 1.4 * text_h))
    return regions


def reread(image: Image.Image, words: list[Word], read_block) -> list[Word]:
    """The page's words with each boxed run replaced by its re-reading (kept when the re-reading is poorer),
    and the boxes right of a NIR's label read again when no run was found there.

    read_block(image) -> list[Word]: lines of digits read from one image (the caller's tesseract). The
    runs are wiped and stacked one under the other, so a page costs one more tesseract call, not one a run
    (≈0.4 s each, mostly loading the model).
    """
    runs = boxed_runs(words)[:_MAX_RUNS]
    regions = _nir_label_regions(words, image.width)
    if not runs and not regions:
        return words
    # A run inside a NIR's region is read with the whole region: the run alone may miss boxes read as
    # letters or not read at all, at either end.
    merged: list[tuple[list[Word], float, float, float, float, int]] = []
    for inside, rx0, ry0, rx1, ry1 in regions:
        mine = [r for r in runs if any(rx0 - (ry1 - ry0) <= w.x0 <= rx1 and ry0 <= (w.y0 + w.y1) / 2 <= ry1 for w in r)]
        runs = [r for r in runs if all(r is not m for m in mine)]
        # From the label's end: a run's words before it are the label's own ('N°').
        ws = inside + [w for r in mine for w in r if w.x1 > rx0 and all(w is not i for i in inside)]
        before = sum(c.isdigit() for w in ws for c in w.text)
        merged.append((ws, rx0, min([ry0, *(w.y0 for w in ws)]), max([rx1, *(w.x1 for w in ws)]),
                       max([ry1, *(w.y1 for w in ws)]), max(3, before // 2) if mine else _NIR_DIGITS))
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    # (words replaced, x0, y0, strip, least digits the re-reading must find, span the new words stay in)
    strips: list[tuple[list[Word], int, int, np.ndarray, int, tuple[float, float]]] = []
    for run in runs:
        h = max(w.y1 - w.y0 for w in run)
        x0 = int(max(0, min(w.x0 for w in run) - 1.2 * h))
        x1 = int(min(grey.shape[1], max(w.x1 for w in run) + 1.2 * h))
        y0 = int(max(0, min(w.y0 for w in run) - 0.6 * h))
        y1 = int(min(grey.shape[0], max(w.y1 for w in run) + 0.6 * h))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        digits_h = [w.y1 - w.y0 for w in run if _DIGIT.search(w.text) and w.confidence >= 0.3] or [h]
        before = sum(c.isdigit() for w in run for c in w.text)
        # Within the run's own span: the strip's margins hold the label's last letters, and a box reaching
        # over them would put the digits before their label on the line.
        span = (min(w.x0 for w in run), max(w.x1 for w in run))
        strips.append((run, x0, y0, wipe_boxes(grey[y0:y1, x0:x1], float(np.median(digits_h))), max(3, before // 2),
                       span))
    for inside, rx0, ry0, rx1, ry1, least in merged:
        x0, x1 = int(max(0, rx0)), int(min(grey.shape[1], rx1))
        y0, y1 = int(max(0, ry0)), int(min(grey.shape[0], ry1))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        strips.append((inside, x0, y0, wipe_boxes(grey[y0:y1, x0:x1], (ry1 - ry0) / 2.8), least, (rx0, rx1)))
    if not strips:
        return words
    gap = 30
    stack = np.full((sum(st[3].shape[0] + gap for st in strips) + gap, max(st[3].shape[1] for st in strips) + 40),
                    255, dtype=np.uint8)
    tops = []
    top = gap
    for st in strips:
        stack[top:top + st[3].shape[0], 20:20 + st[3].shape[1]] = st[3]
        tops.append(top)
        top += st[3].shape[0] + gap
    got_all = [w for w in read_block(Image.fromarray(stack)) if w.text.strip()]
    replaced: set[int] = set()
    added: list[Word] = []
    for (run, x0, y0, st, least, (left, right)), top in zip(strips, tops):
        got = [w for w in got_all if top <= (w.y0 + w.y1) / 2 < top + st.shape[0]]
        digits = "".join(c for w in got for c in w.text if c.isdigit())
        if len(digits) < least:
            continue  # the re-reading found less than the first: keep the first
        replaced |= {id(w) for w in run}
        dx, dy = x0 - 20, y0 - top
        added += [Word(w.text, min(max(w.x0 + dx, left), right), w.y0 + dy, max(min(w.x1 + dx, right), left),
                       w.y1 + dy, w.confidence) for w in got]
    if not added:
        return words
    return [w for w in words if id(w) not in replaced] + added
