"""Two renderers for one small page language: text PDFs (fpdf2) and page images (Pillow, for scans, faxes
and photos). A page is a list of blocks:

    ("title", text) ("sub", text) ("text", paragraph) ("kv", label, value) ("above", [(value, label), ...])
    ("table", rows) ("check", [(label, ticked), ...], glyphs) ("boxes", label, characters) ("sign", text)
    ("space",) ("page",)
"""

from __future__ import annotations

import textwrap
from datetime import datetime, timezone
from functools import lru_cache

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
GLYPHS = {"unicode": ("☑", "☐"), "square": ("■", "□"), "brackets": ("[x]", "[ ]"), "paren": ("(X)", "( )"),
          "cross": ("☒", "☐")}


def tick(glyphs: str, on: bool) -> str:
    return GLYPHS[glyphs][0 if on else 1]


def render_pdf(blocks: list[tuple], serif: bool = False) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=timezone.utc))
    fam = "DejaVuSerif" if serif else "DejaVu"
    base = "DejaVuSerif" if serif else "DejaVuSans"
    pdf.add_font(fam, "", FONT_DIR + base + ".ttf")
    pdf.add_font(fam, "B", FONT_DIR + base + "-Bold.ttf")
    pdf.add_font(fam, "I", FONT_DIR + (base + "-Italic.ttf" if serif else "DejaVuSans-Oblique.ttf"))
    pdf.add_font("DejaVuSym", "", FONT_DIR + "DejaVuSans.ttf")  # the serif face has no ☑ ☐ ☒
    pdf.set_auto_page_break(True, 15)
    pdf.add_page()
    w = pdf.w - pdf.l_margin - pdf.r_margin
    for b in blocks:
        t = b[0]
        if t == "page":
            pdf.add_page()
        elif t == "title":
            pdf.set_font(fam, "B", 14)
            pdf.multi_cell(w, 8, b[1], align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif t == "sub":
            pdf.set_font(fam, "I", 8)
            pdf.multi_cell(w, 4, b[1], align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif t == "text":
            pdf.set_font(fam, "", 10)
            pdf.multi_cell(w, 5, b[1], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif t == "kv":
            pdf.set_font(fam, "", 10)
            pdf.cell(70, 6, b[1])
            pdf.set_font(fam, "B", 10)
            pdf.multi_cell(w - 70, 6, b[2], new_x="LMARGIN", new_y="NEXT")
        elif t == "above":
            n = len(b[1])
            cw = w / n
            y = pdf.get_y()
            for i, (val, lab) in enumerate(b[1]):
                pdf.set_xy(pdf.l_margin + i * cw, y)
                pdf.set_font(fam, "B", 11)
                pdf.cell(cw - 4, 6, val)
                pdf.line(pdf.l_margin + i * cw, y + 7, pdf.l_margin + (i + 1) * cw - 4, y + 7)
                pdf.set_xy(pdf.l_margin + i * cw, y + 7.5)
                pdf.set_font(fam, "I", 7)
                pdf.cell(cw - 4, 4, lab)
            pdf.set_xy(pdf.l_margin, y + 14)
        elif t == "table":
            rows = b[1]
            ncol = max(len(r) for r in rows)
            cw = w / ncol
            for ri, r in enumerate(rows):
                pdf.set_font(fam, "B" if ri == 0 else "", 8 if ncol > 3 else 10)
                for c in range(ncol):
                    pdf.cell(cw, 7, r[c] if c < len(r) else "", border=1)
                pdf.ln(7)
            pdf.ln(2)
        elif t == "check":
            pdf.set_font("DejaVuSym", "", 10)
            line = "    ".join(f"{tick(b[2], on)} {lab}" for lab, on in b[1])
            pdf.multi_cell(w, 6, line, new_x="LMARGIN", new_y="NEXT")
        elif t == "boxes":
            pdf.set_font(fam, "", 10)
            pdf.cell(55, 7, b[1])
            pdf.set_font(fam, "B", 10)
            for ch in b[2]:
                pdf.cell(5.5, 7, ch, border=0 if ch == " " else 1, align="C")
            pdf.ln(9)
        elif t == "sign":
            pdf.ln(4)
            pdf.set_font(fam, "I", 10)
            pdf.multi_cell(w, 5, b[1], align="R", new_x="LMARGIN", new_y="NEXT")
        elif t == "space":
            pdf.ln(5)
    return bytes(pdf.output())


@lru_cache(maxsize=None)
def _font(size: int, bold: bool = False, italic: bool = False, serif: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSerif" if serif else "DejaVuSans"
    if bold:
        name += "-Bold"
    elif italic:
        name += "-Italic" if serif else "-Oblique"
    return ImageFont.truetype(FONT_DIR + name + ".ttf", size)


def render_pages(blocks: list[tuple], dpi: int = 150, serif: bool = False) -> list[Image.Image]:
    """Pages as white greyscale images, about A4 at `dpi`."""
    W, H = int(8.27 * dpi), int(11.69 * dpi)
    s = dpi / 150
    pages = []
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    x0, y = int(90 * s), int(90 * s)
    width = W - 2 * x0

    def f(size, **kw):
        return _font(max(8, int(size * s)), serif=serif, **kw)

    for b in blocks:
        t = b[0]
        if t == "page" or y > H - 150 * s:
            pages.append(img)
            img = Image.new("L", (W, H), 255)
            d = ImageDraw.Draw(img)
            y = int(90 * s)
            if t == "page":
                continue
        if t == "title":
            for line in textwrap.wrap(b[1], 48):
                tw = d.textlength(line, font=f(26, bold=True))
                d.text(((W - tw) / 2, y), line, font=f(26, bold=True), fill=0)
                y += int(36 * s)
            y += int(10 * s)
        elif t == "sub":
            for line in textwrap.wrap(b[1], 95):
                tw = d.textlength(line, font=f(14, italic=True))
                d.text(((W - tw) / 2, y), line, font=f(14, italic=True), fill=40)
                y += int(20 * s)
            y += int(8 * s)
        elif t == "text":
            for line in textwrap.wrap(b[1], 78):
                d.text((x0, y), line, font=f(19), fill=0)
                y += int(27 * s)
            y += int(6 * s)
        elif t == "kv":
            d.text((x0, y), b[1], font=f(19), fill=0)
            d.text((x0 + int(420 * s), y), b[2], font=f(19, bold=True), fill=0)
            y += int(32 * s)
        elif t == "above":
            n = len(b[1])
            cw = width / n
            for i, (val, lab) in enumerate(b[1]):
                xx = x0 + i * cw
                d.text((xx, y), val, font=f(20, bold=True), fill=0)
                d.line((xx, y + 30 * s, xx + cw - 20 * s, y + 30 * s), fill=0, width=max(1, int(s)))
                d.text((xx, y + 34 * s), lab, font=f(13, italic=True), fill=30)
            y += int(72 * s)
        elif t == "table":
            rows = b[1]
            ncol = max(len(r) for r in rows)
            cw = width / ncol
            rh = int(40 * s)
            for ri, r in enumerate(rows):
                for c in range(ncol):
                    xx = x0 + c * cw
                    d.rectangle((xx, y, xx + cw, y + rh), outline=0, width=max(1, int(s)))
                    txt = r[c] if c < len(r) else ""
                    d.text((xx + 6 * s, y + 9 * s), txt, font=f(15 if ncol > 3 else 18, bold=ri == 0), fill=0)
                y += rh
            y += int(14 * s)
        elif t == "check":
            line = "    ".join(f"{tick(b[2], on)} {lab}" for lab, on in b[1])
            for part in textwrap.wrap(line, 70):
                d.text((x0, y), part, font=_font(max(8, int(19 * s))), fill=0)
                y += int(30 * s)
        elif t == "boxes":
            d.text((x0, y + 6 * s), b[1], font=f(19), fill=0)
            xx = x0 + int(330 * s)
            for ch in b[2]:
                if ch != " ":
                    d.rectangle((xx, y, xx + 30 * s, y + 38 * s), outline=0, width=max(1, int(s)))
                    d.text((xx + 7 * s, y + 7 * s), ch, font=f(20, bold=True), fill=0)
                xx += int(32 * s)
            y += int(50 * s)
        elif t == "sign":
            y += int(20 * s)
            for line in b[1].split("\n"):
                tw = d.textlength(line, font=f(18, italic=True))
                d.text((W - x0 - tw, y), line, font=f(18, italic=True), fill=0)
                y += int(26 * s)
        elif t == "space":
            y += int(24 * s)
    pages.append(img)
    return pages
