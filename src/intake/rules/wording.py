"""The words that name each claim category (rules/categories_mots.yaml), compiled once with the rules.

Categories are data: a new one is a block of categories.yaml (label, regimes, natures, occurrence) and its
patterns here. Understanding is given a `Wording` (it reads no settings) and names no category of its own
beyond the defaults it falls back on (domain.Category).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from intake.domain import WordingCondition
from intake.rules.schema import CategoryDef, KindPatternsFile, LabelDef, WordingFile
from intake.rules.source import SourceFile  # not `from intake.rules import`: understanding imports this module


@dataclass(frozen=True, slots=True)
class CategoryWords:
    """One category's patterns as one regex: group `_w<i>` is pattern i, retained only when conditions[i]."""

    category: str
    regex: re.Pattern[str]
    conditions: tuple[WordingCondition | None, ...]

    def condition_of(self, match: re.Match[str]) -> WordingCondition | None:
        for i, condition in enumerate(self.conditions):
            if match.group(f"_w{i}") is not None:
                return condition
        return None


@dataclass(frozen=True, slots=True)
class Wording:
    words: tuple[CategoryWords, ...]  # precedence order: the first category whose words appear wins
    pieces: tuple[tuple[str, str, float], ...]  # (document kind, category, confidence), most telling first
    boxes: tuple[tuple[re.Pattern[str], str], ...]  # a form's choice-line labels
    requalification: tuple[tuple[str, re.Pattern[str]], ...]
    relapsing: frozenset[str]  # categories where a new stop after a return to work is a rechute (`rechute: oui`)


def _compile(src: SourceFile, loc: tuple, pattern: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise src.error(loc, f"expression régulière invalide ({exc.msg}, position {exc.pos})") from None


def compile_wording(src: SourceFile, model: WordingFile, categories: Mapping[str, CategoryDef],
                    documents: Mapping[str, LabelDef]) -> Wording:
    """Check every category and kind named exists, every category has words, every pattern compiles."""

    def known(loc: tuple, code: str) -> None:
        if code not in categories:
            raise src.error(loc, f"catégorie inconnue « {code} » (voir categories.yaml)")

    words: list[CategoryWords] = []
    for code, patterns in model.words.items():
        known(("mots", code), code)
        if not patterns:
            raise src.error(("mots", code), f"aucun motif pour la catégorie « {code} »")
        for i, p in enumerate(patterns):
            _compile(src, ("mots", code, i), p.pattern)
        joined = "|".join(f"(?P<_w{i}>{p.pattern})" for i, p in enumerate(patterns))
        words.append(CategoryWords(code, _compile(src, ("mots", code), joined), tuple(p.when for p in patterns)))
    for code in categories:
        if code not in model.words:
            raise src.error(("mots",), f"catégorie « {code} » sans motifs : aucun courriel ne pourrait la nommer")
    pieces = []
    for kind, hint in model.pieces.items():
        if kind not in documents:
            raise src.error(("pieces", kind), f"type de pièce inconnu « {kind} » (voir documents.yaml)")
        known(("pieces", kind, "categorie"), hint.category)
        pieces.append((kind, hint.category, hint.confidence))
    pieces.sort(key=lambda piece: -piece[2])  # stable: file order among equals
    boxes = []
    for code, pattern in model.boxes.items():
        known(("cases", code), code)
        boxes.append((_compile(src, ("cases", code), pattern), code))
    targets = []
    for code, pattern in model.requalification.items():
        known(("requalification", code), code)
        targets.append((code, _compile(src, ("requalification", code), pattern)))
    relapsing = frozenset(code for code, category in categories.items() if category.rechute)
    return Wording(tuple(words), tuple(pieces), tuple(boxes), tuple(targets), relapsing)


@dataclass(frozen=True, slots=True)
class KindPattern:
    kind: str
    zone: str  # title, body or name
    weight: float
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class KindPatterns:
    """The document classifier's knowledge (rules/documents_mots.yaml)."""

    min_score: float
    patterns: tuple[KindPattern, ...]
    fuzzy: tuple[tuple[str, float, str], ...]  # (kind, weight, title phrase)
    cover: tuple[re.Pattern[str], ...] = ()  # what a covering letter's page says (« Objet : transmission de … »)


def compile_kind_patterns(src: SourceFile, model: KindPatternsFile, documents: Mapping[str, LabelDef]) -> KindPatterns:
    """Check every kind named exists and every pattern compiles (run line by line: MULTILINE)."""
    patterns: list[KindPattern] = []
    fuzzy: list[tuple[str, float, str]] = []
    zones = (("title", "titre"), ("body", "texte"), ("name", "nom"))
    for kind, table in model.kinds.items():
        if kind not in documents:
            raise src.error(("pieces", kind), f"type de pièce inconnu « {kind} » (voir documents.yaml)")
        for zone, key in zones:
            for i, (weight, pattern) in enumerate(getattr(table, zone)):
                regex = _compile(src, ("pieces", kind, key, i), pattern, re.MULTILINE)
                patterns.append(KindPattern(kind, zone, float(weight), regex))
        fuzzy.extend((kind, float(weight), phrase) for weight, phrase in table.fuzzy)
    cover = tuple(_compile(src, ("lettre_d_envoi", i), pattern, re.MULTILINE) for i, pattern in enumerate(model.cover))
    return KindPatterns(model.min_score, tuple(patterns), tuple(fuzzy), cover)
