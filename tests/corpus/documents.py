"""Generated French supporting documents of every kind: text PDFs, scans (image-only PDFs) and phone photos.

    rng = random.Random(7)
    pdf = make_text_pdf("arret_travail", rng, last_name="MARTIN", nature="prolongation")
    scan = make_scan(pdf, rng)          # image-only PDF: grey, noise, blur, skew, sometimes turned
    photo = make_photo(pdf, rng)        # JPEG with perspective, uneven light and an EXIF orientation tag

Facts (names, NIR, dates: see doc_facts.Facts) are keyword arguments so labelled corpora can be made;
`nature` ("initial", "prolongation", "rechute") applies to arret_travail and certificat_at_mp.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from corpus import doc_forms, doc_letters
from corpus.doc_facts import Facts, random_facts
from corpus.doc_layout import Doc

__all__ = ["KINDS", "Facts", "make_photo", "make_scan", "make_text_pdf", "random_facts", "render_page"]

_Builder = Callable[[Doc, Facts, random.Random], None]


def _final(d: Doc, f: Facts, rng: random.Random) -> None:
    if rng.random() < 0.6:
        doc_forms.certificat_at_mp(d, f, rng, final=True)
    else:
        doc_forms.certificat_final_letter(d, f, rng)


BUILDERS: dict[str, _Builder] = {
    "arret_travail": doc_forms.arret_travail,
    "certificat_at_mp": doc_forms.certificat_at_mp,
    "certificat_final": _final,
    "certificat_medical": doc_forms.certificat_medical,
    "certificat_grossesse": doc_forms.certificat_grossesse,
    "declaration_accident": doc_letters.declaration_accident,
    "declaration_maladie_professionnelle": doc_letters.declaration_maladie_professionnelle,
    "enquete_administrative": doc_letters.enquete_administrative,
    "temoignage": doc_letters.temoignage,
    "constat_amiable": doc_letters.constat_amiable,
    "plan_trajet": doc_forms.plan_trajet,
    "arrete": doc_letters.arrete,
    "avis_conseil_medical": doc_letters.avis_conseil_medical,
    "acte_naissance": doc_letters.acte_naissance,
    "justificatif_adoption": doc_letters.justificatif_adoption,
    "acte_deces": doc_letters.acte_deces,
    "demande_agent": doc_letters.demande_agent,
    "bulletin_salaire": doc_forms.bulletin_salaire,
    "facture": doc_forms.facture,
    "autre": doc_letters.autre,
}
KINDS: tuple[str, ...] = tuple(BUILDERS)


def make_text_pdf(kind: str, rng: random.Random, *, nature: str | None = None, **facts: object) -> bytes:
    """A one-page (sometimes longer) PDF with a text layer, of the given document kind."""
    f = random_facts(rng, **facts)
    d = Doc(rng)
    if nature and kind in ("arret_travail", "certificat_at_mp"):
        BUILDERS[kind](d, f, rng, nature=nature)  # type: ignore[call-arg]
    else:
        BUILDERS[kind](d, f, rng)
    return d.output()


def render_page(source: bytes | Image.Image, dpi: int = 200, page: int = 0) -> Image.Image:
    if isinstance(source, Image.Image):
        return source.convert("RGB")
    pdf = pdfium.PdfDocument(source)
    try:
        return pdf[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


def _noise(image: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    arr = np.asarray(image, dtype=np.float32)
    noisy = arr + np.random.default_rng(rng.randint(0, 2**31)).normal(0, sigma, arr.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def _jpeg(image: Image.Image, quality: int, **save: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality, **save)
    return buf.getvalue()


def make_scan(source: bytes | Image.Image, rng: random.Random, *, rotation: int | None = None,
              skew: float | None = None, dpi: int | None = None) -> bytes:
    """An image-only PDF as an office scanner makes it: grey, noisy, slightly skewed, sometimes turned."""
    dpi = dpi or rng.choice([150, 200, 200, 300])
    page = render_page(source, dpi).convert("L")
    skew = rng.uniform(-3, 3) if skew is None else skew
    page = page.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=rng.randint(235, 255))
    if rotation is None:
        rotation = rng.choices([0, 90, 180, 270], weights=[80, 8, 8, 4])[0]
    if rotation:
        page = page.rotate(-rotation, expand=True)  # clockwise, as a sheet fed the wrong way
    page = ImageEnhance.Contrast(page).enhance(rng.uniform(0.75, 1.15))
    page = ImageEnhance.Brightness(page).enhance(rng.uniform(0.95, 1.08))
    if rng.random() < 0.6:
        page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
    page = _noise(page, rng, rng.uniform(2, 10))
    jpeg = Image.open(io.BytesIO(_jpeg(page, rng.randint(35, 85))))
    buf = io.BytesIO()
    jpeg.save(buf, format="PDF", resolution=float(dpi))
    return buf.getvalue()


_EXIF_STORE = {1: None, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


def make_photo(source: bytes | Image.Image, rng: random.Random, *, orientation: int | None = None) -> bytes:
    """A phone photo of the printed page: on a desk, in perspective, unevenly lit, stored sideways with an EXIF tag."""
    page = render_page(source, rng.choice([150, 180, 200]))
    w, h = page.size
    margin = int(0.12 * w)
    canvas = Image.new("RGB", (w + 2 * margin, h + 2 * margin), tuple(rng.randint(40, 120) for _ in range(3)))
    canvas.paste(page, (margin, margin))
    cw, ch = canvas.size
    jitter = lambda: rng.uniform(-0.05, 0.05) * w  # noqa: E731
    quad = (margin * 0.6 + jitter(), margin * 0.6 + jitter(), margin * 0.6 + jitter(), ch - margin * 0.6 + jitter(),
            cw - margin * 0.6 + jitter(), ch - margin * 0.6 + jitter(), cw - margin * 0.6 + jitter(), margin * 0.6 + jitter())
    photo = canvas.transform((cw, ch), Image.Transform.QUAD, quad, resample=Image.Resampling.BICUBIC)
    photo = photo.rotate(rng.uniform(-2.5, 2.5), resample=Image.Resampling.BICUBIC, fillcolor=(60, 50, 40))
    light = Image.linear_gradient("L").resize((cw, ch)).rotate(rng.choice([0, 45, 90, 135, 180]))
    light = light.point(lambda v: 255 - int(v * rng.uniform(0.25, 0.45)))
    photo = Image.composite(photo, Image.new("RGB", (cw, ch), (0, 0, 0)), light)
    tint = Image.new("RGB", (cw, ch), (255, rng.randint(235, 250), rng.randint(200, 235)))
    photo = Image.blend(photo, Image.composite(photo, tint, Image.new("L", (cw, ch), 210)), 0.5)
    if rng.random() < 0.5:
        photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    photo = _noise(photo, rng, rng.uniform(2, 6))
    if orientation is None:
        orientation = rng.choice([1, 1, 6, 6, 3, 8])
    stored = photo.transpose(_EXIF_STORE[orientation]) if _EXIF_STORE[orientation] else photo
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = rng.choice(["Apple", "samsung", "Xiaomi"])
    return _jpeg(stored, rng.randint(60, 90), exif=exif.tobytes())


def draw_shapes(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A picture with no text (a photo of an injury, a logo): must read as 'autre', not crash."""
    image = Image.new("RGB", size, tuple(rng.randint(0, 255) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(20):
        x, y = rng.randint(0, size[0]), rng.randint(0, size[1])
        draw.ellipse((x, y, x + rng.randint(10, 200), y + rng.randint(10, 200)), fill=tuple(rng.randint(0, 255) for _ in range(3)))
    return image
