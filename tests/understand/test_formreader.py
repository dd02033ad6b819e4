"""Forms read by their labels and the geometry of their words, in layouts and wordings made up here.

None of these layouts is the cerfa the corpus generator draws: labels left with values in digit boxes,
a grid of labels over values, "label : value" lines, an employer's declaration whose employer part comes
first; boxes ticked by a typed X, by ☒ glyphs, by a filled square or a cross drawn as vector strokes.
The same page scanned (rendered, turned a little, noised) must give the same facts through OCR, or none.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image, ImageFilter

from intake.documents import read_document
from intake.documents.model import Page, Word
from intake.understand.formreader import F, read_page
from intake.understand.forms import read_forms
from intake.understand.nir import key_of

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@dataclass
class Person:
    last: str
    first: str
    nir13: str
    birth: date
    birth_name: str | None = None


@dataclass
class Want:
    last: str | None = None
    first: str | None = None
    nir: str | None = None
    birth_name: str | None = None
    birth_date: date | None = None
    start: date | None = None
    end: date | None = None
    initial_start: date | None = None
    accident: date | None = None
    boxes: set[str] = field(default_factory=set)


class Sheet:
    """An A4 page in points with a Unicode font (☒, ☐) and helpers for boxes."""

    def __init__(self) -> None:
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.add_page()
        if _DEJAVU.exists():
            self.pdf.add_font("dejavu", "", str(_DEJAVU))
            self.font = "dejavu"
        else:  # pragma: no cover - the glyph layouts skip themselves then
            self.font = "helvetica"
        self.size(10)

    def size(self, pt: float) -> None:
        self.pdf.set_font(self.font, size=pt)

    def text(self, x: float, y: float, s: str, pt: float | None = None) -> None:
        if pt:
            self.size(pt)
        self.pdf.text(x, y, s)

    def boxes(self, x: float, y: float, chars: str, pitch: float = 13, group: str | None = None) -> None:
        """One box per character; `group` like '1 2 2 2 3 3 2' leaves a gap between groups."""
        sizes = [int(n) for n in group.split()] if group else [len(chars)]
        i = 0
        self.pdf.set_draw_color(150)
        for n in sizes:
            for c in chars[i:i + n]:
                self.pdf.rect(x, y - 9, 11, 12)
                self.pdf.text(x + 3, y, c)
                x += pitch
            x += pitch * 0.6
            i += n

    def tickbox(self, x: float, y: float, how: str | None) -> None:
        """An empty box at (x, y-9), ticked by `how`: 'X' typed, 'fill' a dark square, 'cross' two strokes."""
        self.pdf.set_draw_color(120)
        self.pdf.rect(x, y - 9, 10, 10)
        if how == "X":
            self.pdf.text(x + 2, y - 0.5, "X")
        elif how == "fill":
            self.pdf.set_fill_color(20)
            self.pdf.rect(x + 2, y - 7, 6, 6, style="F")
        elif how == "cross":
            self.pdf.set_draw_color(0)
            self.pdf.line(x + 1.5, y - 7.5, x + 8.5, y - 0.5)
            self.pdf.line(x + 1.5, y - 0.5, x + 8.5, y - 7.5)

    def bytes(self) -> bytes:
        return bytes(self.pdf.output())


def _ddmmyyyy(d: date) -> str:
    return d.strftime("%d%m%Y")


def labels_left_digit_boxes(p: Person, *, start: date, end: date, initial: date, tick: str = "X") -> tuple[bytes, Want]:
    """Arrêt (prolongation): labels in capitals on the left, every value in boxes, grouped NIR boxes."""
    s = Sheet()
    s.text(180, 50, "ARRÊT DE TRAVAIL", 16)
    s.text(170, 66, "Volet destiné à l'employeur - à conserver", 8)
    s.text(40, 100, "IDENTIFICATION DE L'ASSURÉ(E)", 11)
    s.size(9)
    nir = p.nir13 + key_of(p.nir13)
    rows = [
        ("NUMÉRO DE SÉCURITÉ SOCIALE", lambda y: s.boxes(230, y, nir, group="1 2 2 2 3 3 2")),
        ("NOM DE NAISSANCE", lambda y: s.text(230, y, p.birth_name or p.last)),
        ("NOM D'USAGE", lambda y: s.text(230, y, p.last)),
        ("PRÉNOM", lambda y: s.text(230, y, p.first)),
        ("DATE DE NAISSANCE", lambda y: s.boxes(230, y, _ddmmyyyy(p.birth), group="2 2 4")),
    ]
    y = 130
    for label, draw in rows:
        s.text(40, y, label, 9)
        s.size(10)
        draw(y)
        y += 24
    s.text(40, y + 10, "EMPLOYEUR", 11)
    s.text(40, y + 34, "Nom du responsable", 9)
    s.text(230, y + 34, "M. Paul GIRARD", 10)
    y += 80
    s.text(40, y, "PRESCRIPTION", 11)
    y += 26
    s.size(10)
    s.tickbox(40, y, None)
    s.text(56, y, "Arrêt initial")
    s.tickbox(200, y, tick)
    s.text(216, y, "Prolongation d'arrêt")
    y += 28
    for label, d in (("Arrêt initial prescrit à compter du", initial), ("Arrêt de travail à compter du", start),
                     ("Date de fin de l'arrêt (incluse)", end)):
        s.text(40, y, label, 9)
        s.size(10)
        s.boxes(230, y, _ddmmyyyy(d), group="2 2 4")
        y += 24
    s.text(40, y + 30, "Fait le 02/01/2025, signature et cachet du médecin", 8)
    want = Want(p.last, p.first, p.nir13, p.birth_name, p.birth, start, end, initial, None, {"prolongation"})
    return s.bytes(), want


def grid_with_glyphs(p: Person, *, start: date, end: date, accident: date, nature: str) -> tuple[bytes, Want]:
    """Certificat AT/MP: a grid of labels over their values, ☐/☒ glyphs after the box labels."""
    s = Sheet()
    s.text(60, 50, "CERTIFICAT MÉDICAL", 15)
    s.text(60, 68, "Accident du travail / maladie professionnelle", 10)
    s.text(40, 104, "VICTIME", 11)
    s.size(8)
    for x, label in ((40, "Nom"), (220, "Prénom(s)"), (400, "Date de naissance")):
        s.text(x, 124, label)
    s.size(11)
    s.text(40, 140, p.last)
    s.text(220, 140, p.first)
    s.text(400, 140, p.birth.strftime("%d/%m/%Y"))
    s.text(40, 166, "N° de sécurité sociale", 8)
    nir = p.nir13 + key_of(p.nir13)
    s.text(40, 182, " ".join((nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:])), 11)
    s.text(40, 220, "Nature du certificat :", 10)
    x = 160
    for label in ("Initial", "Prolongation", "Rechute", "Final"):
        s.text(x, 220, f"{label} {'☒' if label.lower() == nature else '☐'}")
        x += 90
    s.size(8)
    s.text(40, 250, "Date de l'accident du travail")
    s.text(260, 250, "Date de début de l'arrêt")
    s.text(420, 250, "Date de fin de l'arrêt (incluse)")
    s.size(11)
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")
    s.text(40, 266, f"{accident.day} {months[accident.month - 1]} {accident.year}")
    s.text(260, 266, start.strftime("%d/%m/%Y"))
    s.text(420, 266, end.strftime("%d/%m/%Y"))
    s.text(40, 320, "MÉDECIN", 11)
    s.text(40, 340, "Nom : Dr Hélène FAURE", 10)
    want = Want(p.last, p.first, p.nir13, None, p.birth, start, end, None, accident, {nature})
    return s.bytes(), want


def label_colon_drawn(p: Person, *, start: date, reprise: date, nature: str, how: str) -> tuple[bytes, Want]:
    """Avis d'arrêt: 'label : value' lines, two fields a line, the box ticked by a drawn mark."""
    from datetime import timedelta

    s = Sheet()
    s.text(40, 50, "Avis d'arrêt de travail - exemplaire employeur", 13)
    s.text(40, 84, "Assuré(e)", 11)
    s.size(10)
    s.text(40, 106, f"Nom : {p.last}")
    s.text(300, 106, f"Prénom : {p.first}")
    nir = p.nir13 + key_of(p.nir13)
    s.text(40, 126, f"N° SS : {nir[:7]} {nir[7:13]} {nir[13:]}")
    s.text(300, 126, f"Né(e) le : {p.birth.strftime('%d/%m/%Y')}")
    s.text(40, 160, "Type d'arrêt :")
    s.tickbox(120, 160, how if nature == "initial" else None)
    s.text(134, 160, "initial")
    s.tickbox(200, 160, how if nature == "prolongation" else None)
    s.text(214, 160, "prolongation")
    s.text(40, 186, f"À compter du : {start.strftime('%d/%m/%Y')}")
    s.text(300, 186, f"Reprise du travail le : {reprise.strftime('%d/%m/%Y')}")
    s.text(40, 230, "Employeur", 11)
    s.text(40, 250, "Nom : SIVOM du Haut-Vallon", 10)
    want = Want(p.last, p.first, p.nir13, None, p.birth, start, reprise - timedelta(days=1), None, None, {nature})
    return s.bytes(), want


def declaration_employer_first(p: Person, *, accident: date, trajet: bool) -> tuple[bytes, Want]:
    """Déclaration d'accident: the employer's part (with a person's name) before the victim's."""
    s = Sheet()
    s.text(40, 50, "DÉCLARATION D'ACCIDENT DE SERVICE OU DE TRAJET", 13)
    s.text(40, 84, "L'EMPLOYEUR", 11)
    s.size(10)
    s.text(40, 104, "Collectivité : Commune de Saint-Exemple")
    s.text(40, 122, "Nom du responsable : Mme Odile GARNIER")
    s.text(40, 160, "LA VICTIME", 11)
    s.size(10)
    s.text(40, 180, f"Nom et prénom : {p.last} {p.first}")
    s.text(40, 198, f"Née le : {p.birth.strftime('%d/%m/%Y')}")
    nir = p.nir13 + key_of(p.nir13)
    s.text(40, 216, f"N° de sécurité sociale : {nir}")
    s.text(40, 250, "L'ACCIDENT", 11)
    s.size(10)
    s.text(40, 270, f"{'☐' if trajet else '☒'} accident de service     {'☒' if trajet else '☐'} accident de trajet")
    s.text(40, 290, f"Date de l'accident : {accident.strftime('%d/%m/%Y')}     Heure : 08h10")
    s.text(40, 330, "Fait à Saint-Exemple, le 20/01/2025", 9)
    want = Want(p.last, p.first, p.nir13, None, p.birth, None, None, None, accident,
                {"accident_trajet" if trajet else "accident_service"})
    return s.bytes(), want


SOPHIE = Person("MARTIN", "Sophie", "2820775056114", date(1982, 7, 3), birth_name="DURAND")
JEAN = Person("LEFEBVRE", "Jean-Marc", "1751169123456", date(1975, 11, 12))
LUCIE = Person("BERNARD", "Lucie", "2850375056114", date(1985, 3, 9))
CAMILLE = Person("PETIT", "Camille", "2900233081011", date(1990, 2, 14))

LAYOUTS = {
    "labels-left-digit-boxes": lambda: labels_left_digit_boxes(
        SOPHIE, start=date(2025, 1, 6), end=date(2025, 1, 19), initial=date(2024, 12, 2)),
    "grid-glyphs-prolongation": lambda: grid_with_glyphs(
        JEAN, start=date(2025, 3, 10), end=date(2025, 3, 24), accident=date(2025, 2, 3), nature="prolongation"),
    "grid-glyphs-rechute": lambda: grid_with_glyphs(
        JEAN, start=date(2025, 4, 1), end=date(2025, 4, 4), accident=date(2024, 9, 30), nature="rechute"),
    "colon-filled-square": lambda: label_colon_drawn(
        LUCIE, start=date(2025, 6, 2), reprise=date(2025, 6, 16), nature="initial", how="fill"),
    "colon-drawn-cross": lambda: label_colon_drawn(
        LUCIE, start=date(2025, 6, 2), reprise=date(2025, 6, 16), nature="prolongation", how="cross"),
    "declaration-employer-first": lambda: declaration_employer_first(CAMILLE, accident=date(2025, 1, 17), trajet=True),
}


def _got(f) -> Want:
    return Want(f.last_name, (f.first_name or "").replace(" ", "") or None, f.nir, f.birth_name, f.birth_date,
                f.start, f.end, f.initial_start, f.accident_date, set(f.boxes))


def _expected(w: Want) -> Want:
    return Want(w.last, (w.first or "").replace(" ", "") or None, w.nir, w.birth_name, w.birth_date, w.start,
                w.end, w.initial_start, w.accident, w.boxes)


@pytest.mark.skipif(not _DEJAVU.exists(), reason="the ☒ glyph needs a Unicode font")
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_text_layer_layouts(layout):
    data, want = LAYOUTS[layout]()
    doc = read_document("form.pdf", data)
    (f,) = read_forms(doc, reference=date(2025, 3, 1))
    got = _got(f)
    exp = _expected(want)
    got.boxes &= exp.boxes | {"initial", "prolongation", "rechute", "final", "accident_service", "accident_trajet"}
    assert got == exp
    # Each field says where it was read: a box on the page.
    for name in ("last_name", "nir"):
        x0, y0, x1, y1 = f.where[name]
        assert 0 <= x0 < x1 <= 600 and 0 <= y0 < y1 <= 850


def test_a_drawn_tick_is_a_word_on_its_box():
    data, _ = label_colon_drawn(LUCIE, start=date(2025, 6, 2), reprise=date(2025, 6, 16), nature="prolongation",
                                how="cross")
    page = read_document("form.pdf", data).pages[0]
    marks = [w for w in page.words if w.text == "☒"]
    assert len(marks) == 1 and 200 <= marks[0].x0 and marks[0].x1 <= 211  # on the prolongation box
    data, _ = label_colon_drawn(LUCIE, start=date(2025, 6, 2), reprise=date(2025, 6, 16), nature="initial",
                                how=None)
    assert not [w for w in read_document("form.pdf", data).pages[0].words if w.text == "☒"]


def _words(line: str, y: float, x: float = 40, size: float = 10) -> list[Word]:
    out, cursor = [], x
    for piece in line.split(" "):
        if piece:
            out.append(Word(piece, cursor, y, cursor + 0.55 * size * len(piece), y + size))
        cursor += 0.55 * size * (len(piece) + 1)
    return out


def test_ticks_after_their_labels_and_a_type_written_as_a_value():
    page = Page(1, "", 600, 800, _words("Initial [ ] Prolongation [X] Rechute [ ]", 100))
    assert set(read_page(page, date(2025, 3, 1)).choices) == {"prolongation"}
    page = Page(1, "", 600, 800, _words("Type d'arrêt : Prolongation", 100))
    assert read_page(page, date(2025, 3, 1)).fields[F.NATURE].value == "prolongation"


def test_a_speck_read_before_a_labels_word_leaves_the_label_whole():
    """A fax's speck read as a point or a comma stuck to a word's start (« Fin ,de l'arrêt »): still the label."""
    words = _words("Début .de l'arrêt 09/06/2025", 100) + _words("Date de fin ,de l'arrêt 20/06/2025", 120)
    facts = read_page(Page(1, "", 600, 800, words), date(2025, 7, 1)).fields
    assert facts[F.START].value == date(2025, 6, 9) and facts[F.END].value == date(2025, 6, 20)
    # A point after a number or a word is no speck before a word: « N°.d'immatriculation » reads as it did.
    facts = read_page(Page(1, "", 600, 800, _words("N°.d'immatriculation 2 82 07 75 056 114 32", 100)),
                      date(2025, 7, 1)).fields
    assert facts[F.NIR].value == "2820775056114"


def test_a_label_with_nothing_under_it_takes_no_other_labels_value():
    words = _words("Nom :", 100) + _words("Prénom : Marie", 120) + _words("Date de naissance : 01/02/1980", 140)
    facts = read_page(Page(1, "", 600, 800, words), date(2025, 3, 1)).fields
    assert F.LAST not in facts and facts[F.FIRST].value == "Marie"
    assert facts[F.BIRTH_DATE].value == date(1980, 2, 1)


def _scan(pdf_bytes: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    page = pdfium.PdfDocument(pdf_bytes)[0]
    img = page.render(scale=300 / 72).to_pil().convert("L")
    img = img.rotate(rng.uniform(-1.2, 1.2), resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    noise = Image.effect_noise(img.size, 18)
    img = Image.blend(img, noise, 0.12).filter(ImageFilter.GaussianBlur(0.4))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.slow
@pytest.mark.skipif(not _DEJAVU.exists(), reason="the ☒ glyph needs a Unicode font")
@pytest.mark.parametrize("layout", ["labels-left-digit-boxes", "grid-glyphs-prolongation", "colon-filled-square"])
def test_scans_give_the_same_facts_or_none(layout):
    data, want = LAYOUTS[layout]()
    doc = read_document("scan.png", _scan(data, seed=len(layout)))
    forms = read_forms(doc, reference=date(2025, 3, 1))
    assert len(forms) == 1
    got, exp = _got(forms[0]), _expected(want)
    # OCR may leave a field unread; a field read must be the one on the page.
    for name in ("last", "first", "nir", "birth_name", "birth_date", "start", "end", "initial_start", "accident"):
        assert getattr(got, name) in (None, getattr(exp, name)), name
    assert got.boxes & {"initial", "prolongation", "rechute", "final"} <= exp.boxes
    # and enough is read to be worth it: the name and the stop's dates
    assert got.last == exp.last and (got.start, got.end) == (exp.start, exp.end)


def test_values_typed_digit_by_digit_and_bracketed_ticks():
    words = (_words("Numéro de sécurité sociale : 2 8 2 0 7 7 5 0 5 6 1 1 4 3 2", 100)
             + _words("Date de fin de l'arrêt (incluse) 0 1   0 5   2 0 2 5", 120)
             + _words("[x] Prolongation d'arrêt   [ ] Arrêt initial", 140))
    got = read_page(Page(1, "", 600, 800, words), date(2025, 3, 1))
    assert got.fields[F.NIR].value == "2820775056114" and got.fields["nir_has_key"].value is True
    assert got.fields[F.END].value == date(2025, 5, 1)
    assert set(got.choices) == {"prolongation"}


def test_a_piece_in_a_grid_lends_its_birth_date_which_tells_homonyms_apart():
    """'Nom | Prénom | Date de naissance' over their values: the text alone does not tie the date to its label."""
    from email.message import EmailMessage

    from intake.identify.match import Registry
    from intake.identify.message import understand_message
    from intake.mail.read import read_message
    from support import SAMPLES

    reg = Registry.from_csv_dir(SAMPLES / "registry")
    seen: dict = {}
    for a in reg.agents:
        seen.setdefault((a.collectivite, a.last_name.upper(), a.first_name.upper()), []).append(a)
    group = next(g for g in seen.values() if len(g) == 2 and g[0].birth_date and g[1].birth_date
                 and g[0].birth_date != g[1].birth_date and g[0].collectivite == "S48061")
    target = group[1]
    s = Sheet()
    s.text(40, 50, "ATTESTATION DE L'EMPLOYEUR", 14)
    s.size(9)
    for x, label in ((40, "Nom"), (220, "Prénom"), (380, "Date de naissance")):
        s.text(x, 90, label)
    s.size(10)
    s.text(40, 106, target.last_name.upper())
    s.text(220, 106, target.first_name.title())
    s.text(380, 106, f"{target.birth_date:%d/%m/%Y}")
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "ccas.floractroisrivieres@laposte.net", "prestations@cdg-exemple.fr", "Arrêt"
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<p1@example.org>"
    m.set_content(f"M. {target.last_name.upper()} {target.first_name} est en arrêt maladie du 03/03/2025 au 07/03/2025.")
    m.add_attachment(s.bytes(), maintype="application", subtype="pdf", filename="attestation.pdf")
    (c,) = understand_message(read_message(m.as_bytes()), reg).claims
    assert c.agent.matricule == target.matricule


def test_another_persons_name_label_is_not_the_assures():
    words = (_words("Renseignements concernant la collectivité", 80)
             + _words("Nom du responsable : Mme Odile GARNIER", 100)
             + _words("Prénom du médecin : Claire", 120)
             + _words("Nom : PETIT Camille", 140))
    got = read_page(Page(1, "", 600, 800, words), date(2025, 3, 1)).fields
    assert (got[F.LAST].value, got[F.FIRST].value) == ("PETIT", "Camille")


def test_the_classifier_reads_ticks_as_the_form_reader_does():
    from intake.documents.forms import ticked_labels

    after = Page(1, "", 600, 800, _words("Certificat : Initial ☐ Prolongation ☐ Rechute ☐ Final ☒", 100))
    before = Page(1, "", 600, 800, _words("Certificat : ☐ initial ☐ de prolongation ☒ de rechute ☐ final", 100))
    assert ticked_labels(after) == {"final"} == set(read_page(after, date(2025, 3, 1)).choices)
    assert ticked_labels(before) == {"rechute"} == set(read_page(before, date(2025, 3, 1)).choices)


@pytest.mark.parametrize("lines, want", [
    (["Nom patronymique : DURAND", "Nom marital : MARTIN", "Prénom : Sophie"],
     {F.BIRTH_NAME: "DURAND", F.LAST: "MARTIN", F.FIRST: "Sophie"}),
    (["Période d'arrêt   Du : 03/03/2025   Au : 14/03/2025"], {F.START: date(2025, 3, 3), F.END: date(2025, 3, 14)}),
    (["Date d'arrêt : 03/03/2025", "Reprise du travail prévue le : 17/03/2025"],
     {F.START: date(2025, 3, 3), F.REPRISE: date(2025, 3, 17)}),
    (["N° INSEE : 2 82 07 75 056 114 32", "Né(e) le 03/07/1982"],
     {F.NIR: "2820775056114", F.BIRTH_DATE: date(1982, 7, 3)}),
    # The assuré's full name with the birth name beside it, in brackets or not, « épouse » turning it round.
    (["Victime : ROCHEBLAVE Léonie (née TARDIF)"], {F.LAST: "ROCHEBLAVE", F.FIRST: "Léonie", F.BIRTH_NAME: "TARDIF"}),
    (["Assuré(e) : Léonie ROCHEBLAVE née TARDIF"], {F.LAST: "ROCHEBLAVE", F.FIRST: "Léonie", F.BIRTH_NAME: "TARDIF"}),
    (["Victime : TARDIF épouse ROCHEBLAVE Léonie"], {F.LAST: "ROCHEBLAVE", F.FIRST: "Léonie", F.BIRTH_NAME: "TARDIF"}),
    (["Victime : MOULINIER Renée"], {F.LAST: "MOULINIER", F.FIRST: "Renée"}),
])
def test_other_wordings(lines, want):
    words = [w for i, line in enumerate(lines) for w in _words(line, 100 + 20 * i)]
    got = read_page(Page(1, "", 600, 800, words), date(2025, 3, 1)).fields
    assert {k: got[k].value for k in want if k in got} == want


def test_a_name_label_over_one_value_and_a_nir_beside_the_employers_column():
    # « Nom … - Prénom » over « DUPONT Lucie », « N° d'immatriculation » and « Employeur » heading two columns.
    words = (_words("Nom de famille (de naissance) suivi du nom d'usage - Prénom", 100)
             + _words("VIDAL Lucie", 120)
             + _words("N° d'immatriculation", 140) + _words("Employeur", 140, x=400)
             + _words("282072A123456", 160) + _words("Mairie de Bastia", 160, x=400)
             + _words("Fin de l'arrêt le : 14/03/2025", 180))
    got = read_page(Page(1, "", 600, 800, words), date(2025, 3, 1)).fields
    assert (got[F.LAST].value, got[F.FIRST].value) == ("VIDAL", "Lucie")
    assert got[F.NIR].value == "282072A123456"
    assert got[F.END].value == date(2025, 3, 14)
@pytest.mark.parametrize("lines, want", [
    # A start labelled by the stop itself, its value in digit boxes; an end « le : » after its label.
    (["Arrêt de travail du 0 3 0 3 2 0 2 5", "Fin de l'arrêt le : 14/03/2025"],
     {F.START: date(2025, 3, 3), F.END: date(2025, 3, 14)}),
    (["PROLONGATION DU 1 7 0 3 2 0 2 5", "DATE DE FIN PRÉVUE LE 3 1 0 3 2 0 2 5"],
     {F.START: date(2025, 3, 17), F.END: date(2025, 3, 31)}),
    # A prose label of the initial stop is not the prolongation's start.
    (["prolongation initialement prescrit à compter du 02/03/2025, du 10/03/2025 au 20/03/2025"],
     {F.INITIAL_START: date(2025, 3, 2)}),
])
def test_stop_labels_of_other_layouts(lines, want):
    words = [w for i, line in enumerate(lines) for w in _words(line, 100 + 20 * i)]
    got = read_page(Page(1, "", 600, 800, words), date(2025, 3, 1)).fields
    assert {k: got[k].value for k in want if k in got} == want
    assert F.START not in want or got[F.START].value == want[F.START]


def test_one_label_for_both_names_and_a_nir_under_its_label_beside_another_column():
    """« Nom … – Prénom » over « PETIT Camille »; the NIR under its label, the employer's name further right
    on the same line (a column the NIR's value must not swallow into a misread)."""
    words = (_words("Nom de famille (de naissance) suivi du nom d'usage – Prénom", 100)
             + _words("PETIT Camille", 116)
             + _words("N° d'immatriculation", 140) + _words("Employeur", 140, x=330)
             + _words("2 8 2 0 7 7 5 0 5 6 1 1 4", 156) + _words("Mairie de Saint-Ambroix", 156, x=330))
    got = read_page(Page(1, "", 600, 800, words), date(2025, 3, 1)).fields
    assert (got[F.LAST].value, got[F.FIRST].value) == ("PETIT", "Camille")
    assert got[F.NIR].value == "2820775056114"


def test_a_certificate_in_sentences_gives_its_stop_and_the_initial_start_but_no_person():
    from intake.understand.forms import prose_stop

    s = Sheet()
    s.text(40, 50, "Docteur Anne VIDAL", 10)
    s.text(40, 90, "CERTIFICAT D'ARRÊT DE TRAVAIL", 14)
    s.size(10)
    for i, line in enumerate(["Je certifie avoir examiné M. Louis PEYRE. Son état nécessite une prolongation de",
                              "l'arrêt de travail initialement prescrit à compter du 02/02/2025, du 20/02/2025",
                              "jusqu'au 09/03/2025 inclus.", "☐ Arrêt initial ☒ Prolongation d'arrêt",
                              "Fait à Millau, le 20/02/2025"]):
        s.text(40, 130 + 16 * i, line)
    doc = read_document("certificat.pdf", s.bytes())
    assert read_forms(doc, reference=date(2025, 3, 1)) == []  # no labelled name: not a form
    (f,) = prose_stop(doc, reference=date(2025, 3, 1))
    assert (f.start, f.end, f.initial_start) == (date(2025, 2, 20), date(2025, 3, 9), date(2025, 2, 2))
    assert f.last_name is None and f.nir is None
    if _DEJAVU.exists():
        assert f.boxes == {"prolongation"}
