"""Length-preserving text folding (lowercase, no accents, straight quotes) so spans map back to the original."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Characters people (and Word) use for an apostrophe or a dash; folded to the ASCII one.
_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " ",
    "\u0153": "o", "\u0152": "o",  # œ/Œ: keep one char so offsets stay aligned
    "\u00e6": "a", "\u00c6": "a",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    low = ch.lower()
    if len(low) != 1:
        low = ch
    decomposed = unicodedata.normalize("NFD", low)
    base = decomposed[0] if decomposed else low
    if len(base) != 1 or unicodedata.combining(base):
        return low
    return base


def fold(text: str) -> str:
    """Lowercase, strip accents, normalise quotes/dashes/spaces; the result has the same length."""
    return "".join(_fold_char(c) for c in text)


def fold_upper(text: str) -> str:
    """Accent-free uppercase key for names ("Émilie d’Almeida" -> "EMILIE D'ALMEIDA")."""
    return fold(text).upper()


def name_key(text: str) -> str:
    """Comparison key for a name part: folded, hyphens/apostrophes/spaces collapsed to one space."""
    out = []
    for c in fold(text):
        out.append(c if c.isalnum() else " ")
    return " ".join("".join(out).split())


def line_of(text: str, offset: int) -> tuple[int, str]:
    """1-based line number and the line's text for a character offset (for provenance)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if end < 0:
        end = len(text)
    return text.count("\n", 0, offset) + 1, text[start:end]
