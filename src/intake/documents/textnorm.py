"""Text folding shared by the readers and the classifier: accents off, case folded, spaces squeezed."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Typographic variants OCR and word processors produce for the same character.
_TRANSLATE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ", "\u202f": " ", "\u0153": "oe", "\u0152": "OE", "\u00e6": "ae", "\u00c6": "AE",
    "\u00ba": "o", "\u00b0": "o",
})


def fold(text: str) -> str:
    """Lower-case ASCII-ish form: 'ARRÊTÉ N°' -> 'arrete no' (OCR often loses accents anyway)."""
    text = text.translate(_TRANSLATE)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text.lower()).strip()


def letter_ratio(text: str) -> float:
    """Share of letters and digits among the visible characters (junk text layers score low)."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    good = sum(1 for c in visible if c.isalnum() and (c.isascii() or unicodedata.category(c).startswith("L")))
    return good / len(visible)


def fold_lines(text: str) -> str:
    """fold() line by line, keeping the line breaks (patterns anchor on titles and 'Article 1')."""
    lines = (fold(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
