"""Raw MIME written by hand, so that boundaries, charsets, transfer encodings and file-name encodings are
ours (and deterministic) rather than the stdlib's."""

from __future__ import annotations

import base64
import quopri
import random
import urllib.parse
from dataclasses import dataclass, field
from email.header import Header


@dataclass
class Leaf:
    ctype: str
    body: bytes
    charset: str | None = None
    cte: str = "base64"
    filename: str | None = None
    fname_style: str = "plain"  # plain, rfc2231, rfc2047b, rfc2047q, name_only, rfc2231_cont
    disposition: str | None = None  # attachment, inline
    cid: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Multi:
    subtype: str
    parts: list
    params: str = ""


def enc_header(text: str, charset: str = "utf-8") -> str:
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        return Header(text, charset, maxlinelen=998).encode()


def _fname_params(name: str, style: str) -> tuple[str, str]:
    """(Content-Type name param, Content-Disposition filename param)."""
    try:
        name.encode("ascii")
        ascii_ok = True
    except UnicodeEncodeError:
        ascii_ok = False
    if ascii_ok and style not in ("rfc2047b", "rfc2231"):
        q = name.replace('"', "")
        return f'; name="{q}"', f'; filename="{q}"'
    if style == "rfc2231":
        v = urllib.parse.quote(name, safe="")
        return f"; name*=utf-8''{v}", f"; filename*=utf-8''{v}"
    if style == "rfc2231_cont":
        v = urllib.parse.quote(name, safe="")
        chunks = [v[i:i + 30] for i in range(0, len(v), 30)]
        cont = "".join(f";\r\n\tfilename*{i}*={'utf-8' + chr(39) * 2 if i == 0 else ''}{c}" for i, c in enumerate(chunks))
        return f"; name*=utf-8''{v}", cont
    if style == "rfc2047q":
        e = Header(name, "iso-8859-1").encode()
        return f'; name="{e}"', f'; filename="{e}"'
    if style == "latin1_2231":
        v = urllib.parse.quote(name.encode("latin-1", "replace"), safe="")
        return f"; name*=iso-8859-1''{v}", f"; filename*=iso-8859-1''{v}"
    e = "=?utf-8?B?" + base64.b64encode(name.encode()).decode() + "?="
    return f'; name="{e}"', f'; filename="{e}"'


def _encode_body(body: bytes, cte: str) -> bytes:
    if cte == "base64":
        b = base64.b64encode(body)
        return b"\r\n".join(b[i:i + 76] for i in range(0, len(b), 76))
    if cte == "quoted-printable":
        return quopri.encodestring(body).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def render_part(p, rng: random.Random) -> bytes:
    if isinstance(p, Multi):
        boundary = f"----=_Part_{rng.randrange(16 ** 12):012x}_{rng.randrange(10 ** 6)}"
        head = f'Content-Type: multipart/{p.subtype};{p.params}\r\n\tboundary="{boundary}"\r\n\r\n'.encode()
        out = [head]
        if rng.random() < 0.3:
            out.append(b"This is a multi-part message in MIME format.\r\n")
        for sub in p.parts:
            out.append(f"\r\n--{boundary}\r\n".encode())
            out.append(render_part(sub, rng))
        out.append(f"\r\n--{boundary}--\r\n".encode())
        return b"".join(out)
    ct = p.ctype
    if p.charset:
        ct += f'; charset="{p.charset}"' if rng.random() < 0.5 else f"; charset={p.charset}"
    disp = ""
    if p.filename is not None:
        nparam, fparam = _fname_params(p.filename, p.fname_style)
        ct += nparam
        if p.fname_style != "name_only":
            disp = f"Content-Disposition: {p.disposition or 'attachment'}{fparam}\r\n"
    elif p.disposition:
        disp = f"Content-Disposition: {p.disposition}\r\n"
    lines = f"Content-Type: {ct}\r\nContent-Transfer-Encoding: {p.cte}\r\n{disp}"
    if p.cid:
        lines += f"Content-ID: <{p.cid}>\r\n"
    for k, v in p.extra.items():
        lines += f"{k}: {v}\r\n"
    return lines.encode() + b"\r\n" + _encode_body(p.body, p.cte)


def text_leaf(text: str, subtype: str, charset: str, cte: str, fmt_flowed: bool = False) -> Leaf:
    body = text.replace("\n", "\r\n").encode(charset, "replace")
    if cte in ("7bit",):
        cte = "quoted-printable"
    leaf = Leaf(f"text/{subtype}", body, charset=charset, cte=cte)
    if fmt_flowed:
        leaf.ctype += "; format=flowed"
    return leaf


def message(headers: list[tuple[str, str]], root, rng: random.Random) -> bytes:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers) + "MIME-Version: 1.0\r\n"
    return head.encode() + render_part(root, rng)
