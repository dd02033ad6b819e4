"""Bytes to text whatever the sender's client declared: honour the charset, repair the usual lies."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer
import ftfy

# Charsets that mean "no idea" or that clients emit when they do not know.
_UNKNOWN = {"", "unknown", "unknown-8bit", "x-unknown", "x-user-defined", "default", "charset", "8bit"}
# ISO-8859-1 is what clients say when they send windows-1252 (smart quotes, €, œ in 0x80–0x9F):
# decoding it as cp1252 is what every browser does (WHATWG), and it loses nothing.
_LATIN1_ALIASES = {"latin_1", "iso8859-1", "iso-8859-1", "ascii", "us-ascii"}
# Bytes that cp1252 leaves undefined: their presence means the text is not cp1252.
_CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# Typical UTF-8-read-as-latin-1 sequences ("Ã©", "Ã¨", "â€™", "Â°"): the sign of mojibake.
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u017d\u017e\u0178\u0192\u02c6\u02dc€]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    charset: str  # the charset actually used
    problem: str | None = None  # French note when the declaration was wrong or the text repaired


def _codec(name: str | None) -> str | None:
    """The Python codec for a declared charset, or None when unknown or missing."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _UNKNOWN:
        return None
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):  # ValueError: a NUL in the name (fuzzing), the whole mail was lost
        return None


def _is_ascii(data: bytes) -> bool:
    return data.isascii()


def _guess(data: bytes) -> tuple[str, str]:
    """Undeclared 8-bit text: UTF-8 if it is valid, else windows-1252 (French mail), else the detector."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if not _CP1252_HOLES.search(data):
        return data.decode("cp1252"), "cp1252"
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return data.decode("latin-1"), "latin-1"


def repair_mojibake(text: str) -> tuple[str, bool]:
    """'DÃ©claration' → 'Déclaration' when the damage is clear; the text untouched otherwise."""
    if not _MOJIBAKE.search(text):
        return text, False
    fixed = ftfy.fix_encoding(text)
    return fixed, fixed != text


def decode_bytes(data: bytes, declared: str | None) -> Decoded:
    """Text of a body part: the declared charset when it fits, a repaired reading when it does not."""
    codec = _codec(declared)
    problem: str | None = None
    if _is_ascii(data):
        text, used = data.decode("ascii"), codec or "ascii"
    elif codec is None:
        text, used = _guess(data)
        problem = f"jeu de caractères non déclaré, lu comme {used}" if declared is None or declared == "" else (
            f"jeu de caractères inconnu « {declared} », lu comme {used}")
    elif codec == "utf-8":
        try:
            text, used = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, used = _guess(data)
            problem = f"déclaré utf-8 mais ce n'en est pas, lu comme {used}"
    elif codec in _LATIN1_ALIASES or codec == "cp1252":
        # Valid multi-byte UTF-8 is almost never real latin-1 French text ("Ã©" would be nonsense).
        try:
            text, used = data.decode("utf-8"), "utf-8"
            problem = f"déclaré {declared} mais encodé en utf-8"
        except UnicodeDecodeError:
            if _CP1252_HOLES.search(data):
                text, used = data.decode("latin-1"), "latin-1"
            else:
                text, used = data.decode("cp1252"), "cp1252"
    else:
        try:
            text, used = data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            text, used = _guess(data)
            problem = f"déclaré {declared} mais illisible ainsi, lu comme {used}"
    text, repaired = repair_mojibake(text)
    if repaired:
        problem = "texte mal encodé (mojibake) réparé" if problem is None else problem + " ; mojibake réparé"
    return Decoded(text=text, charset=used, problem=problem)
