"""How the mail is written and wrapped: greetings, signatures (with the sender's own name, which may be an
agent's surname), disclaimers, the quoting and forwarding habits of Outlook, Gmail, Thunderbird, the
orange/free/laposte webmails and the iPhone, HTML bodies, and the MIME tree with its charset."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime

from . import mime
from .frdates import MONTHS, MONTHS_SHORT, WEEKDAYS, WEEKDAYS_SHORT


@dataclass
class Attachment:
    filename: str
    kind: str
    ocr: bool
    data: bytes
    mimetype: str
    name_style: str = "plain"  # plain, rfc2231, rfc2047
    inline: bool = False
    content_id: str | None = None
    listed: bool = True  # appears in the expected attachments (a part with a file name)


@dataclass
class Quoted:
    from_name: str
    from_addr: str
    to_addr: str
    when: datetime
    subject: str
    body: str


@dataclass
class Mail:
    from_name: str | None
    from_addr: str
    when: datetime
    subject: str
    body: str  # the new text, signature included
    client: str  # outlook, outlook_html, gmail, thunderbird, webmail_orange, webmail_laposte, iphone, scanner, robot
    charset: str = "utf-8"
    cte: str = "quoted-printable"
    quoted: list[Quoted] = field(default_factory=list)  # older messages quoted below (a reply)
    forwarded: Quoted | None = None  # a forwarded message, read as content
    attachments: list[Attachment] = field(default_factory=list)
    extra_headers: list[tuple[str, str]] = field(default_factory=list)
    calendar: str | None = None  # an inline text/calendar part (invitation)
    raw: bytes | None = None  # a prebuilt message (delivery reports)
    message_id: str = ""


GREETINGS = ["Bonjour,", "Bonjour,", "Bonjour Madame, Monsieur,", "Madame, Monsieur,", "Bonjour à vous,",
             "Bonjour Madame,", "Bonjour à toute l'équipe,", "Bonjour,\n", "Mesdames, Messieurs,"]
CLOSINGS = ["Cordialement,", "Bien cordialement,", "Bonne journée,", "Je vous remercie par avance.\nCordialement,",
            "Vous en souhaitant bonne réception,", "Salutations distinguées.", "Cdlt", "Bien à vous,",
            "Restant à votre disposition pour tout complément,\nCordialement,", "Merci d'avance,"]
DISCLAIMERS = [
    "Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses "
    "destinataires. Toute utilisation ou diffusion non autorisée est interdite. Si vous avez reçu ce message "
    "par erreur, merci d'en avertir immédiatement l'expéditeur et de le détruire.",
    "Pensez à l'environnement avant d'imprimer ce courriel.",
    "AVERTISSEMENT : les informations contenues dans ce courriel sont susceptibles de relever du secret médical. "
    "Elles sont destinées au seul service prestations.",
    "La mairie est ouverte au public du lundi au vendredi de 8h30 à 12h00. Suivez-nous sur Facebook !",
]


def greeting(rng: random.Random) -> str:
    return rng.choice(GREETINGS)


def closing(rng: random.Random) -> str:
    return rng.choice(CLOSINGS)


def signature(rng: random.Random, first: str, last: str, title: str, employer: str, street: str, postcode: str,
              town: str, phone: str, email: str | None = None) -> str:
    style = rng.choice(["block", "block", "pipe", "dash", "short", "caps"])
    name = f"{first} {last.upper()}" if rng.random() < 0.7 else f"{first} {last}"
    if style == "pipe":
        return f"{name} | {title} | {employer}\n{street} – {postcode} {town.upper()} | Tél. {phone}"
    if style == "dash":
        return f"-- \n{name}\n{title}\n{employer}\nTél : {phone}" + (f"\n{email}" if email else "")
    if style == "short":
        return f"{first}\n{employer}"
    if style == "caps":
        return f"{last.upper()} {first}\n{title.upper()}\n{employer.upper()}\n{postcode} {town.upper()}"
    return f"{name}\n{title}\n{employer}\n{rng.randint(1, 30)} {street}\n{postcode} {town.upper()}\nTél. : {phone}"


def _fr_when(when: datetime, style: str) -> str:
    if style == "gmail":
        return (f"{WEEKDAYS_SHORT[when.weekday()]} {when.day} {MONTHS_SHORT[when.month - 1]} {when.year} "
                f"à {when:%H:%M}")
    if style == "outlook":
        return f"{WEEKDAYS[when.weekday()]} {when.day} {MONTHS[when.month - 1]} {when.year} {when:%H:%M}"
    if style == "zimbra":
        return f"{WEEKDAYS[when.weekday()].capitalize()} {when.day} {MONTHS[when.month - 1].capitalize()} {when.year} {when:%H:%M:%S}"
    if style == "orange":
        return f"{when:%d/%m/%y %H:%M}"
    return f"{when.day} {MONTHS[when.month - 1]} {when.year} à {when:%H:%M}"


def _prefix(text: str, p: str = "> ") -> str:
    return "\n".join((p + line) if line else p.rstrip() for line in text.split("\n"))


def quote_text(client: str, q: Quoted) -> str:
    """The quoted older message as the client writes it under (or above) the new text."""
    if client in ("outlook", "outlook_html"):
        return ("\n________________________________\n" if client == "outlook" else "\n") + (
            f"De : {q.from_name} <{q.from_addr}>\nEnvoyé : {_fr_when(q.when, 'outlook')}\nÀ : {q.to_addr}\n"
            f"Objet : {q.subject}\n\n{q.body}")
    if client == "webmail_orange":
        return (f"\n\n> Message du {_fr_when(q.when, 'orange')}\n> De : \"{q.from_name}\" <{q.from_addr}>\n"
                f"> A : {q.to_addr}\n> Objet : {q.subject}\n>\n{_prefix(q.body)}")
    if client == "webmail_laposte":
        return (f"\n\n----- Mail original -----\nDe: \"{q.from_name}\" <{q.from_addr}>\nÀ: {q.to_addr}\n"
                f"Envoyé: {_fr_when(q.when, 'zimbra')}\nObjet: {q.subject}\n\n{_prefix(q.body)}")
    if client == "iphone":
        return f"\n\n> Le {_fr_when(q.when, 'iphone')}, {q.from_name} <{q.from_addr}> a écrit :\n>\n{_prefix(q.body)}"
    if client == "thunderbird":
        return f"\n\nLe {q.when:%d/%m/%Y à %H:%M}, {q.from_name} a écrit :\n{_prefix(q.body)}"
    return f"\n\nLe {_fr_when(q.when, 'gmail')}, {q.from_name} <{q.from_addr}> a écrit :\n\n{_prefix(q.body)}"


def forward_text(client: str, q: Quoted) -> str:
    if client in ("outlook", "outlook_html"):
        return (f"\n\n-----Message d'origine-----\nDe : {q.from_name} <{q.from_addr}>\n"
                f"Envoyé : {_fr_when(q.when, 'outlook')}\nÀ : {q.to_addr}\nObjet : {q.subject}\n\n{q.body}")
    if client in ("webmail_laposte", "webmail_orange"):
        return (f"\n\n----- Mail transféré -----\nDe: \"{q.from_name}\" <{q.from_addr}>\nÀ: {q.to_addr}\n"
                f"Envoyé: {_fr_when(q.when, 'zimbra')}\nObjet: {q.subject}\n\n{q.body}")
    if client == "thunderbird":
        return (f"\n\n-------- Message transféré --------\nSujet : \t{q.subject}\nDate : \t{q.when:%a, %d %b %Y %H:%M:%S +0100}\n"
                f"De : \t{q.from_name} <{q.from_addr}>\nPour : \t{q.to_addr}\n\n{q.body}")
    return (f"\n\n---------- Forwarded message ---------\nDe : {q.from_name} <{q.from_addr}>\n"
            f"Date: {_fr_when(q.when, 'gmail')}\nSubject: {q.subject}\nTo: {q.to_addr}\n\n{q.body}")


def full_text(m: Mail) -> str:
    text = m.body
    if m.client == "iphone" and "Envoyé de mon iPhone" not in text:
        text += "\n\nEnvoyé de mon iPhone"
    if m.forwarded:
        text += forward_text(m.client, m.forwarded)
    for q in m.quoted:
        text += quote_text(m.client, q)
    return text


def to_html(text: str, client: str) -> str:
    paras = text.split("\n")
    if client == "outlook_html" or client == "outlook":
        body = "".join(f'<p class="MsoNormal">{html.escape(p) or "&nbsp;"}<o:p></o:p></p>\n' for p in paras)
        return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
                'content="text/html; charset=utf-8"><style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; '
                'font-family:"Calibri",sans-serif;} --></style></head><body lang="FR"><div class="WordSection1">\n'
                + body + "</div></body></html>")
    body = "".join(f"<div>{html.escape(p) if p else '<br>'}</div>\n" for p in paras)
    return f'<html><head></head><body><div dir="ltr">\n{body}</div></body></html>'


def html_with_quote(m: Mail) -> str:
    """Outlook/Gmail HTML: the new text, then the quoted history in a blockquote or under a border."""
    own = m.body
    inner = to_html(own, m.client)
    tail = ""
    if m.forwarded:
        tail += "<div><br>" + "<br>".join(html.escape(x) for x in forward_text(m.client, m.forwarded).split("\n")) + "</div>"
    for q in m.quoted:
        qt = quote_text(m.client, q).replace("\n> ", "\n").replace("\n>", "\n")
        lines = "<br>".join(html.escape(x) for x in qt.split("\n"))
        if m.client.startswith("outlook"):
            tail += f'<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">{lines}</div>'
        else:
            tail += f'<div class="gmail_quote"><blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">{lines}</blockquote></div>'
    return inner.replace("</body>", tail + "</body>")


def date_header(when: datetime) -> str:
    return format_datetime(when)


def message_id(rng: random.Random, client: str, addr: str, when: datetime) -> str:
    dom = addr.split("@")[1]
    if client.startswith("outlook"):
        return f"<{rng.getrandbits(64):016X}{rng.getrandbits(32):08X}@{rng.choice(['PR1P264MB', 'PAZP264MB', 'MRZP264MB'])}{rng.randint(1000, 9999)}.FRAP264.PROD.OUTLOOK.COM>"
    if client == "gmail":
        return f"<CA+{rng.getrandbits(120):030x}@mail.gmail.com>"
    if client == "iphone":
        return f"<{rng.getrandbits(128):032X}@{dom}>"
    return f"<{when:%Y%m%d%H%M%S}.{rng.randint(10000, 99999)}.{rng.getrandbits(24):06x}@{dom}>"


def render(m: Mail, rng: random.Random, to_addr: str = "prestations@cdg-exemple.fr") -> bytes:
    if m.raw is not None:
        return m.raw
    text = full_text(m)
    headers = [("From", mime.address(m.from_name, m.from_addr, m.charset)), ("To", to_addr),
               ("Subject", mime.header_value(m.subject, m.charset)), ("Date", date_header(m.when)),
               ("Message-ID", m.message_id)]
    if m.quoted:
        headers.append(("In-Reply-To", f"<{rng.getrandbits(64):x}@cdg-exemple.fr>"))
    headers += m.extra_headers
    ua = {"outlook": "Microsoft Outlook 16.0", "outlook_html": "Microsoft Outlook 16.0",
          "thunderbird": "Mozilla Thunderbird", "iphone": "iPhone Mail (21E236)",
          "webmail_orange": "Webmail Orange", "webmail_laposte": "Zimbra 8.8.15_GA (ZimbraWebClient)"}.get(m.client)
    if ua:
        headers.append(("X-Mailer" if m.client != "thunderbird" else "User-Agent", ua))

    if m.client == "outlook_html":
        body = mime.text_part(html_with_quote(m), "html", m.charset, m.cte)
    elif m.client in ("outlook", "gmail", "iphone") and m.client != "scanner":
        body = mime.multipart("alternative", [mime.text_part(text, "plain", m.charset, m.cte),
                                              mime.text_part(html_with_quote(m), "html", m.charset, m.cte)], rng)
    else:
        body = mime.text_part(text, "plain", m.charset, m.cte, flowed=m.client == "thunderbird")

    if m.calendar:
        cal = mime.text_part(m.calendar, "calendar", "utf-8", "8bit")
        cal.headers[0] = ("Content-Type", 'text/calendar; charset="utf-8"; method=REQUEST')
        if body.children:
            body.children.append(cal)
        else:
            body = mime.multipart("alternative", [body, cal], rng)

    inline = [a for a in m.attachments if a.inline]
    if inline:
        body = mime.multipart("related", [body] + [mime.file_part(a.data, a.filename, a.mimetype, a.name_style,
                                                                  inline=True, content_id=a.content_id)
                                                   for a in inline], rng)
    files = [a for a in m.attachments if not a.inline]
    if files:
        body = mime.multipart("mixed", [body] + [mime.file_part(a.data, a.filename, a.mimetype, a.name_style)
                                                 for a in files], rng)
    return mime.message(headers, body)


def dsn(rng: random.Random, when: datetime, failed: str, original_subject: str) -> tuple[bytes, str, str]:
    """A delivery-status notification (multipart/report) about a reply we sent."""
    host = rng.choice(["smtp-out.cdg-exemple.fr", "mx1.cdg-exemple.fr", "relay.cdg-exemple.fr"])
    frm = f"MAILER-DAEMON@{host}"
    mid = f"<{when:%Y%m%d%H%M%S}.{rng.getrandbits(40):x}@{host}>"
    human = (f"This is the mail system at host {host}.\n\nI'm sorry to have to inform you that your message "
             f"could not be delivered to one or more recipients.\n\n<{failed}>: host said: 550 5.1.1 "
             f"User unknown\n" if rng.random() < 0.5 else
             f"Votre message n'a pas pu être remis à {failed}.\nRaison : boîte aux lettres pleine (552 5.2.2).\n")
    status = mime.Part([("Content-Type", "message/delivery-status")],
                       (f"Reporting-MTA: dns; {host}\r\n\r\nFinal-Recipient: rfc822; {failed}\r\nAction: failed\r\n"
                        f"Status: 5.1.1\r\n").encode())
    orig = (f"From: Service prestations <prestations@cdg-exemple.fr>\r\nTo: {failed}\r\n"
            f"Subject: {mime.header_value(original_subject)}\r\nDate: {date_header(when - timedelta(minutes=2))}\r\n"
            f"Message-ID: <reply.{rng.randint(1000, 9999)}@cdg-exemple.fr>\r\n")
    if rng.random() < 0.5:
        returned = mime.Part([("Content-Type", "text/rfc822-headers")], orig.encode())
    else:
        returned = mime.Part([("Content-Type", "message/rfc822")],
                             (orig + "Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour, nous avons bien reçu votre "
                              "déclaration. Il manque l'arrêt de travail.\r\n").encode("utf-8"))
    root = mime.multipart("report", [mime.text_part(human, "plain", "utf-8", "8bit"), status, returned], rng,
                          extra='; report-type="delivery-status"')
    headers = [("From", f"Mail Delivery System <{frm}>"), ("To", "prestations@cdg-exemple.fr"),
               ("Subject", rng.choice(["Undelivered Mail Returned to Sender", mime.header_value("Non remis : " + original_subject),
                                       "Delivery Status Notification (Failure)"])),
               ("Date", date_header(when)), ("Message-ID", mid), ("Auto-Submitted", "auto-replied")]
    return mime.message(headers, root), frm.lower(), mid
