"""Attachments for the labelled claims corpus: a document of a kind about one person, consistent with the claim.

Builds on corpus.documents (text PDF, scan, photo); the text layer of each generated PDF is read back so the
expected output knows whether the piece states the NIR or the birth date (some builders add them at random)
and so that a piece never contradicts its claim (an arrêté about maternity attached to a CLM is regenerated).
"""

from __future__ import annotations

import contextlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pypdfium2 as pdfium

from corpus import doc_layout
from corpus.claims_names import fold
from corpus.doc_facts import long_date
from corpus.documents import make_photo, make_scan, make_text_pdf

_ALL_FONTS = dict(doc_layout._FONTS)


@contextlib.contextmanager
def _fonts(rng: random.Random, core: bool) -> Iterator[None]:
    """doc_layout embeds every TTF family in every PDF (~1 s each): use one family, or PDF core fonts (no embedding).

    Core fonts change nothing for a text layer and cost nothing; scans and photos keep a TTF family so OCR sees
    varied letter shapes.
    """
    saved = doc_layout._FONTS, doc_layout._CORE
    if core or not _ALL_FONTS:
        doc_layout._FONTS, doc_layout._CORE = {}, True
    else:
        family = rng.choice(sorted(_ALL_FONTS))
        doc_layout._FONTS = {family: _ALL_FONTS[family]}
    try:
        yield
    finally:
        doc_layout._FONTS, doc_layout._CORE = saved


@dataclass(frozen=True)
class Person:
    """Who a piece is about, as the documents state it."""
    sex: int
    first_name: str
    last_name: str
    birth_date: date
    nir15: str
    address: str


@dataclass
class Attachment:
    filename: str
    kind: str
    data: bytes
    ctype: str
    ocr: bool
    states_nir: bool
    states_birth: bool
    owner: int  # index of the claim it belongs to


# A piece must agree with its claim's category: regexes on the piece's text (lowercase), required / forbidden.
_REQUIRE: dict[tuple[str, str], str] = {
    ("arrete", "longue_maladie"): "longue maladie", ("arrete", "longue_duree"): "longue durée",
    ("arrete", "grave_maladie"): "grave maladie", ("arrete", "accident_service"): "imputabilité",
    ("arrete", "accident_trajet"): "imputabilité", ("arrete", "maladie_professionnelle"): "imputabilité",
    ("arrete", "temps_partiel_therapeutique"): "thérapeutique", ("arrete", "maternite"): "maternité",
    ("arrete", "maladie_ordinaire"): "maladie ordinaire",
    ("avis_conseil_medical", "longue_maladie"): "longue maladie", ("avis_conseil_medical", "longue_duree"): "longue durée",
    ("avis_conseil_medical", "grave_maladie"): "grave maladie",
    ("avis_conseil_medical", "temps_partiel_therapeutique"): "temps partiel",
    ("avis_conseil_medical", "accident_service"): "imputabilité", ("avis_conseil_medical", "accident_trajet"): "imputabilité",
    ("avis_conseil_medical", "maladie_professionnelle"): "imputabilité",
    ("certificat_medical", "temps_partiel_therapeutique"): "thérapeutique",
    ("certificat_medical", "longue_maladie"): "longue maladie|agréé", ("certificat_medical", "longue_duree"): "longue durée|agréé",
    ("certificat_medical", "grave_maladie"): "grave maladie|agréé",
    ("demande_agent", "paternite"): "paternité", ("demande_agent", "adoption"): "adoption",
    ("demande_agent", "temps_partiel_therapeutique"): "thérapeutique",
    ("demande_agent", "accident_service"): "imputabilité", ("demande_agent", "maladie_professionnelle"): "imputabilité",
    ("declaration_accident", "accident_service"): r"x\s*accident de service",
    ("declaration_accident", "accident_trajet"): r"x\s*accident de trajet",
}
_FORBID: dict[str, str] = {
    "accident_service": r"accident de trajet|accident du trajet",
    "accident_trajet": r"accident de service|accident du travail",
    "maladie_professionnelle": r"accident",
}
_FORBID_KINDS = {"enquete_administrative", "certificat_final", "temoignage", "plan_trajet", "constat_amiable", "arrete",
                 "demande_agent"}

SCANNER = ["scan_{d:%Y%m%d}.pdf", "SKM_C258{n}.pdf", "Numérisation_{d:%Y%m%d}_{n4}.pdf", "doc{n4}.pdf", "{n}.pdf",
           "Scan {d:%d-%m-%Y}.pdf", "IMG_{n4}.pdf", "Document numérisé.pdf"]
PHOTO = ["IMG_{n4}.jpg", "WhatsApp Image {d:%Y-%m-%d} at {h}.jpeg", "photo.jpg", "image{n4}.jpeg", "20250{n4}.jpg"]
NAMED: dict[str, list[str]] = {
    "arret_travail": ["Arrêt {L} {F}.pdf", "arret_travail_{l}.pdf", "AT {L}.pdf", "Avis arrêt de travail.pdf",
                      "arrêt maladie {l}.pdf", "{L}_arret.pdf", "prolongation {L}.pdf"],
    "certificat_at_mp": ["certificat_medical_initial_{l}.pdf", "CMI {L}.pdf", "Certificat AT {L}.pdf",
                         "certificat accident travail.pdf", "CM rechute {L}.pdf"],
    "certificat_final": ["certificat final {l}.pdf", "CMF {L}.pdf"],
    "certificat_medical": ["certificat médical.pdf", "certificat_{l}.pdf", "Prescription TPT {L}.pdf"],
    "certificat_grossesse": ["Certificat de grossesse.pdf", "declaration_grossesse_{l}.pdf"],
    "declaration_accident": ["Declaration d'accident de service.pdf", "declaration_AT_{l}.pdf", "Déclaration accident {L}.pdf"],
    "declaration_maladie_professionnelle": ["Déclaration MP {L}.pdf", "demande_reconnaissance_MP.pdf"],
    "enquete_administrative": ["enquete_admin_{l}.pdf", "Rapport hiérarchique.pdf", "Enquête administrative {L}.pdf"],
    "temoignage": ["temoignage.pdf", "Attestation témoin.pdf"],
    "constat_amiable": ["constat.pdf", "Constat amiable {L}.pdf"],
    "plan_trajet": ["plan trajet.pdf", "Plan_{l}.pdf"],
    "arrete": ["Arrêté {L}.pdf", "arrete_{n4}.pdf"],
    "avis_conseil_medical": ["Avis conseil médical.pdf", "avis_CM_{l}.pdf", "PV commission.pdf"],
    "acte_naissance": ["acte de naissance.pdf", "Extrait naissance.pdf"],
    "justificatif_adoption": ["jugement adoption.pdf", "attestation placement.pdf"],
    "acte_deces": ["acte de décès.pdf", "Acte_deces_{l}.pdf"],
    "demande_agent": ["Demande de l'agent.pdf", "courrier_{l}.pdf", "demande {L}.pdf"],
    "bulletin_salaire": ["bulletin de salaire.pdf", "BS_{l}.pdf", "Bulletin paie {L}.pdf"],
    "facture": ["facture.pdf", "note honoraires.pdf"],
    "autre": ["RIB.pdf", "ordonnance.pdf", "divers.pdf"],
}


def text_of(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def _agrees(kind: str, category: str | None, text: str) -> bool:
    low = text.lower()
    need = _REQUIRE.get((kind, category or ""))
    if need and not re.search(need, low):
        return False
    forbid = _FORBID.get(category or "")
    return not (forbid and kind in _FORBID_KINDS and re.search(forbid, low))


def _states(text: str, person: Person) -> tuple[bool, bool]:
    """Whether a piece's text states the person's NIR, and their birth date, however its lines happen to wrap.

    A paragraph may wrap inside '10 août 1999' (the text layer then reads '10\\r\\naoût 1999'): the date is still on
    the page for whoever reads it, so the comparison is on the text with its whitespace folded to single spaces.
    """
    flat = re.sub(r"\s+", "", text)
    spaced = re.sub(r"\s+", " ", text)
    b = person.birth_date
    return person.nir15[:13] in flat, b.strftime("%d/%m/%Y") in flat or long_date(b) in spaced


def filename_for(kind: str, person: Person, rng: random.Random, when: date, medium: str, nature: str | None) -> str:
    values = {"L": person.last_name, "F": person.first_name, "l": fold(person.last_name).lower().replace(" ", "_"),
              "d": when, "n": str(rng.randint(10**9, 10**10 - 1)), "n4": f"{rng.randint(1, 9999):04d}",
              "h": f"{rng.randint(8, 19)}.{rng.randint(10, 59)}.{rng.randint(10, 59)}"}
    if medium == "photo":
        return rng.choice(PHOTO).format(**values)
    named = [n for n in NAMED[kind] if all(word not in n.lower() or word == nature
                                           for word in ("initial", "prolongation", "rechute"))] or NAMED[kind]
    pool = SCANNER if (medium == "scan" and rng.random() < 0.7) or rng.random() < 0.25 else named
    return rng.choice(pool).format(**values)


def make_piece(kind: str, rng: random.Random, person: Person, *, category: str | None, nature: str | None,
               employer: str, commune: str, event: date, start: date, end: date, medium: str, owner: int,
               when: date) -> Attachment:
    """A piece of `kind` about `person`, agreeing with the claim; medium text, scan or photo."""
    facts = dict(sex=person.sex, first_name=person.first_name, last_name=person.last_name, birth_date=person.birth_date,
                 nir=person.nir15, address=person.address, employer=employer, employer_address=f"Hôtel de ville, {commune}",
                 city=commune, event_date=event, start=start, end=end,
                 signed=min(when, start + timedelta(days=rng.choice([-1, 0, 0, 1]))))
    doc_nature = nature if kind in ("arret_travail", "certificat_at_mp") and nature in ("initial", "prolongation", "rechute") else None
    if kind == "arret_travail" and doc_nature == "rechute":
        doc_nature = "initial"  # a rechute stop on a plain arrêt form is ticked 'initial' by the doctor
    core = medium == "text" and rng.random() < 0.6
    for attempt in range(60):
        sub = random.Random(rng.random())
        with _fonts(sub, core or attempt > 0):  # retries (a piece that contradicted its claim) stay cheap
            pdf = make_text_pdf(kind, sub, nature=doc_nature, **facts)
        text = text_of(pdf)
        if _agrees(kind, category, text):
            break
    else:
        raise RuntimeError(f"no {kind} agreeing with {category} after 60 tries")
    states_nir, states_birth = _states(text, person)
    if medium == "scan":
        data, ctype = make_scan(pdf, rng), "application/pdf"
    elif medium == "photo":
        data, ctype = make_photo(pdf, rng), "image/jpeg"
    else:
        data, ctype = pdf, "application/pdf"
    return Attachment(filename_for(kind, person, rng, when, medium, doc_nature or nature), kind, data, ctype, medium != "text",
                      states_nir, states_birth, owner)
