"""Mail clients of family C and how each one forwards and quotes: Apple Mail, Gmail on Android, Roundcube,
Zimbra (« Mail transféré »), Lotus Notes, Yahoo, Outlook on the web (HTML only, divRplyFwdMsg), ProtonMail,
a fax-to-mail server and a LibreOffice-ish plain client that forwards as an attached message."""

from __future__ import annotations

import html as H
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from . import mime
from .frdates import DAYS, DAYS_ABBR, MONTHS, MONTHS_ABBR

MAILBOX = "prestations@cdg-exemple.fr"
CLIENTS = ["apple", "android", "roundcube", "zimbra", "lotus", "yahoo", "owa", "proton", "plainfwd"]


@dataclass
class Att:
    filename: str
    ctype: str
    data: bytes


@dataclass
class Inner:
    """An older message, forwarded (read as content) or quoted (never content)."""
    name: str
    email: str
    when: datetime
    subject: str
    body: str
    to: str = MAILBOX
    table: list[list[str]] | None = None


@dataclass
class Draft:
    name: str
    email: str
    when: datetime
    subject: str
    body: str  # may contain {TABLE}
    signature: str = ""
    table: list[list[str]] | None = None
    attachments: list[Att] = field(default_factory=list)
    forwarded: Inner | None = None
    quoted: Inner | None = None
    inline_pairs: list[tuple[str, str]] | None = None  # (quoted text, answer) for a reply written inline
    extra_headers: list[tuple[str, str]] = field(default_factory=list)
    charset: str = "utf-8"
    html_only: bool = False


def tz(dt: datetime) -> str:
    # Central European time: summer time from the last Sunday of March to the last Sunday of October
    def last_sunday(y, m):
        d = datetime(y, m, 31)
        return d - timedelta(days=(d.weekday() + 1) % 7)
    summer = last_sunday(dt.year, 3) <= dt < last_sunday(dt.year, 10)
    return "+0200" if summer else "+0100"


def rfc_date(dt: datetime) -> str:
    return (f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][dt.weekday()]}, {dt.day:02d} "
            f"{['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][dt.month - 1]} "
            f"{dt.year} {dt:%H:%M:%S} {tz(dt)}")


def table_text(rows: list[list[str]], style: str) -> str:
    if style == "pipes":
        w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(r)) + " |" for r in rows]
        lines.insert(1, "|" + "|".join("-" * (x + 2) for x in w) + "|")
        return "\n".join(lines)
    if style == "tabs":
        return "\n".join("\t".join(r) for r in rows)
    # semicolons, as pasted from a spreadsheet export
    return "\n".join(";".join(r) for r in rows)


def table_html(rows: list[list[str]]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">']
    for i, r in enumerate(rows):
        tag = "th" if i == 0 else "td"
        out.append("<tr>" + "".join(f"<{tag}>{H.escape(c)}</{tag}>" for c in r) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _fill(body: str, table: list[list[str]] | None, style: str) -> str:
    if table is None:
        return body
    return body.replace("{TABLE}", table_text(table, style))


def _html_of(body: str, table: list[list[str]] | None) -> str:
    parts = []
    for para in body.split("\n\n"):
        if para.strip() == "{TABLE}" and table:
            parts.append(table_html(table))
        else:
            parts.append("<p>" + H.escape(para).replace("\n", "<br>\n") + "</p>")
    return "\n".join(parts)


def _fr_date_long(dt: datetime) -> str:
    return f"{dt.day} {MONTHS[dt.month - 1]} {dt.year} à {dt:%H:%M}"


def quote_header(client: str, inner: Inner) -> str:
    dt = inner.when
    who = f"{inner.name} <{inner.email}>" if inner.name else inner.email
    if client == "apple":
        return f"Le {_fr_date_long(dt)}, {who} a écrit :"
    if client == "android":
        return f"Le {DAYS_ABBR[dt.weekday()]} {dt.day} {MONTHS_ABBR[dt.month - 1]} {dt.year}, {dt:%H:%M}, {who} a écrit :"
    if client == "roundcube":
        return f"Le {dt:%d.%m.%Y %H:%M}, {inner.name or inner.email} a écrit :"
    if client == "yahoo":
        return (f"Le {DAYS[dt.weekday()]} {dt.day} {MONTHS[dt.month - 1]} {dt.year} à {dt:%H:%M:%S} UTC"
                f"{'+2' if tz(dt) == '+0200' else '+1'}, {who} a écrit :")
    if client == "proton":
        return f"------- Original Message -------\nLe {DAYS[dt.weekday()]} {_fr_date_long(dt)}, {who} a écrit :"
    if client == "zimbra":
        return (f"----- Mail original -----\nDe: \"{inner.name}\" <{inner.email}>\nÀ: {inner.to}\n"
                f"Envoyé: {DAYS[dt.weekday()].capitalize()} {dt.day} {MONTHS[dt.month - 1].capitalize()} {dt.year} "
                f"{dt:%H:%M:%S}\nObjet: {inner.subject}")
    if client == "lotus":
        return (f"{inner.name or inner.email} <{inner.email}> a écrit le {dt:%d/%m/%Y %H:%M} :")
    return f"Le {dt:%d/%m/%Y à %H:%M}, {who} a écrit :"


def forward_header(client: str, inner: Inner, fwd_name: str) -> str:
    dt = inner.when
    if client == "apple":
        return (f"Début du message réexpédié :\n\nDe: {inner.name} <{inner.email}>\nObjet: {inner.subject}\n"
                f"Date: {_fr_date_long(dt)}:{dt:%S} UTC{'+2' if tz(dt) == '+0200' else '+1'}\nÀ: {inner.to}")
    if client == "android":
        return (f"---------- Message transféré ---------\nDe : {inner.name} <{inner.email}>\n"
                f"Date : {DAYS_ABBR[dt.weekday()]} {dt.day} {MONTHS_ABBR[dt.month - 1]} {dt.year} à {dt:%H:%M}\n"
                f"Objet : {inner.subject}\nÀ : {inner.to}")
    if client == "roundcube":
        return (f"-------- Message d'origine --------\nObjet: {inner.subject}\nDate: {dt:%d.%m.%Y %H:%M}\n"
                f"De: {inner.name} <{inner.email}>\nÀ: {inner.to}")
    if client == "zimbra":
        return (f"----- Mail transféré -----\nDe: \"{inner.name}\" <{inner.email}>\nÀ: {inner.to}\n"
                f"Envoyé: {DAYS[dt.weekday()].capitalize()} {dt.day} {MONTHS[dt.month - 1].capitalize()} {dt.year} "
                f"{dt:%H:%M:%S}\nObjet: {inner.subject}")
    if client == "lotus":
        return (f"----- Transféré par {fwd_name}/RH/{inner.email.split('@')[1].split('.')[0].upper()} le "
                f"{dt + timedelta(hours=1):%d/%m/%Y %H:%M} -----\n\n"
                f"De :\t{inner.name} <{inner.email}>\nA :\t{inner.to}\nDate :\t{dt:%d/%m/%Y %H:%M}\n"
                f"Objet :\t{inner.subject}")
    if client == "yahoo":
        return (f"----- Message transféré -----\nDe : {inner.name} <{inner.email}>\nÀ : {inner.to}\n"
                f"Envoyé : {DAYS[dt.weekday()]} {dt.day} {MONTHS[dt.month - 1]} {dt.year} à {dt:%H:%M:%S} UTC"
                f"{'+2' if tz(dt) == '+0200' else '+1'}\nObjet : {inner.subject}")
    if client == "proton":
        return (f"------- Forwarded Message -------\nDe : {inner.name} <{inner.email}>\n"
                f"Date : le {DAYS[dt.weekday()]} {_fr_date_long(dt)}\nObjet : {inner.subject}\nÀ : {inner.to}")
    return (f"-------- Message transféré --------\nSujet : \t{inner.subject}\nDate : \t{dt:%d/%m/%Y %H:%M}\n"
            f"De : \t{inner.name} <{inner.email}>\nPour : \t{inner.to}")


def _quote_lines(text: str) -> str:
    return "\n".join("> " + ln if ln else ">" for ln in text.split("\n"))


def _epoch(dt: datetime) -> int:
    return int(dt.replace(tzinfo=timezone.utc).timestamp())


def message_id(client: str, email: str, rng: random.Random, when: datetime) -> str:
    dom = email.split("@")[1]
    hx = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    if client == "apple":
        u = hx.upper()
        return f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}@{dom}>"
    if client == "android":
        return f"<CAK{hx[:20]}{rng.randint(10**9, 10**10)}@mail.gmail.com>"
    if client == "roundcube":
        return f"<{hx[:32]}@{dom}>"
    if client == "zimbra":
        return f"<{rng.randint(10**8, 10**9)}.{rng.randint(10**6, 10**7)}.{_epoch(when)}{rng.randint(100, 999)}.JavaMail.zimbra@{dom}>"
    if client == "lotus":
        return f"<OF{hx[:8].upper()}.{hx[8:16].upper()}-ONC1257{hx[16:20].upper()}.{hx[20:28].upper()}@{dom}>"
    if client == "yahoo":
        return f"<{rng.randint(10**8, 10**9)}.{rng.randint(10**6, 10**7)}.{_epoch(when)}@mail.yahoo.com>"
    if client == "owa":
        return f"<PR{rng.randint(1, 3)}P{rng.randint(100, 999)}MB{rng.randint(1000, 9999)}{hx[:16].upper()}@PR3P195MB.EURP195.PROD.OUTLOOK.COM>"
    if client == "proton":
        return f"<{hx[:22]}=@protonmail.com>"
    return f"<{when:%Y%m%d%H%M%S}.{hx[:10]}@{dom}>"


XMAILER = {"apple": "Apple Mail (2.3774.500.171.1.1)", "android": None, "roundcube": "Roundcube Webmail/1.6.9",
           "zimbra": "Zimbra 9.0.0_GA_4583 (ZimbraWebClient - FF128 (Win)/9.0.0_GA_4583)",
           "lotus": "Lotus Notes Release 9.0.1FP10 SHF383 June 26, 2019", "yahoo": "WebService/1.1.23187 YMailNorrin",
           "owa": None, "proton": None, "plainfwd": "Evolution 3.52.1"}


def build(client: str, dr: Draft, rng: random.Random, idx: int) -> tuple[bytes, str]:
    """The raw message and its Message-ID."""
    style = rng.choice(["pipes", "tabs", "semis"])
    body = _fill(dr.body, dr.table, style)
    text_parts = [body]
    if dr.signature:
        text_parts.append(("-- \n" if client in ("roundcube", "plainfwd", "zimbra") else "") + dr.signature)
    if client == "apple" and rng.random() < 0.4:
        text_parts.append("Envoyé de mon iPad")
    if client == "android" and rng.random() < 0.5:
        text_parts.append(rng.choice(["Envoyé depuis mon appareil Galaxy", "Envoyé de mon smartphone"]))
    attached_msg = None
    if dr.forwarded:
        inner_body = _fill(dr.forwarded.body, dr.forwarded.table, style)
        if client == "plainfwd":
            attached_msg = dr.forwarded
        else:
            text_parts.append(forward_header(client, dr.forwarded, dr.name) + "\n\n" + inner_body)
    if dr.inline_pairs:
        q = dr.quoted
        chunks = [body, quote_header(client, q)]
        for quoted, answer in dr.inline_pairs:
            chunks.append(_quote_lines(quoted))
            if answer:
                chunks.append(answer)
        if dr.signature:
            chunks.append(dr.signature)
        text = "\n\n".join(c for c in chunks if c)
    else:
        text = "\n\n".join(p for p in text_parts if p)
        if dr.quoted:
            q = dr.quoted
            qb = _fill(q.body, q.table, style)
            if client in ("zimbra", "lotus", "proton") and rng.random() < 0.5:
                text += "\n\n" + quote_header(client, q) + "\n\n" + qb
            else:
                text += "\n\n" + quote_header(client, q) + "\n" + _quote_lines(qb)
    mid = message_id(client, dr.email, rng, dr.when)
    headers = [("From", mime.addr(dr.name, dr.email, dr.charset)), ("To", MAILBOX),
               ("Subject", mime.enc_header(dr.subject, dr.charset)) if dr.subject else ("Subject", ""),
               ("Date", rfc_date(dr.when)), ("Message-ID", mid)]
    if XMAILER.get(client):
        headers.append(("X-Mailer", XMAILER[client]))
    if dr.quoted:
        ref = f"<{idx}.{dr.quoted.when:%Y%m%d%H%M}@{dr.quoted.email.split('@')[1]}>"
        headers += [("In-Reply-To", ref), ("References", ref)]
    headers += dr.extra_headers
    use_html = client in ("apple", "yahoo", "owa", "android") or dr.html_only or (dr.table and rng.random() < 0.5)
    cte = rng.choice(["quoted-printable", "base64", "8bit"]) if dr.charset == "utf-8" else "quoted-printable"
    if client == "owa" or dr.html_only:
        body_part = mime.text(_owa_html(dr, rng, style), "html", dr.charset, cte)
    elif use_html:
        hbody = _html_of(dr.body, dr.table)
        if dr.signature:
            hbody += "<p>" + H.escape(dr.signature).replace("\n", "<br>") + "</p>"
        rest = text[len(body):]
        if rest.strip():
            hbody += f'<blockquote type="cite">{H.escape(rest).replace(chr(10), "<br>")}</blockquote>'
        htm = f"<html><head><meta charset=\"{dr.charset}\"></head><body>{hbody}</body></html>"
        body_part = mime.multipart("alternative", [mime.text(text, "plain", dr.charset, cte),
                                                   mime.text(htm, "html", dr.charset, cte)], f"=_alt_{idx:04d}_{rng.randint(1000, 9999)}")
    else:
        body_part = mime.text(text, "plain", dr.charset, cte, flowed=client == "roundcube")
    parts = [body_part]
    if attached_msg is not None:
        parts.append(mime.message_part(_inner_raw(attached_msg, dr.attachments, rng, idx)))
        atts = []
    else:
        atts = dr.attachments
    for a in atts:
        parts.append(mime.attachment(a.data, a.ctype, a.filename, rng.choice(["rfc2231", "rfc2047", "rfc2231latin"])))
    top = parts[0] if len(parts) == 1 else mime.multipart("mixed", parts, f"----=_Part_{idx}_{rng.randint(10**6, 10**7)}")
    return mime.serialize(headers, top), mid


def _inner_raw(inner: Inner, atts: list[Att], rng: random.Random, idx: int) -> bytes:
    headers = [("From", mime.addr(inner.name, inner.email)), ("To", inner.to),
               ("Subject", mime.enc_header(inner.subject)), ("Date", rfc_date(inner.when)),
               ("Message-ID", f"<inner.{idx}.{inner.when:%Y%m%d%H%M%S}@{inner.email.split('@')[1]}>")]
    body = mime.text(_fill(inner.body, inner.table, "pipes"), "plain", "utf-8", "quoted-printable")
    parts = [body] + [mime.attachment(a.data, a.ctype, a.filename, "rfc2231") for a in atts]
    top = body if len(parts) == 1 else mime.multipart("mixed", parts, f"inner_{idx}_{rng.randint(1000, 9999)}")
    return mime.serialize(headers, top)


def _owa_html(dr: Draft, rng: random.Random, style: str) -> str:
    """Outlook on the web: HTML only, the older message under a divRplyFwdMsg block."""
    h = [_html_of(dr.body, dr.table)]
    if dr.signature:
        h.append("<div id=\"Signature\"><p>" + H.escape(dr.signature).replace("\n", "<br>") + "</p></div>")
    for inner in (dr.forwarded, dr.quoted):
        if inner is None:
            continue
        dt = inner.when
        h.append('<hr style="display:inline-block;width:98%" tabindex="-1">')
        h.append(f'<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt">'
                 f'<b>De :</b> {H.escape(inner.name)} &lt;{H.escape(inner.email)}&gt;<br>'
                 f'<b>Envoyé :</b> {DAYS[dt.weekday()]} {dt.day} {MONTHS[dt.month - 1]} {dt.year} {dt:%H:%M}<br>'
                 f'<b>À :</b> {H.escape(inner.to)}<br><b>Objet :</b> {H.escape(inner.subject)}</font><div>&nbsp;</div></div>')
        h.append('<div class="BodyFragment"><font size="2"><span style="font-size:11pt;">'
                 + _html_of(inner.body, inner.table) + "</span></font></div>")
    return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style type="text/css" '
            'style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body dir="ltr">'
            '<div style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt;">'
            + "\n".join(h) + "</div></body></html>")
