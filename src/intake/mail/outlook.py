"""Outlook items saved as .msg (an OLE compound file of MAPI properties), read with olefile (BSD).

A collectivité forwards a colleague's mail by dragging it into a new one: the agent's declaration is
then a .msg attachment, its text and files inside. extract-msg reads these but is GPL-3, which would
bind every deployment of intake; the few properties needed are read here from the documented stream
names ([MS-OXMSG] §2.1: "__substg1.0_<property id><type>")."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import SMTP, compat32

import olefile

from intake.mail.containers import Budget, Member

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UNICODE, _STRING8, _BINARY = "001F", "001E", "0102"
_SUBJECT, _SENDER_NAME, _SENDER_SMTP, _SENDER_EMAIL, _TO = "0037", "0C1A", "5D01", "0C1F", "0E04"
_BODY, _HTML, _RTF = "1000", "1013", "1009"
_ATTACH_DATA, _ATTACH_LONG_NAME, _ATTACH_NAME = "3701", "3707", "3704"
_TRANSPORT_HEADERS = "007D"  # the Internet headers the item arrived with (PR_TRANSPORT_MESSAGE_HEADERS)
# Headers of the arrived mail that describe its MIME body, which the item no longer has: rebuilt, not copied.
_BODY_HEADERS = ("content-", "mime-version")


@dataclass(slots=True)
class OutlookItem:
    headers: dict[str, str] = field(default_factory=dict)  # from, to, subject
    body_text: str = ""
    members: list[Member] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    transport_headers: str = ""  # the Internet headers as received, when the item came by mail


def is_msg(content_type: str, filename: str, data: bytes) -> bool:
    if not data.startswith(OLE_MAGIC):
        return False
    if filename.lower().endswith(".msg") or content_type in ("application/vnd.ms-outlook", "application/x-msg"):
        return True
    try:
        with olefile.OleFileIO(data) as ole:
            return ole.exists("__properties_version1.0") and ole.exists(f"__substg1.0_{_SUBJECT}{_UNICODE}")
    except (OSError, ValueError, IndexError, TypeError):
        return False


def _read(ole: olefile.OleFileIO, prefix: str, prop: str) -> bytes | str | None:
    for kind in (_UNICODE, _STRING8, _BINARY):
        path = f"{prefix}__substg1.0_{prop}{kind}"
        if ole.exists(path):
            raw = ole.openstream(path).read()
            if kind == _UNICODE:
                return raw.decode("utf-16-le", "replace").rstrip("\x00")
            if kind == _STRING8:
                return raw.decode("cp1252", "replace").rstrip("\x00")
            return raw
    return None


def _text(value: bytes | str | None) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value or ""


def _body(ole: olefile.OleFileIO) -> str:
    body = _text(_read(ole, "", _BODY)).strip()
    if body:
        return body
    html = _read(ole, "", _HTML)
    if html:
        from intake.mail.html import html_to_text

        return html_to_text(_text(html)).strip()
    rtf = _read(ole, "", _RTF)
    if isinstance(rtf, bytes) and rtf:
        from compressed_rtf import decompress

        from intake.documents.office import rtf_text

        return rtf_text(decompress(rtf)).strip()
    return ""


def unmsg(data: bytes, budget: Budget) -> OutlookItem:
    """The item's headers, text and attachments; raises ValueError when the file is not a readable item,
    LimitExceeded when its attachments pass the message's budget."""
    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError, IndexError, TypeError) as exc:
        raise ValueError(f"fichier Outlook endommagé ({type(exc).__name__})") from exc
    with ole:
        item = OutlookItem()
        sender = _text(_read(ole, "", _SENDER_SMTP)) or _text(_read(ole, "", _SENDER_EMAIL))
        name = _text(_read(ole, "", _SENDER_NAME))
        item.transport_headers = _text(_read(ole, "", _TRANSPORT_HEADERS))
        item.headers = {k: v for k, v in (
            ("from", f"{name} <{sender}>" if name and sender else name or sender),
            ("to", _text(_read(ole, "", _TO))), ("subject", _text(_read(ole, "", _SUBJECT))),
        ) if v}
        item.body_text = _body(ole).replace("\r\n", "\n").replace("\r", "\n")
        storages = sorted({entry[0] for entry in ole.listdir(streams=True, storages=True)
                           if entry and entry[0].startswith("__attach_version1.0_")})
        for storage in storages:
            prefix = f"{storage}/"
            filename = _text(_read(ole, prefix, _ATTACH_LONG_NAME)) or _text(_read(ole, prefix, _ATTACH_NAME)) or "piece-jointe"
            payload = _read(ole, prefix, _ATTACH_DATA)
            if not isinstance(payload, bytes):
                item.problems.append(f"« {filename} » : pièce Outlook imbriquée (message ou objet) non lue")
                continue
            budget.take(len(payload), filename)
            item.members.append(Member(filename.replace("\\", "/").rsplit("/", 1)[-1], payload))
    return item


def as_mime(data: bytes, budget: Budget) -> bytes:
    """An Outlook item saved as a file (« Enregistrer sous… ») rebuilt as the mail it was: its Internet headers
    when it arrived by mail (else From, To, Subject), its text, its attachments. Raises as `unmsg`."""
    item = unmsg(data, budget)
    message = EmailMessage(policy=SMTP)
    kept = []
    if item.transport_headers:
        parsed = BytesParser(policy=compat32).parsebytes(item.transport_headers.encode("utf-8", "replace"), headersonly=True)
        kept = [(k, v) for k, v in parsed.raw_items() if not k.lower().startswith(_BODY_HEADERS)]
    if not kept:
        kept = [(k.capitalize(), v) for k, v in item.headers.items()]
    for name, value in kept:
        message[name] = str(value).replace("\r", "").replace("\n", " ")
    message.set_content(item.body_text or "", subtype="plain", charset="utf-8")
    for member in item.members:
        message.add_attachment(member.data, maintype="application", subtype="octet-stream", filename=member.name)
    return message.as_bytes()
