"""Degraded images of pages: low-contrast copier scans, fax-like 1-bit pages with a fax header, skewed scans,
two pages on one image, and phone photos on a desk. Randomness comes from the caller's rng only."""

from __future__ import annotations

import io
import random
from datetime import datetime, timezone

import numpy as np
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .render import FONT_DIR


def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.randrange(2**32))


def low_contrast(img: Image.Image, rng: random.Random) -> Image.Image:
    lo, hi = rng.randint(35, 90), rng.randint(190, 225)
    img = img.point(lambda v: lo + (hi - lo) * v // 255)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
    a = np.asarray(img, dtype=np.int16) + _np_rng(rng).normal(0, 6, (img.height, img.width)).astype(np.int16)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def fax(img: Image.Image, rng: random.Random, header: str) -> Image.Image:
    w, h = img.size
    # fax "fine" mode: the vertical resolution is lower than the horizontal one
    img = img.resize((w, int(h * 0.75))).resize((w, h))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 34), fill=255)
    d.text((20, 8), header, font=ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", 17), fill=0)
    a = np.asarray(img, dtype=np.int16)
    noise = _np_rng(rng).random(a.shape)
    a = np.where(noise < 0.0015, 0, a)
    bw = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L").point(lambda v: 255 if v > 150 else 0)
    return bw.convert("1", dither=Image.Dither.NONE)


def skew(img: Image.Image, rng: random.Random) -> Image.Image:
    angle = rng.choice([-1, 1]) * rng.uniform(1.5, 4.5)
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=235)
    a = np.asarray(img, dtype=np.int16)
    nr = _np_rng(rng)
    specks = nr.random(a.shape) < 0.002
    a = np.where(specks, 30, a)
    # a dark band where the lid did not close
    a[:, : rng.randint(8, 30)] = 60
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def two_up(pages: list[Image.Image], rng: random.Random) -> Image.Image:
    w, h = pages[0].size
    out = Image.new("L", (2 * w + 40, h + 40), 250)
    for i, p in enumerate(pages[:2]):
        out.paste(p, (20 + i * (w + 0), 20))
    ImageDraw.Draw(out).line((w + 20, 0, w + 20, h + 40), fill=150, width=3)
    return out


def photo(img: Image.Image, rng: random.Random) -> Image.Image:
    w, h = img.size
    bg_col = rng.choice([(120, 90, 60), (80, 80, 85), (160, 140, 110), (60, 70, 90)])
    W, H = int(w * 1.25), int(h * 1.2)
    canvas = Image.new("RGB", (W, H), bg_col)
    page = img.convert("RGB")
    # perspective: the top edge narrower than the bottom one
    inset = int(w * rng.uniform(0.03, 0.08))
    dx, dy = int(w * 0.1), int(h * 0.08)
    quad_dst = [(dx + inset, dy), (dx + w - inset, dy + rng.randint(-10, 10)), (dx + w + inset // 2, dy + h),
                (dx - inset // 2, dy + h)]
    coeffs = _perspective_coeffs(quad_dst, [(0, 0), (w, 0), (w, h), (0, h)])
    warped = page.transform((W, H), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC,
                            fillcolor=None)
    mask = Image.new("L", (w, h), 255).transform((W, H), Image.Transform.PERSPECTIVE, coeffs,
                                                  Image.Resampling.BILINEAR)
    canvas.paste(warped, (0, 0), mask)
    # shadow and warm tint
    a = np.asarray(canvas, dtype=np.float32)
    grad = np.linspace(rng.uniform(0.6, 0.8), 1.0, W)[None, :, None]
    if rng.random() < 0.5:
        grad = grad[:, ::-1, :]
    a = a * grad * np.array([1.0, 0.96, 0.86])[None, None, :]
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    return img


def _perspective_coeffs(src: list[tuple[int, int]], dst: list[tuple[int, int]]) -> list[float]:
    """Coefficients mapping output pixels (src quad) back to the input page (dst corners)."""
    m = []
    for (x, y), (u, v) in zip(src, dst):
        m.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        m.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(m, dtype=np.float64)
    b = np.array([c for p in dst for c in p], dtype=np.float64)
    return list(np.linalg.solve(a, b))


def jpeg(img: Image.Image, quality: int = 70) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB" if img.mode in ("RGB", "1") else "L").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def tiff(imgs: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    imgs = [i.convert("1") for i in imgs]
    imgs[0].save(buf, "TIFF", compression="group4", save_all=True, append_images=imgs[1:])
    return buf.getvalue()


def image_pdf(imgs: list[Image.Image], quality: int = 60) -> bytes:
    pdf = FPDF(unit="pt")
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=timezone.utc))
    for img in imgs:
        w, h = img.size
        scale = 595 / w
        pdf.add_page(format=(595, h * scale))
        data = io.BytesIO(jpeg(img.convert("L") if img.mode == "1" else img, quality))
        pdf.image(data, x=0, y=0, w=595, h=h * scale)
    return bytes(pdf.output())
