"""PDF pages as PNG images for the claim page, rendered once with pypdfium2 and kept beside the blob."""

from __future__ import annotations

import io
import threading
from pathlib import Path

from intake.store.blobs import BlobStore

MAX_PAGES = 50
SCALE = 1.4  # ~100 dpi: readable on screen, small enough to send quickly
_LOCK = threading.Lock()  # pdfium is not thread-safe


def _cache_path(blobs: BlobStore, digest: str, page: int, turn: int = 0, skew: float = 0.0) -> Path:
    suffix = f"-t{turn}s{skew:g}" if turn or skew else ""
    return blobs.cache_path(digest, f"page{page}{suffix}.png")


def upright(image, turn: int, skew: float):
    """The page turned as OCR turned it before reading (documents/ocr.ocr_image): its word boxes fit on it."""
    from PIL import Image

    turned = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    if turn in turned:
        image = image.transpose(turned[turn])
    if skew:
        image = image.convert("RGB").rotate(skew, resample=Image.Resampling.BICUBIC, expand=True,
                                            fillcolor=(255, 255, 255))
    return image


def _image_png(data: bytes, turn: int = 0, skew: float = 0.0) -> bytes | None:
    """A photo or scan sent as an image (JPEG, TIFF…), as PNG; None when it is not an image."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((1600, 1600))
            image = upright(image, turn, skew)
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG", optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def page_count(blobs: BlobStore, digest: str) -> int:
    import pypdfium2 as pdfium

    try:
        if not blobs.get(digest).startswith(b"%PDF"):
            return 1  # an image: one page, or a 404 when it is not one

        with _LOCK:
            pdf = pdfium.PdfDocument(blobs.get(digest))
            try:
                return min(len(pdf), MAX_PAGES)
            finally:
                pdf.close()
    except (pdfium.PdfiumError, OSError):
        return 0


def page_png(blobs: BlobStore, digest: str, page: int, turn: int = 0, skew: float = 0.0) -> bytes | None:
    """The page (0-based) as PNG, turned upright as OCR read it (`turn`, `skew`: documents/model.Page), from
    the cache or rendered now; None when there is no such page."""
    if not 0 <= page < MAX_PAGES:
        return None
    cached = _cache_path(blobs, digest, page, turn, skew)
    if cached.exists():
        return cached.read_bytes()
    import pypdfium2 as pdfium

    try:
        raw = blobs.get(digest)
        if not raw.startswith(b"%PDF"):
            data = _image_png(raw, turn, skew) if page == 0 else None
            if data is not None:
                _store(cached, data)
            return data
        with _LOCK:
            pdf = pdfium.PdfDocument(raw)
            try:
                if page >= len(pdf):
                    return None
                image = pdf[page].render(scale=SCALE).to_pil()
            finally:
                pdf.close()
        image = upright(image, turn, skew)
    except (pdfium.PdfiumError, OSError):
        return None
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    data = out.getvalue()
    _store(cached, data)
    return data


def _store(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)  # a blob kept in the database has no directory here yet
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
