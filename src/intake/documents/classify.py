"""classify: the document kind of an attachment from its text (weighted patterns, rules/documents_mots.yaml), its name as
weak evidence."""

from __future__ import annotations

import re
from pathlib import Path

from rapidfuzz import fuzz

from intake.documents.forms import ticked_labels
from intake.documents.model import DocumentText, KindGuess
from intake.documents.textnorm import fold, fold_lines
from intake.domain import DocumentKind
from intake.rules import get_rules
from intake.rules.wording import KindPattern, KindPatterns

_TITLE_LINES = 12  # a form or a letter names itself within its first lines
_FUZZY_MIN = 86  # rapidfuzz partial_ratio: tolerates two or three OCR errors in a title phrase
# partial_ratio slides the shorter string along the longer: a screenshot whose OCR gave « IL » matched
# « avis d'arrêt de travail » at 100 %. A title phrase is only sought in OCR text at least as long as
# the phrase, holding this many words.
_FUZZY_MIN_WORDS = 2
_WORD = re.compile(r"[a-z]{2,}")
# One short word is no evidence of a medical document: « sa » (semaines d'aménorrhée) is the French
# possessive, « at » a file-name token, « avis » an OCR fragment of a screenshot. A kind needs an anchor,
# a match of two words or more or a form number (in the title or the text); single-word matches
# (« ARRÊTÉ » as a title included) only add to an anchored kind.
_FORM_NUMBER = re.compile(r"\d{4,}")
_ZONES = ("title", "body", "name")


def _table() -> KindPatterns:
    # Validated and compiled with the rules at start-up; loaded once per process.
    return get_rules().kind_patterns


def classify(filename: str, doc: DocumentText) -> KindGuess:
    if doc.unreadable or not doc.text.strip():
        return _by_name_only(filename)
    table = _table()
    first = _first_piece_page(doc, table)
    pages = doc.pages[first:]
    body = fold_lines("\n\f".join(p.text for p in pages))
    title = "\n".join(fold_lines(pages[0].text).splitlines()[:_TITLE_LINES])
    name = fold(Path(filename).stem.replace("_", " ").replace("-", " "))
    zones = {"title": title, "body": body, "name": name}
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    titled: set[str] = set()
    anchored: set[str] = set()
    named: list[KindPattern] = []
    for p in table.patterns:
        match = p.regex.search(zones[p.zone])
        if not match:
            continue
        if p.zone == "name":
            named.append(p)  # the name only agrees with what the content says (below)
            continue
        scores[p.kind] = scores.get(p.kind, 0.0) + p.weight
        # a title matched over two lines is shown on one
        evidence.setdefault(p.kind, []).append(f"{_LABELS[p.zone]} : « {' '.join(match.group(0).split())} »")
        if p.zone == "title":
            titled.add(p.kind)
        if _substantive(match.group(0)):
            anchored.add(p.kind)
    if doc.ocr and _fuzzy_worthy(title):  # OCR loses letters: give title phrases a second chance, fuzzily
        for kind, weight, phrase in table.fuzzy:
            if kind in titled or len(title) < len(phrase):
                continue
            score = fuzz.partial_ratio(phrase, title)
            if score >= _FUZZY_MIN:
                scores[kind] = scores.get(kind, 0.0) + weight
                evidence.setdefault(kind, []).append(f"titre (approché {score:.0f} %) : « {phrase} »")
                titled.add(kind)
                anchored.add(kind)
    for p in named:
        if p.kind in anchored:
            scores[p.kind] += p.weight
            evidence[p.kind].append(f"{_LABELS[p.zone]} : « {filename} »")
    for kind in set(scores) - anchored:  # single words only: no kind, but the words stay as evidence
        del scores[kind]
    _apply_ticks(doc, scores, evidence)
    return _decide(scores, evidence, table.min_score)


def _first_piece_page(doc: DocumentText, table: KindPatterns) -> int:
    """The page where the piece begins: past a covering letter (« Objet : transmission de pièces … »)
    that a sender scanned in front of the arrêt or the certificate, whose title it would otherwise hide."""
    readable = [i for i, p in enumerate(doc.pages) if p.text.strip()]
    if len(readable) < 2 or not table.cover:
        return 0
    first = fold_lines(doc.pages[readable[0]].text)
    if any(rx.search(first) for rx in table.cover):
        return readable[1]
    return 0


def _substantive(matched: str) -> bool:
    """Two words or more, or a form number (10170, 11138): what a single common word is not."""
    return len(_WORD.findall(matched)) >= 2 or bool(_FORM_NUMBER.search(matched))


def _fuzzy_worthy(title: str) -> bool:
    return len(_WORD.findall(title)) >= _FUZZY_MIN_WORDS


def _apply_ticks(doc: DocumentText, scores: dict[str, float], evidence: dict[str, list[str]]) -> None:
    """A cerfa 11138 whose ticked box is 'final' is a certificat final, whatever else it shares with the others."""
    at_mp = DocumentKind.CERTIFICAT_AT_MP.value
    if at_mp not in scores or not doc.pages:
        return
    ticked = ticked_labels(doc.pages[0])
    if "final" in ticked and not ticked & {"initial", "prolongation", "rechute"}:
        final = DocumentKind.CERTIFICAT_FINAL.value
        scores[final] = scores.get(final, 0.0) + scores.pop(at_mp)
        evidence.setdefault(final, []).append("case cochée : « final »")


def _decide(scores: dict[str, float], evidence: dict[str, list[str]], min_score: float) -> KindGuess:
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < min_score:
        return KindGuess(DocumentKind.AUTRE.value, 0.3, tuple(_flatten(evidence)))
    kind, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = min(0.99, 0.5 + 0.5 * (top - second) / top) * min(1.0, top / (2 * min_score))
    return KindGuess(kind, round(max(confidence, 0.35), 2), tuple(evidence[kind]))


def _by_name_only(filename: str) -> KindGuess:
    """Nothing could be read: the name may hint (shown to the handler) but never gives a kind. An .mp3
    named « AT 2026 » became an arrêt de travail, an unreadable .exe could have become a certificate."""
    table = _table()
    name = fold(Path(filename).stem.replace("_", " ").replace("-", " "))
    hinted = sorted({p.kind for p in table.patterns if p.zone == "name" and p.regex.search(name)})
    if hinted:
        hint = f"nom du fichier seul : « {filename} » (évoque {', '.join(hinted)} ; contenu illisible, type non retenu)"
        return KindGuess(DocumentKind.AUTRE.value, 0.1, (hint,))
    return KindGuess(DocumentKind.AUTRE.value, 0.1, ())


def _flatten(evidence: dict[str, list[str]]) -> list[str]:
    return [f"{kind}: {item}" for kind, items in evidence.items() for item in items]


_LABELS = {"title": "titre", "body": "texte", "name": "nom du fichier"}
