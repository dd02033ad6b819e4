"""Attachment names as the desk shows and serves them: no path, no control or bidi trick, RFC 6266 headers."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# C0/C1 controls (NUL, CR, LF…) and the bidirectional controls that make "facture\u202efdp.exe" read
# "facture exe.pdf" on screen.
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\.|$)", re.IGNORECASE)
MAX_SHOWN = 120
MAX_SAVED = 150
FALLBACK = "piece-jointe"


def visible(text: str | None) -> str:
    """A sender's text with its hidden characters made visible (�): what the desk shows is what is there."""
    return _HIDDEN.sub("\ufffd", text or "")


def shown_name(name: str | None) -> str:
    """What the desk displays: hidden characters made visible (�), long names cut with an ellipsis."""
    text = _HIDDEN.sub("\ufffd", unicodedata.normalize("NFC", name or "")).strip()
    if not text:
        return "(sans nom)"
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def saved_name(name: str | None) -> str:
    """The name a browser saves the file as: the last path part, nothing hidden, no leading dot, bounded."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = _HIDDEN.sub("", text).strip().strip(". ")
    text = re.sub(r'[<>:"|?*]', "_", text)
    if _WINDOWS_RESERVED.match(text):
        text = "_" + text
    if len(text) > MAX_SAVED:
        stem, dot, extension = text.rpartition(".")
        extension = extension if dot and 0 < len(extension) <= 10 else ""
        text = text[: MAX_SAVED - len(extension) - 1].rstrip(". ") + ("." + extension if extension else "")
    return text or FALLBACK


def content_disposition(name: str | None) -> str:
    """`attachment` with an ASCII fallback and the UTF-8 name (RFC 6266, RFC 5987 encoding)."""
    saved = saved_name(name)
    ascii_name = unicodedata.normalize("NFKD", saved).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"[^A-Za-z0-9._ ()+-]", "_", ascii_name).strip(". ") or FALLBACK
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(saved, safe='')}"
