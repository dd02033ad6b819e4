"""Characters printed one per box (a NIR, a date on a form) read again without their boxes.

Tesseract reads a row of boxed digits badly: the box edges become '|', '[', '1' or glue the digits
('012!', '0|1', '2[0][2]5'), with poor confidence. Such a run of words is cut out of the page, the
box edges (columns and rows of ink spanning the strip) are wiped, and the strip is read again as one
line of digits. Only runs that look like this are re-read: a page without boxes costs nothing.
"""

from __future__ import annotations

import re

import numpy as np
from PIL import Image, ImageFilter

from intake.documents.model import Word

_BOXY = re.compile(r"[|\[\]!(){}]")  # not "/": a date read well has it
_DIGIT = re.compile(r"\d")
_EDGE = re.compile(r"[|\[\]]")  # what OCR makes of a box's edge
_MAX_RUNS = 12  # per page, read together in one tesseract call
# The last word of a NIR's label as OCR reads it (« sociale », « sociole », « immatriculetion »), lowercased.
_NIR_LABEL = re.compile(r"^(?:[\w°.]{0,4}['’‘`]{1,2})?(?:soci[a-z]{1,2}le|imm[a-z]{1,2}tric[a-zé]*|nir|insee)\W*$")
_MAX_LABELS = 2  # per page
_MAX_DIGIT_TO_TEXT = 1.4  # boxed digits' height at most this many times the page's text height
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
    if len(t) <= 6 and t[0] in "[|" and t[-1] in "]|":
        return True  # a box's edges, alone or round what OCR made of its digits ('[ofs]' for 0|5), read confidently
    if w.confidence < 0.2 and len(t) <= 8:
        return True  # read at no confidence: boxed digits as a word ('AUBE' for 2|0|2|5), not a word of the text
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
            and (any(_DIGIT.search(w.text) and (_BOXY.search(w.text) or w.confidence < 0.6) for w in r)
                 or sum(not w.text.strip("|[]") for w in r) >= 2)]  # digits read well between edges read as words


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
    """Pixels in a horizontal run of ink at least `length` long (rows of the array). Vectorised (a page's
    worth of rows looped in Python cost 0.4 s): a pixel is in such a run when a window of `length` pixels
    all ink starts at most `length - 1` pixels before it."""
    h, w = ink.shape
    if w < length or length < 1:
        return np.zeros_like(ink)
    sums = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=sums[:, 1:])
    starts = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum((sums[:, length:] - sums[:, :-length]) == length, axis=1, out=starts[:, 1 : w - length + 2])
    starts[:, w - length + 2 :] = starts[:, w - length + 1 : w - length + 2]
    lo = np.maximum(0, np.arange(w) - length + 1)
    return (starts[:, 1:] - starts[:, lo]) > 0


def _paper(strip: np.ndarray, width: int) -> np.ndarray:
    """The paper's grey under each column: a photo's light falls off across the page, and a page turned
    straight has white corners, so one level for the whole strip takes a grey paper for ink beside them."""
    top = np.percentile(strip, 90, axis=0)  # a column through a box edge is still mostly paper
    pad = np.pad(top, width, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(pad, 2 * width + 1)
    return np.median(windows, axis=1)


def wipe_boxes(strip: np.ndarray, char_height: float) -> np.ndarray:
    """The strip (grey) black on white, without the box edges: straight runs of ink longer than a
    character is tall (a digit's strokes are shorter), horizontal or vertical, are turned white."""
    grey = strip.astype(np.float32)
    paper = _paper(grey, max(4, int(2 * char_height)))[None, :]
    dark = float(np.percentile(grey, 1))
    contrast = np.maximum(paper - dark, 40.0)
    ink = grey < paper - 0.2 * contrast  # box edges are printed light: a lenient threshold finds them whole
    length = max(6, int(round(1.35 * char_height)))
    # A page a little askew (under the deskew threshold) bends an edge by a pixel over its length: the
    # runs are measured on the ink widened by a pixel across them.
    across_v = ink | np.roll(ink, 1, 1) | np.roll(ink, -1, 1)
    across_h = ink | np.roll(ink, 1, 0) | np.roll(ink, -1, 0)
    edges = (_long_runs(across_h, length) & ink) | (_long_runs(across_v.T, length).T & ink)
    edges = edges | np.roll(edges, 1, 0) | np.roll(edges, -1, 0) | np.roll(edges, 1, 1) | np.roll(edges, -1, 1)
    # Black and white at the middle between the paper and the darkest ink: what is left of a light box
    # edge goes with the paper, the digits stay.
    return np.where((grey < paper - 0.5 * contrast) & ~edges, 0, 255).astype(np.uint8)


def _text_height(words: list[Word]) -> float:
    """The height of the page's words read well (0 when there are none)."""
    heights = sorted(w.y1 - w.y0 for w in words if w.confidence >= 0.8 and sum(c.isalpha() for c in w.text) >= 3)
    return heights[len(heights) // 2] if heights else 0.0


def _components(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1, exclusive ends) of the 8-connected blobs of ink, by runs of rows (union-find)."""
    parent: list[int] = []

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    runs: list[tuple[int, int, int]] = []  # (row, a, b)
    previous: list[tuple[int, int, int]] = []  # (a, b, id) of the row above
    for r, row in enumerate(ink):
        edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
        current = []
        for a, b in zip(edges[::2].tolist(), edges[1::2].tolist()):
            i = len(runs)
            runs.append((r, a, b))
            parent.append(i)
            for pa, pb, j in previous:
                if pa <= b and a <= pb:  # touching, diagonals included
                    ri, rj = root(i), root(j)
                    if ri != rj:
                        parent[ri] = rj
            current.append((a, b, i))
        previous = current
    boxes: dict[int, list[int]] = {}
    for i, (r, a, b) in enumerate(runs):
        box = boxes.setdefault(root(i), [a, r, b, r + 1])
        box[0], box[1], box[2], box[3] = min(box[0], a), min(box[1], r), max(box[2], b), max(box[3], r + 1)
    return [tuple(b) for b in boxes.values()]  # type: ignore[misc]


def nir_line(wiped: np.ndarray, text_h: float, mid: float) -> np.ndarray:
    """The characters of a NIR's boxes (wiped strip, black on white) set again side by side on one line.

    Boxed digits stand far apart, in groups, and the line drifts on a page a little askew: tesseract then
    reads gaps as digits or runs the line into the rows above and below. Blobs of a character's height are
    followed from the label's side along the line (each near the height of the one before), pieces of one
    character (a digit cut by a wiped edge) joined, and set in a row with a narrow even gap, as printed
    digits are. `mid` is the label's middle row in the strip."""
    ink = wiped < 128
    blobs = [b for b in _components(ink) if 0.4 * text_h <= b[3] - b[1] <= 1.8 * text_h and b[2] - b[0] <= 1.4 * text_h]
    # Pieces of one character: overlapping columns, same line.
    blobs.sort(key=lambda b: b[0])
    glyphs: list[list[int]] = []
    for b in blobs:
        g = glyphs[-1] if glyphs else None
        if g and min(g[2], b[2]) - max(g[0], b[0]) >= 0.5 * min(g[2] - g[0], b[2] - b[0]) \
                and abs((g[1] + g[3]) - (b[1] + b[3])) / 2 <= 0.6 * text_h:
            g[0], g[1], g[2], g[3] = min(g[0], b[0]), min(g[1], b[1]), max(g[2], b[2]), max(g[3], b[3])
        else:
            glyphs.append(list(b))
    chain: list[list[int]] = []
    centre = mid
    for g in glyphs:
        c = (g[1] + g[3]) / 2
        if abs(c - centre) <= (0.6 if chain else 0.8) * text_h:
            if chain and g[0] - chain[-1][2] > 6 * text_h:
                break  # far beyond the boxes: other words of the line
            chain.append(g)
            centre = c if len(chain) == 1 else 0.5 * centre + 0.5 * c
    out = np.full((wiped.shape[0], max(1, sum(g[2] - g[0] for g in chain) + int(0.2 * text_h) * (len(chain) + 1))),
                  255, dtype=np.uint8)
    x = int(0.2 * text_h)
    for g in chain:
        shift = int(round(mid - (g[1] + g[3]) / 2))  # straightened onto the label's row
        y0, y1 = max(0, g[1] + shift), min(out.shape[0], g[3] + shift)
        piece = wiped[y0 - shift:y1 - shift, g[0]:g[2]]
        out[y0:y1, x:x + piece.shape[1]] = np.minimum(out[y0:y1, x:x + piece.shape[1]], piece)
        x += piece.shape[1] + int(0.2 * text_h)
    return out


def _nir_label_regions(words: list[Word], width: float) -> list[tuple[list[Word], float, float, float, float]]:
    """Right of a NIR's label, the rest of its line: on photos OCR may read the boxed digits as letters read
    well enough ('AOG)AGE', 'HET'), or not at all, or only some of them as a run. Each region: the words
    in it, then x0, y0, x1, y1."""
    text_h = _text_height(words)
    if not text_h:
        return []
    regions: list[tuple[list[Word], float, float, float, float]] = []
    for label in words:
        # A long label word is known even read poorly (« d'immetriculation » at 0.46 on a photo).
        least = 0.35 if len(label.text) >= 10 else 0.5
        if len(regions) >= _MAX_LABELS or label.confidence < least or not _NIR_LABEL.match(label.text.lower()):
            continue
        mid = (label.y0 + label.y1) / 2
        # Middles within half a line of the label's: the lines above and below (a name, a birth date) stay out.
        on_line = sorted((w for w in words if w.x0 >= label.x1 - 2 and abs((w.y0 + w.y1) / 2 - mid) <= 0.5 * text_h
                          and w is not label), key=lambda w: w.x0)
        # Up to the next words read well (« Né(e) le », « Date de naissance » on the same line).
        # Boxed digits read as capitals (« GIE » for 6 | 8) are no such words: a label has small letters.
        stop = next((w.x0 for w in on_line if w.confidence >= 0.8 and sum(c.isalpha() for c in w.text) >= 3
                     and any(c.islower() for c in w.text)
                     and not _DIGIT.search(w.text) and not _EDGE.search(w.text)), width + text_h)
        x0, x1 = label.x1 + 0.3 * text_h, stop - 0.3 * text_h
        if x1 - x0 < 8 * text_h:
            continue  # too short for a NIR's boxes: prose goes on after the label
        inside = [w for w in on_line if w.x1 <= x1 + text_h]
        regions.append((inside, x0, mid - 1.4 * text_h, x1, mid + 1.4 * text_h))
    return regions


_MAX_BOX_ROWS = 4  # rows of boxes per page read again because the first reading left them without digits
_BOX_ROW_DIGITS = 6  # what such a re-reading must find to be kept: a date's day, month and year at least


def _edge_columns(cols: np.ndarray) -> list[int]:
    """Middles of the runs of true columns (neighbouring columns taken as one stroke)."""
    out: list[int] = []
    start = previous = None
    for c in np.flatnonzero(cols).tolist():
        if previous is not None and c - previous > 1:
            out.append((start + previous) // 2)
            start = c
        start = c if start is None else start
        previous = c
    if start is not None:
        out.append((start + previous) // 2)
    return out


def _vertical_strokes(grey: np.ndarray, text_h: float) -> np.ndarray:
    """The page at half size (the darkest of each 2×2 pixels: a thin stroke stays), true on its vertical
    strokes taller than the text (box edges, table rules; a digit's strokes are shorter). Once a page, in
    whole-array steps: per line it cost seconds on a photo."""
    g = grey[: grey.shape[0] // 2 * 2, : grey.shape[1] // 2 * 2]
    g = np.minimum(np.minimum(g[0::2, 0::2], g[1::2, 0::2]), np.minimum(g[0::2, 1::2], g[1::2, 1::2]))
    image = Image.fromarray(g)
    small = image.reduce(8) if min(image.size) > 400 else image
    # The paper around each place (a photo's light falls off across the page): the lightest nearby.
    paper = np.asarray(small.filter(ImageFilter.MaxFilter(5)).resize(image.size), dtype=np.int16)
    dark = float(np.percentile(g[::4, ::4], 1))
    ink = g.astype(np.int16) < paper - np.maximum(40.0, 0.2 * (paper - dark))  # box edges are printed light
    # Widened by a pixel across, as in wipe_boxes: an edge a little askew steps sideways along its length.
    across = ink | np.roll(ink, 1, 1) | np.roll(ink, -1, 1)
    return _long_runs(across.T, max(3, int(round(0.65 * text_h)))).T


def box_rows(grey: np.ndarray, words: list[Word], text_h: float) -> list[tuple[list[Word], int, int, int, int]]:
    """Rows of boxes on a line that the reading left without its digits: a photo's boxed dates dropped
    whole, or read as a few letters of no confidence (« GIE », « CIN »), which no run of boxy words finds.
    Each as the words read inside it (to be replaced) and x0, y0, x1, y1 in the image. Found by their edges:
    at least four strokes taller than the page's text, close together, right of the line's last word read
    well (from the line's start when its label itself was misread: « verra » for « N° d'immatriculation »)."""
    if not text_h:
        return []
    height, width = grey.shape
    # A short word read without much confidence may be boxed digits taken for letters ('dE' at 0.76).
    well = {id(w) for w in words if (letters := sum(c.isalpha() for c in w.text)) >= 2
            and w.confidence >= (0.6 if letters >= 3 else 0.8)}
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        mid = (w.y0 + w.y1) / 2
        if lines and abs(mid - (lines[-1][0].y0 + lines[-1][0].y1) / 2) <= 0.6 * text_h:
            lines[-1].append(w)
        else:
            lines.append([w])
    rows: list[tuple[list[Word], int, int, int, int]] = []
    strokes: np.ndarray | None = None  # made at the first line worth a look
    for line in lines:
        labels = [w for w in line if id(w) in well]
        start = max(w.x1 for w in labels) + 0.3 * text_h if labels else min(w.x0 for w in line)
        anchor = max(labels, key=lambda w: w.x1) if labels else min(line, key=lambda w: w.x0)
        mid = (anchor.y0 + anchor.y1) / 2
        x0, y0 = int(start), int(max(0, mid - 1.8 * text_h))
        x1, y1 = width, int(min(height, mid + 1.8 * text_h))
        if x1 - x0 < 8 * text_h or y1 - y0 < 2 * text_h:
            continue
        if strokes is None:
            strokes = _vertical_strokes(grey, text_h)
        # Edges crossing the line's middle: the rows of boxes above and below stay out.
        near0, near1 = int(max(0, mid - text_h)) // 2, int(mid + text_h + 1) // 2
        edges = [2 * e for e in _edge_columns(strokes[near0:near1, x0 // 2:(x1 + 1) // 2].any(axis=0))]
        # Boxes follow each other closely: edges further apart than a few characters end the row.
        kept = edges[:1]
        for e in edges[1:]:
            if e - kept[-1] > 4 * text_h:
                break
            kept.append(e)
        if len(kept) < 4:
            continue
        bx0, bx1 = x0 + kept[0] - int(0.3 * text_h), x0 + kept[-1] + int(0.3 * text_h)
        # The boxes' own top and bottom: the longest run of rows their edges cross. A line of misread words
        # between two rows of boxes then finds one of them, not a band across both.
        crossed = strokes[y0 // 2:(y1 + 1) // 2][:, [(x0 + e) // 2 for e in kept]].any(axis=1).astype(np.int8)
        bounds = np.flatnonzero(np.diff(np.concatenate(([0], crossed, [0]))))
        if not len(bounds):
            continue
        # The run of rows nearest the line's middle (the boxes of the rows above and below stand in line).
        at = (mid - y0) / 2
        top, bottom = min(zip(bounds[::2].tolist(), bounds[1::2].tolist()),
                          key=lambda r: 0 if r[0] <= at < r[1] else min(abs(r[0] - at), abs(r[1] - at)))
        top, bottom = y0 + 2 * top, y0 + 2 * bottom
        mid = (top + bottom) / 2
        y0, y1 = int(max(0, top - 0.4 * text_h)), int(min(height, bottom + 0.4 * text_h))
        inside = [w for w in words if bx0 - text_h <= (w.x0 + w.x1) / 2 <= bx1 and top - 0.3 * text_h <= (w.y0 + w.y1) / 2 <= bottom + 0.3 * text_h]
        read_well = sum(c.isdigit() for w in inside if w.confidence >= 0.6 and not _boxy(w) for c in w.text)
        if read_well >= _BOX_ROW_DIGITS or any(w.confidence >= 0.6 and len(w.text) > 3 and not _DIGIT.search(w.text)
                                               for w in inside):
            continue  # its digits read well the first time, or words read well there: no boxes left unread
        rows.append((inside, bx0, y0, int(max([bx1, *(w.x1 + 0.3 * text_h for w in inside)])), y1))
    # A line's words whose middles stray (a tall word among boxes) make two lines of it: the same row of boxes
    # found twice, once shorter. The widest is kept.
    kept_rows: list[tuple[list[Word], int, int, int, int]] = []
    for row in sorted(rows, key=lambda r: r[1] - r[3]):
        if not any(row[1] < k[3] and k[1] < row[3] and abs((row[2] + row[4]) - (k[2] + k[4])) / 2 < text_h
                   for k in kept_rows):
            kept_rows.append(row)
    return sorted(kept_rows, key=lambda r: r[2])[:_MAX_BOX_ROWS]


_MAX_DROPPED = 3  # lines per page read again because the first reading dropped them


def dropped_lines(image: Image.Image, words: list[Word]) -> list[tuple[int, int, int, int]]:
    """Lines of ink the page's reading left without a word, starting at the left margin of its text: tesseract
    may take a row of boxes for a picture and drop it whole, its label with it (« N° de sécurité sociale »
    and its boxes on a photo). Each as x0, y0, x1, y1 in the image, for a reading of its own."""
    text_h = _text_height(words)
    well = [w for w in words if w.confidence >= 0.6 and sum(c.isalpha() for c in w.text) >= 3]
    if not text_h or len(well) < 5:
        return []
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    lefts = sorted(w.x0 for w in well)
    margin = lefts[len(lefts) // 10]  # where lines of text start (a tenth in: a stray word further left is not it)
    x0 = int(max(0, margin - 2 * text_h))
    x1 = int(min(grey.shape[1], max(w.x1 for w in well) + 4 * text_h))
    y0 = int(max(0, min(w.y0 for w in well) - text_h))
    y1 = int(min(grey.shape[0], max(w.y1 for w in well) + 2 * text_h))
    if x1 - x0 < 10 * text_h or y1 - y0 < 2 * text_h:
        return []
    # Looked for at half size, the darkest of each 2×2 pixels kept (a thin stroke stays): a quarter of the work.
    area = grey[y0:y1, x0:x1]
    area = area[: area.shape[0] // 2 * 2, : area.shape[1] // 2 * 2]
    area = np.minimum(np.minimum(area[0::2, 0::2], area[1::2, 0::2]), np.minimum(area[0::2, 1::2], area[1::2, 1::2]))
    h = text_h / 2
    ink = wipe_boxes(area, h) == 0  # characters only: a table's rules and boxes' edges are no line of text
    pad = 0.3 * h
    for w in words:  # the ink the reading put words on
        ink[max(0, int((w.y0 - y0) / 2 - pad)):max(0, int((w.y1 - y0) / 2 + pad)),
            max(0, int((w.x0 - x0) / 2 - pad)):max(0, int((w.x1 - x0) / 2 + pad))] = False
    rows = ink.sum(axis=1) >= max(2, 0.3 * h)
    out: list[tuple[int, int, int, int]] = []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rows.astype(np.int8), [0]))))
    joined: list[list[int]] = []
    for a, b in zip(edges[::2].tolist(), edges[1::2].tolist()):  # a line's rows cut between letters' parts
        if joined and a - joined[-1][1] <= 0.3 * h:
            joined[-1][1] = b
        else:
            joined.append([a, b])
    middles = [((w.y0 + w.y1) / 2 - y0) / 2 for w in words]
    for a, b in joined:
        if not 0.6 * h <= b - a <= 4 * h or any(a <= m <= b for m in middles):
            continue  # not a line's height, or a line the reading did put words on (ink beside them: a frame, a stamp)
        cols = np.flatnonzero(ink[a:b].any(axis=0))
        # A line of text from the margin, spread wide: not a speck, a stamp or a signature further right.
        if len(cols) < 6 * h or cols[0] > 3 * h or cols[-1] - cols[0] < 12 * h:
            continue
        out.append((x0, int(y0 + 2 * a - 0.4 * text_h), x1, int(y0 + 2 * b + 0.4 * text_h)))
        if len(out) >= _MAX_DROPPED:
            break
    return out


def read_dropped(image: Image.Image, words: list[Word], read_block) -> list[Word]:
    """The page's words with those of the lines its reading dropped (dropped_lines), read again together
    in one call: read_block(image) -> words, the caller's tesseract reading lines of text."""
    bands = dropped_lines(image, words)
    if not bands:
        return words
    text_h = _text_height(words)
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    gap = 30
    width = max(b[2] - b[0] for b in bands) + 40
    stack = np.full((sum(b[3] - b[1] + gap for b in bands) + gap, width), 255, dtype=np.uint8)
    tops, top = [], gap
    for bx0, by0, bx1, by1 in bands:
        by0, by1 = max(0, by0), min(grey.shape[0], by1)
        # Without its boxes: beside them, tesseract reads the label itself badly (« ce » for « N° de sécurité »).
        stack[top:top + by1 - by0, 20:20 + bx1 - bx0] = wipe_boxes(grey[by0:by1, bx0:bx1], text_h)
        tops.append((top, top + by1 - by0, bx0 - 20, by0 - top))
        top += by1 - by0 + gap
    added = []
    for w in read_block(Image.fromarray(stack)):
        mid = (w.y0 + w.y1) / 2
        for t0, t1, dx, dy in tops:
            if t0 <= mid < t1 and w.text.strip():
                added.append(Word(w.text, w.x0 + dx, w.y0 + dy, w.x1 + dx, w.y1 + dy, w.confidence))
    return words + added


def reread(image: Image.Image, words: list[Word], read_block) -> list[Word]:
    """The page's words with each boxed run replaced by its re-reading (kept when the re-reading is poorer),
    and the boxes right of a NIR's label read again when no run was found there.

    read_block(image) -> list[Word]: lines of digits read from one image (the caller's tesseract). The
    runs are wiped and stacked one under the other, so a page costs one more tesseract call, not one a run
    (≈0.4 s each, mostly loading the model).
    """
    runs = boxed_runs(words)[:_MAX_RUNS]
    regions = _nir_label_regions(words, image.width)
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    text_h = _text_height(words)
    empty = box_rows(grey, words, text_h)
    if not runs and not regions and not empty:
        return words
    # A run inside a NIR's region is read with the whole region: the run alone may miss boxes read as
    # letters or not read at all, at either end.
    merged: list[tuple[list[Word], float, float, float, float, int, float]] = []
    for inside, rx0, ry0, rx1, ry1 in regions:
        mine = [r for r in runs if any(rx0 - (ry1 - ry0) <= w.x0 <= rx1 and ry0 <= (w.y0 + w.y1) / 2 <= ry1 for w in r)]
        runs = [r for r in runs if all(r is not m for m in mine)]
        # From the label's end: a run's words before it are the label's own ('N°').
        ws = inside + [w for r in mine for w in r if w.x1 > rx0 and all(w is not i for i in inside)]
        before = sum(c.isdigit() for w in ws for c in w.text)
        if not mine and sum(c.isalnum() for w in ws for c in w.text) >= 13 and all(w.confidence >= 0.8 for w in ws):
            continue  # read well the first time (« 2 95 04 2B 114 327 »): a digits-only re-reading would lose the B
        merged.append((ws, rx0, min([ry0, *(w.y0 for w in ws)]), max([rx1, *(w.x1 for w in ws)]),
                       max([ry1, *(w.y1 for w in ws)]), max(3, before // 2) if mine else _NIR_DIGITS, (ry0 + ry1) / 2))
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
        char_h = float(np.median(digits_h))
        if text_h:
            # A word read among its boxes may take the boxes' height (« [of3] » 50 px tall for digits of 20 on
            # a photo): the edges, then no longer than the height wipe_boxes is given, would stay. Printed
            # digits are not much taller than the page's text.
            char_h = min(char_h, _MAX_DIGIT_TO_TEXT * text_h)
        before = sum(c.isdigit() for w in run for c in w.text)
        # Within the run's own span: the strip's margins hold the label's last letters, and a box reaching
        # over them would put the digits before their label on the line.
        span = (min(w.x0 for w in run), max(w.x1 for w in run))
        strips.append((run, x0, y0, wipe_boxes(grey[y0:y1, x0:x1], char_h), max(3, before // 2),
                       span))
    lines: set[int] = set()  # the strips that are a NIR's characters set on one line (nir_line)
    for inside, rx0, ry0, rx1, ry1, least, mid in merged:
        x0, x1 = int(max(0, rx0)), int(min(grey.shape[1], rx1))
        y0, y1 = int(max(0, ry0)), int(min(grey.shape[0], ry1))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        line = nir_line(wipe_boxes(grey[y0:y1, x0:x1], text_h), text_h, mid - y0)
        strips.append((inside, x0, y0, line, least, (rx0, rx1)))
        lines.add(id(line))
    for inside, x0, y0, x1, y1 in empty:
        if any(x0 <= w.x0 <= x1 and y0 <= (w.y0 + w.y1) / 2 <= y1 for st in strips for w in st[0]) \
                or any(x0 < st[5][1] and st[5][0] < x1 and st[2] <= (y0 + y1) / 2 <= st[2] + st[3].shape[0] for st in strips):
            continue  # a run of boxy words or a NIR's boxes there are re-read already
        # Set side by side like a NIR's (nir_line): read with the gaps between a date's groups of boxes,
        # tesseract made digits of them ('210692025').
        row = nir_line(wipe_boxes(grey[y0:y1, x0:x1], text_h), text_h, (y1 - y0) / 2)
        strips.append((inside, x0, y0, row, _BOX_ROW_DIGITS, (x0, x1)))
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
    added: list[tuple[bool, Word]] = []
    nir_boxes: list[tuple[float, float, float, float]] = []
    for (run, x0, y0, st, least, (left, right)), top in zip(strips, tops):
        got = [w for w in got_all if top <= (w.y0 + w.y1) / 2 < top + st.shape[0]]
        digits = "".join(c for w in got for c in w.text if c.isdigit())
        if len(digits) < least:
            continue  # the re-reading found less than the first: keep the first
        replaced |= {id(w) for w in run}
        dx, dy = x0 - 20, y0 - top
        if id(st) in lines:
            nir_boxes.append((left, y0, right, y0 + st.shape[0]))
        added += [(id(st) in lines, Word(w.text, min(max(w.x0 + dx, left), right), w.y0 + dy,
                                         max(min(w.x1 + dx, right), left), w.y1 + dy, w.confidence)) for w in got]
    # A NIR's line read whole: another run's re-reading of some of its boxes would put stray digits beside it.
    kept = [w for is_line, w in added if is_line or not any(a <= (w.x0 + w.x1) / 2 <= c and b <= (w.y0 + w.y1) / 2 <= d
                                                           for a, b, c, d in nir_boxes)]
    if not kept:
        return words
    return [w for w in words if id(w) not in replaced] + kept
