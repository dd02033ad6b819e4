"""What a ticked box looks like once a page is read: the one set of marks every form reader uses.

A text layer gives the mark typed in the box (X, ☒, [x], ✓…); a scan gives what tesseract makes of it
(the same, or K / % for a cross read badly); the vector strokes of a PDF and the ink of a scan give the
mark as a word '☒' placed on the box (pdfmarks.py, forms.tick_marks_from_pixels), so that downstream
every reader sees a word next to its label whatever the source.
"""

from __future__ import annotations

import re

# The mark a reader writes for a box it found ticked by its strokes or its ink.
DRAWN = "☒"
_MARKS = "x×☒☑✓✔■✗✘▣"
_OCR_EXTRA = "k%"  # a cross in a box as tesseract sometimes reads it; only trusted on OCR'd words
_OPEN, _CLOSE = r"[\[(|]?", r"[\])|]?"
MARK = re.compile(rf"^{_OPEN}[{_MARKS}]{_CLOSE}$", re.IGNORECASE)
MARK_OCR = re.compile(rf"^{_OPEN}[{_MARKS}{_OCR_EXTRA}]{_CLOSE}$", re.IGNORECASE)
# An empty box typed as a glyph: it tells on which side of their labels a form puts its boxes.
EMPTY = frozenset("☐□❏○◯")
# The same inside a line of text (a checklist line "☐ accident de service ☒ accident de trajet").
MARK_IN_TEXT = rf"(?:\bx\b|\[x\]|\(x\)|[{_MARKS[1:]}])"


def is_mark(word: str, *, ocr: bool = False) -> bool:
    return bool((MARK_OCR if ocr else MARK).match(word.strip()))


# Boxes a form offers to tick. Prefixes: tight fonts glue a label's words ("etatpathologique").
CHOICES: dict[str, str] = {
    "initial": r"(?:arret\s*|certificat\s*)?i?nitial\b(?!\s*(?:prescrit|du\b|le\b|a\s*compter))",
    "prolongation": r"(?:de\s*)?prolongation",
    "rechute": r"(?:de\s*)?rechute",
    "final": r"final\b|(?:de\s*)?guerison|consolidation",
    "ald": r"\bald\b|affection\s*de\s*longue\s*duree",
    "tiers": r"accident\s*cause\s*par\s*un\s*tiers",
    "grossesse": r"etat\s*patho\w*(?:\s*resultant\s*de\s*la\s*grossesse)?",
    "accident_service": r"accident\s*(?:de|du)\s*(?:service|travail)",
    "accident_trajet": r"accident\s*(?:de|du)\s*trajet",
    "maladie_professionnelle": r"maladie\s*professionnelle",
}
CHOICE_RE = re.compile("|".join(f"(?P<{k}>{v})" for k, v in CHOICES.items()))
