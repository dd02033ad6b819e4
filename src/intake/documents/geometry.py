"""Page geometry from pixels alone: is the text vertical, and how skewed is it (cheap, no OCR)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

_PROBE_SIZE = 600  # the analysis runs on a thumbnail: about a millisecond per angle
_COARSE = tuple(float(a) for a in range(-5, 6))  # -5°..+5° by degrees, then refined by half a degree


@dataclass(frozen=True, slots=True)
class Geometry:
    vertical: bool  # text lines run top-bottom: the page is turned by 90° or 270°
    skew: float  # degrees (counter-clockwise, as PIL's rotate) that straighten the lines
    strength: float  # how marked the line structure is; near 0 for pictures or blank pages


def _ink(image: Image.Image) -> Image.Image:
    """Dark marks against their local background, so uneven light or a table edge does not count."""
    grey = image.convert("L")
    grey.thumbnail((_PROBE_SIZE, _PROBE_SIZE))
    background = grey.filter(ImageFilter.BoxBlur(12))
    a = np.asarray(grey, dtype=np.int16)
    b = np.asarray(background, dtype=np.int16)
    return Image.fromarray(((b - a) > 25).astype(np.uint8) * 255)


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


def analyse(image: Image.Image) -> Geometry:
    ink = _ink(image)
    best_h = _best_angle(ink)
    best_v = _best_angle(ink.rotate(90, expand=True))
    if best_v[0] > best_h[0] * 1.3:
        return Geometry(vertical=True, skew=best_v[1], strength=best_v[0])
    return Geometry(vertical=False, skew=best_h[1], strength=best_h[0])
