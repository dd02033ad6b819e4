"""MIME written by hand: deterministic boundaries, chosen charsets and transfer encodings, file names plain,
RFC 2231 or RFC 2047, attached messages (message/rfc822)."""

from __future__ import annotations

import base64
import quopri
from dataclasses import dataclass, field
from email.header import Header
from urllib.parse import quote


@dataclass
class Part:
    ctype: str
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    children: list[Part] = field(default_factory=list)
    boundary: str = ""


def enc_header(s: str, charset: str = "utf-8") -> str:
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        pass
    try:
        s.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    return Header(s, charset).encode(maxlinelen=76)


def addr(name: str, email: str, charset: str = "utf-8") -> str:
    if not name:
        return email
    try:
        name.encode("ascii")
        if any(c in name for c in ',.;:()"'):
            return f'"{name}" <{email}>'
        return f"{name} <{email}>"
    except UnicodeEncodeError:
        return f"{Header(name, charset).encode()} <{email}>"


def text(body: str, subtype: str = "plain", charset: str = "utf-8", cte: str = "quoted-printable",
         flowed: bool = False) -> Part:
    if charset != "utf-8":
        # what a latin-1 / cp1252 client does with characters it cannot carry, rather than « ? »
        for a, b in (("–", "-"), ("—", "-"), ("’", "'"), ("☎", "Tél."), ("•", "-"), ("…", "...")):
            body = body.replace(a, b)
    raw = body.replace("\r\n", "\n").encode(charset, errors="replace")
    ct = f"text/{subtype}; charset={charset}" if not flowed else f"text/{subtype}; charset={charset}; format=flowed"
    return Part(ct, _encode(raw, cte), [("Content-Transfer-Encoding", cte)])


def _encode(raw: bytes, cte: str) -> bytes:
    if cte == "base64":
        return base64.encodebytes(raw)
    if cte == "quoted-printable":
        return quopri.encodestring(raw)
    return raw if raw.endswith(b"\n") else raw + b"\n"


def _fn_params(name: str, style: str) -> tuple[str, str]:
    """(Content-Type name= part, Content-Disposition filename part)."""
    try:
        name.encode("ascii")
        return f'; name="{name}"', f'; filename="{name}"'
    except UnicodeEncodeError:
        pass
    if style == "rfc2231":
        return f"; name*=utf-8''{quote(name)}", f"; filename*=utf-8''{quote(name)}"
    if style == "rfc2231latin" and name == name.encode("latin-1", errors="replace").decode("latin-1"):
        q = quote(name.encode("latin-1", errors="replace"))
        return f"; name*=iso-8859-1''{q}", f"; filename*=iso-8859-1''{q}"
    enc = Header(name, "utf-8").encode(maxlinelen=998)
    return f'; name="{enc}"', f'; filename="{enc}"'


def attachment(data: bytes, ctype: str, filename: str | None, style: str = "rfc2231", inline: bool = False,
               cid: str | None = None) -> Part:
    headers = [("Content-Transfer-Encoding", "base64")]
    if filename is None:
        p = Part(ctype, base64.encodebytes(data), headers)
        if cid:
            p.headers.append(("Content-ID", f"<{cid}>"))
        return p
    np, fp = _fn_params(filename, style)
    headers.append(("Content-Disposition", ("inline" if inline else "attachment") + fp))
    if cid:
        headers.append(("Content-ID", f"<{cid}>"))
    return Part(ctype + np, base64.encodebytes(data), headers)


def message_part(raw: bytes) -> Part:
    """An attached message (forward as attachment), without a file name."""
    return Part("message/rfc822", raw if raw.endswith(b"\n") else raw + b"\n", [("Content-Disposition", "inline")])


def multipart(subtype: str, children: list[Part], boundary: str, extra: str = "") -> Part:
    return Part(f'multipart/{subtype}; boundary="{boundary}"{extra}', children=children, boundary=boundary)


def serialize(top_headers: list[tuple[str, str]], part: Part) -> bytes:
    out = [f"{k}: {v}" for k, v in top_headers]
    out.append("MIME-Version: 1.0")
    return ("\n".join(out) + "\n").encode("ascii") + _part_bytes(part)


def _part_bytes(p: Part) -> bytes:
    hdr = [f"Content-Type: {p.ctype}"] + [f"{k}: {v}" for k, v in p.headers]
    head = ("\n".join(hdr) + "\n\n").encode("ascii")
    if not p.children:
        return head + p.body
    body = b"This is a multi-part message in MIME format.\n"
    for c in p.children:
        body += f"\n--{p.boundary}\n".encode() + _part_bytes(c).rstrip(b"\n") + b"\n"
    body += f"\n--{p.boundary}--\n".encode()
    return head + body
