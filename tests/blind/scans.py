"""Office scans and phone photos of the text PDFs: the page is rendered (pypdfium2), then degraded with
Pillow the way a copier or a phone degrades it, and wrapped as an image-only PDF or a JPEG."""

from __future__ import annotations

import io
import random
import time

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter, ImageOps


def render(pdf: bytes, dpi: int = 150) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        img = page.render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()
    return img


def _noise(img: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    gen = np.random.default_rng(rng.randint(0, 2**31))
    a = np.asarray(img, dtype=np.float32)
    a = a + gen.normal(0, sigma, a.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def scan(pdf: bytes, rng: random.Random) -> Image.Image:
    """A copier's scan: grey, slightly rotated, a little blur and speckle, darker edges."""
    img = render(pdf, dpi=rng.choice([150, 200]))
    img = img.rotate(rng.uniform(-1.6, 1.6), resample=Image.BICUBIC, expand=False, fillcolor=235)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.7)))
    img = _noise(img, rng, rng.uniform(4, 10))
    if rng.random() < 0.5:
        img = ImageOps.autocontrast(img, cutoff=1)
    return img


def _perspective_coeffs(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    # coefficients mapping output (dst) points to input (src) points, as Image.transform expects
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return list(np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float)))


def photo(pdf: bytes, rng: random.Random) -> Image.Image:
    """A phone photo of the paper on a desk: perspective, a shadow across, colour, JPEG."""
    page = render(pdf, dpi=170).convert("RGB")
    w, h = page.size
    margin = int(w * 0.08)
    W, H = w + 2 * margin, h + 2 * margin
    desk = Image.new("RGB", (W, H), tuple(rng.randint(90, 150) for _ in range(3)))
    desk.paste(page, (margin, margin))
    j = lambda: rng.uniform(-0.035, 0.035) * w  # noqa: E731
    src = [(margin, margin), (margin + w, margin), (margin + w, margin + h), (margin, margin + h)]
    dst = [(margin + j(), margin + j()), (margin + w + j(), margin + j()),
           (margin + w + j(), margin + h + j()), (margin + j(), margin + h + j())]
    img = desk.transform((W, H), Image.PERSPECTIVE, _perspective_coeffs(src, dst), Image.BICUBIC)
    img = img.rotate(rng.uniform(-2.5, 2.5), resample=Image.BICUBIC, fillcolor=(110, 100, 90))
    # shadow: a soft gradient darkening one side
    a = np.asarray(img, dtype=np.float32)
    xs = np.linspace(0, 1, W)[None, :, None]
    ys = np.linspace(0, 1, H)[:, None, None]
    side = rng.choice(["x", "y"])
    grad = xs if side == "x" else ys
    if rng.random() < 0.5:
        grad = 1 - grad
    shade = 1 - rng.uniform(0.15, 0.35) * np.clip(grad * 1.6 - 0.3, 0, 1)
    tint = np.array([1.0, rng.uniform(0.96, 1.0), rng.uniform(0.88, 0.97)])[None, None, :]
    a = a * shade * tint
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    return img


def as_pdf(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    fixed = time.strptime("2025-01-01", "%Y-%m-%d")  # byte-identical output for a seed
    img.convert("L" if img.mode == "L" else "RGB").save(buf, "PDF", resolution=150.0, creationDate=fixed,
                                                         modDate=fixed)
    return buf.getvalue()


def as_jpeg(img: Image.Image, quality: int = 75) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def as_png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()
