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


# Names mail clients write that Python's codec registry does not know (Apple's x-mac-*, Microsoft's
# ks_c_5601-1987 which is really its cp949, Hebrew logical order iso-8859-8-i): they were read as unknown
# and the text guessed, Cyrillic from a Mac came out as latin letters.
_ALIASES = {
    "x-mac-cyrillic": "mac_cyrillic", "x-mac-ukrainian": "mac_cyrillic", "x-mac-roman": "mac_roman",
    "x-mac-ce": "mac_latin2", "x-mac-centraleurroman": "mac_latin2", "x-mac-greek": "mac_greek",
    "x-mac-turkish": "mac_turkish", "x-mac-icelandic": "mac_iceland", "x-mac-croatian": "mac_croatian",
    "x-mac-romanian": "mac_romanian", "x-mac-japanese": "shift_jis", "x-mac-korean": "euc_kr",
    "x-mac-chinesesimp": "gb2312", "x-mac-chinesetrad": "big5",
    "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "x-windows-949": "cp949", "windows-949": "cp949",
    "x-sjis": "shift_jis", "x-euc-jp": "euc_jp", "x-euc": "euc_jp", "x-gbk": "gbk", "x-x-big5": "big5",
    "iso-8859-8-i": "iso8859_8", "iso-8859-6-i": "iso8859_6", "windows-874": "cp874", "x-cp1250": "cp1250",
    "x-cp1251": "cp1251", "unicode-1-1-utf-7": "utf_7", "x-unicode20utf8": "utf_8", "utf8mb4": "utf_8",
    "x-user-defined-utf8": "utf_8", "cp-850": "cp850", "ansi_x3.4-1968": "ascii",
}
# Legacy labels that mail clients keep writing while they encode with the vendor's superset (Outlook Express
# declares gb2312 and writes GBK, Windows declares shift_jis and writes cp932): the superset reads the same
# bytes the same way and the extra characters too, as browsers do (WHATWG Encoding Standard). A Chinese mail
# declared gb2312 with one GBK character in it was read whole as latin-1.
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949", "shift_jis": "cp932", "big5": "big5hkscs",
    "iso8859-9": "cp1254", "tis-620": "cp874", "iso8859-11": "cp874",
}
# 7-bit stateful encodings: their bytes are all ASCII, yet they must be decoded (ISO-2022-JP escapes).
_SEVEN_BIT = ("iso2022", "utf-7", "utf_7", "hz")
# Valid UTF-8 with a few broken bytes (a cut multi-byte character, a stray byte from a copy-paste) stays
# UTF-8 with a replacement mark: Russian text with 4 bad bytes was read whole as gb18030 (Chinese).
_BROKEN_UTF8_SHARE = 0.02


def _codec(name: str | None) -> str | None:
    """The Python codec for a declared charset, or None when unknown or missing."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _UNKNOWN:
        return None
    for candidate in (_ALIASES.get(name), name, name[2:] if name.startswith("x-") else None):
        if not candidate:
            continue
        try:
            found = codecs.lookup(candidate).name
            return _SUPERSETS.get(found, found)
        except (LookupError, ValueError):  # ValueError: a NUL in the name (fuzzing), the whole mail was lost
            continue
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """The text when `data` is UTF-8 but for a few broken bytes (replaced by U+FFFD), else None."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if wide >= 4 * broken and broken <= max(8, _BROKEN_UTF8_SHARE * wide):
        return text
    return None


def _is_ascii(data: bytes) -> bool:
    return data.isascii()


def _guess(data: bytes) -> tuple[str, str]:
    """Undeclared 8-bit text: UTF-8 if it is valid, else windows-1252 (French mail), else the detector."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if (mostly := _mostly_utf8(data)) is not None:
        return mostly, "utf-8"
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
    if _is_ascii(data) and codec and codec.startswith(_SEVEN_BIT):
        try:
            text, used = data.decode(codec), codec
        except UnicodeDecodeError:
            text, used = data.decode("ascii"), "ascii"
    elif _is_ascii(data):
        text, used = data.decode("ascii"), codec or "ascii"
    elif codec is None:
        text, used = _guess(data)
        problem = f"jeu de caractères non déclaré, lu comme {used}" if declared is None or declared == "" else (
            f"jeu de caractères inconnu « {declared} », lu comme {used}")
    elif codec == "utf-8":
        try:
            text, used = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if (mostly := _mostly_utf8(data)) is not None:
                text, used = mostly, "utf-8"
                problem = "utf-8 avec quelques octets invalides (remplacés)"
            else:
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
