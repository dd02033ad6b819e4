"""A small page writer over fpdf2 with a random house style (fonts, sizes, margins, title and header forms)."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools import subset
from fpdf import FPDF

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
_FAMILIES = {
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    "DejaVuCondensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf", "DejaVuSansCondensed-Oblique.ttf"),
    "LiberationSans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf"),
    "LiberationSerif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf"),
    "LiberationMono": ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf", "LiberationMono-Italic.ttf"),
}


def _font_path(name: str) -> Path | None:
    for folder in _FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    return None


def _available() -> dict[str, tuple[Path, Path, Path]]:
    found = {}
    for family, files in _FAMILIES.items():
        paths = tuple(_font_path(f) for f in files)
        if all(paths):
            found[family] = paths  # type: ignore[assignment]
    return found


_FONTS = _available()
_CORE = not _FONTS  # no TTF at all: latin-1 core fonts (accents of French are in latin-1)


# The characters our documents use: Latin with its accents and ligatures, typographic punctuation, €, №,
# arrows, boxes and ticks. fpdf2 parses a whole TTF for each document that uses it (DejaVu: ~6 000 glyphs,
# 70 ms a face, most of a text PDF's making); the same face cut to these ~1 000 glyphs looks and reads the
# same and parses in a fraction of that. A character outside them would print as a missing glyph: its
# text would then be absent from the PDF, which the reading tests would show.
_USED = [*range(0x20, 0x250), *range(0x2000, 0x2070), 0x20AC, *range(0x2100, 0x2160), *range(0x2190, 0x2200),
         *range(0x2200, 0x2300), *range(0x25A0, 0x2600), *range(0x2600, 0x27C0)]
_CUT_DIR = Path(tempfile.mkdtemp(prefix="intake-fonts-"))


@cache
def _cut(path: Path) -> str:
    """`path` subset to the characters above, once per process (a file, since fpdf2 reads fonts from files)."""
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM"]  # shaping tables: fpdf2 does not shape our text
    font = subset.load_font(str(path), options)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=_USED)
    cutter.subset(font)
    out = _CUT_DIR / path.name
    subset.save_font(font, str(out), options)
    return str(out)


def _latin1(text: str) -> str:
    return text.replace("’", "'").replace("–", "-").replace("—", "-").replace("œ", "oe").replace("€", "EUR")


@dataclass
class Style:
    family: str
    size: float
    margin: float
    title_align: str
    title_case: str  # upper | asis
    title_size: float
    boxed_title: bool
    line: float

    @classmethod
    def random(cls, rng: random.Random) -> Style:
        # Core PDF fonts (latin-1, no embedding) for a share of documents, as many office PDFs have.
        use_core = not _FONTS or rng.random() < 0.4
        family = rng.choice(["helvetica", "times", "helvetica"]) if use_core else rng.choice(sorted(_FONTS))
        if family == "LiberationMono" and rng.random() < 0.7 and _FONTS:
            family = rng.choice(sorted(_FONTS))  # monospace letters are rare: keep them a minority
        size = rng.choice([9, 9.5, 10, 10.5, 11, 11.5])
        return cls(
            family=family,
            size=size,
            margin=rng.choice([14, 16, 18, 20, 22]),
            title_align=rng.choice(["C", "C", "C", "L"]),
            title_case=rng.choice(["upper", "upper", "asis"]),
            title_size=size + rng.choice([2, 3, 4, 5]),
            boxed_title=rng.random() < 0.25,
            line=size * 0.5,
        )


class Doc:
    """Writes one document; every call flows down the page like a word processor would."""

    def __init__(self, rng: random.Random, style: Style | None = None) -> None:
        self.rng = rng
        self.style = style or Style.random(rng)
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.set_margins(self.style.margin, 15, self.style.margin)
        self._added: set[tuple[str, str]] = set()
        self.pdf.add_page()
        self.font()

    # -- primitives -------------------------------------------------------------------------
    def t(self, text: str) -> str:
        return _latin1(text) if _CORE or self.style.family not in _FONTS else text

    def font(self, style: str = "", size: float | None = None, family: str | None = None) -> None:
        family = family or self.style.family
        if family in _FONTS and (family, style) not in self._added:
            # Fonts are added when first used: fpdf2 parses each TTF anew for each document.
            self.pdf.add_font(family, style, _cut(_FONTS[family]["BI".index(style) + 1 if style else 0]))
            self._added.add((family, style))
        self.pdf.set_font(family, style, size or self.style.size)

    @property
    def width(self) -> float:
        return self.pdf.w - self.pdf.l_margin - self.pdf.r_margin

    def space(self, mm: float = 4) -> None:
        self.pdf.ln(mm)

    def line(self, text: str, style: str = "", size: float | None = None, align: str = "L") -> None:
        self.font(style, size)
        self.pdf.multi_cell(self.width, self.style.line * (size or self.style.size) / self.style.size,
                            self.t(text), align=align, new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str, style: str = "") -> None:
        self.line(text, style, align=self.rng.choice(["L", "J"]))
        self.space(self.rng.choice([1.5, 2.5, 3.5]))

    def title(self, text: str, subtitle: str | None = None) -> None:
        self.space(self.rng.choice([4, 6, 9]))
        shown = text.upper() if self.style.title_case == "upper" else text
        self.font("B", self.style.title_size)
        height = self.style.title_size * 0.55
        border = 1 if self.style.boxed_title else 0
        self.pdf.multi_cell(self.width, height, self.t(shown), border=border, align=self.style.title_align,
                            new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.line(subtitle, "I" if self.rng.random() < 0.5 else "", align=self.style.title_align)
        self.space(self.rng.choice([4, 6, 8]))

    def fields(self, rows: list[tuple[str, str]], boxed: bool | None = None) -> None:
        """Label/value pairs, as a boxed form grid or as 'Label : value' lines."""
        boxed = self.rng.random() < 0.5 if boxed is None else boxed
        if not boxed:
            for label, value in rows:
                self.line(f"{label} : {value}")
            self.space(2)
            return
        label_w = self.width * self.rng.choice([0.35, 0.4, 0.45])
        for label, value in rows:
            self.font("", self.style.size - 1)
            y = self.pdf.get_y()
            self.pdf.multi_cell(label_w, 7, self.t(label), border=1, new_x="RIGHT", new_y="TOP", max_line_height=7)
            self.font("B" if self.rng.random() < 0.3 else "")
            self.pdf.multi_cell(self.width - label_w, 7, self.t(value), border=1, new_x="LMARGIN", new_y="NEXT")
            self.pdf.set_y(max(self.pdf.get_y(), y + 7))
        self.space(3)

    def section(self, text: str) -> None:
        self.space(2)
        self.font("B", self.style.size + 0.5)
        fill = self.rng.random() < 0.5
        if fill:
            self.pdf.set_fill_color(225, 225, 225)
        self.pdf.cell(self.width, 6.5, self.t(text), fill=fill, new_x="LMARGIN", new_y="NEXT")
        self.space(1.5)

    def boxes(self, labels: list[str], ticked: set[str], prefix: str = "") -> None:
        """A row of check boxes; a ticked one holds an 'X' character, as form-filling software writes it."""
        self.font("B" if prefix else "")
        if prefix:
            self.pdf.cell(self.pdf.get_string_width(self.t(prefix)) + 3, 7, self.t(prefix))
        self.font()
        for label in labels:
            x, y = self.pdf.get_x(), self.pdf.get_y() + 1.5
            if x + 60 > self.pdf.w - self.pdf.r_margin:
                self.pdf.ln(8)
                x, y = self.pdf.get_x(), self.pdf.get_y() + 1.5
            self.pdf.rect(x, y, 4, 4)
            if label in ticked:
                self.font("B")
                self.pdf.set_xy(x, y - 1.5)
                self.pdf.cell(4, 7, "X", align="C")
                self.font()
            self.pdf.set_xy(x + 5.5, y - 1.5)
            self.pdf.cell(self.pdf.get_string_width(self.t(label)) + 7, 7, self.t(label))
        self.pdf.ln(9)

    def digit_boxes(self, label: str, digits: str) -> None:
        """Digits each in its own box (NIR on cerfa forms)."""
        self.font("", self.style.size - 0.5)
        self.pdf.cell(self.pdf.get_string_width(self.t(label)) + 4, 7, self.t(label))
        self.font("", self.style.size + 1, family="LiberationMono" if "LiberationMono" in _FONTS else None)
        for ch in digits:
            self.pdf.cell(5, 7, ch, border=1, align="C")
        self.font()
        self.pdf.ln(10)

    def letterhead(self, lines: list[str], republic: bool) -> None:
        if republic:
            self.line("RÉPUBLIQUE FRANÇAISE", "B", self.style.size - 1)
            if self.rng.random() < 0.4:
                self.line("Liberté – Égalité – Fraternité", "I", self.style.size - 2)
        self.line(lines[0], "B", self.style.size + 1)
        for extra in lines[1:]:
            self.line(extra, "", self.style.size - 1)
        self.space(self.rng.choice([3, 6, 10]))

    def right(self, text: str, style: str = "") -> None:
        self.font(style)
        indent = self.width * self.rng.choice([0.45, 0.55, 0.6])
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(self.width - indent, self.style.line, self.t(text), new_x="LMARGIN", new_y="NEXT")

    def signature(self, place: str, when: str, who: str) -> None:
        self.space(self.rng.choice([4, 8, 12]))
        self.right(f"Fait à {place}, le {when}")
        self.right(who, "I" if self.rng.random() < 0.5 else "")
        x = self.pdf.l_margin + self.width * 0.6
        y = self.pdf.get_y() + 4
        points = [(x + i * 4, y + self.rng.uniform(-3, 3)) for i in range(8)]
        self.pdf.set_draw_color(20, 30, 120)
        self.pdf.polyline(points)
        self.pdf.set_draw_color(0, 0, 0)
        self.pdf.set_y(y + 8)

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        total = sum(widths)
        widths = [w * self.width / total for w in widths]
        self.font("B", self.style.size - 0.5)
        for text, w in zip(header, widths):
            self.pdf.cell(w, 7, self.t(text), border=1, align="C")
        self.pdf.ln(7)
        self.font("", self.style.size - 0.5)
        for row in rows:
            for i, (text, w) in enumerate(zip(row, widths)):
                self.pdf.cell(w, 6.5, self.t(text), border=1, align="R" if i and text[:1].isdigit() else "L")
            self.pdf.ln(6.5)
        self.font()
        self.space(3)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
