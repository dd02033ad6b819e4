"""Boxes ticked by drawing on a text-layer PDF (a filled square, a cross or a check stroke), as '☒' words.

A form filled by software often ticks a box with vector strokes instead of a typed X: the text layer
then says nothing. pdfplumber gives the page's rectangles, lines and curves with their fill and colour.
It parses the page again in pure Python (≈30 ms a page against ≈1 ms for pdfium's objects), so pdfium
first looks for a small drawn shape that is not an empty box outline, and only such pages go through
pdfplumber (measured: none of the benchmark's form pages has one, so its speed is unchanged).
"""

from __future__ import annotations

import ctypes
import io
import logging

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from intake.documents.model import Word
from intake.documents.ticks import DRAWN

log = logging.getLogger(__name__)

_MIN, _MAX = 3.0, 22.0  # points: a check box is 6-15 pt wide; a mark inside it is smaller still
_DARK = 0.55  # luminance under which a filled square is ink, not a shaded background


def _small(x0: float, y0: float, x1: float, y1: float) -> bool:
    w, h = x1 - x0, y1 - y0
    return w <= _MAX and h <= _MAX and max(w, h) >= _MIN


def may_have_drawn_marks(page: pdfium.PdfPage) -> bool:
    """A small path that is filled or has a slanted segment: maybe a tick (an empty box is neither)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        try:
            x0, y0, x1, y1 = obj.get_bounds()
        except Exception:  # noqa: BLE001 - a malformed object is no mark
            continue
        if not _small(x0, y0, x1, y1):
            continue
        if pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke) and fill.value:
            return True
        points = []
        for i in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
            if seg and pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
                points.append((x.value, y.value))
        if _slanted(points):
            return True
    return False


def _luminance(colour: object) -> float:
    if isinstance(colour, (int, float)):
        return float(colour)
    if isinstance(colour, (tuple, list)):
        if len(colour) == 1:
            return float(colour[0])
        if len(colour) == 3:
            r, g, b = (float(c) for c in colour)
            return 0.3 * r + 0.59 * g + 0.11 * b
        if len(colour) == 4:  # CMYK
            c, m, y_, k = (float(v) for v in colour)
            return 1.0 - min(1.0, 0.3 * c + 0.59 * m + 0.11 * y_ + k)
    return 1.0


def drawn_marks(data: bytes, page_number: int) -> list[Word]:
    """The ticks drawn on a page (1-based), each as a '☒' word over the mark, in points from the top-left."""
    try:
        import pdfplumber  # imported here: only pages that may carry drawn ticks pay for it
    except ImportError:  # pragma: no cover - pinned in the project's dependencies
        return []
    marks: list[Word] = []
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[page_number]) as pdf:
            page = pdf.pages[0]
            for r in page.rects:
                box = (r["x0"], r["top"], r["x1"], r["bottom"])
                if r.get("fill") and _small(*box) and _luminance(r.get("non_stroking_color")) < _DARK:
                    marks.append(Word(DRAWN, *box))
            for c in page.curves:  # a filled dot or a filled check glyph drawn as a shape
                box = (c["x0"], c["top"], c["x1"], c["bottom"])
                if c.get("fill") and _small(*box) and _luminance(c.get("non_stroking_color")) < _DARK:
                    marks.append(Word(DRAWN, *box))
            strokes = [o for o in page.lines + page.curves if _small(o["x0"], o["top"], o["x1"], o["bottom"])
                       and not o.get("fill") and _slanted(o.get("pts") or [])]
            for group in _clusters(strokes):
                box = (min(o["x0"] for o in group), min(o["top"] for o in group),
                       max(o["x1"] for o in group), max(o["bottom"] for o in group))
                if _small(*box):
                    marks.append(Word(DRAWN, *box))
    except Exception:  # noqa: BLE001 - a page pdfplumber cannot parse keeps its text layer's reading
        log.warning("drawn ticks unreadable on page %s", page_number, exc_info=True)
        return []
    return _dedupe(marks)


def _slanted(points: list[tuple[float, float]]) -> bool:
    """A stroke with a slanted segment and open: a closed outline (a round box, an empty radio) is no mark."""
    if len(points) >= 4 and abs(points[0][0] - points[-1][0]) < 0.5 and abs(points[0][1] - points[-1][1]) < 0.5:
        return False
    return any(abs(ax - bx) > 0.5 and abs(ay - by) > 0.5 for (ax, ay), (bx, by) in zip(points, points[1:]))


def _clusters(strokes: list[dict]) -> list[list[dict]]:
    """Strokes whose boxes touch: the two bars of a cross, the two legs of a check."""
    groups: list[list[dict]] = []
    for s in strokes:
        for g in groups:
            if any(s["x0"] <= o["x1"] + 1 and o["x0"] <= s["x1"] + 1 and s["top"] <= o["bottom"] + 1
                   and o["top"] <= s["bottom"] + 1 for o in g):
                g.append(s)
                break
        else:
            groups.append([s])
    return groups


def _dedupe(marks: list[Word]) -> list[Word]:
    out: list[Word] = []
    for m in marks:
        if not any(abs(m.x0 - o.x0) < 2 and abs(m.y0 - o.y0) < 2 for o in out):
            out.append(m)
    return out
