"""The MIME tree walked once: body text pieces, files, attached messages and report/calendar marks."""

from __future__ import annotations

import binascii
import email
import email.errors
import email.feedparser
import email.policy
import quopri
import re
from dataclasses import dataclass, field
from email.message import Message

from intake.mail.charset import decode_bytes
from intake.mail.headers import decode_header_value, unfold
from intake.mail.html import html_to_text

_SIGNATURE_TYPES = frozenset({"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature"})
_ENCRYPTED_TYPES = frozenset({"application/pkcs7-mime", "application/x-pkcs7-mime", "application/pgp-encrypted"})
_REPORT_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status", "message/disposition-notification"})
_HEADERS_ONLY = frozenset({"text/rfc822-headers", "message/global-headers"})
# Whole messages inside a message: message/news is the Usenet twin of message/rfc822 (RFC 5537 obsoletes
# it, clients still send it) and was kept as an empty unnamed file.
_MESSAGE_TYPES = frozenset({"message/rfc822", "message/global", "message/news"})
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.IGNORECASE)
# Placeholders that some clients put in the text/plain alternative of an HTML mail.
_STUB_PLAIN = re.compile(
    r"(?:version|format|message)\s+(?:au\s+format\s+)?html|html\s+(?:message|version|format)|ne\s+(?:prend|supporte)\s+pas\s+le\s+html"
    r"|this\s+is\s+a\s+multi-?part\s+message|does\s+not\s+support\s+html|afficher\s+ce\s+message\s+dans\s+(?:un|votre)\s+navigateur",
    re.IGNORECASE,
)
_HEADERISH = re.compile(rb"^(?:[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n)+", re.ASCII)
# Parts inside parts (multipart in multipart, message/rfc822 in message/rfc822) the parser opens. The
# stdlib's parser recurses once per level (two frames here): ~1 000 levels raised RecursionError and the
# whole message ended as raw text. Real mails nest a few levels per forward; 100 leaves the walk and
# whatever runs it ample stack.
MAX_PART_DEPTH = 100
TOO_DEEP_NOTE = "trop de parties imbriquées : le reste n'est pas lu"


@dataclass(slots=True)
class FoundFile:
    filename: str
    content_type: str
    data: bytes
    inline: bool = False  # shown inside the HTML body (cid: logo, picture)


@dataclass(slots=True)
class Walked:
    """Everything found in one message (not inside its attached messages: those are listed apart)."""

    body: list[str] = field(default_factory=list)  # text pieces, in order
    body_html: list[str] = field(default_factory=list)  # raw HTML of the chosen HTML parts
    files: list[FoundFile] = field(default_factory=list)
    messages: list[tuple[str, Message]] = field(default_factory=list)  # (name, attached message)
    report: bool = False
    report_type: str = ""
    delivery_status: bool = False
    calendar: bool = False
    problems: list[str] = field(default_factory=list)


class TooDeep(email.errors.MessageDefect):
    """The part sits MAX_PART_DEPTH levels down: its headers are read, its body kept unparsed."""


class _BoundedParser(email.feedparser.BytesFeedParser):
    """The stdlib parser, which opens nested parts by calling _parsegen again: past MAX_PART_DEPTH a
    part's body is read as plain text (headers-only mode) and the part marked TooDeep."""

    _depth = 0

    def _parsegen(self):  # type: ignore[override]
        self._depth += 1
        headers_only = self._headersonly
        too_deep = self._depth > MAX_PART_DEPTH
        try:
            if too_deep:
                self._headersonly = True
            yield from super()._parsegen()
            if too_deep and self._cur is not None:
                self._cur.defects.append(TooDeep())
        finally:
            self._headersonly = headers_only
            self._depth -= 1


def _parse(raw: bytes, policy: email.policy.Policy) -> Message:
    parser = _BoundedParser(policy=policy)
    parser.feed(raw)
    return parser.close()


_LEADING_JUNK = re.compile(rb"\A(?:\xef\xbb\xbf|[ \t]*\r?\n)+")
_MBOX_FROM = re.compile(rb"\AFrom [^\r\n]*\r?\n")


def strip_leading_junk(raw: bytes) -> bytes:
    """What some tools put before the headers: a UTF-8 byte-order mark, blank lines, an mbox "From "
    line. Left in place, the parser reads every header as body and the mail has no sender nor subject."""
    raw = _LEADING_JUNK.sub(b"", raw, count=1)
    return _LEADING_JUNK.sub(b"", _MBOX_FROM.sub(b"", raw, count=1), count=1)


def parse_bytes(raw: bytes) -> Message:
    """The MIME tree with raw header values. compat32 rather than policy.default: every value is
    decoded here anyway (with charset repair that policy.default lacks: it turns undeclared 8-bit
    bytes into U+FFFD), and its header objects cost half the reading time (benchmarks/bench_reading.py)."""
    return _parse(raw, email.policy.compat32)


def parse_bytes_strict(raw: bytes) -> Message:
    """The modern parser: a second chance when the first reading of a broken message fails."""
    return _parse(raw, email.policy.default)


def too_deep(part: Message) -> bool:
    return any(isinstance(defect, TooDeep) for defect in getattr(part, "defects", ()))


def raw_header(part: Message, name: str) -> str | None:
    """A header's value as the sender wrote it (the policy's own decoding is lossy on 8-bit bytes)."""
    lowered = name.lower()
    for key, value in part.raw_items():
        if key.lower() == lowered:
            return str(value)
    return None


# An encoded RFC 2231 segment cut inside a %-escape (« …m%C3%A9dical%; filename*1*=20N… »): some mailers
# cut at a fixed length. The standard decodes each segment alone, which leaves « %20 » in the name.
_CUT_ESCAPE = re.compile(r"(\*\d+\*=[^;\s]*?)(%[0-9A-Fa-f]?)(\s*;\s*[\w.-]+\*\d+\*=)")


def _joined_escapes(raw: str) -> str:
    """`raw` with each escape cut at a segment's end moved to the start of the next segment."""
    for _ in range(raw.count("%")):
        joined = _CUT_ESCAPE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), raw)
        if joined == raw:
            break
        raw = joined
    return raw


def _param_value(raw: str, param: str) -> str:
    """One parameter of a Content-Type/-Disposition value, RFC 2231 and RFC 2047 decoded."""
    # a bare Message holding the header: running the whole feed parser for it cost 5 % of `intake parse`
    holder = Message()
    holder["X-P"] = _joined_escapes(raw) if "*=" in raw else raw
    try:
        value = holder.get_param(param, header="x-p")
        if isinstance(value, tuple):
            value = email.utils.collapse_rfc2231_value(value, errors="replace", fallback_charset="utf-8")
    except Exception:  # a broken continuation: the parameter is lost, not the message
        return ""
    return decode_header_value(str(value)) if value else ""


def filename_of(part: Message) -> str:
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        raw = raw_header(part, header)
        if raw:
            name = _param_value(unfold(raw), param)
            if name:
                return name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return ""


def payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if data is None:
        payload = part.get_payload()
        if isinstance(payload, str):
            return payload.encode("utf-8", "surrogateescape")
        return b""
    return data


_QUOTE_MARKS = re.compile(r"^>+")


def _flowed(text: str, delsp: bool) -> str:
    """RFC 3676 §4: join the soft-broken lines of format=flowed text.

    Each line's quote depth (its leading '>') is counted and removed, then its stuffed space (§4.4).
    A line ending in a space flows into the next one only when both have the same depth (§4.5): a
    quoted "> Bonjour " followed by the new "Merci" are two lines of two authors, never one."""
    out: list[str] = []
    buffer = ""
    buffer_depth = -1  # depth of the paragraph being joined; -1 when none is open

    def emit(depth: int, content: str) -> None:
        out.append(f"{'>' * depth} {content}" if depth else content)

    for line in text.split("\n"):
        marks = _QUOTE_MARKS.match(line)
        depth = len(marks.group(0)) if marks else 0
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing, or the space after the quote marks
        if buffer_depth >= 0 and depth != buffer_depth:
            emit(buffer_depth, buffer.rstrip(" "))  # a depth change ends the paragraph (§4.5)
            buffer, buffer_depth = "", -1
        if content.endswith(" ") and content.rstrip() != "--":
            buffer += content[:-1] if delsp else content
            buffer_depth = depth
            continue
        emit(depth, buffer + content)
        buffer, buffer_depth = "", -1
    if buffer_depth >= 0:
        emit(buffer_depth, buffer.rstrip(" "))
    return "\n".join(out)


def text_of(part: Message, problems: list[str]) -> str:
    """Decoded text of a text/plain or text/html part (HTML converted)."""
    data = payload_bytes(part)
    ctype = part.get_content_type()
    declared = part.get_param("charset")
    declared = str(declared) if declared and not isinstance(declared, tuple) else None
    if ctype == "text/html" and not declared:
        meta = _META_CHARSET.search(data[:4096])
        declared = meta.group(1).decode("ascii") if meta else None
    decoded = decode_bytes(data, declared)
    if decoded.problem:
        problems.append(f"{ctype} : {decoded.problem}")
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if ctype == "text/html":
        return html_to_text(text)
    if str(part.get_param("format") or "").lower() == "flowed":
        text = _flowed(text, str(part.get_param("delsp") or "").lower() == "yes")
    return text


def _is_attached(part: Message) -> bool:
    return (part.get_content_disposition() == "attachment") or bool(filename_of(part))


def _real_plain(plain: str, html: str) -> bool:
    words = len(plain.split())
    if not words or (words < 40 and _STUB_PLAIN.search(plain)):
        return False
    html_words = len(html.split())
    return html_words < 20 or words >= 0.5 * html_words


class Walker:
    def __init__(self) -> None:
        self.out = Walked()
        self._resplit = 0

    def walk(self, part: Message) -> Walked:
        self._part(part)
        return self.out

    def _part(self, part: Message) -> None:
        if too_deep(part):
            self.out.problems.append(TOO_DEEP_NOTE)
            return
        ctype = part.get_content_type()
        if ctype.startswith("multipart/") and not part.is_multipart():
            self._unsplit(part, ctype)
            return
        if part.is_multipart() and not ctype.startswith("message/"):
            if ctype == "multipart/alternative":
                self._alternative(part)
            elif ctype == "multipart/report":
                self._report(part)
            elif ctype == "multipart/encrypted":
                self.out.problems.append("message chiffré : contenu illisible")
            else:
                for child in part.get_payload():
                    self._part(child)
            self._after_close(part)
            return
        self._leaf(part, ctype)

    def _after_close(self, part: Message) -> None:
        """Parts written after the multipart's close delimiter. A client that gives a nested multipart its
        parent's boundary closes the parent with the child's « --boundary-- »: whatever follows (the attached
        file, often) falls into the epilogue, which readers drop. Parts found there are read like the others."""
        epilogue, boundary = part.epilogue, part.get_boundary()
        if not (isinstance(epilogue, str) and boundary) or self._resplit >= _MAX_RESPLIT:
            return
        data = epilogue.encode("ascii", "surrogateescape")
        if not re.search(rb"(?m)^--" + re.escape(boundary.encode("ascii", "replace")) + rb"[ \t]*\r?$", data):
            return
        self._resplit += 1
        again = parse_bytes(f"Content-Type: multipart/mixed; boundary=\"{boundary}\"\n\n".encode("ascii", "replace") + data)
        if not again.is_multipart() or not again.get_payload():
            return
        self.out.problems.append("parties MIME écrites après le délimiteur de fin : lues quand même")
        for child in again.get_payload():
            self._part(child)
        self._after_close(again)

    def _unsplit(self, part: Message, ctype: str) -> None:
        """A multipart whose delimiter the parser did not find (a boundary with 8-bit characters, which the
        header reading turns into U+FFFD, or no boundary at all): split again on the delimiter lines the body
        itself uses, else read the body as text, rather than keep the whole message as a nameless file."""
        data = payload_bytes(part)
        found = _DELIMITER.search(data) if self._resplit < _MAX_RESPLIT else None
        if found:
            self._resplit += 1  # hostile mail nesting broken multiparts: a few re-splits, then text
            token = found.group(1)
            ascii_data = re.sub(rb"(?m)^--" + re.escape(token) + rb"(--)?[ \t]*(?=\r?$)",
                                lambda m: b"--" + _RECOVERED + (m.group(1) or b""), data)
            again = parse_bytes(f"Content-Type: {ctype}; boundary=\"{_RECOVERED.decode()}\"\n\n".encode() + ascii_data)
            if again.is_multipart():
                self.out.problems.append("délimiteur des parties MIME introuvable tel que déclaré : parties relues d'après le texte")
                self._part(again)
                return
        self.out.problems.append("message en plusieurs parties sans délimiteur lisible : lu comme texte")
        self.out.body.append(decode_bytes(data, None).text)

    def _alternative(self, part: Message) -> None:
        """Choose the plain text when it is real, else the richest version; keep the files of every version."""
        plain: str | None = None
        rich: str | None = None
        for child in part.get_payload():
            ctype = child.get_content_type()
            if ctype == "text/plain" and plain is None and not _is_attached(child):
                plain = text_of(child, self.out.problems)
            elif ctype == "text/calendar":
                self.out.calendar = True
            elif ctype == "text/html" or child.is_multipart():
                sub = Walker().walk(child)  # e.g. Apple Mail's multipart/mixed of HTML and inline files
                self._merge(sub)
                if ctype == "text/html" and _is_attached(child):
                    continue
                rich = "\n\n".join(piece.strip("\n") for piece in sub.body if piece.strip())
            else:
                self._part(child)
        if plain is not None and (_real_plain(plain, rich or "") or not (rich or "").strip()):
            self.out.body.append(plain)
        elif rich is not None:
            self.out.body.append(rich)

    def _merge(self, sub: Walked) -> None:
        self.out.body_html.extend(sub.body_html)
        self.out.files.extend(sub.files)
        self.out.messages.extend(sub.messages)
        self.out.problems.extend(sub.problems)
        self.out.calendar |= sub.calendar
        self.out.report |= sub.report
        self.out.delivery_status |= sub.delivery_status
        self.out.report_type = self.out.report_type or sub.report_type

    def _report(self, part: Message) -> None:
        self.out.report = True
        self.out.report_type = str(part.get_param("report-type") or "")
        children = part.get_payload()
        for index, child in enumerate(children):
            ctype = child.get_content_type()
            if ctype in _REPORT_TYPES:
                self.out.delivery_status = True
            elif index == 0:
                self._part(child)  # the human-readable explanation
            elif not ctype.startswith("message/") and ctype not in _HEADERS_ONLY and filename_of(child):
                self._part(child)  # a report sent as a named file (TLS-RPT's .json.gz): an attachment like any other
            # the returned message or its headers: neither attachments nor content

    def _leaf(self, part: Message, ctype: str) -> None:
        filename = filename_of(part)
        disposition = part.get_content_disposition()
        if ctype in _REPORT_TYPES:
            self.out.delivery_status = True
            return
        if ctype in _HEADERS_ONLY or ctype in _SIGNATURE_TYPES:
            return
        if ctype in _ENCRYPTED_TYPES:
            self.out.problems.append("message chiffré : contenu illisible")
            return
        if ctype in _MESSAGE_TYPES:
            self._attached_message(part, filename)
            return
        if ctype == "message/external-body":
            # RFC 2046: only a pointer (an FTP site, a URL) to a file kept elsewhere; nothing of it is in the mail.
            where = filename or str(part.get_param("url") or part.get_param("site") or "")
            self.out.problems.append(f"fichier cité hors du message (message/external-body{f' : {where}' if where else ''}) : non joint")
            return
        if ctype == "message/partial":
            self.out.problems.append("message envoyé en plusieurs fragments (message/partial) : fragment non lu")
            return
        if ctype in ("text/plain", "text/html") and disposition != "attachment" and not filename:
            self.out.body.append(text_of(part, self.out.problems))
            if ctype == "text/html":
                self.out.body_html.append(payload_bytes(part).decode("utf-8", "replace"))
            return
        if ctype == "text/calendar" and disposition != "attachment":
            self.out.calendar = True
            return
        data = payload_bytes(part)
        if filename.lower().endswith(".eml") and _HEADERISH.match(data.lstrip()[:4096]):
            self.out.messages.append((filename, parse_bytes(data)))
            return
        has_cid = bool(raw_header(part, "content-id"))
        self.out.files.append(FoundFile(filename, ctype, data, inline=has_cid and disposition != "attachment"))

    def _attached_message(self, part: Message, filename: str) -> None:
        payload = part.get_payload()
        cte = str(part.get("content-transfer-encoding") or "").strip().lower()
        if isinstance(payload, list) and payload and cte not in _ENCODED:
            inner = payload[0]
        else:
            data = _message_bytes(part, payload, cte)
            if not data.strip():
                self.out.problems.append(f"message joint {filename or 'sans nom'} vide ou illisible (encodage {cte or '7bit'})")
                return
            inner = parse_bytes(data)
        if not filename:
            subject = decode_header_value(raw_header(inner, "subject")) or "message"
            filename = f"{subject[:60]}.eml"
        self.out.messages.append((filename, inner))


_ENCODED = ("base64", "quoted-printable")
_DELIMITER = re.compile(rb"(?m)^--(?=[^\r\n]*[^\s-])(\S[^\r\n]*?)[ \t]*\r?$")
_RECOVERED = b"intake-recovered-boundary"
_MAX_RESPLIT = 4


def _message_bytes(part: Message, payload: object, cte: str) -> bytes:
    """The bytes of an attached message sent base64 or quoted-printable (RFC 2046 forbids it, Outlook and
    some gateways do it). The parser has already opened such a part as a message whose body is the encoded
    text, so that text is put back together and decoded here rather than read as a message of nothing."""
    if not isinstance(payload, list):
        return payload_bytes(part)
    if not payload:
        return b""
    holder = payload[0]
    head = "".join(f"{key}: {value}\n" for key, value in holder.raw_items())
    body = holder.get_payload()
    encoded = (head + ("\n" if head else "") + body) if isinstance(body, str) else ""
    raw = encoded.encode("ascii", "ignore")
    if cte == "base64":
        raw = re.sub(rb"[^A-Za-z0-9+/]", b"", raw)
        raw = raw[: len(raw) - len(raw) % 4]  # a truncated last quantum is dropped, not the whole message
        try:
            return binascii.a2b_base64(raw)
        except binascii.Error:
            return b""
    return quopri.decodestring(raw)
