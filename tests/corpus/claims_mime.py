"""Raw RFC 5322 assembly for the claims corpus: plain, alternative or HTML-only bodies, charsets, attachments."""

from __future__ import annotations

import html
import random
from datetime import datetime
from email.utils import format_datetime

from corpus.mails import enc_word, file_leaf, message, multipart, text_leaf

LATIN1_FIX = str.maketrans({"’": "'", "œ": "oe", "Œ": "OE", "–": "-", "—": "-", "€": "EUR", "…": "...", "«": "\"",
                            "»": "\"", "\u202f": " "})


def to_html(text: str, style: str, charset: str = "utf-8") -> str:
    """The same text as a client's HTML: paragraphs, <br>, quoted ('> ') lines in a blockquote."""
    out: list[str] = []
    para: list[str] = []
    quote: list[str] = []

    def flush() -> None:
        if para:
            body = "<br>\n".join(html.escape(ln) for ln in para)
            out.append(f"<p class=MsoNormal>{body}</p>" if style == "outlook" else f"<div>{body}</div><div><br></div>")
            para.clear()
        if quote:
            inner = "<br>\n".join(html.escape(q) for q in quote)
            out.append(f'<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">{inner}</blockquote>')
            quote.clear()

    for line in text.split("\n"):
        if line.startswith(">"):
            if para:
                flush()
            quote.append(line[1:].lstrip())
        elif not line.strip():
            if not quote:
                flush()
        else:
            if quote:
                flush()
            para.append(line)
    flush()
    head = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>'
    return head + "\n".join(out) + "</body></html>"


def build(*, sender_name: str | None, sender: str, subject: str, sent: datetime, message_id: str, text: str,
          attachments: list[tuple[str, bytes, str]], rng: random.Random, layout: str, charset: str,
          extra_headers: dict[str, str] | None = None) -> bytes:
    """layout: plain | alternative | html; charset: utf-8 | iso-8859-1 | windows-1252."""
    if charset == "iso-8859-1":
        text = text.translate(LATIN1_FIX)
        subject = subject.translate(LATIN1_FIX)
    cte = rng.choice(["quoted-printable", "quoted-printable", "base64", "8bit"])
    if layout == "plain":
        body = text_leaf(text, charset, cte=cte)
    elif layout == "alternative":
        body = multipart("alternative", [text_leaf(text, charset, cte=cte),
                                         text_leaf(to_html(text, rng.choice(["gmail", "outlook"]), charset), charset, subtype="html", cte=cte)], rng)
    else:
        body = text_leaf(to_html(text, rng.choice(["gmail", "outlook"]), charset), charset, subtype="html", cte=cte)
    if attachments:
        files = []
        for name, data, ctype in attachments:
            style = "plain" if name.isascii() else rng.choice(["rfc2231", "rfc2047"])
            files.append(file_leaf(name, data, ctype if rng.random() < 0.85 else "application/octet-stream", style=style))
        body = multipart("mixed", [body, *files], rng)
    if sender_name:
        shown = enc_word(sender_name, "utf-8") if not sender_name.isascii() else f'"{sender_name}"'
        from_line = f"{shown} <{sender}>"
    else:
        from_line = sender
    headers = {"From": from_line, "To": "prestations@cdg-exemple.fr",
               "Subject": enc_word(subject, "utf-8") if not subject.isascii() else subject,
               "Date": format_datetime(sent), "Message-ID": message_id}
    headers.update(extra_headers or {})
    return message(headers, body)
