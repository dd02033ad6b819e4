"""A recap table (one row per agent, a header naming the columns) read as one line per agent.

Mail tables reach us as rows of cells split by tabs (HTML tables, spreadsheets pasted), by « ; » (CSV) or
by « | » (drawn in text). A row's start and end cells under « Du » / « Au » (« Début », « Fin »…) have no
words joining them: the row is rewritten as a list item saying « du X au Y », the way a sender writes a list
of stops, so that each person keeps the dates of their own row.
"""

from __future__ import annotations

import re

from intake.understand.text import fold

_SEPARATORS = ("\t", "|", ";")
_START = re.compile(r"^(?:du|debut|date de debut|date debut|a compter du|debut de l'arret|premier jour)$")
_END = re.compile(r"^(?:au|fin|date de fin|date fin|jusqu'au|fin de l'arret|dernier jour)$")
_NAME = re.compile(r"^(?:nom|prenom|nom prenom|nom et prenom|agent|nom de l'agent)$")
_RULE = re.compile(r"^[\s|:+\-=]*$")  # « |----|----| » under a header drawn in text
_EMPTY = re.compile(r"^[\s\-\u2013\u2014/.]*$")  # an empty cell, or one holding only a dash


def _cells(line: str, sep: str) -> list[str]:
    cells = [c.strip() for c in line.split(sep)]
    if sep == "|":
        cells = cells[1:-1] if line.strip().startswith("|") and line.strip().endswith("|") else cells
    return cells


def _rewrite(keys: list[str], row: list[str]) -> str | None:
    names = [v for k, v in zip(keys, row, strict=True) if _NAME.match(k) and not _EMPTY.match(v)]
    if not names:
        return None
    parts = [" ".join(names)]
    for k, v in zip(keys, row, strict=True):
        if _NAME.match(k) or _EMPTY.match(v):
            continue
        if _START.match(k):
            parts.append(f"du {v}")
        elif _END.match(k):
            parts.append(f"au {v}")
        elif k.startswith("matricule"):
            parts.append(f"matricule {v}")
        else:
            parts.append(v)
    return "- " + ", ".join(parts)


def rows_as_lines(text: str) -> str:
    """The text with each row of a recap table (whose header has a start and an end column and names the
    person) written as « - NAME, cell, …, du X au Y »; other text and other tables unchanged."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        sep = next((s for s in _SEPARATORS if lines[i].count(s) >= 2), None)
        header = _cells(lines[i], sep) if sep else []
        keys = [fold(h).strip(" :") for h in header]
        if not (sep and any(_START.match(k) for k in keys) and any(_END.match(k) for k in keys)
                and any(_NAME.match(k) for k in keys)):
            out.append(lines[i])
            i += 1
            continue
        out.append(lines[i])
        i += 1
        while i < len(lines) and lines[i].strip():
            if _RULE.match(lines[i]):
                out.append(lines[i])
                i += 1
                continue
            row = _cells(lines[i], sep)
            written = _rewrite(keys, row) if len(row) == len(keys) else None
            if written is None:
                break
            out.append(written)
            i += 1
    return "\n".join(out)
