"""Labelled lines written with leaders (« Début ........ : 12/03/2025 », « Fin prévue ……… 25/03 ») made plain
« Label : value » lines.

A typed declaration in a mail's body copies a form: one field a line, its label padded to a column with dots,
an ellipsis or underscores, with or without a colon. The readers of dates, natures and categories know
« Label : value » fields; the leaders stand between the label and its colon (or take its place), so they are
blanked and a colon set just before the value. The length of each line is kept (spans and line numbers
stay those of the original text).
"""

from __future__ import annotations

import re

from intake.understand.text import LIST_LEAD

# A label opens its line (after a bullet): words, apostrophes, brackets, « N° », « / », a single abbreviating
# dot; no digit (« arrêt du 12/03... » is a sentence trailing off, not a label).
_LABEL = r"[^\W\d_](?:[^\W\d_]|[ \t'\u2019()\u00b0/-]|\.(?![.\u2026]))*?"
# The leader: two dots or more, an ellipsis character, three underscores or more (spaces and a colon around).
_LEADER = r"[ \t]*(?:\.{2,}|\u2026+|_{3,})[ \t.\u2026_]*(?::[ \t]*)?"
_FIELD_RE = re.compile(r"(?m)^(?P<lead>" + LIST_LEAD + r")(?P<label>" + _LABEL + r")(?P<leader>" + _LEADER
                       + r")(?=[^\s.\u2026_:])")
_MAX_LABEL = 40


def _plain(m: re.Match[str]) -> str:
    label, leader = m.group("label"), m.group("leader")
    if len(label.strip()) > _MAX_LABEL:
        return m.group(0)
    value = m.string[m.end() : m.end() + 1]
    if ":" not in leader and len(leader.strip(" \t")) <= 3 and not (value.isdigit() or value.isupper()):
        return m.group(0)  # « Bonjour... voici »: a sentence trailing off, not a label and its value
    colon = ": " if len(leader) >= 2 else ":"
    return m.group("lead") + label + " " * (len(leader) - len(colon)) + colon


def plain_fields(text: str) -> str:
    """The text with each « Label ..... value » line written « Label      : value » (same length)."""
    if ".." not in text and "\u2026" not in text and "___" not in text:
        return text
    return _FIELD_RE.sub(_plain, text)
