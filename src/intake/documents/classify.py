"""classify: the document kind of an attachment from its text (weighted patterns, kind_patterns.py), its name as weak evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from intake.domain import DocumentKind
from intake.documents.forms import ticked_labels
from intake.documents.kind_patterns import KINDS, MIN_SCORE
from intake.documents.model import DocumentText, KindGuess
from intake.documents.textnorm import fold, fold_lines

_TITLE_LINES = 12  # a form or a letter names itself within its first lines
_FUZZY_MIN = 86  # rapidfuzz partial_ratio: tolerates two or three OCR errors in a title phrase
_ZONES = ("title", "body", "name")


@dataclass(frozen=True, slots=True)
class _Pattern:
    kind: str
    zone: str
    weight: float
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Table:
    min_score: float
    patterns: tuple[_Pattern, ...]
    fuzzy: tuple[tuple[str, float, str], ...]  # (kind, weight, phrase)


@lru_cache(maxsize=1)
def _table() -> _Table:
    patterns: list[_Pattern] = []
    fuzzy: list[tuple[str, float, str]] = []
    for kind, zones in KINDS.items():
        DocumentKind(kind)  # a typo in the table fails at load, not silently
        for zone in _ZONES:
            for weight, pattern in zones.get(zone, []):
                patterns.append(_Pattern(kind, zone, float(weight), re.compile(pattern, re.MULTILINE)))
        fuzzy.extend((kind, float(weight), phrase) for weight, phrase in zones.get("fuzzy", []))
    return _Table(MIN_SCORE, tuple(patterns), tuple(fuzzy))


def classify(filename: str, doc: DocumentText) -> KindGuess:
    if doc.unreadable or not doc.text.strip():
        return _by_name_only(filename)
    table = _table()
    body = fold_lines(doc.text)
    title = "\n".join(fold_lines(doc.pages[0].text).splitlines()[:_TITLE_LINES])
    name = fold(Path(filename).stem.replace("_", " ").replace("-", " "))
    zones = {"title": title, "body": body, "name": name}
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    titled: set[str] = set()
    read_in: set[str] = set()  # kinds the content (text, title, ticked box) speaks for, not the name alone
    for p in table.patterns:
        match = p.regex.search(zones[p.zone])
        if match:
            scores[p.kind] = scores.get(p.kind, 0.0) + p.weight
            evidence.setdefault(p.kind, []).append(f"{_LABELS[p.zone]} : « {match.group(0).strip()} »")
            if p.zone == "title":
                titled.add(p.kind)
            if p.zone != "name":
                read_in.add(p.kind)
    if doc.ocr:  # OCR loses letters: give title phrases a second chance, fuzzily
        for kind, weight, phrase in table.fuzzy:
            if kind in titled:
                continue
            score = fuzz.partial_ratio(phrase, title)
            if score >= _FUZZY_MIN:
                scores[kind] = scores.get(kind, 0.0) + weight
                evidence.setdefault(kind, []).append(f"titre (approché {score:.0f} %) : « {phrase} »")
                titled.add(kind)
                read_in.add(kind)
    _apply_ticks(doc, scores, evidence, read_in)
    guess = _decide(scores, evidence, table.min_score)
    return guess if guess.kind in read_in else replace(guess, from_content=False)


def _apply_ticks(doc: DocumentText, scores: dict[str, float], evidence: dict[str, list[str]],
                 read_in: set[str]) -> None:
    """A cerfa 11138 whose ticked box is 'final' is a certificat final, whatever else it shares with the others."""
    at_mp = DocumentKind.CERTIFICAT_AT_MP.value
    if at_mp not in scores or not doc.pages:
        return
    ticked = ticked_labels(doc.pages[0])
    if "final" in ticked and not ticked & {"initial", "prolongation", "rechute"}:
        final = DocumentKind.CERTIFICAT_FINAL.value
        scores[final] = scores.get(final, 0.0) + scores.pop(at_mp)
        evidence.setdefault(final, []).append("case cochée : « final »")
        read_in.add(final)


def _decide(scores: dict[str, float], evidence: dict[str, list[str]], min_score: float) -> KindGuess:
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < min_score:
        return KindGuess(DocumentKind.AUTRE.value, 0.3, tuple(_flatten(evidence)))
    kind, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = min(0.99, 0.5 + 0.5 * (top - second) / top) * min(1.0, top / (2 * min_score))
    return KindGuess(kind, round(max(confidence, 0.35), 2), tuple(evidence[kind]))


def _by_name_only(filename: str) -> KindGuess:
    table = _table()
    name = fold(Path(filename).stem.replace("_", " ").replace("-", " "))
    scores: dict[str, float] = {}
    for p in table.patterns:
        if p.zone == "name" and p.regex.search(name):
            scores[p.kind] = scores.get(p.kind, 0.0) + p.weight
    if scores:
        kind = max(scores, key=scores.__getitem__)
        return KindGuess(kind, 0.2, (f"nom du fichier seul : « {filename} »",), from_content=False)
    return KindGuess(DocumentKind.AUTRE.value, 0.1, ())


def _flatten(evidence: dict[str, list[str]]) -> list[str]:
    return [f"{kind}: {item}" for kind, items in evidence.items() for item in items]


_LABELS = {"title": "titre", "body": "texte", "name": "nom du fichier"}
