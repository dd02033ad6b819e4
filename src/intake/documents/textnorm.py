"""Text folding, the one implementation: accents off, case folded, typographic variants made plain.

`fold_aligned` keeps the length (understanding maps spans back to the original text); `fold` is for
matching (the classifier, form labels): compatibility forms decomposed and spaces squeezed.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Characters people, Word and OCR use for an apostrophe, a dash or a space; one character each, so that
# the aligned fold keeps offsets (œ/æ become one letter there).
_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " ",
    "\u0153": "o", "\u0152": "o",
    "\u00e6": "a", "\u00c6": "a",
}
# Matching has no offsets to keep: ligatures in full, "N°" read as "no"; before the compatibility
# decomposition, which would turn the acute accent used as an apostrophe into a space.
_MATCHING = str.maketrans({**_SPECIAL, "\u0153": "oe", "\u0152": "OE", "\u00e6": "ae", "\u00c6": "AE",
                            "\u00ba": "o", "\u00b0": "o"})


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


class _FoldTable(dict):
    """`str.translate` table filled on first sight of each character: translate runs in C, where a
    generator over the characters cost a tenth of `intake parse` (the fold runs on every text many times).
    Bounded so that a mail of random code points cannot grow it without limit."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < 65536:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_aligned(text: str) -> str:
    """Lowercase, strip accents, normalise quotes/dashes/spaces; the result has the same length."""
    return text.translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """Lower-case ASCII-ish form for matching: 'ARRÊTÉ N°' -> 'arrete no' (OCR often loses accents anyway)."""
    text = unicodedata.normalize("NFKD", text.translate(_MATCHING))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", fold_aligned(text)).strip()


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
