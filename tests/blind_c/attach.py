"""From a claim's truth to an attached file: which builder, which layout, which medium (text PDF, copier scan,
fax, photo, two pages on one image, Word or LibreOffice file) and which file name (saying it, saying nothing,
or lying)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from . import office, pieces, render, scans
from .pieces import Facts
from .registry import strip_accents
from .truth import Claim, Piece

DESCRIPTIVE = {
    "arret_travail": ["Arrêt de travail {LAST}.pdf", "AT_{last}_{first}.pdf", "avis arret {last}.pdf",
                      "Arrêt maladie {First} {LAST}.pdf"],
    "certificat_at_mp": ["Certificat AT {LAST}.pdf", "certif_medical_{last}.pdf", "CMI {LAST}.pdf"],
    "declaration_accident": ["Déclaration accident {LAST}.pdf", "decla_AS_{last}.pdf"],
    "enquete_administrative": ["Rapport hiérarchique {LAST}.pdf", "enquete_admin_{last}.pdf"],
    "temoignage": ["Témoignage.pdf", "attestation_temoin_{last}.pdf"],
    "plan_trajet": ["Plan trajet {LAST}.pdf", "plan.pdf"],
    "declaration_maladie_professionnelle": ["Déclaration MP {LAST}.pdf", "demande_reconnaissance_MP.pdf"],
    "arrete": ["Arrêté {LAST}.pdf", "arrete_{last}_signe.pdf"],
    "avis_conseil_medical": ["Avis conseil médical {LAST}.pdf", "avis_CM_{last}.pdf"],
    "certificat_grossesse": ["Certificat grossesse {LAST}.pdf", "declaration_grossesse.pdf"],
    "acte_naissance": ["Acte de naissance.pdf", "extrait_naissance_{last}.pdf"],
    "acte_deces": ["Acte de décès {LAST}.pdf", "acte_deces.pdf"],
    "justificatif_adoption": ["Jugement adoption.pdf", "placement_adoption_{last}.pdf"],
    "demande_agent": ["Demande de l'agent.pdf", "courrier_{last}.pdf"],
    "certificat_medical": ["Certificat TPT {LAST}.pdf", "certificat_medical_{last}.pdf"],
    "bulletin_salaire": ["Bulletin de paie {LAST}.pdf", "BS_{last}.pdf"],
}
OFFICE_KINDS = {"enquete_administrative", "temoignage", "demande_agent", "declaration_accident"}
NIR_KINDS = {"arret_travail", "certificat_at_mp", "declaration_accident", "declaration_maladie_professionnelle",
             "certificat_grossesse", "bulletin_salaire"}


def blocks_for(r: random.Random, c: Claim, kind: str, mail_day: date, tags: set[str]) -> tuple[list, bool, bool]:
    start, end = c.start or c.doc_start, c.end or c.doc_end
    f = Facts(c.agent, c.coll, c.category, c.nature, start, end, c.initial_start, c.surv, c.cause,
              issued=min(mail_day, start) if start else c.surv)
    show_nir = kind in NIR_KINDS and r.random() < 0.8
    show_birth = False
    glyphs = r.choice(list(render.GLYPHS))
    if kind == "arret_travail":
        layout = r.choice(["above", "grid", "twopage", "prose", "checks"])
        show_birth = r.random() < 0.5
        tags |= {f"form-arret-{layout}", f"glyph-{glyphs}"}
        if c.category not in ("maladie_ordinaire", "longue_maladie", "longue_duree", "grave_maladie") \
                and c.nature == "prolongation":
            f.nature = "prolongation"
        return pieces.arret(f, r, layout, glyphs, show_nir, show_birth), show_nir, show_birth
    if kind == "certificat_at_mp":
        layout = r.choice(["grid", "prose", "checks"])
        tags |= {f"form-atmp-{layout}", f"glyph-{glyphs}"}
        return pieces.certificat_at_mp(f, r, layout, glyphs, show_nir), show_nir, False
    if kind == "declaration_accident":
        show_birth = r.random() < 0.6
        return pieces.declaration_accident(f, r, show_nir, show_birth), show_nir, show_birth
    if kind == "enquete_administrative":
        return pieces.enquete(f, r), False, False
    if kind == "temoignage":
        return pieces.temoignage(f, r), False, False
    if kind == "plan_trajet":
        return pieces.plan_trajet(f, r), False, False
    if kind == "declaration_maladie_professionnelle":
        return pieces.declaration_mp(f, r, show_nir), show_nir, False
    if kind == "arrete":
        return pieces.arrete(f, r), False, False
    if kind == "avis_conseil_medical":
        return pieces.avis_cm(f, r), False, False
    if kind == "certificat_grossesse":
        return pieces.grossesse(f, r, show_nir), show_nir, False
    if kind in ("acte_naissance", "acte_deces", "justificatif_adoption"):
        if kind == "acte_naissance" and c.start:
            f.surv = c.start - timedelta(days=r.randint(0, 2))
        # an acte de décès prints the birth date
        return pieces.acte(f, r, kind), False, kind == "acte_deces"
    if kind == "demande_agent":
        return pieces.demande(f, r), False, False
    if kind == "certificat_medical":
        return pieces.certificat_tpt(f, r), False, False
    if kind == "bulletin_salaire":
        f.surv = (c.surv.replace(day=1) - timedelta(days=1))
        return pieces.bulletin(f, r, show_nir), show_nir, False
    raise ValueError(kind)


def filename(r: random.Random, c: Claim, kind: str, ext: str, mode: str, mail_day: date, used: set[str]) -> str:
    last = strip_accents(c.agent.last).replace(" ", "_")
    fill = dict(LAST=c.agent.last, last=last.lower(), first=strip_accents(c.agent.first).lower(),
                First=c.agent.first)
    if mode == "descriptive":
        base = r.choice(DESCRIPTIVE[kind]).format(**fill).rsplit(".", 1)[0]
    elif mode == "lying":
        other = r.choice([k for k in DESCRIPTIVE if k != kind and k != "autre"])
        base = r.choice(DESCRIPTIVE[other]).format(**fill).rsplit(".", 1)[0]
    else:
        stamp = f"{mail_day:%Y%m%d}_{r.randint(7, 18):02d}{r.randint(0, 59):02d}{r.randint(0, 59):02d}"
        base = r.choice(["document", "scan0001", f"IMG_{stamp}", f"Numériser{r.randint(1, 60):04d}", "PJ",
                         "sans titre", f"{mail_day:%Y%m%d}{r.randint(80000, 175959)}", "Nouveau document",
                         f"doc{r.randint(1, 9)}", "pièce jointe", f"SCAN_{mail_day:%d%m%Y}", "fichier"])
        if ext in ("jpg", "jpeg") and not base.startswith("IMG"):
            base = f"IMG_{stamp}" if r.random() < 0.6 else f"PXL_{stamp}{r.randint(100, 999)}"
    name = f"{base}.{ext}"
    n = 1
    while name in used:
        name = f"{base} ({n}).{ext}"
        n += 1
    used.add(name)
    return name


def make(r: random.Random, c: Claim, kind: str, mail_day: date, used: set[str], medium: str | None = None,
         mode: str | None = None) -> Piece:
    tags: set[str] = set()
    blocks, pn, pb = blocks_for(r, c, kind, mail_day, tags)
    if medium is None:
        media = ["pdf"] * 45 + ["scan"] * 18 + ["photo"] * 12 + ["fax"] * 5
        if kind in OFFICE_KINDS:
            media += ["docx"] * 15 + ["odt"] * 8
        if any(b[0] == "page" for b in blocks):
            media += ["twoup"] * 15
        medium = r.choice(media)
    if mode is None:
        mode = r.choices(["descriptive", "opaque", "lying"], [55, 35, 10])[0]
    tags |= {f"att-{medium}", f"fname-{mode}"}
    serif = r.random() < 0.3
    if medium == "pdf":
        data, ctype, ext, ocr = render.render_pdf(blocks, serif), "application/pdf", "pdf", False
    elif medium in ("docx", "odt"):
        data = office.docx(blocks) if medium == "docx" else office.odt(blocks)
        ctype = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document" if medium == "docx"
                 else "application/vnd.oasis.opendocument.text")
        ext, ocr = medium, False
    else:
        pages = render.render_pages(blocks, dpi=r.choice([150, 150, 130]) if medium != "photo" else 150, serif=serif)
        ocr = True
        if medium == "scan":
            how = r.choice(["lowcontrast", "skew", "skew"])
            tags.add(f"scan-{how}")
            imgs = [scans.low_contrast(p, r) if how == "lowcontrast" else scans.skew(p, r) for p in pages]
            if r.random() < 0.25:
                data, ctype, ext = scans.jpeg(imgs[0], 65), "image/jpeg", "jpg"
                if len(imgs) > 1:  # a JPEG holds one page only: keep the scan as a PDF
                    data, ctype, ext = scans.image_pdf(imgs), "application/pdf", "pdf"
            else:
                data, ctype, ext = scans.image_pdf(imgs), "application/pdf", "pdf"
        elif medium == "fax":
            hdr = f"{mail_day:%d/%m/%Y} {r.randint(8, 17):02d}:{r.randint(0, 59):02d}  DE: +33 4 {r.randint(50, 79)} " \
                  f"{r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}  P.00{{}}/00{len(pages)}"
            imgs = [scans.fax(p, r, hdr.replace("{}", str(i + 1))) for i, p in enumerate(pages)]
            if r.random() < 0.5:
                data, ctype, ext = scans.tiff(imgs), "image/tiff", "tif"
            else:
                data, ctype, ext = scans.image_pdf(imgs), "application/pdf", "pdf"
        elif medium == "twoup":
            img = scans.two_up(pages, r)
            data, ctype, ext = scans.jpeg(img, 70), "image/jpeg", "jpg"
        else:  # photo
            img = scans.photo(pages[0], r)
            if len(pages) > 1:
                img = scans.photo(scans.two_up(pages, r), r)
                tags.add("att-twoup")
            data, ctype, ext = scans.jpeg(img, r.choice([72, 80])), "image/jpeg", r.choice(["jpg", "jpeg", "JPG"])
    name = filename(r, c, kind, ext, mode, mail_day, used)
    return Piece(name, kind, ocr, pn, pb, ctype, data, tags)
