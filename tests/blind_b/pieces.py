"""Family B's pieces: forms of our own design (fpdf2) and what copiers and phones make of them (pdftoppm +
Pillow). Layouts differ on purpose from any one template: digit boxes, ticked boxes, prescriber's prose,
two-column tables."""

from __future__ import annotations

import datetime as dt
import io
import random
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
FIXED_T = time.gmtime(1735689600)  # Pillow wants a struct_time
DOCTORS = ["Dr Anne VERNHES", "Dr Paul ESCANDE", "Docteur M. CHAZAL", "Dr Léon BARRIAC", "Dr Sylvie ROUQUETTE",
           "Dr Karim HADDAD", "Dr Hélène MAUREL", "Docteur J.-F. SAUVANT"]


@dataclass
class Facts:
    """What a piece says about its agent and stop."""
    last: str
    first: str
    birth_name: str
    female: bool
    nir13: str | None
    nir_key: str
    birth: dt.date
    employer: str
    start: dt.date | None = None
    end: dt.date | None = None
    initial_start: dt.date | None = None
    event: dt.date | None = None  # accident, first finding, death, birth, presumed delivery
    nature: str = "initial"  # initial, prolongation, rechute, final
    category: str = "maladie_ordinaire"
    signed: dt.date | None = None


class Doc(FPDF):
    def __init__(self, serif: bool = False) -> None:
        super().__init__(format="A4")
        self.set_creation_date(FIXED)
        fam = "DejaVuSerif" if serif else "DejaVuSans"
        base = "DejaVuSerif" if serif else "DejaVuSans"
        self.add_font(fam, "", str(FONT_DIR / f"{base}.ttf"))
        self.add_font(fam, "B", str(FONT_DIR / f"{base}-Bold.ttf"))
        self.fam = fam
        self.set_auto_page_break(True, 15)
        self.add_page()
        self.set_font(fam, "", 10)

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font(self.fam, "B", size)
        self.multi_cell(0, 8, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.fam, "", 10)
        self.ln(3)

    def line_text(self, text: str, bold: bool = False, h: float = 6) -> None:
        self.set_font(self.fam, "B" if bold else "", 10)
        self.multi_cell(0, h, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.fam, "", 10)

    def boxes(self, label: str, chars: str, w: float = 5.5, gap_after: set[int] | None = None) -> None:
        self.set_font(self.fam, "", 9)
        self.cell(self.get_string_width(label) + 3, 7, label)
        for i, ch in enumerate(chars):
            self.cell(w, 7, ch, border=1, align="C")
            if gap_after and i in gap_after:
                self.cell(2, 7, "")
        self.ln(9)
        self.set_font(self.fam, "", 10)

    def tick(self, options: list[tuple[str, bool]]) -> None:
        for label, on in options:
            self.cell(5, 5, "X" if on else "", border=1, align="C")
            self.cell(self.get_string_width(label) + 8, 5, " " + label)
        self.ln(8)

    def kv(self, rows: list[tuple[str, str]], w1: float = 65) -> None:
        for k, v in rows:
            self.set_font(self.fam, "B", 9)
            self.cell(w1, 7, k, border=1)
            self.set_font(self.fam, "", 10)
            self.cell(0, 7, v, border=1, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def bytes(self) -> bytes:
        return bytes(self.output())


def dboxes(d: dt.date) -> str:
    return f"{d:%d%m%Y}"


def civ(f: Facts) -> str:
    return "Mme" if f.female else "M."


def nir_spaced(f: Facts) -> str:
    n = f.nir13 or ""
    return f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]}"


def d(x: dt.date) -> str:
    return f"{x:%d/%m/%Y}"


def arret_travail(f: Facts, rng: random.Random) -> bytes:
    layout = rng.choice(["boxes", "prose", "table"])
    doc = Doc(serif=layout == "prose")
    doctor = rng.choice(DOCTORS)
    prol = f.nature == "prolongation"
    if layout == "boxes":
        doc.heading("AVIS D'ARRÊT DE TRAVAIL\nvolet n° 3 — à adresser à l'employeur", 13)
        doc.line_text("Identification de l'assuré(e)", bold=True)
        doc.line_text(f"Nom d'usage : {f.last}      Prénom : {f.first}")
        if f.birth_name:
            doc.line_text(f"Nom de naissance : {f.birth_name}")
        if f.nir13:
            doc.boxes("N° d'immatriculation", f.nir13 + f.nir_key, gap_after={0, 2, 4, 6, 9, 12})
        doc.boxes("Date de naissance", dboxes(f.birth), gap_after={1, 3})
        doc.line_text(f"Employeur : {f.employer}")
        doc.ln(2)
        doc.line_text("Prescription", bold=True)
        doc.tick([("arrêt de travail initial", not prol), ("de prolongation", prol)])
        if prol:
            doc.boxes("Date de l'arrêt initial", dboxes(f.initial_start), gap_after={1, 3})
        doc.boxes("Arrêt de travail à compter du", dboxes(f.start), gap_after={1, 3})
        doc.boxes("jusqu'au (inclus)", dboxes(f.end), gap_after={1, 3})
        doc.tick([("sorties autorisées", rng.random() < 0.7), ("sorties libres", False)])
        doc.line_text(f"Praticien : {doctor}    Fait le {d(f.signed or f.start)}")
    elif layout == "prose":
        doc.line_text(f"{doctor}\nMédecine générale\n{rng.randint(1, 40)} avenue de la Gare\n\n")
        doc.heading("Certificat d'arrêt de travail", 13)
        who = f"{civ(f)} {f.first} {f.last}" + (f" née {f.birth_name}" if f.birth_name else "")
        nir = f", n° de sécurité sociale {nir_spaced(f)} {f.nir_key}" if f.nir13 else ""
        kind = "de prolongation" if prol else "initial"
        txt = (f"Je soussigné(e), {doctor}, certifie avoir examiné ce jour {who}, né(e) le {d(f.birth)}{nir}, "
               f"et lui prescrire un arrêt de travail {kind} du {d(f.start)} au {d(f.end)} inclus")
        if prol:
            txt += f", faisant suite à l'arrêt initial du {d(f.initial_start)}"
        doc.line_text(txt + ".", h=7)
        doc.line_text("\nCertificat remis en main propre à l'intéressé(e) pour faire valoir ce que de droit.")
        doc.line_text(f"\nFait le {d(f.signed or f.start)}")
    else:
        doc.heading("ARRÊT DE TRAVAIL — volet employeur", 13)
        rows = [("Nom d'usage", f.last)]
        if f.birth_name:
            rows.append(("Nom de naissance", f.birth_name))
        rows += [("Prénom", f.first), ("Date de naissance", d(f.birth))]
        if f.nir13:
            rows.append(("N° de sécurité sociale", f"{f.nir13} {f.nir_key}"))
        rows += [("Employeur", f.employer), ("Nature de l'arrêt", "Prolongation" if prol else "Initial")]
        if prol:
            rows.append(("Date de l'arrêt initial", d(f.initial_start)))
        rows += [("Début de l'arrêt", d(f.start)), ("Fin de l'arrêt (inclus)", d(f.end)), ("Médecin", doctor)]
        doc.kv(rows)
    return doc.bytes()


def certificat_at_mp(f: Facts, rng: random.Random) -> bytes:
    doc = Doc()
    doctor = rng.choice(DOCTORS)
    mp = f.category == "maladie_professionnelle"
    doc.heading("CERTIFICAT MÉDICAL\nACCIDENT DU TRAVAIL — MALADIE PROFESSIONNELLE", 13)
    doc.tick([("initial", f.nature == "initial"), ("de prolongation", f.nature == "prolongation"),
              ("de rechute", f.nature == "rechute"), ("final", f.nature == "final")])
    doc.line_text(f"Victime : {f.last} {f.first}" + (f" (née {f.birth_name})" if f.birth_name else ""))
    if f.nir13:
        doc.boxes("N° de sécurité sociale", f.nir13 + f.nir_key, gap_after={0, 2, 4, 6, 9, 12})
    doc.line_text(f"Né(e) le {d(f.birth)} — Employeur : {f.employer}")
    label = ("Date de la première constatation médicale de la maladie professionnelle" if mp else
             "Date de l'accident" + (" de trajet" if f.category == "accident_trajet" else ""))
    doc.boxes(label, dboxes(f.event), gap_after={1, 3})
    doc.line_text("Constatations détaillées : " + rng.choice(
        ["entorse de la cheville droite", "lombalgie aiguë après port de charge", "plaie de la main gauche",
         "tendinopathie de l'épaule droite", "contusion du genou", "douleurs cervicales post-traumatiques"]))
    if f.nature == "final":
        doc.tick([("guérison", True), ("consolidation avec séquelles", False)])
        doc.line_text(f"à la date du {d(f.end)}")
    else:
        if f.nature == "prolongation" and f.initial_start:
            doc.line_text(f"Arrêt initial du {d(f.initial_start)}")
        doc.line_text(f"Arrêt de travail du {d(f.start)} jusqu'au {d(f.end)} inclus")
    doc.line_text(f"\n{doctor}, le {d(f.signed or f.start or f.event)}")
    return doc.bytes()


def generic(kind: str, f: Facts, rng: random.Random) -> bytes:
    doc = Doc(serif=rng.random() < 0.4)
    who = f"{civ(f)} {f.first} {f.last}" + (f" née {f.birth_name}" if f.birth_name else "")
    nir = f"{f.nir13} {f.nir_key}" if f.nir13 else None
    if kind == "declaration_accident":
        what = "DE TRAJET" if f.category == "accident_trajet" else "DE SERVICE"
        doc.heading(f"DÉCLARATION D'ACCIDENT {what}\n{f.employer}")
        rows = [("Agent", f"{f.last} {f.first}"), ("Né(e) le", d(f.birth))]
        if nir:
            rows.append(("N° SS", nir))
        rows += [("Date de l'accident", d(f.event)), ("Heure", f"{rng.randint(7, 17)}h{rng.choice(['00', '15', '40'])}"),
                 ("Lieu", rng.choice(["atelier des services techniques", "cuisine centrale", "école maternelle",
                                      "rond-point de la D104", "chambre 12, 1er étage"]))]
        doc.kv(rows)
        doc.line_text("Circonstances : " + rng.choice([
            "l'agent a glissé sur un sol mouillé en transportant un chariot.",
            "en descendant du camion benne, l'agent s'est réceptionné sur le pied droit.",
            "collision avec un véhicule sur le trajet domicile-travail.",
            "en aidant un résident à se relever, l'agent a ressenti une douleur lombaire."]))
        doc.line_text(f"\nFait à {f.employer.split(' de ')[-1]}, le {d(f.signed or f.event)}. Signature de l'autorité territoriale.")
    elif kind == "enquete_administrative":
        doc.heading("RAPPORT HIÉRARCHIQUE — ENQUÊTE ADMINISTRATIVE")
        doc.line_text(f"Objet : accident survenu le {d(f.event)} à {who}")
        doc.line_text("Le chef de service atteste que l'agent était en service au moment des faits, "
                      "qu'aucune faute personnelle n'est relevée et que les témoins confirment ses déclarations.")
        doc.line_text(f"\nLe responsable de service — signé le {d(f.signed or f.event)}")
    elif kind == "declaration_maladie_professionnelle":
        doc.heading("DÉCLARATION DE MALADIE PROFESSIONNELLE")
        rows = [("Agent", f"{f.last} {f.first}"), ("Date de naissance", d(f.birth))]
        if nir:
            rows.append(("NIR", nir))
        rows += [("Première constatation médicale", d(f.event)), ("Maladie", rng.choice(
            ["syndrome du canal carpien", "tendinopathie de la coiffe des rotateurs", "lombosciatique"]))]
        doc.kv(rows)
        doc.line_text("Je demande la reconnaissance de l'imputabilité au service de cette maladie.")
    elif kind == "avis_conseil_medical":
        cat = {"longue_maladie": "congé de longue maladie", "longue_duree": "congé de longue durée",
               "grave_maladie": "congé de grave maladie"}[f.category]
        doc.heading("CONSEIL MÉDICAL DÉPARTEMENTAL\nFormation restreinte — AVIS")
        doc.line_text(f"Séance du {d(f.signed or f.start)}. Dossier de {who}, {f.employer}.")
        doc.line_text(f"Avis favorable à l'octroi d'un {cat} du {d(f.start)} au {d(f.end)}.")
    elif kind == "arrete":
        cat = {"longue_maladie": "congé de longue maladie", "longue_duree": "congé de longue durée",
               "grave_maladie": "congé de grave maladie"}.get(f.category, "congé")
        doc.heading(f"ARRÊTÉ N° {rng.randint(2024, 2025)}-{rng.randint(10, 350)}\nportant placement en {cat}")
        doc.line_text(f"L'autorité territoriale de {f.employer},\nVu le code général de la fonction publique,\n"
                      "Vu l'avis du conseil médical,")
        doc.line_text(f"ARRÊTE\nArticle 1 : {who} est placé(e) en {cat} du {d(f.start)} au {d(f.end)} inclus.")
    elif kind == "certificat_grossesse":
        doc.heading("DÉCLARATION DE GROSSESSE")
        rows = [("Assurée", f"{f.last} {f.first}")]
        if nir:
            rows.append(("N° d'immatriculation", nir))
        rows += [("Date présumée de l'accouchement", d(f.event)), ("Date de constatation", d(f.signed or f.start))]
        doc.kv(rows)
    elif kind == "acte_naissance":
        doc.heading("EXTRAIT D'ACTE DE NAISSANCE")
        doc.line_text(f"Le {d(f.event)}, est né à {rng.choice(['Valence', 'Rodez', 'Le Puy-en-Velay', 'Ajaccio', 'Bastia'])} "
                      f"un enfant de sexe {rng.choice(['masculin', 'féminin'])}, prénommé {rng.choice(['Léo', 'Jade', 'Tom', 'Lina'])}, "
                      f"fils ou fille de {f.first} {f.last}.")
    elif kind == "demande_agent":
        doc.line_text(f"{f.first} {f.last}\n{f.employer}\n")
        what = {"paternite": "un congé de paternité et d'accueil de l'enfant",
                "temps_partiel_therapeutique": "un temps partiel thérapeutique",
                "adoption": "un congé d'adoption"}.get(f.category, "un congé")
        doc.line_text(f"Objet : demande de {what.split(' ', 1)[1]}\n")
        doc.line_text(f"Madame, Monsieur, je sollicite {what} du {d(f.start)} au {d(f.end)}. "
                      "Veuillez agréer mes salutations respectueuses.")
    elif kind == "certificat_medical":
        doc.heading("CERTIFICAT MÉDICAL")
        doc.line_text(f"Je soussigné {rng.choice(DOCTORS)} certifie que l'état de santé de {who} justifie une reprise "
                      f"à temps partiel pour raison thérapeutique à 50 % du {d(f.start)} au {d(f.end)}.")
    elif kind == "acte_deces":
        doc.heading("EXTRAIT D'ACTE DE DÉCÈS")
        doc.line_text(f"Le {d(f.event)} est décédé(e) {who}, né(e) le {d(f.birth)}.")
    elif kind == "bulletin_salaire":
        doc.heading(f"BULLETIN DE PAIE — {f.employer}", 12)
        rows = [("Agent", f"{f.last} {f.first}")]
        if nir:
            rows.append(("N° SS", nir))
        rows += [("Période", f"{(f.signed or f.event):%m/%Y}"), ("Traitement brut indiciaire", f"{rng.randint(1700, 2600)},{rng.randint(10, 99)} €"),
                 ("NBI", f"{rng.randint(0, 90)},00 €"), ("Net à payer", f"{rng.randint(1400, 2100)},{rng.randint(10, 99)} €")]
        doc.kv(rows)
    else:
        raise ValueError(kind)
    return doc.bytes()


def render_piece(kind: str, f: Facts, rng: random.Random) -> bytes:
    if kind == "arret_travail":
        return arret_travail(f, rng)
    if kind in ("certificat_at_mp", "certificat_final"):
        return certificat_at_mp(f, rng)
    return generic(kind, f, rng)


def _raster(pdf: bytes, dpi: int) -> Image.Image:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "in.pdf"
        p.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(p), str(Path(tmp) / "out")],
                       check=True, capture_output=True)
        return Image.open(Path(tmp) / "out.png").convert("L").copy()


def _darker(a: Image.Image, b: Image.Image) -> Image.Image:
    from PIL import ImageChops
    return ImageChops.darker(a, b)


def scan(pdf: bytes, rng: random.Random, as_jpeg: bool = False) -> tuple[bytes, list[str]]:
    """A copier's page: grey, slightly rotated, specks, sometimes low resolution or upside down."""
    tags = []
    dpi = rng.choice([110, 150, 150, 200, 200])
    if dpi <= 110:
        tags.append("scan-lowres")
    img = _raster(pdf, dpi)
    angle = rng.uniform(-2.5, 2.5)
    if rng.random() < 0.08:
        angle += rng.choice([90, 180, 270])
        tags.append("scan-rotated")
    img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    img = _darker(img, _speckles(img.size, rng, rng.uniform(0.2, 1.0)))
    out = io.BytesIO()
    if as_jpeg:
        img.save(out, "JPEG", quality=rng.randint(55, 85))
    else:
        img.save(out, "PDF", resolution=float(dpi), creationDate=FIXED_T, modDate=FIXED_T)
    return out.getvalue(), tags


def _speckles(size: tuple[int, int], rng: random.Random, amount: float) -> Image.Image:
    w, h = size
    speck = Image.new("L", size, 255)
    dr = ImageDraw.Draw(speck)
    for _ in range(int(w * h * amount / 2000)):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.choice([0, 0, 1])
        dr.ellipse((x, y, x + r, y + r), fill=rng.randint(30, 150))
    return speck


def photo(pdf: bytes, rng: random.Random) -> bytes:
    """A phone photo of the page on a desk: perspective, a shadow, warm tint, JPEG."""
    page = _raster(pdf, rng.choice([130, 160])).convert("RGB")
    w, h = page.size
    bg = Image.new("RGB", (int(w * 1.2), int(h * 1.15)), (rng.randint(90, 140), rng.randint(70, 110), rng.randint(50, 80)))
    bg.paste(page, (int(w * 0.1), int(h * 0.07)))
    W, H = bg.size
    j = lambda k: rng.uniform(0, k)  # noqa: E731
    quad = (j(W * 0.06), j(H * 0.04), j(W * 0.05), H - j(H * 0.04), W - j(W * 0.06), H - j(H * 0.03),
            W - j(W * 0.04), j(H * 0.05))
    img = bg.transform((W, H), Image.QUAD, quad, resample=Image.BICUBIC)
    shade = Image.linear_gradient("L").resize((W, H)).rotate(rng.choice([0, 90, 180, 270]), expand=False)
    k = rng.uniform(0.25, 0.45)
    shade = shade.point(lambda v: int(255 - v * k))
    img = Image.composite(img, Image.new("RGB", (W, H), (40, 35, 30)), shade)
    tint = Image.new("RGB", (W, H), (255, 240, 215))
    from PIL import ImageChops
    img = ImageChops.multiply(img, tint)
    img = img.rotate(rng.uniform(-4, 4), resample=Image.BICUBIC, fillcolor=(60, 50, 40))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=rng.randint(70, 88))
    return out.getvalue()


def logo(name: str, rng: random.Random) -> bytes:
    img = Image.new("RGB", (220, 70), (255, 255, 255))
    dr = ImageDraw.Draw(img)
    dr.rectangle((4, 4, 60, 66), fill=(rng.randint(0, 120), rng.randint(60, 160), rng.randint(120, 220)))
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), 13)
    dr.text((68, 24), name[:22], fill=(30, 30, 90), font=font)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()
