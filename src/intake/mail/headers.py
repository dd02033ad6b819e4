"""Header values as clean text: RFC 2047 words, raw 8-bit bytes, addresses (IDNA), dates, message ids."""

from __future__ import annotations

import base64
import binascii
import email.utils
import quopri
import re
from dataclasses import dataclass
from datetime import datetime, timezone

import idna

from intake.mail.charset import decode_bytes, repair_mojibake

_FOLD = re.compile(r"\r?\n[ \t]*")
_MSGID = re.compile(r"<[^<>\s]+>")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
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


def _word_bytes(encoding: str, payload: str) -> bytes:
    if encoding in "bB":
        cleaned = re.sub(r"[^A-Za-z0-9+/]", "", payload)
        return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))
    return quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"), header=False)


def decode_header_value(raw: str | None) -> str:
    """'=?iso-8859-1?q?D=E9claration?=' → 'Déclaration'; never raises.

    Done here rather than with email.header.decode_header, which needs whitespace around words
    (clients glue them to text) and decodes each word alone (a UTF-8 character split over two
    words must be joined first)."""
    if raw is None:
        return ""
    text = unfold(str(raw))
    if "=?" not in text:
        return repair_mojibake(text)[0]
    out: list[str] = []
    pending: tuple[str, bytearray] | None = None  # consecutive words of one charset, joined as bytes
    position = 0
    for match in _ENCODED_WORD.finditer(text):
        gap = text[position:match.start()]
        charset = match.group(1).split("*", 1)[0]
        if gap.strip() or pending is None or pending[0].lower() != charset.lower():
            if pending is not None:
                out.append(decode_bytes(bytes(pending[1]), pending[0]).text)
                pending = None
            if gap.strip() or not out or position == 0:
                out.append(gap)
        try:
            chunk = _word_bytes(match.group(2), match.group(3))
        except (ValueError, binascii.Error):
            chunk = match.group(0).encode("utf-8", "replace")
        pending = (charset, bytearray(chunk)) if pending is None else (pending[0], pending[1] + chunk)
        position = match.end()
    if pending is not None:
        out.append(decode_bytes(bytes(pending[1]), pending[0]).text)
    out.append(text[position:])
    return repair_mojibake(re.sub(r"[ \t]+", " ", "".join(out)).strip())[0]


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
        if not _EMAIL.fullmatch(addr):
            found = _EMAIL.search(addr)
            if not found:
                continue
            addr = found.group()
        uni, ascii_ = normalise_addr(addr)
        result.append(Address(addr=uni, name=decode_header_value(name).strip(" \"'"), addr_ascii=ascii_))
    if not result:  # the parser gave up (unbalanced quotes, bare words): take any address-like token
        for match in _EMAIL.finditer(text):
            uni, ascii_ = normalise_addr(match.group())
            result.append(Address(addr=uni, name="", addr_ascii=ascii_))
    return result


# An address we would send to: a dot-atom local part without '%' or '!' (source routes that some relays
# still follow to a third host), one '@', a DNS host name (or localhost). No quotes, no comments.
_STRICT_LOCAL = re.compile(r"[a-z0-9#$&'*+/=?^_`{|}~-]+(?:\.[a-z0-9#$&'*+/=?^_`{|}~-]+)*")
_STRICT_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?|localhost")


def strict_address(addr_ascii: str) -> bool:
    local, at, domain = addr_ascii.rpartition("@")
    return bool(at) and len(addr_ascii) <= 254 and len(local) <= 64 and "@" not in local \
        and bool(_STRICT_LOCAL.fullmatch(local)) and bool(_STRICT_DOMAIN.fullmatch(domain))


def parse_reply_to(raw: str | None) -> list[Address]:
    """Reply-To, where our answer would go: only plainly written addresses. Anything doubtful (quotes,
    several '@' in one address, '%' routing, a value the parser had to guess at) yields nothing, and the
    answer goes to the From instead."""
    if not raw:
        return []
    text = unfold(str(raw))
    if "\\" in text:  # quoted-pairs only ever hide an address's real shape
        return []
    try:
        pairs = email.utils.getaddresses([text])
    except Exception:
        return []
    pairs = [(name, addr) for name, addr in pairs if name or addr]
    if not pairs or text.count("@") != len(pairs):
        return []
    result = []
    for name, addr in pairs:
        uni, ascii_ = normalise_addr(addr)
        if not strict_address(ascii_):
            return []
        result.append(Address(addr=uni, name=decode_header_value(name).strip(" '"), addr_ascii=ascii_))
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
