"""Raw MIME by hand, deterministic: boundaries and Message-IDs come from the mail's own random generator."""

from __future__ import annotations

import base64
import html
import quopri
from email.header import Header
from email.utils import format_datetime
from urllib.parse import quote


def enc_header(s: str) -> str:
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        return Header(s, "utf-8").encode()


def addr(name: str | None, email: str) -> str:
    if not name:
        return email
    try:
        name.encode("ascii")
        n = f'"{name}"' if any(c in name for c in ",.;:") else name
    except UnicodeEncodeError:
        n = Header(name, "utf-8").encode()
    return f"{n} <{email}>"


def boundary(rng, style: str) -> str:
    h = "".join(rng.choice("0123456789abcdef") for _ in range(24))
    return {"outlook": f"_000_{h.upper()}_", "tb": f"------------{h}", "android": f"--_com.android.email_{h}",
            "samsung": f"--_com.samsung.android.email_{h}", "web": f"=_{h}"}.get(style, f"----=_Part_{h}")


def text_part(text: str, charset: str, cte: str, subtype: str = "plain") -> bytes:
    try:
        raw = text.encode(charset)
    except UnicodeEncodeError:
        charset, raw = "utf-8", text.encode("utf-8")
    if cte == "quoted-printable":
        body = quopri.encodestring(raw.replace(b"\n", b"\r\n")).replace(b"\r\n", b"\n")
    elif cte == "base64":
        body = base64.encodebytes(raw)
    else:
        cte, body = "8bit", raw
    head = f"Content-Type: text/{subtype}; charset=\"{charset}\"\nContent-Transfer-Encoding: {cte}\n\n"
    return head.encode("ascii") + body


def filename_params(name: str, style: str) -> tuple[str, str]:
    """(Content-Type name param, Content-Disposition filename param)."""
    try:
        name.encode("ascii")
        return f'name="{name}"', f'filename="{name}"'
    except UnicodeEncodeError:
        pass
    if style == "2047":
        e = Header(name, "utf-8").encode().replace("\n", "")
        return f'name="{e}"', f'filename="{e}"'
    q = quote(name, safe="")
    return f'name="{Header(name, "utf-8").encode().replace(chr(10), "")}"', f"filename*=utf-8''{q}"


def attachment_part(name: str | None, ctype: str, data: bytes, fstyle: str = "2231", inline: bool = False,
                    cid: str | None = None) -> bytes:
    lines = []
    if name:
        np, fp = filename_params(name, fstyle)
        lines.append(f"Content-Type: {ctype}; {np}")
        lines.append(f"Content-Disposition: {'inline' if inline else 'attachment'}; {fp}")
    else:
        lines.append(f"Content-Type: {ctype}")
        lines.append("Content-Disposition: inline")
    if cid:
        lines.append(f"Content-ID: <{cid}>")
    lines.append("Content-Transfer-Encoding: base64")
    return ("\n".join(lines) + "\n\n").encode("ascii") + base64.encodebytes(data)


def multipart(sub: str, parts: list[bytes], bnd: str, extra: str = "") -> bytes:
    out = f"Content-Type: multipart/{sub}; boundary=\"{bnd}\"{extra}\n\n".encode()
    for p in parts:
        out += f"--{bnd}\n".encode() + p + (b"" if p.endswith(b"\n") else b"\n")
    out += f"--{bnd}--\n".encode()
    return out


def to_html(text: str, flavour: str) -> str:
    paras = []
    for line in text.split("\n"):
        e = html.escape(line) or "&nbsp;"
        if flavour == "outlook":
            paras.append(f'<p class="MsoNormal">{e}<o:p></o:p></p>')
        else:
            paras.append(f"<div>{e}</div>")
    head = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
            'content="text/html; charset=utf-8"></head><body lang="FR"><div class="WordSection1">'
            if flavour == "outlook" else '<html><head><meta charset="utf-8"></head><body>')
    return head + "\n".join(paras) + ("</div></body></html>" if flavour == "outlook" else "</body></html>")


def headers(h: list[tuple[str, str]]) -> bytes:
    return ("".join(f"{k}: {v}\n" for k, v in h)).encode("ascii")


def date_header(dt) -> str:
    return format_datetime(dt)
