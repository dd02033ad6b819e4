"""NIRs (numéros de sécurité sociale) as written: spaced, dotted, in boxes, with or without key, OCR'd."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.fr import nir as stdnir

from intake.store import fields
from intake.understand.text import fold

# A run of digit-like characters with the separators people and forms put between them.
# Letters are the OCR confusions (O/o->0, I/l/|->1, S->5, B->8) plus A/B for Corsica (2A, 2B).
_RUN_RE = re.compile(r"(?<![\w/])[1-8lI](?:[ \t.\-|_]{0,3}[0-9OoIlSBAaBb]){11,19}(?![\w/])")
# Forms' boxes, laid out as text, leave wide gaps: accepted only with a valid key or a label.
_WIDE_RUN_RE = re.compile(r"(?<![\w/])[1-8lI](?:[ \t.\-|_]{0,16}[0-9OoIlSBAaBb]){11,19}(?![\w/])")
# The key written apart from the 13 characters: « 1990930082001 / 23 », « … clé 45 », « …, clé : 45 ».
_KEY_APART_RE = re.compile(r"[ \t]*(?:[/,\-][ \t]*)?(?:\(?[ \t]*cl[eé][ \t]*:?[ \t]*)?([0-9]{2})(?![\w/])", re.I)
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
            labelled = bool(_LABEL_RE.search(f[max(0, m.start() - 60) : m.start()]))
            hit = None
            for written in _readings(m.group()):
                got = _chars(written)
                if got is not None and (hit := _read(got[0], got[1], labelled)) is not None:
                    break
            if hit is None or (wide and hit[1] is None and not labelled):
                continue
            value, key, conf = hit
            corrected = got is not None and got[1]
            end = m.start() + len(written)
            if key is None and (apart := _KEY_APART_RE.match(text, end)) and apart.group(1) == key_of(value):
                key, conf, end = apart.group(1), 0.99, apart.end()  # « 2850348095012 / 64 », « … clé 64 »
            found.append(NirFound(value, key, m.start(), end, text[m.start() : end], conf, corrected))
    found.sort(key=lambda x: x.start)
    return found


def _readings(run: str) -> list[str]:
    """The run as matched, then without its trailing letters: the confusions the run accepts (a, o, S, l…)
    are also the first letter of the next word (« 2 95 04 75 109 743 a été victime »)."""
    out = [run]
    while (cut := run.rstrip(" \t.-|_")) and not cut[-1].isdigit():
        run = cut[:-1]
        out.append(run.rstrip(" \t.-|_"))
    return out


def _read(chars: str, corrected: bool, labelled: bool) -> tuple[str, str | None, float] | None:
    n = len(chars)
    if n >= 15:
        cand = chars[:15]
        if _plausible(cand[:13], strict=False) and key_of(cand[:13]) == cand[13:]:
            if n == 16 and _keyed_readings(chars) > 1:
                return None  # one character too many, and another one dropped gives a right key too
            if n == 15 or labelled:
                return cand[:13], cand[13:], 0.99
        corsican = _corsica_letter(cand)
        if corsican is not None and (n == 15 or labelled):
            return corsican, cand[13:], 0.95
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


def _corsica_letter(nir15: str) -> str | None:
    """The 13 characters with Corsica's letter for the digit OCR made of it (2B read 28, 2A read 24: boxes
    re-read as digits, or a B taken for an 8), when the key is wrong as read and right with the letter."""
    if nir15[5] != "2" or nir15[6] not in _CORSICA_DIGITS or not nir15[13:].isdigit():
        return None
    cand = nir15[:6] + _CORSICA_DIGITS[nir15[6]] + nir15[7:13]
    return cand if _plausible(cand, strict=False) and key_of(cand) == nir15[13:] else None


# The digit OCR makes of Corsica's département letter (a B taken for an 8, an A for a 4), and back.
_CORSICA_DIGITS = {"8": "B", "4": "A"}
_CORSICA_READ = frozenset((letter, digit) for digit, letter in _CORSICA_DIGITS.items())


def _keyed_readings(chars: str) -> int:
    """How many 15-character readings with a right key dropping one character of 16 gives: a key is right
    by chance once in 97, so a 16-character run read as its first 15 may be another reading's misread."""
    return len({c for i in range(len(chars)) if _plausible((c := chars[:i] + chars[i + 1:])[:13], strict=False)
                and c[13:].isdigit() and key_of(c[:13]) == c[13:]})


def repair_with_key(written: str) -> tuple[str, str] | None:
    """A boxed NIR read by OCR with one stray character (a box edge read as 1 or |): the only
    15-character reading, after dropping one character, whose key is right; None if not exactly one."""
    # Without trailing letters first: a speck after the boxes is read as one (« …478483 uw »).
    raw = next((r for w in _readings(written) if len(r := "".join(c for c in w if c.isalnum())) == 16), None)
    if raw is None:
        return None
    readings = set()
    for i in range(16):
        # Dropped before the confusions are fixed: Corsica's letter lands at the département only then
        # (« 2830628B… » is 2 8 3 0 6 2B with a stray 8).
        got = _chars(raw[:i] + raw[i + 1 :])
        if got is None:
            continue
        cand = got[0]
        if _plausible(cand[:13], strict=False) and cand[13:].isdigit() and key_of(cand[:13]) == cand[13:]:
            readings.add(cand)
    if len(readings) != 1:
        return None
    (only,) = readings
    return only[:13], only[13:]


# A line that labels a NIR (forms, certificates), on folded text: where a NIR on a form or a boxed NIR read
# by OCR is looked for. Stems, as OCR spoils the rest: « sociole », « immatriculetion », « immatreulation ».
# The one definition for lines (understand.forms too); formreader's F.NIR lists whole wordings, as it must
# know which words are the label's.
LABEL_RE = re.compile(r"securit|immat|\bnir\b|\bn°\s*ss\b|\bsecu\b")


def misread_once_in(text: str, nir13: str) -> str | None:
    """The words of a NIR read whole with its key but one character wrong (« 2001 2 42039365 26 » for
    2001142039365 26: the key fails): what OCR makes of one box. Only to confirm a NIR we already hold, the
    registry's for the agent the message names; its 15 characters, all there but one, are that NIR."""
    want = nir13 + key_of(nir13)
    for rx in (_RUN_RE, _WIDE_RUN_RE):
        for m in rx.finditer(text):
            for written in _readings(m.group()):
                got = _chars(written)
                if got is not None and len(got[0]) == 15 and sum(a != b for a, b in zip(got[0], want)) <= 1:
                    return written
    return None


# OCR confusions on boxes beyond the run's own (s for 5, Z for 2, G for 6, g/q for 9, T for 7): too loose
# to read a number, used only to confirm a NIR we already hold.
_LOOSE = {**_CONFUSIONS, "s": "5", "Z": "2", "z": "2", "G": "6", "g": "9", "q": "9", "T": "7"}


def corsica_read_as_digit(read13: str, nir13: str) -> bool:
    """Whether a NIR read is the held one with Corsica's letter read as a digit (2A as 24, 2B as 28): a
    re-reading of boxes restricted to digits, where the département's letter has no other way to come out."""
    return len(read13) == len(nir13) == 13 and nir13[5] == "2" and read13[:6] == nir13[:6] \
        and read13[7:] == nir13[7:] and (nir13[6], read13[6]) in _CORSICA_READ


def confirmed_in(text: str, nir13: str, *, unread: int = 0, label: re.Pattern[str] = LABEL_RE) -> str | None:
    """The words after a NIR label (to the end of the next line) where a NIR we already hold can be read in
    order: boxes read by OCR put their edges among the digits (« 2|[0|121|11101|1619 … »), so the holder's
    13 characters are looked for as a subsequence, confusions fixed, with no more stray characters than
    the NIR's own; `unread` of them may be letters OCR made of a digit (« 13 GIE o[1 »). Only a confirmation
    of a known NIR (the registry's, for the agent the message names), never a reading by itself. Another
    boxed number held by the registry (a birth date, « 06031965 ») is confirmed the same way under its `label`."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        folded = fold(line)
        found = label.search(folded)
        if found is None:
            continue
        # After the label's whole word: its letters (« immatriculation »: l, o) are no digits of the NIR.
        after = found.end() if len(folded) == len(line) else 0
        while after < len(line) and line[after].isalpha():
            after += 1
        # Right of the label and on the next line; else on the line above, where forms that print the label
        # under its value put the number (« 2790142446237 » over « N° d'immatriculation »).
        for window in ("\n".join([line[after:], *lines[i + 1 : i + 2]]), lines[i - 1] if i else ""):
            chars = [(j, c) for j, c in enumerate(window) if c.isascii() and c.isalnum()]
            span = _subsequence(chars, nir13, unread)
            if span is not None:
                return window[chars[span[0]][0] : chars[span[1]][0] + 1]
    return None


def _subsequence(chars: list[tuple[int, str]], nir13: str, unread: int) -> tuple[int, int] | None:
    """First and last index of the shortest-ending reading of nir13 in chars, with at most `unread` letters
    standing for digits and at most 13 stray characters inside; None if there is none."""
    def fits(c: str, want: str) -> bool:
        # « B » is 8 misread, or Corsica's 2B; and Corsica's B read as 8, its A as 4 (digits-only re-reading).
        return want in (c.upper(), _LOOSE.get(c, c)) or (want, c) in _CORSICA_READ

    for first, (_, c) in enumerate(chars):
        if not fits(c, nir13[0]):
            continue
        ends = {0: first}  # letters used for unread digits -> index of the last character read
        for want in nir13[1:]:
            nxt: dict[int, int] = {}
            for used, at in ends.items():
                q = next((q for q in range(at + 1, len(chars)) if fits(chars[q][1], want)), None)
                if q is not None and q < nxt.get(used, len(chars)):
                    nxt[used] = q
                w = next((q for q in range(at + 1, len(chars)) if chars[q][1].isalpha()), None)
                if used < unread and w is not None and w < nxt.get(used + 1, len(chars)):
                    nxt[used + 1] = w
            ends = nxt
            if not ends:
                break
        if ends and (last := min(ends.values())) - first + 1 - len(nir13) <= 13:
            return first, last
    return None
