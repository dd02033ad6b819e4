"""Page geometry from pixels alone: which way the text lines run and read, how skewed they are (cheap, no OCR)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

_PROBE_SIZE = 600  # the line analysis runs on a thumbnail: about a millisecond per angle
_SHAPE_SIZE = 1200  # letter shapes need more: a body text line is then ~15 px, its x-height ~6 px
_COARSE = tuple(float(a) for a in range(-5, 6))  # -5°..+5° by degrees, then refined by half a degree
_STRIPS = 6  # line profiles per vertical strip, so a residual skew or a curled photo blurs them less
# Ascender excess of upright text: (above - below) / (above + below) over all lines. Measured on 96
# generated pages: scans +0.17..+0.70 upright and the same negated when turned (72 of 72 decided
# right); phone photos (perspective, low resolution) -0.2..+0.4: 11 of 24 left undecided, 1 wrong,
# which the confident-words check in ocr.py then re-reads. Undecided pages go the old way: tesseract's
# orientation probe for vertical lines, a re-read for a poor reading.
_MIN_ASCENT = 0.15
# Line pieces counted over the strips: generated text pages give 22 and more, pictures without text
# (ellipse edges taken for lines) up to 20, so a picture or a three-line note goes the old way.
_MIN_LINES = 21


@dataclass(frozen=True, slots=True)
class Geometry:
    vertical: bool  # text lines run top-bottom: the page is turned by 90° or 270°
    skew: float  # degrees (counter-clockwise, as PIL's rotate) that straighten the lines
    strength: float  # how marked the line structure is; near 0 for pictures or blank pages
    # Lines made horizontal (turned 90° clockwise when vertical) and straightened: how much more ink
    # sits above each line's x-height band than below it. Latin text has more ascenders, capitals and
    # accents than descenders, so this is positive upright and negative upside down.
    ascent: float = 0.0
    lines: int = 0

    @property
    def turn(self) -> int | None:
        """Clockwise degrees that put the text upright, or None when the ink does not say clearly."""
        if self.lines < _MIN_LINES or abs(self.ascent) < _MIN_ASCENT:
            return None
        upright = self.ascent > 0
        if self.vertical:
            return 90 if upright else 270
        return 0 if upright else 180


def _shrink(grey: Image.Image, size: int) -> Image.Image:
    """Box-filtered reduction: a fraction of a bicubic thumbnail's time, and the ink threshold does not mind."""
    scale = size / max(grey.size)
    if scale >= 1:
        return grey
    return grey.resize((max(1, round(grey.width * scale)), max(1, round(grey.height * scale))), Image.Resampling.BOX)


def _ink(grey: Image.Image, radius: int) -> np.ndarray:
    """Dark marks against their local background, so uneven light or a table edge does not count."""
    background = grey.filter(ImageFilter.BoxBlur(radius))
    return (np.asarray(background, dtype=np.int16) - np.asarray(grey, dtype=np.int16)) > 25


def _line_score(ink: Image.Image, angle: float) -> float:
    """High when rows alternate between text and gaps, i.e. lines are horizontal at this angle."""
    turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, expand=False) if angle else ink
    rows = np.asarray(turned, dtype=np.float32).sum(axis=1)
    mean = rows.mean()
    if mean <= 0:
        return 0.0
    rows /= mean
    return float(np.mean(np.diff(rows) ** 2))


def _best_angle(ink: Image.Image) -> tuple[float, float]:
    score, angle = max((_line_score(ink, a), a) for a in _COARSE)
    return max([(score, angle)] + [(_line_score(ink, angle + d), angle + d) for d in (-0.5, 0.5)])


def _ascent(ink: np.ndarray) -> tuple[float, int]:
    """Ink above minus ink below each text line's core band (rows at least half as dark as its darkest)."""
    height, width = ink.shape
    strip = max(1, width // _STRIPS)  # a picture narrower than the strips (a spacer pixel) still has one
    above = below = 0.0
    lines = 0
    for left in range(0, strip * _STRIPS, strip):
        rows = ink[:, left:left + strip].sum(axis=1, dtype=np.int32)
        on = np.concatenate(([0], (rows > max(1, strip // 50)).astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(on))
        for top, bottom in zip(edges[::2], edges[1::2]):
            if not 4 <= bottom - top <= 60:  # specks, or a picture / merged block rather than a line
                continue
            line = rows[top:bottom]
            core = np.flatnonzero(line >= line.max() / 2)
            above += float(line[:core[0]].sum())
            below += float(line[core[-1] + 1:].sum())
            lines += 1
    return (above - below) / max(above + below, 1.0), lines


def analyse(image: Image.Image) -> Geometry:
    grey = image.convert("L")
    probe = grey.copy()
    probe.thumbnail((_PROBE_SIZE, _PROBE_SIZE))
    shape = _shrink(grey, _SHAPE_SIZE)
    ink = Image.fromarray(_ink(probe, 12).astype(np.uint8) * 255)
    best_h = _best_angle(ink)
    best_v = _best_angle(ink.rotate(90, expand=True))
    vertical = best_v[0] > best_h[0] * 1.3
    strength, skew = best_v if vertical else best_h
    if vertical:
        shape = shape.transpose(Image.Transpose.ROTATE_270)  # a half turn from the probe's frame: same skew
    fine = Image.fromarray(_ink(shape, 24).astype(np.uint8) * 255)
    if skew:
        fine = fine.rotate(skew, resample=Image.Resampling.NEAREST, expand=True)
    ascent, lines = _ascent(np.asarray(fine) > 0)
    return Geometry(vertical=vertical, skew=skew, strength=strength, ascent=ascent, lines=lines)
