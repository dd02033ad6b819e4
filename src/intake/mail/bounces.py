"""Delivery reports: who could not be reached, why, and which of our messages came back.

Mailman's flufl.bounce recognises the reports of RFC 3464 and of the many mail servers that never
followed it (Exim, qmail, Postfix, Exchange, GroupWise, Yahoo…): a maintained collection of detectors
rather than our own guesses. What it does not give (the returned message's id, the server's reason)
is read here from the report's parts."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from email.message import Message

from flufl.bounce import all_failures

from intake.mail.headers import decode_header_value, parse_msgid, unfold

try:  # the detectors in flufl's own order, run one by one (see _failures)
    from flufl.bounce._scan import _DETECTORS
except ImportError:  # a later flufl.bounce (the pin says which one this was written for)
    _DETECTORS = None

log = logging.getLogger(__name__)

_RETURNED = frozenset({"message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers"})
_STATUS = frozenset({"message/delivery-status", "message/global-delivery-status"})
_MSGID_LINE = re.compile(r"^\s*message-id\s*:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
# The server's own words: an SMTP reply (550, 5.1.1) or a sentence saying the address does not exist.
_REASON_LINE = re.compile(
    r"^.*(?:\b[45]\d\d[ -]|\b[45]\.\d{1,3}\.\d{1,3}\b|no such user|user unknown|unknown user|does not exist|mailbox unavailable"
    r"|n'existe pas|introuvable|inconnu|unzustellbar|existiert nicht).*$",
    re.IGNORECASE | re.MULTILINE,
)
_MAX_REASON = 300


@dataclass(frozen=True, slots=True)
class Bounce:
    permanent: tuple[str, ...] = ()  # recipients that will never get the mail
    temporary: tuple[str, ...] = ()  # recipients still being retried (a delay notice)
    original_ids: tuple[str, ...] = ()  # Message-IDs of the returned message(s)
    reason: str = ""  # the server's words, for the handler

    @property
    def failed(self) -> bool:
        return bool(self.permanent or self.temporary)


def _addresses(found: frozenset[bytes] | set[bytes]) -> tuple[str, ...]:
    return tuple(sorted({a.decode("ascii", "replace").strip("<>").lower() for a in found if a}))


def _text_of(part: Message) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - a broken part is skipped, not the report
        return ""
    if not isinstance(data, bytes):
        return ""
    return data.decode("utf-8", "replace")


def _textual(part: Message) -> Message | None:
    """A copy of the message with its text parts only and its headers decoded to plain strings.

    Why: the detectors walk every line of every part (36 ms a mail on the sample cases, most of it in
    base64 PDFs, 2 ms without), and two of them raise on a compat32 header holding 8-bit bytes or on a
    missing From, which in flufl's scan stops every detector after them."""
    ctype = part.get_content_type()
    if part.is_multipart():
        children = [c for c in (_textual(child) for child in part.get_payload()) if c is not None]
        if not children and not ctype.startswith("message/"):
            return None
        copy = Message()
        copy.set_payload(children)
    elif ctype.startswith(("text/", "message/")) or ctype == "application/octet-stream" and not part.get_filename():
        copy = Message()
        copy.set_payload(part.get_payload())
    else:
        return None
    for key, value in part.raw_items():
        copy[key] = unfold(str(value)).replace("\n", " ")
    return copy


def _failures(msg: Message) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """flufl.bounce's scan (most authoritative detector first, stop at the first that finds failures),
    with each detector's own crash costing that detector only."""
    light = _textual(msg)
    if light is None:
        return frozenset(), frozenset()
    if _DETECTORS is None:
        try:
            return all_failures(light)
        except Exception:  # noqa: BLE001 - a detector choking on a strange mail must not lose it
            log.info("flufl.bounce failed on a message", exc_info=True)
            return frozenset(), frozenset()
    for detector in _DETECTORS:
        try:
            temporary, permanent = detector().process(light)
        except Exception:  # noqa: BLE001 - same: this detector skips the mail, the others still look
            log.debug("flufl.bounce detector %s failed", detector.__name__, exc_info=True)
            continue
        if temporary or permanent:
            return frozenset(temporary), frozenset(permanent)
    return frozenset(), frozenset()


def read_bounce(msg: Message, own_id: str | None = None) -> Bounce:
    """What a delivery report says; an empty Bounce for any other mail. Never raises."""
    temporary, permanent = _failures(msg)
    ids: list[str] = []
    reasons: list[str] = []
    texts: list[str] = []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype in _RETURNED:
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                found = parse_msgid(str(payload[0].get("message-id") or ""))
                if found:
                    ids.append(found)
                continue
            texts.append(_text_of(part))
        elif ctype in _STATUS:
            payload = part.get_payload()
            blocks = payload if isinstance(payload, list) else []
            for block in blocks:
                if isinstance(block, Message) and block.get("diagnostic-code"):
                    reasons.append(decode_header_value(str(block.get("diagnostic-code"))))
        elif ctype.startswith("text/") and not part.is_multipart():
            texts.append(_text_of(part))
    for text in texts:
        ids.extend(_MSGID_LINE.findall(text))
        if not reasons and (line := _REASON_LINE.search(text)):
            reasons.append(line.group(0))
    own = parse_msgid(own_id) if own_id else None
    original = tuple(dict.fromkeys(i for i in ids if i != own))
    reason = " ".join(" ".join(reasons[:2]).split())[:_MAX_REASON]
    return Bounce(_addresses(permanent), _addresses(temporary - permanent), original, reason)
