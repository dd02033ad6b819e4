"""Text PDFs of the pieces, in several layouts and wordings (fpdf2).

Forms of the same kind come in different layouts on purpose: labels on the left and values on the
right; values in boxes one digit a box (`1 6 4 1 1 3 0 …`, `0 1  0 5  2 0 2 5`); ticked boxes
(« X Prolongation d'arrêt », « ☒ Arrêt initial »); a prescriber's prose. Each function takes the facts
the piece states and returns the PDF's bytes."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from fpdf import FPDF

from .frdates import MONTHS, fmt

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
UNICODE = (_FONT_DIR / "DejaVuSans.ttf").exists()


@dataclass
class Person:
    last_name: str
    first_name: str
    birth_name: str = ""
    sex: str = "F"
    nir13: str | None = None  # printed on the form only when set
    nir_key: str = ""  # two digits printed after the NIR when set
    birth_date: date | None = None
    address: str = ""

    @property
    def title(self) -> str:
        return "M." if self.sex == "M" else "Mme"


@dataclass
class Facts:
    person: Person
    employer: str
    employer_town: str
    employer_address: str
    start: date | None = None
    end: date | None = None
    nature: str = "initial"  # initial, prolongation, rechute, final
    initial_start: date | None = None  # printed on prolongations when set
    event_date: date | None = None  # accident, first finding, death, birth
    category: str = "maladie_ordinaire"
    doctor: str = "Dr Martine ROUSSEL"
    issued: date | None = None
    place: str = ""
    circumstances: str = ""
    extra: dict = field(default_factory=dict)


class Doc(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(True, 15)
        self.set_compression(True)
        # a fixed creation date: the corpus must be byte-identical for a seed
        self.set_creation_date(datetime(2025, 1, 1, tzinfo=timezone.utc))
        if UNICODE:
            self.add_font("dv", "", str(_FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("dv", "B", str(_FONT_DIR / "DejaVuSans-Bold.ttf"))
            self.fam = "dv"
        else:
            self.fam = "helvetica"
        self.add_page()
        self.f(10)

    def f(self, size: float, bold: bool = False) -> None:
        self.set_font(self.fam, "B" if bold else "", size)

    def t(self, text: str) -> str:
        if UNICODE:
            return text
        text = text.replace("☒", "X").replace("☐", "_").replace("’", "'").replace("–", "-").replace("œ", "oe")
        return text.encode("latin-1", "replace").decode("latin-1")

    def at(self, x: float, y: float, text: str, size: float = 10, bold: bool = False) -> None:
        self.f(size, bold)
        self.set_xy(x, y)
        self.cell(0, 5, self.t(text))

    def para(self, x: float, y: float, w: float, text: str, size: float = 10, bold: bool = False) -> float:
        self.f(size, bold)
        self.set_xy(x, y)
        self.multi_cell(w, 5.2, self.t(text))
        return self.get_y()

    def box(self, x: float, y: float, ticked: bool, label: str, style: str = "rect") -> None:
        if style == "glyph" and UNICODE:
            self.at(x, y, ("☒ " if ticked else "☐ ") + label)
            return
        if style == "letter":
            self.at(x, y, ("X " if ticked else "   ") + label)
            return
        self.rect(x, y + 0.7, 3.6, 3.6)
        if ticked:
            self.at(x + 0.35, y, "X", 9, True)
        self.at(x + 5, y, label)

    def digit_boxes(self, x: float, y: float, text: str, groups: list[int] | None = None) -> None:
        """One character a box; groups leave a wider gap between blocks (jj mm aaaa)."""
        self.f(10)
        cx = x
        sizes = groups or [len(text)]
        i = 0
        for g in sizes:
            for ch in text[i:i + g]:
                self.rect(cx, y, 5, 6)
                self.set_xy(cx, y + 0.5)
                self.cell(5, 5, ch, align="C")
                cx += 5
            i += g
            cx += 3
    def out(self) -> bytes:
        return bytes(self.output())


def _d(d: date | None) -> str:
    return fmt(d, "num") if d else ""


def _nir_spaced(p: Person) -> str:
    n = p.nir13 or ""
    s = f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]}" if n else ""
    return s + (f" {p.nir_key}" if n and p.nir_key else "")


def _name_line(p: Person, order: str = "last_first") -> str:
    last = p.last_name.upper()
    if p.birth_name:
        # « Nom de famille (de naissance) suivi du nom d'usage » on the forms of the Assurance Maladie
        last = f"{p.birth_name.upper()} {last}" if order == "birth_usage" else last
    return f"{last} {p.first_name}" if order != "first_last" else f"{p.first_name} {last}"


# ------------------------------------------------------------------------------------------------
# avis d'arrêt de travail


def arret_travail(f: Facts, layout: str, rng: random.Random) -> bytes:
    return {"columns": _arret_columns, "boxes": _arret_boxes, "prose": _arret_prose,
            "sections": _arret_sections}[layout](f, rng)


def _arret_columns(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    d.at(15, 12, "AVIS D'ARRÊT DE TRAVAIL", 15, True)
    d.at(15, 20, "Volet n° 3 – destiné à l'employeur", 9)
    d.at(150, 12, "Assurance Maladie", 9, True)
    rows = [("Nom d'usage", p.last_name.upper()),
            ("Nom de naissance", (p.birth_name or p.last_name).upper()),
            ("Prénom", p.first_name)]
    if p.nir13:
        rows.append(("N° de sécurité sociale", _nir_spaced(p)))
    if p.birth_date and rng.random() < 0.5:
        rows.append(("Date de naissance", _d(p.birth_date)))
    rows += [("Employeur", f.employer), ("Adresse de l'employeur", f"{f.employer_address}, {f.employer_town}")]
    y = 34
    for label, value in rows:
        d.at(15, y, label + " :", 10)
        d.at(85, y, value, 10, True)
        y += 8
    y += 4
    d.at(15, y, "NATURE DE L'ARRÊT", 11, True)
    y += 8
    style = rng.choice(["rect", "glyph", "letter"])
    d.box(15, y, f.nature == "initial", "Arrêt initial", style)
    d.box(75, y, f.nature == "prolongation", "Prolongation d'arrêt", style)
    y += 10
    if f.nature == "prolongation" and f.initial_start:
        d.at(15, y, "Arrêt initial prescrit à compter du :")
        d.at(85, y, _d(f.initial_start), 10, True)
        y += 8
    d.at(15, y, "Date de début de l'arrêt :" if f.nature == "initial" else "Prolongation à compter du :")
    d.at(85, y, _d(f.start), 10, True)
    y += 8
    label = rng.choice(["Date de fin de l'arrêt (incluse) :", "Jusqu'au (inclus) :", "Fin de l'arrêt le :"])
    d.at(15, y, label)
    d.at(85, y, _d(f.end), 10, True)
    y += 14
    d.box(15, y, rng.random() < 0.7, "Sorties autorisées", style)
    d.box(75, y, False, "Sorties non autorisées", style)
    y += 16
    d.at(15, y, "Médecin prescripteur :")
    d.at(85, y, f.doctor, 10, True)
    y += 8
    d.at(15, y, "Fait le :")
    d.at(85, y, _d(f.issued or f.start))
    d.at(120, y + 12, "Signature et cachet du médecin", 8)
    return d.out()


def _arret_boxes(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    d.at(15, 10, "Arrêt de travail", 16, True)
    d.at(15, 18, "Formulaire à remettre à l'employeur – cerfa 10170", 8)
    y = 30
    d.at(15, y, "NOM", 9)
    d.at(60, y, p.last_name.upper(), 11, True)
    y += 8
    if p.birth_name:
        d.at(15, y, "NOM DE NAISSANCE", 9)
        d.at(60, y, p.birth_name.upper(), 11, True)
        y += 8
    d.at(15, y, "PRÉNOM", 9)
    d.at(60, y, p.first_name, 11, True)
    y += 10
    if p.nir13:
        d.at(15, y + 1, "NUMÉRO DE SÉCURITÉ SOCIALE", 8)
        d.digit_boxes(70, y, p.nir13 + (p.nir_key or ""), [1, 2, 2, 2, 3, 3] + ([2] if p.nir_key else []))
        y += 12
    if p.birth_date:
        d.at(15, y + 1, "DATE DE NAISSANCE", 8)
        d.digit_boxes(70, y, p.birth_date.strftime("%d%m%Y"), [2, 2, 4])
        y += 12
    d.at(15, y, "EMPLOYEUR", 9)
    d.at(60, y, f.employer, 10)
    y += 12
    style = rng.choice(["rect", "letter"])
    d.box(15, y, f.nature == "initial", "Initial", style)
    d.box(55, y, f.nature == "prolongation", "Prolongation", style)
    y += 12
    if f.nature == "prolongation" and f.initial_start:
        d.at(15, y + 1, "DATE DE L'ARRÊT INITIAL", 8)
        d.digit_boxes(70, y, f.initial_start.strftime("%d%m%Y"), [2, 2, 4])
        y += 12
    d.at(15, y + 1, "ARRÊT DE TRAVAIL DU", 8)
    d.digit_boxes(70, y, f.start.strftime("%d%m%Y"), [2, 2, 4])
    y += 10
    d.at(15, y + 1, "JUSQU'AU (INCLUS)", 8)
    d.digit_boxes(70, y, f.end.strftime("%d%m%Y"), [2, 2, 4])
    y += 16
    d.box(15, y, False, "Accident causé par un tiers", style)
    d.box(90, y, f.extra.get("pathologique", False), "État pathologique lié à la grossesse", style)
    y += 16
    d.at(15, y, f"Prescripteur : {f.doctor}", 9)
    d.at(15, y + 6, f"Le {_d(f.issued or f.start)}", 9)
    return d.out()


def _arret_prose(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    d.at(15, 14, f.doctor, 11, True)
    d.at(15, 20, "Médecine générale", 9)
    d.at(15, 25, f"{rng.randint(2, 60)} rue Pasteur – {f.employer_town}", 9)
    d.at(60, 45, "CERTIFICAT D'ARRÊT DE TRAVAIL", 13, True)
    who = f"{p.title} {p.first_name} {p.last_name.upper()}"
    if p.birth_name:
        who += f" née {p.birth_name.upper()}"
    if p.birth_date:
        who += f", né{'e' if p.sex == 'F' else ''} le {_d(p.birth_date)}"
    if p.nir13:
        who += f" (n° d'assuré {_nir_spaced(p)})"
    if f.nature == "prolongation":
        first = (f"Je soussigné(e), docteur en médecine, certifie avoir examiné ce jour {who}. "
                 f"Son état de santé nécessite une prolongation de l'arrêt de travail")
        if f.initial_start:
            first += f" initialement prescrit à compter du {_d(f.initial_start)}"
        text = first + f", du {_d(f.start)} jusqu'au {_d(f.end)} inclus."
    else:
        text = (f"Je soussigné(e), docteur en médecine, certifie avoir examiné ce jour {who}, "
                f"dont l'état de santé nécessite un arrêt de travail à compter du {_d(f.start)} "
                f"jusqu'au {_d(f.end)} inclus.")
    y = d.para(15, 62, 180, text, 11)
    y += 6
    d.box(15, y, f.nature == "initial", "Arrêt initial", "glyph")
    d.box(70, y, f.nature == "prolongation", "Prolongation d'arrêt", "glyph")
    y += 14
    d.para(15, y, 180, "Certificat remis en main propre à l'intéressé(e) pour faire valoir ce que de droit.", 10)
    d.at(110, y + 20, f"Fait à {f.employer_town}, le {_d(f.issued or f.start)}")
    d.at(110, y + 30, "Signature", 9)
    return d.out()


def _arret_sections(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    d.at(15, 10, "cerfa n° 10170", 8)
    d.at(60, 10, "AVIS D'ARRÊT DE TRAVAIL – volet 3 employeur", 12, True)
    d.set_draw_color(60, 60, 60)
    d.rect(12, 22, 186, 44)
    d.at(15, 24, "L'ASSURÉ(E)", 9, True)
    d.at(15, 31, "Nom de famille (de naissance) suivi du nom d'usage – Prénom", 8)
    d.at(15, 37, _name_line(p, "birth_usage"), 11, True)
    if p.nir13:
        d.at(15, 45, "N° d'immatriculation", 8)
        d.at(15, 51, " ".join(p.nir13 + (p.nir_key or "")), 11, True)
    d.at(120, 45, "Employeur", 8)
    d.at(120, 51, f.employer, 9)
    d.rect(12, 70, 186, 52)
    d.at(15, 72, "L'ARRÊT", 9, True)
    d.box(15, 80, f.nature == "initial", "initial", "rect")
    d.box(45, 80, f.nature == "prolongation", "de prolongation", "rect")
    y = 90
    if f.nature == "prolongation" and f.initial_start:
        d.at(15, y, f"Date de l'arrêt initial : {_d(f.initial_start)}", 10)
        y += 8
    d.at(15, y, f"Arrêt de travail jusqu'au {_d(f.end)} inclus", 11, True)
    d.at(15, y + 8, f"à compter du {_d(f.start)}", 10)
    d.box(15, y + 18, f.extra.get("pathologique", False), "en rapport avec un état pathologique résultant de la grossesse", "rect")
    d.at(15, 130, f"Prescripteur : {f.doctor}", 9)
    d.at(15, 137, f"Date : {_d(f.issued or f.start)}", 9)
    return d.out()


# ------------------------------------------------------------------------------------------------
# certificat médical AT/MP


def certificat_at_mp(f: Facts, layout: str, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    kind = {"initial": "initial", "prolongation": "de prolongation", "rechute": "de rechute", "final": "final"}
    if layout == "columns":
        d.at(15, 12, "CERTIFICAT MÉDICAL", 15, True)
        d.at(15, 20, "Accident du travail – Maladie professionnelle (cerfa 11138)", 10)
        y = 32
        for label, value in [("Nom", p.last_name.upper()), ("Prénom", p.first_name),
                             ("N° de sécurité sociale", _nir_spaced(p) if p.nir13 else ""),
                             ("Employeur", f.employer)]:
            if value:
                d.at(15, y, label + " :")
                d.at(85, y, value, 10, True)
                y += 8
        y += 4
        d.at(15, y, "Type de certificat :")
        y += 7
        x = 15
        for k, lab in kind.items():
            d.box(x, y, f.nature == k, lab.capitalize(), "rect")
            x += 45
        y += 12
        d.at(15, y, "Date de l'accident ou de la 1re constatation médicale :")
        d.at(130, y, _d(f.event_date), 10, True)
        y += 10
        if f.start:
            d.at(15, y, "Arrêt de travail à compter du :")
            d.at(85, y, _d(f.start), 10, True)
            y += 8
            d.at(15, y, "Jusqu'au (inclus) :")
            d.at(85, y, _d(f.end), 10, True)
            y += 10
        d.at(15, y, "Lésions constatées :")
        d.para(85, y, 110, f.extra.get("lesions", "contusion"))
    else:
        d.at(15, 10, "cerfa 11138", 8)
        d.at(45, 10, "CERTIFICAT MÉDICAL ACCIDENT DU TRAVAIL / MALADIE PROFESSIONNELLE", 11, True)
        x = 15
        for k, lab in kind.items():
            d.box(x, 22, f.nature == k, lab, "glyph" if layout == "glyphs" else "letter")
            x += 42
        d.at(15, 34, "VICTIME", 9, True)
        d.at(15, 40, _name_line(p, "birth_usage"), 11, True)
        if p.nir13:
            d.at(15, 47, "N° d'immatriculation :", 9)
            d.digit_boxes(60, 46, p.nir13, [1, 2, 2, 2, 3, 3])
        d.at(15, 60, f"Employeur : {f.employer}", 9)
        d.at(15, 70, "Date de l'accident du travail ou de la 1re constatation médicale de la maladie professionnelle", 8)
        d.at(15, 76, _d(f.event_date), 11, True)
        d.at(15, 86, "Constatations détaillées :", 9)
        d.at(15, 92, f.extra.get("lesions", "contusion"), 10)
        if f.start:
            d.at(15, 104, f"Conséquences : arrêt de travail du {_d(f.start)} au {_d(f.end)} inclus", 10, True)
        else:
            d.at(15, 104, "Conséquences : soins sans arrêt de travail", 10, True)
    d.at(15, 150, f"Médecin : {f.doctor}    Date : {_d(f.issued or f.start or f.event_date)}", 9)
    return d.out()


# ------------------------------------------------------------------------------------------------
# pieces written by the employer


def _letterhead(d: Doc, f: Facts) -> float:
    d.at(15, 10, "RÉPUBLIQUE FRANÇAISE", 8)
    d.at(15, 16, f.employer.upper(), 12, True)
    d.at(15, 22, f"{f.employer_address} – {f.employer_town}", 8)
    return 36


def declaration_accident(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    y = _letterhead(d, f)
    trajet = f.category == "accident_trajet"
    d.at(15, y, "DÉCLARATION D'ACCIDENT", 14, True)
    d.at(15, y + 7, "survenu à un agent de la fonction publique territoriale", 9)
    y += 18
    p = f.person
    rows = [("Nom", p.last_name.upper()), ("Nom de naissance", p.birth_name.upper()), ("Prénom", p.first_name),
            ("Né(e) le", _d(p.birth_date) if p.birth_date else ""),
            ("N° de sécurité sociale", _nir_spaced(p) if p.nir13 else ""),
            ("Emploi", f.extra.get("job", "adjoint technique"))]
    for label, value in rows:
        if value:
            d.at(15, y, label)
            d.at(80, y, value, 10, True)
            y += 7
    y += 5
    d.box(15, y, not trajet, "Accident de service", "rect")
    d.box(80, y, trajet, "Accident de trajet", "rect")
    y += 10
    d.at(15, y, "Date et heure de l'accident :")
    d.at(80, y, f"{_d(f.event_date)} à {f.extra.get('hour', '10h30')}", 10, True)
    y += 8
    d.at(15, y, "Lieu :")
    d.at(80, y, f.place or "locaux de la collectivité", 10)
    y += 8
    d.at(15, y, "Circonstances :")
    y = d.para(80, y, 115, f.circumstances or "chute", 10) + 4
    d.at(15, y, "Arrêt de travail :")
    d.at(80, y, "oui" if f.start else "non", 10)
    y += 14
    d.at(110, y, f"Fait à {f.employer_town}, le {_d(f.issued or f.event_date)}")
    d.at(110, y + 7, "L'autorité territoriale", 9)
    return d.out()


def declaration_mp(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    y = _letterhead(d, f)
    p = f.person
    d.at(15, y, "DÉCLARATION DE MALADIE PROFESSIONNELLE", 13, True)
    y += 12
    d.para(15, y, 180, f"Agent : {p.title} {p.last_name.upper()} {p.first_name}"
           + (f", né(e) le {_d(p.birth_date)}" if p.birth_date else "")
           + (f". N° de sécurité sociale : {_nir_spaced(p)}" if p.nir13 else ""))
    y += 16
    d.para(15, y, 180, f"Maladie déclarée : {f.extra.get('disease', 'syndrome du canal carpien')}. "
           f"Date de la première constatation médicale : {_d(f.event_date)}.")
    y += 20
    d.para(15, y, 180, f"Travaux exposant au risque : {f.extra.get('exposure', 'gestes répétitifs')}.")
    d.at(110, y + 24, f"Fait à {f.employer_town}, le {_d(f.issued)}")
    return d.out()


def enquete_administrative(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    y = _letterhead(d, f)
    p = f.person
    title = rng.choice(["RAPPORT HIÉRARCHIQUE", "ENQUÊTE ADMINISTRATIVE", "RAPPORT D'ENQUÊTE ADMINISTRATIVE"])
    d.at(15, y, title, 14, True)
    y += 12
    what = "l'accident de trajet" if f.category == "accident_trajet" else "l'accident de service"
    y = d.para(15, y, 180, f"Objet : {what} de {p.title} {p.first_name} {p.last_name.upper()} du {_d(f.event_date)}.") + 4
    y = d.para(15, y, 180, f"Le {_d(f.event_date)}, {f.circumstances or 'l’agent a chuté'}. Lieu : {f.place or 'locaux de la collectivité'}. "
               "Le supérieur hiérarchique a été informé le jour même. Aucun élément ne permet de détacher "
               "l'accident du service.") + 4
    y = d.para(15, y, 180, "Avis du responsable : favorable à l'imputabilité au service.") + 8
    d.at(110, y, f"{f.employer_town}, le {_d(f.issued)}")
    d.at(110, y + 7, "Le directeur général des services", 9)
    return d.out()


_CONGE = {"longue_maladie": "congé de longue maladie", "longue_duree": "congé de longue durée",
          "grave_maladie": "congé de grave maladie", "accident_service": "congé pour invalidité temporaire imputable au service",
          "maladie_professionnelle": "congé pour invalidité temporaire imputable au service",
          "temps_partiel_therapeutique": "temps partiel pour raison thérapeutique",
          "maladie_ordinaire": "congé de maladie ordinaire"}


def arrete(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    y = _letterhead(d, f)
    p = f.person
    conge = _CONGE.get(f.category, "congé")
    d.at(15, y, f"ARRÊTÉ N° {f.issued.year if f.issued else 2025}-RH-{rng.randint(10, 250):03d}", 13, True)
    y += 8
    y = d.para(15, y, 180, f"portant placement de {p.title} {p.first_name} {p.last_name.upper()} en {conge}", 11, True) + 4
    y = d.para(15, y, 180, "L'autorité territoriale, Vu le code général de la fonction publique, Vu le décret n° 87-602 "
               "du 30 juillet 1987, Vu l'avis du conseil médical, ARRÊTE :") + 4
    if f.start:
        y = d.para(15, y, 180, f"Article 1 : {p.title} {p.last_name.upper()} {p.first_name} est placé(e) en {conge} "
                   f"du {_d(f.start)} au {_d(f.end)} inclus.") + 3
    else:
        y = d.para(15, y, 180, f"Article 1 : l'accident du {_d(f.event_date)} est reconnu imputable au service.") + 3
    y = d.para(15, y, 180, "Article 2 : ampliation du présent arrêté sera adressée à l'intéressé(e) et au comptable.") + 6
    d.at(110, y, f"Fait à {f.employer_town}, le {_d(f.issued)}")
    d.at(110, y + 7, "Le Maire / Le Président", 9)
    return d.out()


def avis_conseil_medical(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    d.at(15, 12, rng.choice(["CONSEIL MÉDICAL DÉPARTEMENTAL", "CONSEIL MÉDICAL – formation plénière"]), 13, True)
    d.at(15, 20, f"Séance du {_d(f.issued)}", 10)
    d.at(15, 34, "Agent :", 10)
    d.at(50, 34, f"{p.last_name.upper()} {p.first_name}", 10, True)
    if p.birth_date:
        d.at(15, 41, "Date de naissance :", 10)
        d.at(50, 41, _d(p.birth_date), 10)
    d.at(15, 48, "Employeur :", 10)
    d.at(50, 48, f.employer, 10)
    conge = _CONGE.get(f.category, "congé")
    d.para(15, 62, 180, f"AVIS FAVORABLE à l'octroi d'un {conge}"
           + (f" pour la période du {_d(f.start)} au {_d(f.end)}." if f.start else "."), 11)
    d.at(15, 90, "Le président du conseil médical", 9)
    return d.out()


def bulletin_salaire(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    month = f.extra.get("month", f.issued or date(2025, 1, 1))
    d.at(15, 10, "BULLETIN DE PAIE", 14, True)
    d.at(120, 10, f"Période : {MONTHS[month.month - 1]} {month.year}", 10)
    d.at(15, 20, f.employer, 10, True)
    d.at(15, 26, f"{f.employer_address} – {f.employer_town}", 8)
    d.at(120, 24, f"{p.title} {p.last_name.upper()} {p.first_name}", 10, True)
    if p.nir13:
        d.at(120, 30, f"N° SS : {p.nir13}{p.nir_key}", 9)
    d.at(120, 36, f"Grade : {f.extra.get('job', 'adjoint technique')}", 9)
    y = 50
    tbi = rng.randint(1750, 2600)
    for label, base, amount in [("Traitement brut indiciaire", "", f"{tbi:.2f}"), ("NBI", "", f"{rng.randint(0, 80):.2f}"),
                                ("Indemnité de résidence", "", f"{tbi * 0.01:.2f}"),
                                ("CNRACL retenue", f"{tbi:.2f}", f"-{tbi * 0.111:.2f}"),
                                ("CSG déductible", f"{tbi:.2f}", f"-{tbi * 0.068:.2f}")]:
        d.at(15, y, label, 9)
        d.at(110, y, base, 9)
        d.at(160, y, amount, 9)
        y += 6
    d.at(15, y + 6, f"NET À PAYER : {tbi * 0.8:.2f} EUR", 11, True)
    return d.out()


def acte_deces(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    d.at(15, 10, "RÉPUBLIQUE FRANÇAISE", 8)
    d.at(15, 16, f"Commune de {f.extra.get('town', f.employer_town)} – État civil", 10)
    d.at(50, 32, "COPIE INTÉGRALE D'ACTE DE DÉCÈS", 13, True)
    d.para(15, 48, 180, f"Le {fmt(f.event_date, 'long')}, est décédé{'e' if p.sex == 'F' else ''} {p.first_name} "
           f"{(p.birth_name or p.last_name).upper()}" + (f", épouse {p.last_name.upper()}" if p.birth_name else "")
           + (f", né{'e' if p.sex == 'F' else ''} le {_d(p.birth_date)}" if p.birth_date else "") + ".", 11)
    d.at(15, 80, f"Dressé le {_d(f.issued)}, l'officier de l'état civil", 9)
    return d.out()


def acte_naissance(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    child = f.extra.get("child", "Louise")
    d.at(15, 10, "RÉPUBLIQUE FRANÇAISE", 8)
    d.at(15, 16, f"Mairie de {f.extra.get('town', f.employer_town)} – service de l'état civil", 10)
    d.at(50, 32, "EXTRAIT D'ACTE DE NAISSANCE", 13, True)
    d.para(15, 48, 180, f"Le {fmt(f.event_date, 'long')} est né(e) {child} {p.last_name.upper()}, "
           f"enfant de {p.first_name} {p.last_name.upper()} et de {f.extra.get('other_parent', 'Julie FABRE')}.", 11)
    d.at(15, 80, f"Extrait délivré le {_d(f.issued)}", 9)
    return d.out()


def demande_agent(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    d.at(15, 14, f"{p.first_name} {p.last_name.upper()}", 10, True)
    d.at(15, 20, p.address or f"{rng.randint(1, 40)} impasse des Mûriers, {f.employer_town}", 9)
    d.at(110, 34, f"À l'attention de l'autorité territoriale – {f.employer}", 9)
    d.at(110, 46, f"{f.employer_town}, le {_d(f.issued)}", 9)
    what = f.extra.get("request", "un temps partiel thérapeutique")
    d.at(15, 60, f"Objet : {what}", 10, True)
    body = (f"Madame, Monsieur,\n\nJe sollicite par la présente {what}"
            + (f" du {_d(f.start)} au {_d(f.end)} inclus" if f.start else "")
            + ".\n\nJe vous prie d'agréer l'expression de mes salutations distinguées.")
    d.para(15, 72, 180, body, 10)
    d.at(120, 120, f"{p.first_name} {p.last_name.upper()}", 10)
    return d.out()


def certificat_grossesse(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    d.at(15, 12, "DÉCLARATION DE GROSSESSE", 14, True)
    d.at(15, 20, "Premier examen médical prénatal", 9)
    d.at(15, 34, "Nom :")
    d.at(70, 34, (p.birth_name or p.last_name).upper(), 10, True)
    if p.birth_name:
        d.at(15, 41, "Nom d'usage :")
        d.at(70, 41, p.last_name.upper(), 10, True)
    d.at(15, 48, "Prénom :")
    d.at(70, 48, p.first_name, 10, True)
    if p.nir13:
        d.at(15, 55, "N° d'immatriculation :")
        d.at(70, 55, _nir_spaced(p), 10, True)
    d.at(15, 68, "Date présumée du début de grossesse :")
    d.at(100, 68, _d(f.extra["conception"]), 10)
    d.at(15, 76, "Date présumée de l'accouchement :")
    d.at(100, 76, _d(f.extra["due"]), 10, True)
    d.at(15, 96, f"{f.doctor} – le {_d(f.issued)}", 9)
    return d.out()


def certificat_medical(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    p = f.person
    d.at(15, 14, f.doctor, 11, True)
    d.at(60, 40, "CERTIFICAT MÉDICAL", 13, True)
    what = f.extra.get("what", "une reprise à temps partiel pour raison thérapeutique à 50 %")
    text = (f"Je soussigné(e) certifie que l'état de santé de {p.title} {p.first_name} {p.last_name.upper()} "
            f"justifie {what}" + (f" du {_d(f.start)} au {_d(f.end)} inclus" if f.start else "") + ".")
    d.para(15, 56, 180, text, 11)
    d.at(110, 90, f"Le {_d(f.issued)}", 10)
    return d.out()


def courrier_autre(f: Facts, rng: random.Random) -> bytes:
    d = Doc()
    y = _letterhead(d, f)
    d.at(15, y, rng.choice(["Relevé d'identité bancaire", "Fiche de poste", "Planning du service"]), 12, True)
    d.para(15, y + 12, 180, f"Document interne – {f.employer}. Pièce transmise pour information.", 10)
    return d.out()


BUILDERS = {
    "declaration_accident": declaration_accident, "declaration_maladie_professionnelle": declaration_mp,
    "enquete_administrative": enquete_administrative, "arrete": arrete,
    "avis_conseil_medical": avis_conseil_medical, "bulletin_salaire": bulletin_salaire,
    "acte_deces": acte_deces, "acte_naissance": acte_naissance, "demande_agent": demande_agent,
    "certificat_grossesse": certificat_grossesse, "certificat_medical": certificat_medical,
    "autre": courrier_autre,
}


def build(kind: str, f: Facts, rng: random.Random) -> bytes:
    if kind == "arret_travail":
        return arret_travail(f, rng.choice(["columns", "boxes", "prose", "sections"]), rng)
    if kind == "certificat_at_mp":
        return certificat_at_mp(f, rng.choice(["columns", "glyphs", "letters"]), rng)
    return BUILDERS[kind](f, rng)


def logo_png(text: str, rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (180, 60), (255, 255, 255))
    dr = ImageDraw.Draw(img)
    col = rng.choice([(20, 60, 140), (0, 110, 70), (150, 30, 40)])
    dr.ellipse((5, 5, 55, 55), fill=col)
    dr.rectangle((65, 20, 170, 40), fill=col)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def simple_doc(title: str, text: str, f: Facts) -> bytes:
    """A one-page piece of the employer or of a third party: a title and a paragraph."""
    d = Doc()
    y = _letterhead(d, f)
    d.at(15, y, title, 13, True)
    d.para(15, y + 12, 180, text, 10)
    d.at(110, y + 70, f"Le {_d(f.issued)}", 9)
    return d.out()
