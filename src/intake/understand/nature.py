"""Nature of a stop (initial, prolongation, rechute) from the form's boxes and the words."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from intake.domain import Nature as N
from intake.understand.text import LIST_LEAD, fold


@dataclass(frozen=True, slots=True)
class NatureGuess:
    nature: str
    confidence: float
    evidence: tuple[str, ...]


WORDS: tuple[tuple[str, str], ...] = (
    (N.RECHUTE, r"\brechute\b"),
    (N.PROLONGATION, r"\bprolong(?:ation|e|ee|es|eant)\b|\bprolong\.|suite (?:de|a) (?:l'|son )arret|renouvel(?:lement|e|ee)\b"
                     r"|poursuite de (?:l'|son )arret|\bprolonge\b|reconduction"
                     # « l'arrêt initial du 3 mars » recalls the stop this one extends; a form's « Nature de
                     # l'arrêt  Initial » (its label, then its value) says the opposite
                     r"|(?<!nature de l')(?<!type d')arret initial(?!e)|\b(?:am|mo|cmo|at)\s+initial\b(?!e)"),
)
_WORD_RES = tuple((n, re.compile(rx)) for n, rx in WORDS)
# A field « Nature : arrêt initial » (« Type d'arrêt : prolongation ») says the nature itself: its « arrêt
# initial » is this stop's, not the reference a prolongation makes to the first one.
_FIELD_RE = re.compile("^" + LIST_LEAD + r"(?:nature|type)(?:\s+(?:de\s+l'|d')\s*arret|\s+du\s+certificat)?"
                       r"\s*:[ \t]*(?P<v>[^\n]{1,40})", re.M)
_FIELD_VALUES = ((N.RECHUTE, re.compile(r"\brechute\b")), (N.PROLONGATION, re.compile(r"\bprolong")),
                 (N.INITIAL, re.compile(r"\binitial|\bpremier\b|\b1er\b")))


def _field(f: str) -> tuple[str, re.Match[str]] | None:
    for m in _FIELD_RE.finditer(f):
        for n, rx in _FIELD_VALUES:
            if rx.search(m.group("v")):
                return n, m
    return None


def nature_of(text: str, *, relapsing: Container[str], boxes: set[str] | frozenset[str] = frozenset(),
              category: str | None = None, boxes_read_on_image: bool = False) -> NatureGuess:
    """Ticked form boxes first (they are the prescriber's), then the words; initial by default.

    `relapsing`: the categories that admit a rechute (the rules' `rechute: oui`). `boxes_read_on_image`: the
    boxes come from OCR of a scan or a photo, where a mark is easily tied to the neighbouring label: a
    prolongation or a rechute the words name then outweighs another box."""
    guess = None
    for n in (N.RECHUTE, N.PROLONGATION, N.INITIAL):
        if n in boxes:
            guess = NatureGuess(n, 0.95, (f"case « {n} » cochée",))
            break
    if guess is not None and boxes_read_on_image:
        said = nature_of(text, relapsing=relapsing, category=category)
        if said.nature != guess.nature and said.nature in (N.RECHUTE, N.PROLONGATION) and said.confidence >= 0.85:
            guess = NatureGuess(said.nature, said.confidence,
                                said.evidence + (f"plutôt que la case « {guess.nature} » lue sur une image",))
    f = fold(text)
    field = _field(f) if guess is None else None
    if field is not None:
        n, m = field
        guess = NatureGuess(n, 0.9, (f"champ « {text[m.start():m.end()].strip()} »",))
    if guess is None:
        for n, rx in _WORD_RES:
            m = rx.search(f)
            if m:
                guess = NatureGuess(n, 0.85, (f"mot « {text[m.start():m.end()]} »",))
                break
    if guess is None:
        guess = NatureGuess(N.INITIAL, 0.7, ("aucune mention de prolongation ni de rechute",))
    if guess.nature == N.RECHUTE and category is not None and category not in relapsing:
        # Only accidents and occupational diseases relapse (categories.yaml, `rechute:`); the rest is a new claim.
        return NatureGuess(N.INITIAL, 0.6, guess.evidence + (f"pas de rechute en {category}",))
    return guess

