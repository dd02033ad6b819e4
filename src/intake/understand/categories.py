"""Category of absence from explicit words, circumstances, attached forms, and a handler's default."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from intake.documents.ticks import MARK_IN_TEXT
from intake.domain import Category as C
from intake.domain import DocumentKind as K
from intake.domain import WordingCondition as W
from intake.rules.wording import Wording
from intake.understand.text import fold


@dataclass(frozen=True, slots=True)
class CategoryGuess:
    category: str | None
    confidence: float
    evidence: tuple[str, ...]  # French, shown to handlers


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
                         r"|\b(?:est|etre|sera|a ete|ete|reste) arretee?\b|\barretee? (?:depuis|a compter|a partir|jusqu)"
                         # « initialement arrêtée du …, prolongée jusqu'au … »: a stop and its prolongation
                         r"|\binitialement arretee?\b|\bprolongee? (?:jusqu|du|au|a compter|a partir)")

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
    r"|\b(?:match|entrainement) de (?:foot|football|rugby|hand|basket)|\bvie privee\b|\ben dehors du service\b"
    # leisure: a day off, the family, a ride or a walk (« une chute de vélo un dimanche en famille »)
    r"|\ben famille\b|\b(?:un|ce) (?:samedi|dimanche)\b|\b(?:un|ce|le) (?:week-?end|jour de (?:repos|conge))\b"
    r"|\b(?:de|a|en) (?:velo|vtt|moto|scooter|cheval|trottinette|roller|skate|ski)\b(?! (?:de|du) (?:service|la mairie|la commune))"
    r"|\ben (?:randonnee|balade|promenade)\b|\blors d'une (?:randonnee|balade|promenade|sortie|fete|soiree)\b"
    r"|\ben (?:jardinant|bricolant|jouant|courant)\b|\ben (?:faisant|pratiquant) (?:du|de la|le|son|sa) \w+")


# A civility before a name (« Monsieur Paul », « Mme X »), not the greeting « Madame, Monsieur, »: who the
# text is about, when the words fit only a father or only a mother (the birth of their child).
_MAN = re.compile(r"\b(?:m|mr|monsieur)\b\.?[ \t]+[a-z]")
_WOMAN = re.compile(r"\b(?:mme|mlle|madame|mademoiselle)\b\.?[ \t]+[a-z]")


def categorise(text: str, *, words: Wording, kinds: Iterable[str] = (), pregnancy_box: bool = False,
               ald: bool = False, sex: str | None = None) -> CategoryGuess:
    """The category a handler would record from the message's words and the kinds of its pieces.

    `words`: each category's words, in precedence order (the rules' categories_mots.yaml). `sex`: 'M' or 'F'
    when the people the message is about are known to be men or women (their civility, their NIR's first
    digit), which outranks the civilities written anywhere in the text (a quoted older mail's « Mme X »)."""
    f = _BOTH.sub(lambda m: " " * len(m.group()), fold(text))
    f = _PRIVATE_ACCIDENT.sub(lambda m: " " * len(m.group()), f)
    kinds = set(kinds)
    holds = {W.CIRCONSTANCES_ACCIDENT: lambda: bool(_ACCIDENT_CUES.search(f)),
             W.GROSSESSE_ATTESTEE: lambda: K.CERTIFICAT_GROSSESSE in kinds or pregnancy_box,
             W.AGENT_HOMME: lambda: sex == "M" if sex else bool(_MAN.search(f)) and not _WOMAN.search(f),
             W.AGENT_FEMME: lambda: sex == "F" if sex else bool(_WOMAN.search(f)) and not _MAN.search(f)}
    for category in words.words:
        # Every occurrence is tried: a weak word ("grossesse") does not hide a strong one later ("maternité").
        for m in category.regex.finditer(f):
            condition = category.condition_of(m)
            if condition is not None and not holds[condition]():
                continue
            conf = 0.95 if len(m.group()) > 4 else 0.85
            return CategoryGuess(category.category, conf, (f"mots « {text[m.start():m.end()]} »",))
    if pregnancy_box:
        return CategoryGuess(C.MATERNITE, 0.85, ("case « état pathologique résultant de la grossesse » cochée",))
    private = _PRIVATE_LIFE.search(f)
    if private and _ACCIDENT_CUES.search(f) and not _SERVICE_CUES.search(f):
        return CategoryGuess(C.MALADIE_ORDINAIRE, 0.8,
                             (f"accident de la vie privée « {text[private.start():private.end()]} » : maladie ordinaire",))
    if _ACCIDENT_CUES.search(f) and (_SERVICE_CUES.search(f) or K.CERTIFICAT_AT_MP in kinds or _STOP_WORDS.search(f)):
        m = _ACCIDENT_CUES.search(f)
        return CategoryGuess(C.ACCIDENT_SERVICE, 0.8, (f"circonstances « {text[m.start():m.end()]} »",))
    for kind, cat, conf in words.pieces:
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
_MARK = MARK_IN_TEXT  # the one set of tick marks (documents/ticks.py)


def ticked_category(text: str, *, words: Wording) -> CategoryGuess | None:
    """The category ticked on a form's choice line, or None when no such line or no mark."""
    for line in fold(text).splitlines():
        labels = [(m.start(), m.end(), cat) for rx, cat in words.boxes for m in rx.finditer(line)]
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
