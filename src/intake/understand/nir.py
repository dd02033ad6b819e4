"""NIRs (numéros de sécurité sociale) as written: spaced, dotted, in boxes, with or without key, OCR'd."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.fr import nir as stdnir

from intake.store import fields
from intake.understand.text import fold

# A run of digit-like characters with the separators people and forms put between them.
# Letters are the OCR confusions (O/o->0, I/l/|->1, S->5, B->8) plus A/B for Corsica (2A, 2B).
_RUN_RE = re.compile(r"(?<![\w/])[1-8](?:[ \t.\-|_]{0,3}[0-9OoIlSBAaBb]){11,19}(?![\w/])")
# Forms' boxes, laid out as text, leave wide gaps: accepted only with a valid key or a label.
_WIDE_RUN_RE = re.compile(r"(?<![\w/])[1-8](?:[ \t.\-|_]{0,16}[0-9OoIlSBAaBb]){11,19}(?![\w/])")
_CONFUSIONS = {"O": "0", "o": "0", "I": "1", "l": "1", "S": "5", "B": "8"}
_LABEL_RE = re.compile(
    r"(?:securite sociale|secu\b|n°\s*ss|\bss\b|\bnir\b|immatriculation|insee|\bn°\s*sec|assure social|n°\s*d'\s*assuree?\b)[^\n]{0,40}$"
)
_SEX = frozenset("123478")
_ASCII_DIGITS = frozenset("0123456789")


@dataclass(frozen=True, slots=True)
class NirFound:
    value: str  # 13 characters, without the key
    key: str | None  # the 2-digit key as written, when present (and valid)
    start: int
    end: int
    text: str
    confidence: float
    corrected: bool  # OCR confusions were fixed to read it


def key_of(nir13: str) -> str:
    return stdnir.calc_check_digits(nir13)


def _plausible(n13: str, *, strict: bool) -> bool:
    """Sex digit, birth month and département make sense (strict: an ordinary month 01-12)."""
    if len(n13) != 13 or n13[0] not in _SEX or not n13.isascii():
        return False  # ascii: "²" or "١" pass isdigit() but not int() nor the key (found by fuzzing)
    if not (n13[:5].isdigit() and n13[7:].isdigit()):
        return False
    dept = n13[5:7]
    if not (dept.isdigit() or dept in ("2A", "2B")) or dept == "00":
        return False
    month = int(n13[3:5])
    if strict:
        return 1 <= month <= 12
    return 1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99


def _chars(run: str) -> tuple[str, bool] | None:
    """The run without separators, confusions fixed; Corsica letters kept only at the département."""
    raw = [c for c in run if c.isalnum()]
    out: list[str] = []
    corrected = False
    for i, c in enumerate(raw):
        if c in _ASCII_DIGITS:
            out.append(c)
        elif i == 6 and c.upper() in "AB" and len(out) == 6 and out[5] == "2":
            out.append(c.upper())  # 2A / 2B
        elif c in _CONFUSIONS:
            out.append(_CONFUSIONS[c])
            corrected = True
        else:
            return None
    return "".join(out), corrected


def normalise(written: str | None) -> str | None:
    """A NIR from a registry cell or a form: 13 characters, or None if it is not one (a wrong key too).
    The registry import's rule (store.fields.nir), without its French error."""
    try:
        return fields.nir(written or "")[0]
    except ValueError:
        return None


def find_nirs(text: str) -> list[NirFound]:
    """Every NIR written in the text. A key that does not match rejects the number."""
    f = fold(text)
    found: list[NirFound] = []
    for wide, rx in ((False, _RUN_RE), (True, _WIDE_RUN_RE)):
        for m in rx.finditer(text):
            if any(x.start <= m.start() < x.end for x in found):
                continue
            run = m.group()
            got = _chars(run)
            if got is None:
                # The run may have taken the next word's first letter (« 087 77 - a fait »): up to its last digit.
                run = run[: max(i for i, c in enumerate(run) if c in _ASCII_DIGITS) + 1]
                got = _chars(run)
            if got is None:
                continue
            chars, corrected = got
            labelled = bool(_LABEL_RE.search(f[max(0, m.start() - 60) : m.start()]))
            hit = _read(chars, corrected, labelled)
            if hit is None or (wide and hit[1] is None and not labelled):
                continue
            value, key, conf = hit
            found.append(NirFound(value, key, m.start(), m.start() + len(run), run, conf, corrected))
    found.sort(key=lambda x: x.start)
    return found


def _read(chars: str, corrected: bool, labelled: bool) -> tuple[str, str | None, float] | None:
    n = len(chars)
    if n >= 15:
        cand = chars[:15]
        if _plausible(cand[:13], strict=False) and key_of(cand[:13]) == cand[13:]:
            if n == 15 or labelled:
                return cand[:13], cand[13:], 0.99
        if n == 15:
            return None  # a 15-long number whose key is wrong: a misread or not a NIR
    if n == 13 or (n > 13 and labelled and n != 15):
        cand = chars[:13]
        if not _plausible(cand, strict=True):
            return None
        if corrected and not labelled:
            return None  # confusions without a key or a label: too easy to invent a number
        return cand, None, (0.9 if labelled else 0.8) - (0.2 if corrected else 0.0)
    return None


def repair_with_key(written: str) -> tuple[str, str] | None:
    """A boxed NIR read by OCR with one stray character (a box edge read as 1 or |): the only
    15-character reading, after dropping one character, whose key is right; None if not exactly one."""
    got = _chars(written)
    if got is None:
        return None
    chars = got[0]
    if len(chars) != 16:
        return None
    readings = set()
    for i in range(16):
        cand = chars[:i] + chars[i + 1 :]
        if _plausible(cand[:13], strict=False) and key_of(cand[:13]) == cand[13:]:
            readings.add(cand)
    if len(readings) != 1:
        return None
    (only,) = readings
    return only[:13], only[13:]
