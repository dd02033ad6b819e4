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

from intake.mail.headers import decode_header_value, parse_msgid

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


def read_bounce(msg: Message, own_id: str | None = None) -> Bounce:
    """What a delivery report says; an empty Bounce for any other mail. Never raises."""
    try:
        temporary, permanent = all_failures(msg)
    except Exception:  # noqa: BLE001 - a detector choking on a strange mail must not lose it
        log.warning("flufl.bounce failed on a message", exc_info=True)
        temporary, permanent = frozenset(), frozenset()
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
