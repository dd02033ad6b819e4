"""Category of absence from explicit words, circumstances, attached forms, and a handler's default."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from intake.documents.ticks import MARK_IN_TEXT
from intake.domain import Category as C
from intake.domain import DocumentKind as K
from intake.understand.text import fold


@dataclass(frozen=True, slots=True)
class CategoryGuess:
    category: str | None
    confidence: float
    evidence: tuple[str, ...]  # French, shown to handlers


# Explicit words, most specific first: the first category whose words appear wins.
# ("mi-temps thérapeutique après un CLM" is a TPT; "accident de trajet" beats "accident".)
EXPLICIT: tuple[tuple[str, str], ...] = (
    (C.DECES, r"\bdeces\b|\bdecede|\bcapital deces|\bdisparition de notre agent"),
    (C.PATERNITE, r"\bpaternite\b|accueil de l'enfant|conge de naissance"),
    (C.ADOPTION, r"\badoption\b"),
    (C.TEMPS_PARTIEL_THERAPEUTIQUE, r"temps partiel (?:pour raison )?therapeutique|mi-?\s?temps therapeutique|\btpt\b|\bmtt\b"),
    (C.MATERNITE, r"\bmaternite\b|grossesse pathologique|etat pathologique (?:lie a|resultant de) la grossesse"
                  r"|conge (?:pre|post)-?natal|conge pathologique|\bgrossesse\b"),
    (C.LONGUE_DUREE, r"longue duree|\bcld\b"),
    (C.LONGUE_MALADIE, r"longue maladie|\bclm\b"),
    (C.GRAVE_MALADIE, r"grave maladie|\bcgm\b"),
    (C.MALADIE_PROFESSIONNELLE, r"maladie professionnelle|maladie d'origine professionnelle|\bmp\b(?!\s*\d)"),
    (C.ACCIDENT_TRAJET, r"accident (?:de|du) trajet|\btrajet\b|en venant (?:au|a son) (?:travail|poste|service)"
                        r"|en se rendant (?:au|a son|sur son lieu de) (?:travail|poste|service)|en (?:rentrant|revenant)"
                        r" (?:du travail|de son travail|du service|chez (?:elle|lui))|sur le chemin (?:du|de son) travail"
                        r"|entre son domicile et|en allant travailler"),
    (C.ACCIDENT_SERVICE, r"accident (?:de|du) service|accident du travail|accident de travail|\bcitis\b"
                         r"|imputable au service|\ba\.?t\.?\b(?! ?/)"),
    (C.MALADIE_ORDINAIRE, r"maladie ordinaire|\bcmo\b|arret (?:de )?maladie|conge (?:de )?maladie|arret pour maladie"
                          r"|\b(?:arretee?|absente?) pour (?:cause de |raison de )?maladie\b(?! pro)"),
)
_EXPLICIT_RES = tuple((cat, re.compile(rx)) for cat, rx in EXPLICIT)

# Circumstances of an accident when no category word is said.
_ACCIDENT_CUES = re.compile(
    r"\bchute|\best tombee?|\bglisse|\bs'est (?:blesse|coupe|brule|fait mal|tordu|cogne|pique)|\bheurte|\brenversee?\b"
    r"|\bpercutee?\b|\bmordue?\b|\bpercute|\bcollision|\baccrochee?\b"
    # the injury itself: what a handler reads as an accident when no category word is said
    r"|\bentorse|\bfracture|\bluxation|\bcontusion|\bplaie\b|\bbrulure|\btraumatisme|\bs'est fait (?:une|un) "
    r"|\bblessure|\bmorsure|\bpiqure|\baccident\b|\bvictime\b|\bsurvenue?\b"
)
_SERVICE_CUES = re.compile(r"pendant (?:son|le) service|en service|sur son lieu de travail|dans l'exercice de ses fonctions"
                           r"|de la mairie|a l'atelier|aux services techniques|a l'ecole|a la cantine|en soulevant")
_STOP_WORDS = re.compile(r"\barret(?:s)? de travail\b|\barrets?\b|\bavis d'arret|\bavis de prolongation\b"
                         # "arrêté(e)" of a person, not "l'arrêté du maire du 12/03" (a decree folds the same)
                         r"|\b(?:est|etre|sera|a ete|ete|reste) arretee?\b|\barretee? (?:depuis|a compter|a partir|jusqu)")

# What an attached document says about the category, when the words do not.
_BY_KIND: tuple[tuple[str, str, float], ...] = (
    (K.ACTE_DECES, C.DECES, 0.9),
    (K.JUSTIFICATIF_ADOPTION, C.ADOPTION, 0.9),
    (K.CERTIFICAT_GROSSESSE, C.MATERNITE, 0.85),
    (K.DECLARATION_MALADIE_PROFESSIONNELLE, C.MALADIE_PROFESSIONNELLE, 0.85),
    (K.DECLARATION_ACCIDENT, C.ACCIDENT_SERVICE, 0.8),
    (K.CERTIFICAT_AT_MP, C.ACCIDENT_SERVICE, 0.75),
    (K.ACTE_NAISSANCE, C.PATERNITE, 0.6),
    (K.ARRET_TRAVAIL, C.MALADIE_ORDINAIRE, 0.6),
)


# The AT/MP forms' own title names both; it says nothing about which one this is.
_BOTH = re.compile(r"\bat ?/ ?mp\b|accident du travail\s*(?:[-/]|ou(?: de la)?)\s*(?:1re constatation medicale de la )?maladie professionnelle")


# An accident of private life is no accident de service: the stop it causes is a maladie ordinaire.
_PRIVATE_ACCIDENT = re.compile(r"accident (?:domestique|de (?:ski|sport|la vie (?:privee|courante))|prive|personnel|de bricolage)"
                               r"|(?:chute|blessee?|tombee?) (?:a|chez) (?:son|sa) domicile")


# Where an injury happened, when it says private life: at home, on holiday, at sport. Such an accident
# is no accident de service (docs/domain.md): the stop it causes is a maladie ordinaire.
_PRIVATE_LIFE = re.compile(
    r"\bchez (?:elle|lui|eux|soi)\b|\ba (?:son|sa) domicile\b|\ba la maison\b|\bdans (?:son|sa) (?:jardin|cuisine|salle de bain)"
    r"|\b(?:pendant|durant|lors de) (?:ses|les|des|son|sa) (?:vacances|conges|week-end|weekend|jour de repos|temps libre)"
    r"|\ben vacances\b|\bau ski\b|\ben faisant du (?:sport|ski|velo|footing|jogging|bricolage)"
    r"|\b(?:match|entrainement) de (?:foot|football|rugby|hand|basket)|\bvie privee\b|\ben dehors du service\b")


def categorise(text: str, *, kinds: Iterable[str] = (), pregnancy_box: bool = False,
               ald: bool = False) -> CategoryGuess:
    """The category a handler would record from the message's words and the kinds of its pieces."""
    f = _BOTH.sub(lambda m: " " * len(m.group()), fold(text))
    f = _PRIVATE_ACCIDENT.sub(lambda m: " " * len(m.group()), f)
    kinds = set(kinds)
    for cat, rx in _EXPLICIT_RES:
        # Every occurrence is tried: a weak word ("grossesse") does not hide a strong one later ("maternité").
        for m in rx.finditer(f):
            if cat == C.ACCIDENT_TRAJET and not (_ACCIDENT_CUES.search(f) or "trajet" in m.group()):
                continue
            if cat == C.MATERNITE and m.group() == "grossesse" and K.CERTIFICAT_GROSSESSE not in kinds \
                    and not pregnancy_box:
                continue  # "grossesse" alone may be a mention; the form box or a certificate decides
            if cat == C.ACCIDENT_SERVICE and m.group().replace(".", "") == "at" and not _ACCIDENT_CUES.search(f):
                continue  # "AT" also abbreviates arrêt de travail
            conf = 0.95 if len(m.group()) > 4 else 0.85
            return CategoryGuess(cat, conf, (f"mots « {text[m.start():m.end()]} »",))
    if pregnancy_box:
        return CategoryGuess(C.MATERNITE, 0.85, ("case « état pathologique résultant de la grossesse » cochée",))
    private = _PRIVATE_LIFE.search(f)
    if private and _ACCIDENT_CUES.search(f) and not _SERVICE_CUES.search(f):
        return CategoryGuess(C.MALADIE_ORDINAIRE, 0.8,
                             (f"accident de la vie privée « {text[private.start():private.end()]} » : maladie ordinaire",))
    if _ACCIDENT_CUES.search(f) and (_SERVICE_CUES.search(f) or K.CERTIFICAT_AT_MP in kinds or _STOP_WORDS.search(f)):
        m = _ACCIDENT_CUES.search(f)
        return CategoryGuess(C.ACCIDENT_SERVICE, 0.8, (f"circonstances « {text[m.start():m.end()]} »",))
    for kind, cat, conf in _BY_KIND:
        if kind in kinds:
            return CategoryGuess(cat, conf, (f"pièce jointe de type {kind}",))
    m = re.search(r"\baccident\b", f)
    if m:  # "l'accident de Mme X", no other word: in a public employer's mail, an accident de service
        return CategoryGuess(C.ACCIDENT_SERVICE, 0.7, (f"mot « {text[m.start():m.end()]} » : accident de service par défaut",))
    if _STOP_WORDS.search(f):
        return CategoryGuess(C.MALADIE_ORDINAIRE, 0.6, ("arrêt de travail sans autre précision : maladie ordinaire",))
    return CategoryGuess(None, 0.0, ())


# A choice line of an employer's declaration form: "☐ accident de service ☒ accident de trajet" (the mark before
# its label, as boxes are drawn). Only a line offering two or more of these labels counts.
_CHOICE_LABELS: tuple[tuple[str, str], ...] = (
    (r"accident (?:de|du) trajet", C.ACCIDENT_TRAJET),
    (r"accident (?:de|du) service|accident (?:de|du) travail", C.ACCIDENT_SERVICE),
    (r"maladie professionnelle", C.MALADIE_PROFESSIONNELLE),
)
_CHOICE_RES = tuple((re.compile(rx), cat) for rx, cat in _CHOICE_LABELS)
_MARK = MARK_IN_TEXT  # the one set of tick marks (documents/ticks.py)


def ticked_category(text: str) -> CategoryGuess | None:
    """The category ticked on a form's choice line, or None when no such line or no mark."""
    for line in fold(text).splitlines():
        labels = [(m.start(), m.end(), cat) for rx, cat in _CHOICE_RES for m in rx.finditer(line)]
        if len(labels) < 2:
            continue
        for start, _end, cat in labels:
            if re.search(_MARK + r"\s*$", line[:start]):
                return CategoryGuess(cat, 0.9, (f"case cochée « {line.strip()} »",))
    return None


# The form reader's names for these boxes (formreader.CHOICES), read by their geometry: a drawn tick, a ☒
# read by OCR, a mark after its label, which the text alone does not show.
_BOX_CATEGORIES = {"accident_service": C.ACCIDENT_SERVICE, "accident_trajet": C.ACCIDENT_TRAJET,
                   "maladie_professionnelle": C.MALADIE_PROFESSIONNELLE}


def category_of_boxes(boxes: Iterable[str], where: str) -> CategoryGuess | None:
    """The category of the one category box ticked on a form, or None (none, or several: a handler decides)."""
    ticked = {_BOX_CATEGORIES[b] for b in boxes if b in _BOX_CATEGORIES}
    if len(ticked) != 1:
        return None
    (cat,) = ticked
    return CategoryGuess(cat, 0.9, (f"case cochée « {cat.replace('_', ' ')} » ({where})",))
