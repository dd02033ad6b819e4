"""Raw RFC 5322 bytes to one ReadMessage: headers, the new text apart from history, attachments with kinds."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import zipfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.message import Message

from intake.documents import DocumentText, KindGuess, Page, classify, read_document
from intake.mail import containers, outlook
from intake.mail.automatic import AutomaticVerdict, MailFacts, judge
from intake.mail.bounces import Bounce, read_bounce
from intake.mail.charset import decode_bytes
from intake.mail.headers import (
    Address,
    decode_header_value,
    parse_addresses,
    parse_date,
    parse_msgid,
    parse_msgids,
    parse_reply_to,
)
from intake.mail.html import html_to_text
from intake.mail.parts import FoundFile, Walked, Walker, parse_bytes, parse_bytes_strict, raw_header, strip_leading_junk
from intake.mail.quoting import Forwarded, split_body

log = logging.getLogger(__name__)

DIRECT = "pièce jointe"
_SMALL_INLINE_IMAGE = 20 * 1024  # an inline picture this small is a logo or a signature banner


@dataclass(slots=True)
class Attachment:
    filename: str  # decoded, accents kept; "" when the part carries no name
    content_type: str
    size: int
    sha256: str
    data: bytes = field(repr=False)
    origin: str  # "pièce jointe", "zip:dossier.zip/arret.pdf", "eml:message.eml/arret.pdf", "tnef:winmail.dat/x.pdf"
    document: DocumentText
    kind: KindGuess
    inline: bool = False  # shown inside the HTML body rather than attached

    @property
    def ocr(self) -> bool:
        return self.document.ocr


@dataclass(slots=True)
class ReadMessage:
    message_id: str | None = None
    from_addr: str = ""  # lowercased, domain in Unicode
    from_addr_ascii: str = ""  # the same, domain in punycode
    from_name: str = ""
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    reply_to: list[Address] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    auto_submitted: str | None = None  # the Auto-Submitted header value, when present
    body_text: str = ""  # the whole body as text
    new_text: str = ""  # what the sender wrote now
    quoted: str = ""  # quoted history
    signature: str = ""
    disclaimer: str = ""
    invitation: bool = False  # a calendar invitation's part was there (a meeting request, not pieces)
    forwarded: list[Forwarded] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    automatic: AutomaticVerdict = field(default_factory=lambda: AutomaticVerdict(False))
    problems: list[str] = field(default_factory=list)  # French notes on broken input
    headers: dict[str, list[str]] = field(default_factory=dict)  # lowercased name → decoded values
    bounce: Bounce = field(default_factory=Bounce)  # what a delivery report says (empty for other mail)

    @property
    def reading_notes(self) -> list[str]:
        """What could not be read, in French, for the handlers: broken parts and unreadable attachments
        (an inline logo left unread is no news)."""
        unread = [f"{a.filename or a.origin} : {a.document.unreadable}" for a in self.attachments
                  if a.document.unreadable and not a.inline]
        return list(dict.fromkeys([*self.problems, *unread]))

    @property
    def content_text(self) -> str:
        """The sender's new text followed by every forwarded message: what later stages read."""
        pieces = [self.new_text] + [f.text for f in self.forwarded]
        return "\n\n".join(p for p in pieces if p.strip())


def _document_of(found: FoundFile) -> DocumentText:
    if found.content_type in ("text/plain", "text/csv", "text/html") or found.filename.lower().endswith((".txt", ".csv")):
        text = decode_bytes(found.data, None).text
        if found.content_type == "text/html" or found.filename.lower().endswith((".htm", ".html")):
            text = html_to_text(text)
        return DocumentText(pages=[Page(number=1, text=text, width=0.0, height=0.0)])
    if found.inline and found.content_type.startswith("image/") and len(found.data) < _SMALL_INLINE_IMAGE:
        return DocumentText(unreadable="petite image insérée dans le texte (logo, signature) : non lue")
    return read_document(found.filename, found.data, found.content_type)


def _attachment(found: FoundFile, origin: str, document: DocumentText | None = None) -> Attachment:
    document = document if document is not None else _document_of(found)
    try:
        kind = classify(found.filename, document)
    except Exception:  # classification is advisory: never lose the message for it
        log.exception("document classification failed")
        kind = KindGuess("autre", 0.0, ("classification impossible",))
    return Attachment(
        filename=found.filename,
        content_type=found.content_type,
        size=len(found.data),
        sha256=hashlib.sha256(found.data).hexdigest(),
        data=found.data,
        origin=origin,
        document=document,
        kind=kind,
        inline=found.inline,
    )


class _Reader:
    """Reads one message and, within the limits, the messages and archives inside it."""

    def __init__(self, limits: containers.UnpackLimits) -> None:
        self.budget = containers.Budget(limits)
        self.problems: list[str] = []

    def files(self, found: FoundFile, prefix: str, depth: int, out: ReadMessage, path: str = "") -> None:
        """One file: a container is opened (its members listed), anything else read and classified."""
        origin = f"{prefix}{path or found.filename}" if prefix else DIRECT
        is_zip = containers.is_zip(found.content_type, found.filename, found.data)
        is_tnef = containers.is_tnef(found.content_type, found.filename, found.data)
        if not (is_zip or is_tnef) and outlook.is_msg(found.content_type, found.filename, found.data):
            self.outlook_item(found, origin, prefix, depth, out)
            return
        if not (is_zip or is_tnef):
            out.attachments.append(_attachment(found, origin))
            return
        label = "zip" if is_zip else "tnef"
        try:
            if depth >= self.budget.limits.max_depth:
                raise containers.LimitExceeded("trop de niveaux d'archives imbriquées")
            unpacked = (containers.unzip if is_zip else containers.untnef)(found.data, self.budget)
        except containers.LimitExceeded as exc:
            self._unreadable(found, origin, f"{found.filename or label} non ouvert : {exc}", out)
            return
        except (zipfile.BadZipFile, ValueError, EOFError, OSError, IndexError, KeyError, RuntimeError, NotImplementedError) as exc:
            self._unreadable(found, origin, f"{found.filename or label} illisible ({type(exc).__name__})", out)
            return
        if is_tnef and not unpacked.members and not (unpacked.body_text or unpacked.body_html):
            self._unreadable(found, origin, f"{found.filename or label} : aucune pièce ni texte lisible", out)
            return
        if is_tnef and (unpacked.body_text or unpacked.body_html) and not out.body_text.strip():
            out.body_text = unpacked.body_text or html_to_text(unpacked.body_html)
        inner_prefix = f"{prefix}{label}:{found.filename or label}/"
        for member in unpacked.members:
            inner = FoundFile(member.name.rsplit("/", 1)[-1], _guess_type(member.name), member.data)
            if member.unreadable:
                out.attachments.append(_attachment(inner, inner_prefix + member.name, DocumentText(unreadable=member.unreadable)))
            elif member.name.lower().endswith(".eml"):
                self.message(parse_bytes(member.data), inner_prefix + member.name, depth + 1, out)
            else:
                self.files(inner, inner_prefix, depth + 1, out, path=member.name)

    def outlook_item(self, found: FoundFile, origin: str, prefix: str, depth: int, out: ReadMessage) -> None:
        """An Outlook .msg: a forwarded mail like an attached .eml (its text forwarded content, its files listed)."""
        name = found.filename or "message.msg"
        try:
            if depth >= self.budget.limits.max_depth:
                raise containers.LimitExceeded("trop de niveaux d'archives imbriquées")
            item = outlook.unmsg(found.data, self.budget)
        except containers.LimitExceeded as exc:
            self._unreadable(found, origin, f"{name} non ouvert : {exc}", out)
            return
        except ValueError as exc:
            self._unreadable(found, origin, f"{name} illisible : {exc}", out)
            return
        self.problems.extend(item.problems)
        out.forwarded.append(Forwarded(text=item.body_text, headers=item.headers, origin=f"msg:{name}"))
        inner_prefix = f"{prefix}msg:{name}/"
        for member in item.members:
            inner = FoundFile(member.name, _guess_type(member.name), member.data)
            self.files(inner, inner_prefix, depth + 1, out, path=member.name)

    def _unreadable(self, found: FoundFile, origin: str, reason: str, out: ReadMessage) -> None:
        self.problems.append(reason)
        out.attachments.append(_attachment(found, origin, DocumentText(unreadable=reason)))

    def message(self, inner: Message, name: str, depth: int, out: ReadMessage) -> None:
        """An attached message: its text is forwarded content, its files are listed with their origin."""
        if depth > self.budget.limits.max_depth:
            self.problems.append(f"{name} non ouvert : trop de messages imbriqués")
            return
        nested = ReadMessage()
        self.fill(inner, nested, depth, prefix=f"eml:{name}/")
        headers = {k: v for k, v in (("from", raw_header(inner, "from")), ("date", raw_header(inner, "date")),
                                     ("to", raw_header(inner, "to")), ("subject", raw_header(inner, "subject"))) if v}
        decoded = {k: decode_header_value(v) for k, v in headers.items()}
        out.forwarded.append(Forwarded(text=nested.body_text.strip(), headers=decoded, origin=f"eml:{name}"))
        out.forwarded.extend(nested.forwarded)
        out.attachments.extend(nested.attachments)

    def fill(self, msg: Message, out: ReadMessage, depth: int, prefix: str = "") -> Walked:
        walked = Walker().walk(msg)
        self.problems.extend(walked.problems)
        out.body_text = "\n\n".join(piece.strip("\n") for piece in walked.body if piece.strip())
        # An invitation's inline calendar part never reaches the files (the walker marks it); an .ics sent
        # as an attachment beside it (as Gmail does) carries a file name: it is an attachment like any other.
        out.invitation |= walked.calendar or any(f.filename.lower().endswith(".ics") for f in walked.files)
        for found in walked.files:
            self.files(found, prefix, depth, out)
        for name, inner in walked.messages:
            self.message(inner, name, depth + 1, out)
        return walked


def _guess_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _headers(msg: Message) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in msg.raw_items():
        found.setdefault(key.lower(), []).append(decode_header_value(str(value)))
    return found


def _read(raw: bytes, msg: Message, limits: containers.UnpackLimits) -> ReadMessage:
    reader = _Reader(limits)
    out = ReadMessage(headers=_headers(msg))
    first = lambda name: raw_header(msg, name)  # noqa: E731
    out.message_id = parse_msgid(first("message-id"))
    senders = parse_addresses(first("from")) or parse_addresses(first("sender")) or parse_addresses(first("return-path"))
    if senders:
        out.from_addr, out.from_addr_ascii, out.from_name = senders[0].addr, senders[0].addr_ascii, senders[0].name
    else:
        reader.problems.append("expéditeur absent ou illisible")
    out.to, out.cc = (parse_addresses(first(h)) for h in ("to", "cc"))
    out.reply_to = parse_reply_to(first("reply-to"))
    out.subject = decode_header_value(first("subject"))
    out.date = parse_date(first("date"))
    if first("date") and out.date is None:
        reader.problems.append("date d'envoi illisible")
    out.in_reply_to = parse_msgids(first("in-reply-to"))
    out.references = parse_msgids(first("references"))
    auto = first("auto-submitted")
    out.auto_submitted = decode_header_value(auto).strip() if auto else None
    walked = reader.fill(msg, out, depth=0)
    parts = split_body(out.body_text, subject=out.subject, replied=bool(out.in_reply_to or out.references),
                       recipients=[a.addr for a in out.to + out.cc])
    out.new_text, out.quoted, out.signature, out.disclaimer = parts.new_text, parts.quoted, parts.signature, parts.disclaimer
    out.forwarded = parts.forwarded + out.forwarded
    facts = MailFacts(
        headers=out.headers, content_type="multipart/report" if walked.report else msg.get_content_type(),
        report_type=walked.report_type, has_delivery_status=walked.delivery_status, from_addr=out.from_addr, from_name=out.from_name, subject=out.subject, new_text=out.new_text,
        # The sender's logo shown in the HTML (as Outlook adds to its out-of-office too) brings no piece.
        has_attachments=any(a.filename and not (a.inline and a.content_type.startswith("image/")) for a in out.attachments))
    out.automatic = judge(facts)
    if out.automatic.signals:
        # flufl.bounce's detectors read every line of the mail (a fifth of `intake parse`'s time when run on
        # all): only mail that already shows a sign of a robot (sender, headers, subject, wording, report) is
        # scanned for failed recipients, which then count in the verdict and mark our own bounced replies.
        out.bounce = read_bounce(msg, own_id=out.message_id)
        if out.bounce.failed:
            out.automatic = judge(replace(facts, failed_recipients=len(out.bounce.permanent) + len(out.bounce.temporary)))
    out.problems = list(dict.fromkeys(reader.problems))
    return out


def _unwrap_outlook_item(raw: bytes, limits: containers.UnpackLimits) -> tuple[bytes, str | None]:
    """A mail saved from Outlook as a .msg file and handed over as the message itself (a drag to the desktop,
    then `intake parse`): no RFC 822 text at all, its bytes an OLE file that would be read as garbage text."""
    if not raw.startswith(outlook.OLE_MAGIC):
        return raw, None
    try:
        return outlook.as_mime(raw, containers.Budget(limits)), "fichier Outlook (.msg) lu comme le courriel qu'il contient"
    except Exception as exc:  # noqa: BLE001 - a damaged item is read as it is, never lost
        log.warning("outlook item unreadable (%s)", type(exc).__name__)
        return raw, f"fichier Outlook (.msg) illisible ({type(exc).__name__})"


def read_message(raw: bytes, *, limits: containers.UnpackLimits | None = None) -> ReadMessage:
    """Never raises on bad input: a message one parser cannot take is read again with the other."""
    limits = limits or containers.UnpackLimits()
    raw = strip_leading_junk(raw)
    raw, note = _unwrap_outlook_item(raw, limits)
    try:
        read = _read(raw, parse_bytes(raw), limits)
        read.problems[:0] = [note] if note else []
        return read
    except Exception as exc:  # noqa: BLE001 - broken mail is the normal case here
        log.warning("message unreadable with compat32 (%s); retrying with policy.default", type(exc).__name__)
        first_error = f"première analyse MIME impossible ({type(exc).__name__}), relue avec l'analyseur strict"
    try:
        read = _read(raw, parse_bytes_strict(raw), limits)
        read.problems.insert(0, first_error)
        return read
    except Exception as exc:  # noqa: BLE001
        log.exception("message unreadable")
        text = decode_bytes(raw, None).text
        return ReadMessage(body_text=text, new_text=text, problems=[first_error, f"message illisible ({type(exc).__name__})"])
