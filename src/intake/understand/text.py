"""Length-preserving text folding (lowercase, no accents, straight quotes) so spans map back to the original."""

from __future__ import annotations

from rapidfuzz.distance import OSA

# Understanding maps what it finds back to spans of the original text: its fold keeps the length.
from intake.documents.textnorm import fold_aligned as fold


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


def slips(a: str, b: str) -> int:
    """How many keystroke slips turn one name key into the other: a letter changed, added or dropped, or two
    neighbours swapped (« JOURDNA » for JOURDAN is one slip, where an edit distance counts two)."""
    return OSA.distance(a, b)


# What may open a line before a list item's words: spaces, a dash, a bullet (•, ·, ▪), an en dash, « > ».
LIST_LEAD = r"[ \t\-\u2022*\u00b7\u25aa\u2013>]*"
