"""Pieces of family D: each builder returns pages (lists of (style, text) lines); the renderers make a text PDF
(fpdf2), a copier scan (image-only PDF or JPEG) or a phone photo (JPEG, sometimes with an EXIF orientation)."""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timezone

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_B = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT_SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
_FONTS: dict = {}


def d(x: date) -> str:
    return x.strftime("%d/%m/%Y")


def spaced_nir(n13: str, key: bool) -> str:
    from .registry import nir_key
    s = f"{n13[0]} {n13[1:3]} {n13[3:5]} {n13[5:7]} {n13[7:10]} {n13[10:13]}"
    return s + (f" {nir_key(n13):02d}" if key else "")


def box(on: bool, style: str) -> str:
    return {"x": "[X]" if on else "[ ]", "sq": "■" if on else "□", "ck": "☒" if on else "☐"}[style]


# --------------------------------------------------------------------------------------------- builders
# Each returns a list of pages; a page is a list of (style, text) with style in title/sub/text/small/rule.

def arret(rng, p: dict) -> list:
    """Avis d'arrêt de travail. p: name, nir (or None), birth (or None), start, end, nature ('initial' or
    'prolongation'), initial_start (for prolongation), employer, doctor, layout."""
    layout = p["layout"]
    st = rng.choice(["x", "sq", "ck"])
    pro = p["nature"] == "prolongation"
    if layout == "volet3":
        lines = [("small", "cerfa N° 10170*08"), ("title", "AVIS D'ARRÊT DE TRAVAIL"),
                 ("sub", "Volet 3 — à adresser par l'assuré(e) à son employeur"), ("rule", ""),
                 ("text", f"Nom et prénom de l'assuré(e) : {p['name']}"),
                 ("text", "N° d'immatriculation : " + (spaced_nir(p["nir"], rng.random() < 0.5) if p["nir"] else
                                                      "")),
                 ("text", "Date de naissance : " + (d(p["birth"]) if p["birth"] else "")),
                 ("text", f"Employeur : {p['employer']}"), ("rule", ""),
                 ("text", f"{box(not pro, st)} arrêt initial      {box(pro, st)} prolongation"),
                 ("text", f"Date de début de l'arrêt : {d(p['start'])}")]
        if pro:
            lines.append(("text", f"Date de l'arrêt initial : {d(p['initial_start'])}"))
        lines += [("text", f"Arrêt de travail jusqu'au : {d(p['end'])} inclus"),
                  ("text", f"Sorties autorisées : {box(True, st)} oui  {box(False, st)} non"),
                  ("rule", ""), ("text", f"Médecin prescripteur : {p['doctor']}"),
                  ("text", f"Fait le {d(p['start'])}")]
    elif layout == "ameli":
        lines = [("title", "Arrêt de travail — récapitulatif"),
                 ("sub", "Avis d'arrêt de travail transmis en ligne à l'Assurance Maladie"), ("rule", ""),
                 ("text", f"Assuré(e) ........................ {p['name']}")]
        if p["nir"]:
            lines.append(("text", f"NIR ............................. {p['nir']}{nir_key_str(p['nir'])}"))
        if p["birth"]:
            lines.append(("text", f"Né(e) le ........................ {d(p['birth'])}"))
        lines += [("text", "Type d'arrêt ...................... " + ("Prolongation" if pro else "Initial")),
                  ("text", f"Du ............................... {d(p['start'])}"),
                  ("text", f"Au (inclus) ...................... {d(p['end'])}")]
        if pro:
            lines.append(("text", f"Arrêt initial du ................. {d(p['initial_start'])}"))
        lines += [("text", "Motif médical : non communiqué à l'employeur"), ("rule", ""),
                  ("small", f"Prescripteur : {p['doctor']} — exemplaire employeur")]
    else:  # doctor's letterhead, typed
        n = (p["end"] - p["start"]).days + 1
        lines = [("sub", p["doctor"]), ("small", "Médecine générale — Conventionné secteur 1"), ("rule", ""),
                 ("title", "Avis d'arrêt de travail"),
                 ("text", f"Je soussigné(e), {p['doctor']}, certifie avoir examiné ce jour {p['name']}"
                          + (f", né(e) le {d(p['birth'])}" if p["birth"] else "")
                          + (f", n° de sécurité sociale {p['nir']}" if p["nir"] else "") + "."),
                 ("text", ("Son état de santé nécessite une prolongation de l'arrêt de travail initial du "
                           f"{d(p['initial_start'])}, " if pro else
                           "Son état de santé nécessite un arrêt de travail ")
                  + f"pour {n} jours, du {d(p['start'])} au {d(p['end'])} inclus."),
                 ("text", "Sorties autorisées sauf de 9 h à 11 h et de 14 h à 16 h."),
                 ("text", f"Fait pour servir et valoir ce que de droit, le {d(p['start'])}."),
                 ("text", "Signature et cachet")]
    return [lines]


def nir_key_str(n13: str) -> str:
    from .registry import nir_key
    return f" {nir_key(n13):02d}"


def cert_atmp(rng, p: dict) -> list:
    st = rng.choice(["x", "sq", "ck"])
    nat = p["nature"]
    lines = [("small", "cerfa N° 11138*06"),
             ("title", "CERTIFICAT MÉDICAL"), ("sub", "Accident du travail — Maladie professionnelle"),
             ("text", f"{box(nat == 'initial', st)} initial  {box(nat == 'prolongation', st)} de prolongation  "
                      f"{box(nat == 'rechute', st)} de rechute  {box(False, st)} final"), ("rule", ""),
             ("text", f"Victime : {p['name']}"),
             ("text", "N° d'immatriculation : " + (p["nir"] if p["nir"] else "")),
             ("text", f"Employeur : {p['employer']}"),
             ("text", f"Date de l'accident ou de la 1re constatation médicale : {d(p['event'])}"),
             ("text", f"Constatations détaillées : {p['lesion']}"), ("rule", ""),
             ("text", f"Arrêt de travail du {d(p['start'])} jusqu'au {d(p['end'])} inclus")
             if p.get("start") else ("text", "Soins sans arrêt de travail"),
             ("text", f"Médecin : {p['doctor']}")]
    return [lines]


def simple(title: str, body: list[str], sub: str | None = None) -> list:
    lines = [("title", title)]
    if sub:
        lines.append(("sub", sub))
    lines.append(("rule", ""))
    lines += [("text", b) for b in body]
    return [lines]


def cover_letter(employer: str, writer: str, agent: str, town: str, when: date) -> list:
    return [("sub", employer), ("small", f"Service des ressources humaines — {town}"), ("rule", ""),
            ("text", "Centre de gestion — Service assurance statutaire"),
            ("text", f"{town}, le {d(when)}"),
            ("text", f"Objet : transmission de pièces concernant {agent}"),
            ("text", "Madame, Monsieur,"),
            ("text", "Veuillez trouver ci-après la pièce relative à l'agent cité en objet."),
            ("text", "Nous vous prions d'agréer nos salutations distinguées."), ("text", writer)]


# --------------------------------------------------------------------------------------------- renderers

class _PDF(FPDF):
    pass


def render_pdf(pages: list, when: date) -> bytes:
    pdf = _PDF(format="A4")
    pdf.set_creation_date(datetime(when.year, when.month, when.day, 9, 0, tzinfo=timezone.utc))
    pdf.add_font("dv", "", FONT)
    pdf.add_font("dv", "B", FONT_B)
    pdf.set_auto_page_break(True, 15)
    for page in pages:
        pdf.add_page()
        for style, text in page:
            if style == "title":
                pdf.set_font("dv", "B", 15)
                pdf.multi_cell(0, 9, text, align="C", new_x="LMARGIN", new_y="NEXT")
            elif style == "sub":
                pdf.set_font("dv", "B", 11)
                pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
            elif style == "small":
                pdf.set_font("dv", "", 8)
                pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
            elif style == "rule":
                y = pdf.get_y() + 2
                pdf.line(15, y, 195, y)
                pdf.set_y(y + 3)
            else:
                pdf.set_font("dv", "", 10.5)
                pdf.multi_cell(0, 6.5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _font(path: str, size: int):
    k = (path, size)
    if k not in _FONTS:
        _FONTS[k] = ImageFont.truetype(path, size)
    return _FONTS[k]


def page_image(page: list, scale: float = 1.0, serif: bool = False) -> Image.Image:
    """An A4 page at ~130 dpi (scale 1), black on white."""
    w, h = int(1075 * scale), int(1520 * scale)
    img = Image.new("L", (w, h), 255)
    dr = ImageDraw.Draw(img)
    x, y = int(75 * scale), int(80 * scale)
    body = FONT_SERIF if serif else FONT
    for style, text in page:
        if style == "rule":
            dr.line((x, y + 6 * scale, w - x, y + 6 * scale), fill=60, width=2)
            y += int(18 * scale)
            continue
        f = {"title": _font(FONT_B, int(30 * scale)), "sub": _font(FONT_B, int(22 * scale)),
             "small": _font(body, int(16 * scale))}.get(style, _font(body, int(21 * scale)))
        for line in _wrap(dr, text, f, w - 2 * x):
            dr.text((x, y), line, fill=0, font=f)
            y += int(f.size * 1.45)
        y += int(6 * scale)
    return img


def _wrap(dr, text, font, width):
    words, out, cur = text.split(" "), [], ""
    for wd in words:
        t = (cur + " " + wd).strip()
        if dr.textlength(t, font=font) <= width or not cur:
            cur = t
        else:
            out.append(cur)
            cur = wd
    out.append(cur)
    return out


def scan(rng: random.Random, pages: list, as_pdf: bool, when: date) -> bytes:
    imgs = []
    for page in pages:
        img = page_image(page, serif=rng.random() < 0.3)
        img = img.rotate(rng.uniform(-1.6, 1.6), resample=Image.BICUBIC, fillcolor=235, expand=False)
        lo, hi = rng.randint(20, 60), rng.randint(215, 245)
        img = img.point([lo + v * (hi - lo) // 255 for v in range(256)])
        dr = ImageDraw.Draw(img)
        for _ in range(rng.randint(20, 80)):
            px, py = rng.randrange(img.width), rng.randrange(img.height)
            dr.point((px, py), fill=rng.randint(0, 120))
        if rng.random() < 0.5:
            img = img.filter(ImageFilter.GaussianBlur(0.6))
        imgs.append(img)
    if not as_pdf:
        buf = io.BytesIO()
        imgs[0].save(buf, "JPEG", quality=rng.randint(70, 88))
        return buf.getvalue()
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(when.year, when.month, when.day, 9, 0, tzinfo=timezone.utc))
    for img in imgs:
        pdf.add_page()
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=80)
        buf.seek(0)
        pdf.image(buf, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def photo(rng: random.Random, page: list, exif_rotate: bool) -> bytes:
    """A phone photo of a page on a desk: tinted background, slight perspective, warm light, shadow."""
    pg = page_image(page, scale=1.0).convert("RGB")
    bg = Image.new("RGB", (1400, 1800), (rng.randint(90, 150), rng.randint(70, 110), rng.randint(40, 80)))
    ox, oy = rng.randint(60, 200), rng.randint(60, 180)
    pg = pg.rotate(rng.uniform(-4, 4), resample=Image.BICUBIC, expand=True, fillcolor=(120, 95, 60))
    bg.paste(pg, (ox, oy))
    sh = Image.new("L", bg.size, 0)
    ImageDraw.Draw(sh).rectangle((0, 0, bg.width, rng.randint(200, 600)), fill=rng.randint(25, 55))
    dark = Image.new("RGB", bg.size, (0, 0, 0))
    bg = Image.composite(dark, bg, sh)
    r, g, b = bg.split()
    bg = Image.merge("RGB", (r.point(lambda v: min(255, v + 12)), g, b.point(lambda v: int(v * 0.9))))
    buf = io.BytesIO()
    if exif_rotate:
        # the sensor's pixels are sideways; the EXIF Orientation tag (6: rotate 90° clockwise to view) says so
        bg = bg.transpose(Image.ROTATE_90)
        exif = Image.Exif()
        exif[0x0112] = 6
        exif[0x010F] = "Apple"
        exif[0x0110] = "iPhone 13"
        bg.save(buf, "JPEG", quality=82, exif=exif.tobytes())
    else:
        bg.save(buf, "JPEG", quality=82)
    return buf.getvalue()


def logo_png(rng: random.Random, text: str) -> bytes:
    img = Image.new("RGB", (240, 80), (255, 255, 255))
    dr = ImageDraw.Draw(img)
    dr.rectangle((4, 4, 70, 76), fill=(rng.randint(0, 80), rng.randint(60, 160), rng.randint(120, 220)))
    dr.text((80, 28), text[:14], fill=(30, 30, 30), font=_font(FONT_B, 18))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()
