"""Raw MIME written by hand, so that each mail client's habits can be reproduced exactly: charsets
(UTF-8, ISO-8859-1, Windows-1252), transfer encodings (8bit, quoted-printable, base64), file names
plain, RFC 2231 or RFC 2047 encoded, inline parts, multipart/related, alternative, report."""

from __future__ import annotations

import base64
import quopri
import random
import urllib.parse
from dataclasses import dataclass, field
from email.header import Header
from email.utils import formataddr


def header_value(value: str, charset: str = "utf-8") -> str:
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        cs = "utf-8" if charset not in ("iso-8859-1", "windows-1252") else charset
        try:
            value.encode(cs)
        except UnicodeEncodeError:
            cs = "utf-8"
        return Header(value, cs, maxlinelen=76, header_name="Subject").encode()


def address(name: str | None, addr: str, charset: str = "utf-8") -> str:
    if not name:
        return addr
    try:
        name.encode("ascii")
        return formataddr((name, addr))
    except UnicodeEncodeError:
        cs = charset if charset in ("iso-8859-1", "utf-8") else "utf-8"
        try:
            name.encode(cs)
        except UnicodeEncodeError:
            cs = "utf-8"
        return formataddr((name, addr), charset=cs)


def for_charset(text: str, charset: str) -> str:
    """What a client does to characters its charset lacks (a Latin-1 client has no ’ « œ €)."""
    if charset == "iso-8859-1":
        for a, b in (("’", "'"), ("œ", "oe"), ("Œ", "OE"), ("€", "EUR"), ("…", "..."), ("–", "-"), ("☒", "X"),
                     ("“", '"'), ("”", '"'), ("\u202f", " ")):
            text = text.replace(a, b)
    if charset in ("windows-1252", "us-ascii"):
        text = text.replace("☒", "X").replace("\u202f", " ")
    return text.encode(charset, "replace").decode(charset)


@dataclass
class Part:
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    children: list["Part"] = field(default_factory=list)
    boundary: str = ""

    def to_bytes(self) -> bytes:
        out = []
        for k, v in self.headers:
            out.append(f"{k}: {v}".encode("utf-8"))
        head = b"\r\n".join(out) + b"\r\n\r\n"
        if not self.children:
            return head + self.body
        chunks = [head]
        if self.body:
            chunks.append(self.body)
        for c in self.children:
            chunks.append(f"--{self.boundary}\r\n".encode())
            chunks.append(c.to_bytes())
            chunks.append(b"\r\n")
        chunks.append(f"--{self.boundary}--\r\n".encode())
        return b"".join(chunks)


def _crlf(b: bytes) -> bytes:
    return b.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def text_part(text: str, subtype: str, charset: str, cte: str, *, flowed: bool = False) -> Part:
    raw = for_charset(text, charset).encode(charset)
    if cte == "quoted-printable":
        body = _crlf(quopri.encodestring(raw.replace(b"\r\n", b"\n")))
    elif cte == "base64":
        body = _crlf(base64.encodebytes(raw))
    else:
        body = _crlf(raw)
        if cte == "8bit":
            try:
                raw.decode("ascii")
                cte = "7bit"
            except UnicodeDecodeError:
                pass
    ct = f'text/{subtype}; charset="{charset}"' + ("; format=flowed" if flowed else "")
    return Part([("Content-Type", ct), ("Content-Transfer-Encoding", cte)], body)


def b64(data: bytes) -> bytes:
    return _crlf(base64.encodebytes(data))


def _param(key: str, value: str, style: str) -> str:
    try:
        value.encode("ascii")
        ascii_ok = True
    except UnicodeEncodeError:
        ascii_ok = False
    if style == "rfc2047" and not ascii_ok:
        enc = Header(value, "utf-8").encode().replace("\n", "")
        return f'{key}="{enc}"'
    if style == "rfc2231" or not ascii_ok:
        return f"{key}*=utf-8''{urllib.parse.quote(value, safe='')}"
    return f'{key}="{value}"'


def file_part(data: bytes, filename: str, mime: str, style: str, *, inline: bool = False,
              content_id: str | None = None) -> Part:
    """style: plain (ASCII name), rfc2231 (filename*=utf-8''…), rfc2047 (=?utf-8?b?…?= inside quotes)."""
    disp = "inline" if inline else "attachment"
    headers = [("Content-Type", f"{mime}; {_param('name', filename, style)}"),
               ("Content-Transfer-Encoding", "base64"),
               ("Content-Disposition", f"{disp}; {_param('filename', filename, style)}")]
    if content_id:
        headers.append(("Content-ID", f"<{content_id}>"))
    return Part(headers, b64(data))


def multipart(subtype: str, children: list[Part], rng: random.Random, extra: str = "") -> Part:
    boundary = rng.choice(["----=_NextPart_000_{:04X}_{:08X}.{:08X}", "000000000000{:04x}{:08x}{:08x}",
                           "------------{:04X}{:08X}{:08X}", "=_alternative {:04X}{:08X}{:08X}"]).format(
        rng.randint(0, 0xFFFF), rng.randint(0, 0xFFFFFFFF), rng.randint(0, 0xFFFFFFFF))
    return Part([("Content-Type", f'multipart/{subtype}; boundary="{boundary}"{extra}')], children=children,
                boundary=boundary)


def message(headers: list[tuple[str, str]], root: Part) -> bytes:
    root.headers = headers + [("MIME-Version", "1.0")] + root.headers
    return root.to_bytes()
