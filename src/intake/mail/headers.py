"""Header values as clean text: RFC 2047 words, raw 8-bit bytes, addresses (IDNA), dates, message ids."""

from __future__ import annotations

import email.header
import email.utils
import re
from dataclasses import dataclass
from datetime import datetime, timezone

import idna

from intake.mail.charset import decode_bytes, repair_mojibake

_FOLD = re.compile(r"\r?\n[ \t]*")
_MSGID = re.compile(r"<[^<>\s]+>")
# An encoded word split by a client inside a quoted display name, or glued to text: decode_header
# needs whitespace around it; add it where missing so "Dupont=?utf-8?q?=C3=A9?=" still decodes.
_GLUED_WORD = re.compile(r"(?<=[^\s\"(])(=\?[^?\s]+\?[bBqQ]\?)")
_EMAIL = re.compile(r"[^\s<>()\"',;:]+@[^\s<>()\"',;:]+")


@dataclass(frozen=True, slots=True)
class Address:
    addr: str  # lowercased, domain in Unicode (IDNA decoded)
    name: str = ""
    addr_ascii: str = ""  # the same with the domain in punycode, for matching either spelling


def _bytes_of(raw: str) -> bytes:
    """Header text back to its bytes (the parser keeps undeclared 8-bit bytes as surrogates)."""
    return raw.encode("utf-8", "surrogateescape")


def unfold(raw: str) -> str:
    """A header value with 8-bit bytes decoded (UTF-8, else windows-1252), unfolded."""
    if any("\udc80" <= ch <= "\udcff" for ch in raw):
        raw = decode_bytes(_bytes_of(raw), None).text
    return _FOLD.sub(" ", raw).strip()


def decode_header_value(raw: str | None) -> str:
    """'=?iso-8859-1?q?D=E9claration?=' → 'Déclaration'; never raises."""
    if raw is None:
        return ""
    text = unfold(str(raw))
    if "=?" not in text:
        return repair_mojibake(text)[0]
    try:
        parts = email.header.decode_header(_GLUED_WORD.sub(r" \1", text))
    except Exception:  # a malformed encoded word: keep the visible text
        return text
    out: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
        else:
            out.append(decode_bytes(chunk, charset or "utf-8").text)
    return repair_mojibake(re.sub(r"\s+", " ", "".join(out)).strip())[0]


def _domain_unicode(domain: str) -> str:
    domain = domain.strip().rstrip(".").lower()
    if "xn--" in domain:
        try:
            return idna.decode(domain)
        except idna.IDNAError:
            try:
                return domain.encode("ascii").decode("idna")
            except UnicodeError:
                return domain
    return domain


def _domain_ascii(domain: str) -> str:
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return domain


def normalise_addr(addr: str) -> tuple[str, str]:
    """'Jean.Dupont@XN--MAIRIE-CULLY-XXX.FR' → ('jean.dupont@mairie-écully.fr', ascii form)."""
    addr = addr.strip().strip("<>").strip().lower()
    local, at, domain = addr.rpartition("@")
    if not at:
        return addr, addr
    uni = _domain_unicode(domain)
    return f"{local}@{uni}", f"{local}@{_domain_ascii(uni)}"


def parse_addresses(raw: str | None) -> list[Address]:
    """Every address of a From/To/Cc value, display names decoded; garbage yields what it can."""
    if not raw:
        return []
    text = unfold(str(raw))
    try:
        pairs = email.utils.getaddresses([text])
    except Exception:
        pairs = []
    result: list[Address] = []
    for name, addr in pairs:
        if "@" not in addr:
            continue
        uni, ascii_ = normalise_addr(addr)
        result.append(Address(addr=uni, name=decode_header_value(name).strip(" \"'"), addr_ascii=ascii_))
    if not result:  # the parser gave up (unbalanced quotes, bare words): take any address-like token
        for match in _EMAIL.finditer(text):
            uni, ascii_ = normalise_addr(match.group())
            result.append(Address(addr=uni, name="", addr_ascii=ascii_))
    return result


def parse_date(raw: str | None) -> datetime | None:
    """An aware datetime (UTC when the zone is missing), or None when the value is not a date."""
    if not raw:
        return None
    try:
        value = email.utils.parsedate_to_datetime(unfold(str(raw)))
    except (TypeError, ValueError, IndexError):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def parse_msgid(raw: str | None) -> str | None:
    """'\\n <abc@host>' → '<abc@host>'; a bare id gets its angle brackets."""
    if not raw:
        return None
    text = unfold(str(raw))
    found = _MSGID.search(text)
    if found:
        return found.group()
    text = text.strip()
    return f"<{text}>" if text and " " not in text else None


def parse_msgids(raw: str | None) -> list[str]:
    """All message ids of a References / In-Reply-To value, in order."""
    if not raw:
        return []
    return _MSGID.findall(unfold(str(raw)))
