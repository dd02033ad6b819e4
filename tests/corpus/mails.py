"""Generator of varied raw mails (clients, charsets, quoting, containers, automatic mail) with what a reader must find."""

from __future__ import annotations

import base64
import io
import quopri
import random
import textwrap
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime

from fpdf import FPDF

FIRST = ["Sophie", "Hélène", "Frédéric", "Jérôme", "Inès", "Benoît", "Aurélie", "François", "Zoé", "Noémie", "Loïc", "Chloé"]
LAST = ["MARTIN", "LEFÈVRE", "GIRARD", "BONNET", "FRANÇOIS", "MEYER", "DUPRÉ", "CHAZAL", "ROCHÉ", "D'ALMEIDA"]
EMPLOYERS = [("Mairie de Mende", "mairie-mende.fr"), ("CCAS de Florac", "ccas-florac.fr"), ("Mairie de Marvejols", "marvejols.fr"),
             ("EHPAD Les Genêts", "ehpad-genets.fr"), ("Commune de Langogne", "langogne.fr"), ("Mairie d'Écully", "xn--mairie-cully-bbb.fr")]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
DISCLAIMER_FR = ("Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses "
                 "destinataires. Toute utilisation non conforme à sa destination est interdite.")
ENVIRONMENT_FR = "Pensez à l'environnement : n'imprimez ce courriel que si nécessaire."


@dataclass
class MailCase:
    name: str
    raw: bytes
    automatic: bool = False
    auto_intent: bool = False  # automatic mail that the contract calls auto_reply (not bulk)
    declaration: bool = False  # a real declaration (must never be flagged automatic)
    new_contains: list[str] = field(default_factory=list)
    new_excludes: list[str] = field(default_factory=list)
    forwarded_contains: list[str] = field(default_factory=list)
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (filename, origin)
    subject: str = ""
    from_addr: str = ""
    tags: tuple[str, ...] = ()


# -- MIME building blocks (by hand, so broken variants can be made too) -----------------------------

def enc_word(text: str, charset: str = "utf-8") -> str:
    return Header(text, charset).encode(maxlinelen=76)


def b64(data: bytes) -> bytes:
    return base64.encodebytes(data)


def qp(text: str, charset: str) -> bytes:
    return quopri.encodestring(text.replace("\n", "\r\n").encode(charset)).replace(b"\r\n", b"\n")


def leaf(ctype: str, body: bytes, *, cte: str = "7bit", extra: list[str] | None = None) -> bytes:
    head = [f"Content-Type: {ctype}", f"Content-Transfer-Encoding: {cte}", *(extra or [])]
    return ("\n".join(head) + "\n\n").encode("ascii", "surrogateescape") + body


def text_leaf(text: str, charset: str = "utf-8", *, subtype: str = "plain", cte: str = "quoted-printable",
              declared: str | None = "same", flowed: bool = False) -> bytes:
    label = charset if declared == "same" else declared
    params = f"; charset=\"{label}\"" if label else ""
    params += "; format=flowed" if flowed else ""
    body = qp(text, charset) if cte == "quoted-printable" else b64(text.encode(charset)) if cte == "base64" else text.encode(charset)
    return leaf(f"text/{subtype}{params}", body, cte=cte)


def file_leaf(filename: str, data: bytes, ctype: str = "application/pdf", *, style: str = "plain", inline_cid: str = "") -> bytes:
    if style == "rfc2231":
        from urllib.parse import quote
        name = f"filename*=utf-8''{quote(filename)}"
        tname = f"name*=utf-8''{quote(filename)}"
    elif style == "rfc2047":  # what Outlook and many webmails do, against the RFC
        word = enc_word(filename).replace("\n", "")
        name, tname = f'filename="{word}"', f'name="{word}"'
    elif style == "raw8bit":
        name, tname = f'filename="{filename}"', f'name="{filename}"'
    else:
        name, tname = f'filename="{filename}"', f'name="{filename}"'
    disposition = "inline" if inline_cid else "attachment"
    extra = [f"Content-Disposition: {disposition}; {name}"] + ([f"Content-ID: <{inline_cid}>"] if inline_cid else [])
    head = f"Content-Type: {ctype}; {tname}\nContent-Transfer-Encoding: base64\n" + "\n".join(extra) + "\n\n"
    return head.encode("utf-8") + b64(data)


def multipart(subtype: str, parts: list[bytes], rng: random.Random, params: str = "") -> bytes:
    boundary = f"----=_Part_{rng.randrange(10**9)}_{rng.randrange(10**6)}"
    out = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"{params}\n\n'.encode()]
    for part in parts:
        out.append(f"--{boundary}\n".encode() + part + b"\n")
    out.append(f"--{boundary}--\n".encode())
    return b"".join(out)


def message(headers: dict[str, str], body: bytes) -> bytes:
    lines = [f"{k}: {v}" for k, v in headers.items()] + ["MIME-Version: 1.0"]
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape") + body


def one_page_pdf(title: str, lines: list[str]) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 14)
    pdf.cell(0, 10, title.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    for line in lines:
        pdf.multi_cell(0, 6, line.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def zip_bytes(members: dict[str, bytes], *, utf8_names: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 3, 12, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    raw = buffer.getvalue()
    return raw if utf8_names else raw  # zipfile sets the UTF-8 flag itself for non-ASCII names


def tnef_bytes(attachments: dict[str, bytes], body: str = "") -> bytes:
    """A minimal Outlook winmail.dat: signature, key, version, code page, body, then attachments."""
    def attr(level: int, name: int, kind: int, data: bytes) -> bytes:
        checksum = sum(data) & 0xFFFF
        return (bytes([level]) + name.to_bytes(2, "little") + kind.to_bytes(2, "little") + len(data).to_bytes(4, "little")
                + data + checksum.to_bytes(2, "little"))
    out = (0x223E9F78).to_bytes(4, "little") + (0x1234).to_bytes(2, "little")
    out += attr(1, 0x9006, 0x0008, (0x00010000).to_bytes(4, "little"))
    out += attr(1, 0x9007, 0x0006, (1252).to_bytes(4, "little") + (0).to_bytes(4, "little"))
    if body:
        out += attr(1, 0x800C, 0x0002, body.encode("cp1252") + b"\x00")
    for name, data in attachments.items():
        out += attr(2, 0x9002, 0x0006, b"\x01\x00\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00")
        out += attr(2, 0x8010, 0x0001, name.encode("cp1252") + b"\x00")
        out += attr(2, 0x800F, 0x0006, data)
    return out


# -- facts and wording --------------------------------------------------------------------------------

@dataclass
class People:
    agent: str
    sender_name: str
    employer: str
    domain: str
    local: str
    start: date
    end: date

    @property
    def sender(self) -> str:
        return f"{self.local}@{self.domain}"

    @property
    def sender_normalised(self) -> str:
        domain = self.domain.encode("ascii").decode("idna") if "xn--" in self.domain else self.domain
        return f"{self.local}@{domain}".lower()


def people(rng: random.Random) -> People:
    employer, domain = rng.choice(EMPLOYERS)
    start = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
    return People(
        agent=f"{rng.choice(LAST)} {rng.choice(FIRST)}",
        sender_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        employer=employer, domain=domain,
        local=rng.choice(["rh", "secretariat", "paie", "c.picard", "Ressources.Humaines", "accueil"]),
        start=start, end=start + timedelta(days=rng.randrange(3, 60)),
    )


def fr(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def long_fr(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def declaration_text(p: People, rng: random.Random) -> str:
    forms = [
        f"Veuillez trouver ci-joint l'arrêt de travail de {p.agent}, du {fr(p.start)} au {fr(p.end)}.",
        f"Nous vous déclarons l'accident de service dont a été victime {p.agent} le {long_fr(p.start)}.",
        f"L'agent {p.agent} est absent depuis le {fr(p.start)} (arrêt maladie jusqu'au {fr(p.end)}).",
        f"Mme {p.agent} est absente du {fr(p.start)} au {fr(p.end)} pour maladie ordinaire, l'arrêt suit.",
        f"M. {p.agent} est en arrêt depuis le {long_fr(p.start)} ; le certificat de prolongation est joint.",
        f"Je vous informe de l'absence de {p.agent} du {fr(p.start)} au {fr(p.end)} (congé de maladie).",
        f"{p.agent} a repris en temps partiel thérapeutique le {fr(p.start)}. Ci-joint l'arrêté.",
    ]
    return rng.choice(forms)


def signature(p: People, rng: random.Random, delimiter: bool) -> str:
    lines = [p.sender_name, rng.choice(["Gestionnaire RH", "Secrétaire de mairie", "Adjoint administratif"]), p.employer,
             f"Tél. : 04 66 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"]
    return ("-- \n" if delimiter else "") + "\n".join(lines)


# -- the cases ---------------------------------------------------------------------------------------

def _headers(p: People, subject: str, rng: random.Random, *, charset: str = "utf-8", extra: dict[str, str] | None = None,
             from_line: str | None = None) -> dict[str, str]:
    sent = datetime(2025, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=1))) + timedelta(minutes=rng.randrange(500000))
    name = enc_word(p.sender_name, charset) if rng.random() < 0.7 else f'"{p.sender_name}"'.encode("utf-8").decode("utf-8")
    headers = {
        "From": from_line or f"{name} <{p.sender}>",
        "To": "prestations@cdg-exemple.fr",
        "Subject": enc_word(subject, charset) if not subject.isascii() else subject,
        "Date": format_datetime(sent),
        "Message-ID": f"<{rng.randrange(10**12)}.{rng.randrange(10**6)}@{p.domain}>",
    }
    headers.update(extra or {})
    return headers


def _pdf(p: People, title: str) -> bytes:
    return one_page_pdf(title, [f"Nom : {p.agent}", f"Du {fr(p.start)} au {fr(p.end)}", "Fait pour servir et valoir ce que de droit."])


def case_client(rng: random.Random, client: str) -> MailCase:
    """A declaration as each client lays it out."""
    p = people(rng)
    text = declaration_text(p, rng)
    body = f"Bonjour Madame, Monsieur,\n\n{text}\n\nBien cordialement,\n\n"
    subject = f"Déclaration arrêt - {p.agent}"
    pdf_name = rng.choice(["Arrêt de travail.pdf", "scan_0001.pdf", f"AT {p.agent}.pdf", "Déclaration d'accident.pdf"])
    pdf = _pdf(p, "AVIS D'ARRÊT DE TRAVAIL")
    extra: dict[str, str] = {}
    files = [(pdf_name, "pièce jointe")]
    if client == "outlook":  # HTML only, MsoNormal paragraphs, logo inline, winmail.dat sometimes
        paras = "".join(f"<p class=MsoNormal>{line or '<o:p>&nbsp;</o:p>'}<o:p></o:p></p>\n" for line in body.split("\n"))
        sig = "".join(f"<p class=MsoNormal><span style='color:#1F497D'>{ln}</span></p>" for ln in signature(p, rng, False).split("\n"))
        html = f"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><style>p.MsoNormal{{margin:0cm}}</style></head><body lang=FR><div class=WordSection1>{paras}{sig}<p class=MsoNormal><img src=\"cid:image001.png@01DB\"></p></div></body></html>"
        related = multipart("related", [text_leaf(html, "windows-1252", subtype="html"),
                                        file_leaf("image001.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png", inline_cid="image001.png@01DB")], rng)
        extra["X-Mailer"] = "Microsoft Outlook 16.0"
        extra["X-Auto-Response-Suppress"] = "All" if rng.random() < 0.5 else "DR, OOF, AutoReply"
        if rng.random() < 0.5:
            parts = [related, file_leaf("winmail.dat", tnef_bytes({pdf_name: pdf}), "application/ms-tnef")]
            files = [(pdf_name, f"tnef:winmail.dat/{pdf_name}")]
        else:
            parts = [related, file_leaf(pdf_name, pdf, style="rfc2047")]
        files.insert(0, ("image001.png", "pièce jointe"))
        raw_body = multipart("mixed", parts, rng)
    elif client == "gmail":
        html = "".join(f"<div>{ln or '<br>'}</div>" for ln in body.split("\n"))
        html += f'<div><span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature">{signature(p, rng, False).replace(chr(10), "<br>")}</div></div>'
        alt = multipart("alternative", [text_leaf(body + signature(p, rng, True), "utf-8"), text_leaf(f'<div dir="ltr">{html}</div>', "utf-8", subtype="html")], rng)
        raw_body = multipart("mixed", [alt, file_leaf(pdf_name, pdf, style="rfc2231")], rng)
    elif client == "thunderbird":
        extra["User-Agent"] = "Mozilla Thunderbird"
        flowed = "\n".join(" \n".join(textwrap.wrap(line, 40)) if line else "" for line in body.split("\n"))
        raw_body = multipart("mixed", [text_leaf(flowed + signature(p, rng, True), "utf-8", cte="8bit", flowed=True),
                                       file_leaf(pdf_name, pdf, style="rfc2231")], rng)
    elif client == "apple":
        extra["X-Mailer"] = "Apple Mail (2.3774.600.62)"
        html = f"<html><body style=\"word-wrap: break-word;\"><div>{body.replace(chr(10), '<br>')}</div><div><br></div></body></html>"
        inner = multipart("mixed", [text_leaf(html, "utf-8", subtype="html"), file_leaf(pdf_name, pdf, style="raw8bit"),
                                    text_leaf("<html><body><div><br></div></body></html>", "utf-8", subtype="html")], rng)
        raw_body = multipart("alternative", [text_leaf(body, "utf-8"), inner], rng)
    elif client == "openxchange":
        extra["X-Mailer"] = "Open-Xchange Mailer v7.10.6-Rev52"
        raw_body = multipart("mixed", [text_leaf(body + signature(p, rng, False), "iso-8859-1"),
                                       file_leaf(pdf_name, pdf, style="rfc2231")], rng)
    else:  # laposte / orange webmail: HTML in a layout table, text alternative
        html = f"<table width=\"100%\"><tr><td><p>{body.replace(chr(10), '<br>')}</p><p>{signature(p, rng, False).replace(chr(10), '<br>')}</p></td></tr></table>"
        alt = multipart("alternative", [text_leaf(body, "iso-8859-1"), text_leaf(html, "iso-8859-1", subtype="html")], rng)
        raw_body = multipart("mixed", [alt, file_leaf(pdf_name, pdf)], rng)
    raw = message(_headers(p, subject, rng, extra=extra), raw_body)
    return MailCase(f"client-{client}", raw, declaration=True, new_contains=[text], subject=subject,
                    from_addr=p.sender_normalised, attachments=files, tags=("client", client))


def case_charset(rng: random.Random, variant: str) -> MailCase:
    """The same plain declaration in every charset, declared right or wrong."""
    p = people(rng)
    text = f"Bonjour,\n\nL’arrêt de {p.agent} — prolongé du {fr(p.start)} au {fr(p.end)} — est joint. Œuvre élève « été ».\n\nCordialement"
    declared, codec = {
        "utf-8": ("utf-8", "utf-8"), "latin-1": ("iso-8859-1", "cp1252"), "cp1252": ("windows-1252", "cp1252"),
        "undeclared": (None, "cp1252"), "utf8-as-latin1": ("iso-8859-1", "utf-8"), "latin1-as-utf8": ("utf-8", "cp1252"),
        "undeclared-utf8": (None, "utf-8"), "unknown-8bit": ("unknown-8bit", "cp1252"),
    }[variant]
    body = text.encode(codec)
    params = f'; charset="{declared}"' if declared else ""
    raw = message(_headers(p, f"Arrêt {p.agent}", rng), leaf(f"text/plain{params}", body, cte="8bit"))
    return MailCase(f"charset-{variant}", raw, declaration=True, new_contains=["L’arrêt", "« été »", "Œuvre", "—"],
                    subject=f"Arrêt {p.agent}", from_addr=p.sender_normalised, tags=("charset", variant))


def case_mojibake(rng: random.Random) -> MailCase:
    p = people(rng)
    text = f"Bonjour,\n\nVeuillez trouver la déclaration de l'arrêt de {p.agent}.\n\nCordialement"
    broken = text.encode("utf-8").decode("cp1252", "replace")
    raw = message(_headers(p, "Déclaration", rng), text_leaf(broken, "utf-8"))
    return MailCase("mojibake", raw, declaration=True, new_contains=["déclaration de l'arrêt"], new_excludes=["Ã"], tags=("charset", "mojibake"))


QUOTED_ASK = "Pouvez-vous nous transmettre le certificat médical initial ? Sans ce document le dossier reste incomplet."


def case_reply(rng: random.Random, style: str) -> MailCase:
    """A reply above (or below) quoted history, as each client writes the history."""
    p = people(rng)
    new = f"Bonjour,\n\nVoici le certificat demandé pour {p.agent}, arrêt du {fr(p.start)}.\n\nCordialement,\n{p.sender_name}"
    if style == "gmail-fr":
        history = f"Le mer. 12 mars 2025 à 10:02, Service prestations <\nprestations@cdg-exemple.fr> a écrit :\n\n> Bonjour,\n> {QUOTED_ASK}\n"
    elif style == "thunderbird-fr":
        history = f"Le 12/03/2025 à 10:02, Service prestations a écrit :\n> Bonjour,\n>\n> {QUOTED_ASK}\n>\n> -- \n> Service prestations"
    elif style == "gmail-en":
        history = f"On Wed, Mar 12, 2025 at 10:02 AM Service prestations <prestations@cdg-exemple.fr> wrote:\n\n> {QUOTED_ASK}\n"
    elif style == "outlook-fr":
        history = (f"________________________________\nDe : Service prestations <prestations@cdg-exemple.fr>\n"
                   f"Envoyé : mercredi 12 mars 2025 10:02\nÀ : {p.sender}\nObjet : Pièces manquantes\n\nBonjour,\n\n{QUOTED_ASK}\n")
    elif style == "outlook-en":
        history = (f"From: Service prestations <prestations@cdg-exemple.fr>\nSent: Wednesday, March 12, 2025 10:02 AM\n"
                   f"To: {p.sender}\nSubject: Pièces manquantes\n\n{QUOTED_ASK}\n")
    elif style == "origine":
        history = (f"-----Message d'origine-----\nDe : prestations@cdg-exemple.fr\nEnvoyé : mercredi 12 mars 2025 10:02\n"
                   f"À : {p.sender}\nObjet : RE: Pièces manquantes\n\n{QUOTED_ASK}\n")
    elif style == "orange":
        history = f"> Message du 12/03/25 10:02\n> De : prestations@cdg-exemple.fr\n> A : {p.sender}\n> Objet : Pièces\n>\n> {QUOTED_ASK}\n"
    else:  # bottom-posting with interleaved quote
        history = ""
        new = f"Le 12/03/2025 à 10:02, Service prestations a écrit :\n> {QUOTED_ASK}\n\nVoici le certificat demandé pour {p.agent}.\n\nCordialement"
    body = f"{new}\n\n{history}" if history else new
    raw = message(_headers(p, "RE: Pièces manquantes", rng, extra={"In-Reply-To": "<relance.1@cdg-exemple.fr>",
                                                                    "References": "<decl.1@cdg-exemple.fr> <relance.1@cdg-exemple.fr>"}),
                  text_leaf(body, "utf-8"))
    return MailCase(f"reply-{style}", raw, declaration=True, new_contains=["Voici le certificat demandé"],
                    new_excludes=["Sans ce document"], subject="RE: Pièces manquantes", tags=("reply", style))


def case_forward(rng: random.Random, style: str) -> MailCase:
    """A forwarded message: its text is content, not history."""
    p = people(rng)
    inner = f"Bonjour,\n\nJe suis malade, voici mon arrêt du {fr(p.start)} au {fr(p.end)}.\n\n{p.agent}"
    head = {
        "thunderbird": f"-------- Message transféré --------\nSujet : Mon arrêt\nDate : {fr(p.start)} 08:12\nDe : {p.agent} <agent@gmail.com>\nPour : {p.sender}\n",
        "gmail": f"---------- Forwarded message ---------\nDe : {p.agent} <agent@gmail.com>\nDate: mer. 12 mars 2025 à 08:12\nSubject: Mon arrêt\nTo: <{p.sender}>\n",
        "apple": f"Début du message réexpédié :\n\n> De: {p.agent} <agent@gmail.com>\n> Objet: Mon arrêt\n> Date: 12 mars 2025 à 08:12:00 UTC+1\n> À: {p.sender}\n>\n",
        "outlook": f"________________________________\nDe : {p.agent} <agent@gmail.com>\nEnvoyé : mercredi 12 mars 2025 08:12\nÀ : {p.sender}\nObjet : TR: Mon arrêt\n",
        "zimbra": f"----- Mail transféré -----\nDe: \"{p.agent}\" <agent@gmail.com>\nÀ: {p.sender}\nEnvoyé: Mercredi 12 Mars 2025 08:12:00\nObjet: Mon arrêt\n",
    }[style]
    body_inner = "\n".join(f"> {ln}" if ln else ">" for ln in inner.split("\n")) if style == "apple" else inner
    body = f"Pour déclaration, voir ci-dessous.\n\n{head}\n{body_inner}\n"
    subject = "TR: Mon arrêt" if style == "outlook" else "Fwd: Mon arrêt"
    raw = message(_headers(p, subject, rng), text_leaf(body, "utf-8"))
    return MailCase(f"forward-{style}", raw, declaration=True, new_contains=["Pour déclaration"], new_excludes=["Je suis malade"],
                    forwarded_contains=["Je suis malade, voici mon arrêt"], subject=subject, tags=("forward", style))


def case_attached_eml(rng: random.Random) -> MailCase:
    p = people(rng)
    pdf = _pdf(p, "CERTIFICAT MÉDICAL")
    inner = message({"From": f"{p.agent} <agent@gmail.com>", "To": p.sender, "Subject": enc_word("Mon arrêt de travail"),
                     "Date": "Wed, 12 Mar 2025 08:12:00 +0100", "Message-ID": "<inner.1@gmail.com>"},
                    multipart("mixed", [text_leaf("Bonjour, voici mon certificat pour l'arrêt.", "utf-8"),
                                        file_leaf("certificat.pdf", pdf)], rng))
    as_file = rng.random() < 0.5
    attached = (file_leaf("Mon arrêt.eml", inner, "application/octet-stream", style="rfc2231") if as_file
                else leaf("message/rfc822", inner, cte="8bit", extra=['Content-Disposition: attachment; filename="Mon arret.eml"']))
    name = "Mon arrêt.eml" if as_file else "Mon arret.eml"
    raw = message(_headers(p, "TR: Mon arrêt de travail", rng), multipart("mixed", [text_leaf("Ci-joint le message de l'agent.", "utf-8"), attached], rng))
    return MailCase("attached-eml", raw, declaration=True, forwarded_contains=["voici mon certificat"],
                    attachments=[("certificat.pdf", f"eml:{name}/certificat.pdf")], tags=("container", "eml"))


def case_zip(rng: random.Random, variant: str) -> MailCase:
    p = people(rng)
    pdf = _pdf(p, "AVIS D'ARRÊT DE TRAVAIL")
    if variant == "ok":
        data = zip_bytes({"dossier/arrêt.pdf": pdf, "dossier/déclaration.pdf": _pdf(p, "DÉCLARATION D'ACCIDENT"), "__MACOSX/._x": b"x"})
        expected = [("arrêt.pdf", "zip:pieces.zip/dossier/arrêt.pdf"), ("déclaration.pdf", "zip:pieces.zip/dossier/déclaration.pdf")]
        problems = False
    elif variant == "bomb":
        data = zip_bytes({"arret.pdf": pdf, "big.txt": b"0" * (30 * 1024 * 1024)})
        expected, problems = [("pieces.zip", "pièce jointe")], True
    elif variant == "nested":
        data = zip_bytes({"a.zip": zip_bytes({"b.zip": zip_bytes({"c.zip": zip_bytes({"d.zip": zip_bytes({"arret.pdf": pdf})})})})})
        expected, problems = [("c.zip", "zip:pieces.zip/zip:a.zip/zip:b.zip/c.zip")], True  # depth 3 reached
    elif variant == "corrupt":
        data = zip_bytes({"arret.pdf": pdf})[:-40] + b"\x00" * 10
        expected, problems = [("pieces.zip", "pièce jointe")], True
    else:  # many
        data = zip_bytes({f"scan{i:03}.txt": b"x" for i in range(300)})
        expected, problems = [("pieces.zip", "pièce jointe")], True
    raw = message(_headers(p, "Pièces du dossier", rng), multipart("mixed", [text_leaf(f"Pièces pour {p.agent} en archive.", "utf-8"),
                                                                              file_leaf("pieces.zip", data, "application/zip")], rng))
    return MailCase(f"zip-{variant}", raw, declaration=True, attachments=expected, tags=("container", "zip", "problem" if problems else "ok"))


# -- automatic mail and the declarations that must not look like it ----------------------------------

OOO_BODIES = [
    "Bonjour,\n\nJe suis absente du {a} au {b} inclus. En cas d'urgence, merci de contacter le secrétariat au 04 66 00 00 00.\n\nCordialement",
    "Je suis actuellement absent et je n'aurai pas accès à mes courriels. Je prendrai connaissance de votre message à mon retour le {b}.",
    "Bonjour, je serai absent(e) jusqu'au {b}. Pour toute urgence, vous pouvez contacter ma collègue.",
    "Ceci est une réponse automatique. Votre message a bien été reçu et sera traité dans les meilleurs délais.",
    "Hello,\n\nI am out of the office until {b} with limited access to email. In case of emergency, please contact the front desk.",
    "Bonjour,\nJe suis en congés du {a} au {b}. Votre message ne sera pas transféré.\nRetour prévu le {b}.",
    "Je suis en formation aujourd'hui. Je traiterai votre demande à mon retour.",
]
OOO_SUBJECTS = ["Réponse automatique : {s}", "Absence du bureau : {s}", "Automatic reply: {s}", "Out of Office: {s}",
                "Message d'absence", "RE: {s}", "{s}", "Auto: {s}", "Absent du bureau"]


def case_out_of_office(rng: random.Random, n: int) -> MailCase:
    p = people(rng)
    a, b = fr(p.start), fr(p.end)
    body = OOO_BODIES[n % len(OOO_BODIES)].format(a=a, b=b)
    subject = rng.choice(OOO_SUBJECTS).format(s="Relance pièces justificatives")
    style = n % 6
    extra: dict[str, str] = {}
    if style == 0:
        extra["Auto-Submitted"] = rng.choice(["auto-replied", "auto-generated"])
    elif style == 1:
        extra["X-Autoreply"] = "yes"
        extra["Precedence"] = rng.choice(["bulk", "junk", "auto_reply"])
    elif style == 2:  # Exchange: suppress header and wording in subject/body only
        extra["X-Auto-Response-Suppress"] = "All"
        extra["X-MS-Exchange-Inbox-Rules-Loop"] = p.sender
    elif style == 3:
        extra["X-Autorespond"] = "true"
    elif style == 4:
        extra["Return-Path"] = "<>"
    # style 5: nothing but the wording: subject and body must tell
    quoted = "\n\n> Bonjour,\n> " + QUOTED_ASK + "\n> Service prestations" if rng.random() < 0.4 else ""
    raw = message(_headers(p, subject, rng, extra=extra), text_leaf(body + quoted, rng.choice(["utf-8", "iso-8859-1"])))
    return MailCase(f"ooo-{n}-style{style}", raw, automatic=True, auto_intent=True, subject=subject, tags=("automatic", "ooo", f"style{style}"))


def case_bounce(rng: random.Random, style: str) -> MailCase:
    p = people(rng)
    original = ("From: Service prestations <prestations@cdg-exemple.fr>\nTo: x@laposte.net\nSubject: Relance\n"
                "Message-ID: <relance.9@cdg-exemple.fr>\n\nRelance : pièces manquantes.\n").encode()
    status = b"Reporting-MTA: dns; mx1.cdg-exemple.fr\n\nFinal-Recipient: rfc822; x@laposte.net\nAction: failed\nStatus: 5.1.1\n"
    if style in ("postfix", "exchange-fr", "gmail"):
        human = {"postfix": "This is the mail system at host mx1.\n\nI'm sorry to have to inform you that your message could not be delivered.",
                 "exchange-fr": "Votre message n'a pas pu être remis à x@laposte.net car l'adresse est introuvable.",
                 "gmail": "Address not found\n\nYour message wasn't delivered to x@laposte.net because the address couldn't be found."}[style]
        body = multipart("report", [text_leaf(human, "utf-8"), leaf("message/delivery-status", status),
                                    leaf("message/rfc822", original) if style != "postfix" else leaf("text/rfc822-headers", original)],
                         rng, params='; report-type="delivery-status"')
        sender = {"postfix": "MAILER-DAEMON@mx1.cdg-exemple.fr", "exchange-fr": "postmaster@outlook.fr",
                  "gmail": "mailer-daemon@googlemail.com"}[style]
        subject = {"postfix": "Undelivered Mail Returned to Sender", "exchange-fr": "Non remis : Relance",
                   "gmail": "Delivery Status Notification (Failure)"}[style]
    elif style == "qmail":  # no report structure: the sender and wording tell
        body = text_leaf("Hi. This is the qmail-send program at mail.example.fr.\nI'm afraid I wasn't able to deliver your message.", "us-ascii")
        sender, subject = "MAILER-DAEMON@mail.example.fr", "failure notice"
    else:  # read receipt (MDN)
        body = multipart("report", [text_leaf("Votre message a été lu.", "utf-8"),
                                    leaf("message/disposition-notification", b"Final-Recipient: rfc822; rh@x.fr\nDisposition: manual-action/MDN-sent-manually; displayed\n")],
                         rng, params='; report-type="disposition-notification"')
        sender, subject = p.sender, "Lu : Relance pièces justificatives"
    raw = message(_headers(p, subject, rng, from_line=sender), body)
    return MailCase(f"bounce-{style}", raw, automatic=True, auto_intent=True, subject=subject, tags=("automatic", "bounce", style))


def case_bulk(rng: random.Random, n: int) -> MailCase:
    p = people(rng)
    extra = [{"Precedence": "bulk", "List-Unsubscribe": "<https://lettre.example/u>"}, {"List-Id": "<rh-territoriale.listes.example>"},
             {"Precedence": "list", "List-Id": "<agents.cdg>"}][n % 3]
    raw = message(_headers(p, "Lettre d'information n° 12", rng, extra=extra, from_line="Lettre RH <lettre@rh-info.example>"),
                  text_leaf("Dans ce numéro : le point d'indice, les congés de maladie, le webinaire absentéisme.", "utf-8"))
    return MailCase(f"bulk-{n}", raw, automatic=True, auto_intent=False, tags=("automatic", "bulk"))


ABSENCE_DECLARATIONS = [
    "Bonjour,\n\nL'agent {x} est absent depuis le {a}, en arrêt maladie jusqu'au {b}. L'arrêt de travail est joint.\n\nCordialement",
    "Bonjour,\n\nMme {x} est absente du {a} au {b} (congé de maladie ordinaire). En cas d'urgence vous pouvez me joindre au 04 66 00 00 00.\n\nCordialement",
    "Bonjour,\n\nJe serai absente la semaine prochaine ; je vous transmets donc dès aujourd'hui l'arrêt de {x} du {a} au {b}.\nPour toute urgence, contactez ma collègue.\n\nBien à vous",
    "Madame, Monsieur,\n\n{x} est en arrêt depuis le {a}, absent du bureau jusqu'au {b}. Pièces jointes : arrêt initial.\n\nCordialement",
    "Bonjour,\n\nSuite à son accident de service, {x} sera absent jusqu'au {b}. Je suis absente demain mais joignable par mail.\n\nCordialement",
    "Bonjour,\n\nJe suis en arrêt depuis le {a} jusqu'au {b}, voici mon avis d'arrêt de travail.\n\n{x}",
    "Bonjour,\n\nAbsence de {x} : congé de maternité à compter du {a}. Certificat de grossesse ci-joint.\n\nCordialement",
    "Bonjour,\n\nNous vous informons que {x} est absent du {a} au {b} suite à un accident de trajet. La déclaration suit.\n\nSalutations",
]
DECLARATION_SUBJECTS = ["Absence de {x}", "Arrêt maladie {x}", "Déclaration d'absence - {x}", "RE: Absence {x}",
                        "Absence du {a} au {b}", "Prolongation arrêt {x}", "TR: arrêt {x}"]


def case_absence_declaration(rng: random.Random, n: int) -> MailCase:
    """A real declaration that speaks of absence: the verdict must say human."""
    p = people(rng)
    values = {"x": p.agent, "a": fr(p.start), "b": fr(p.end)}
    body = ABSENCE_DECLARATIONS[n % len(ABSENCE_DECLARATIONS)].format(**values)
    subject = DECLARATION_SUBJECTS[n % len(DECLARATION_SUBJECTS)].format(**values)
    extra = {"X-Auto-Response-Suppress": "All", "X-Mailer": "Microsoft Outlook 16.0"} if n % 3 == 0 else {}
    with_pdf = n % 2 == 0
    parts = [text_leaf(body, rng.choice(["utf-8", "iso-8859-1", "windows-1252"]))]
    if with_pdf:
        parts.append(file_leaf("arret.pdf", _pdf(p, "AVIS D'ARRÊT DE TRAVAIL")))
    raw = message(_headers(p, subject, rng, extra=extra), multipart("mixed", parts, rng) if with_pdf else parts[0])
    return MailCase(f"absence-declaration-{n}", raw, declaration=True, subject=subject, from_addr=p.sender_normalised,
                    attachments=[("arret.pdf", "pièce jointe")] if with_pdf else [], tags=("declaration", "absence"))


CLIENTS = ("outlook", "gmail", "thunderbird", "apple", "openxchange", "webmail")
CHARSETS = ("utf-8", "latin-1", "cp1252", "undeclared", "utf8-as-latin1", "latin1-as-utf8", "undeclared-utf8", "unknown-8bit")
REPLIES = ("gmail-fr", "thunderbird-fr", "gmail-en", "outlook-fr", "outlook-en", "origine", "orange", "bottom")
FORWARDS = ("thunderbird", "gmail", "apple", "outlook", "zimbra")
BOUNCES = ("postfix", "exchange-fr", "gmail", "qmail", "mdn")


def corpus(seed: int = 7, *, automatic: int = 60, declarations: int = 60) -> list[MailCase]:
    """The whole generated corpus: every client, charset, quoting style, container and automatic style."""
    rng = random.Random(seed)
    cases = [case_client(rng, c) for c in CLIENTS]
    cases += [case_charset(rng, v) for v in CHARSETS] + [case_mojibake(rng)]
    cases += [case_reply(rng, s) for s in REPLIES] + [case_forward(rng, s) for s in FORWARDS]
    cases += [case_attached_eml(rng)] + [case_zip(rng, v) for v in ("ok", "bomb", "nested", "corrupt", "many")]
    cases += [case_out_of_office(rng, n) for n in range(automatic)] + [case_bounce(rng, s) for s in BOUNCES]
    cases += [case_bulk(rng, n) for n in range(3)]
    cases += [case_absence_declaration(rng, n) for n in range(declarations)]
    return cases
