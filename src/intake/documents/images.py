"""Raster attachments (JPEG, PNG, TIFF pages, GIF, BMP, WebP, HEIC when pillow-heif is present) as upright page images."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

import numpy as np
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from intake.documents.errors import ImageError

_MAX_SIDE = 3400  # ≈ A4 at 290 dpi: a 12-megapixel phone photo is read as well and twice as fast

try:  # optional: iPhone photos; without the plugin they are reported as unsupported
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - depends on the installation
    pass


def open_image(data: bytes, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size  # read from the header, before any decoding
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        if isinstance(exc, UnidentifiedImageError):
            raise ImageError("format d'image non reconnu ou fichier endommagé") from exc
        raise ImageError("image trop grande (dimensions hors limites)") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageError("image endommagée ou illisible") from exc
    if width * height > max_pixels or width <= 0 or height <= 0:
        raise ImageError(f"image trop grande ({width} × {height} pixels)")
    return image


def iter_frames(image: Image.Image, limit: int) -> Iterator[tuple[Image.Image, float | None]]:
    """Upright grey pages (EXIF orientation applied) with their resolution when the file states it."""
    frames = getattr(image, "n_frames", 1) if image.format in ("TIFF", "MPO") else 1
    for index in range(min(frames, limit)):
        try:
            image.seek(index)
            frame = ImageOps.exif_transpose(image)  # phone photos: pixels stored sideways plus a tag
            frame.load()
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            if index == 0:
                raise ImageError("image endommagée ou illisible") from exc
            return  # keep the pages already read from a truncated multi-page file
        dpi = _dpi(image)
        yield _prepare(frame), dpi


def _dpi(image: Image.Image) -> float | None:
    value = image.info.get("dpi")
    try:
        dpi = float(value[0]) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if dpi and 70 <= dpi <= 1200 else None


def _prepare(frame: Image.Image) -> Image.Image:
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        background = Image.new("RGBA", frame.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(background, frame.convert("RGBA"))  # transparent = paper, not black
    grey = frame.convert("L")
    if max(grey.size) > _MAX_SIDE:
        grey.thumbnail((_MAX_SIDE, _MAX_SIDE), Image.Resampling.LANCZOS)
    return grey


def flatten_light(grey: Image.Image) -> Image.Image:
    """Divide out uneven lighting (photos taken under a lamp): tesseract's global threshold needs it."""
    small = grey.reduce(8) if min(grey.size) > 400 else grey
    background = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.BoxBlur(8)).resize(grey.size)
    a = np.asarray(grey, dtype=np.float32)
    b = np.maximum(np.asarray(background, dtype=np.float32), 1.0)
    spread = float(np.percentile(b, 95) - np.percentile(b, 5))
    if spread < 40:  # evenly lit: leave the pixels alone
        return grey
    return Image.fromarray(np.clip(a / b * 255.0, 0, 255).astype(np.uint8))


# Share of neighbouring pixels (every 8th row) that jump by more than 60 grey levels. Ink edges alone stay
# under 0.05 on clean scans, photos and logos; a page sprinkled with specks (a noisy scanner, a fax) is
# at 0.15 and more, and tesseract's threshold then reads nothing but specks ('ie', 'Ra' for a whole page).
_SPECKLED = 0.1


def without_specks(grey: Image.Image) -> Image.Image:
    """A speckled page (grey) through a 3×3 median, which removes isolated specks and keeps strokes;
    any other page as it came (the median costs ≈0.5 s a page and softens thin strokes)."""
    rows = np.asarray(grey, dtype=np.int16)[::8]
    if rows.shape[1] < 2 or float((np.abs(np.diff(rows, axis=1)) > 60).mean()) < _SPECKLED:
        return grey
    return grey.filter(ImageFilter.MedianFilter(3))
