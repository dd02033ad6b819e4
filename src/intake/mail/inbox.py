"""The inbox: raw bytes into the blob store and a `received` row, committed before we say yes."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from functools import partial

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.store.blobs import BlobStore, blob_store
from intake.store.messages import Message
from intake.store.notify import notify_received

log = logging.getLogger(__name__)
_HEADERS = BytesHeaderParser(policy=compat32)


@dataclass(frozen=True, slots=True)
class Received:
    id: int
    duplicate: bool


def _header_facts(raw: bytes) -> tuple[str | None, str | None, str | None]:
    """Message-ID, sender address and subject, read leniently: broken headers must not refuse a mail.

    Decoded as the reader decodes them (intake.mail.headers): raw UTF-8 headers (RFC 6532) were stored
    as « S\ufffd\ufffdying » where `intake parse` read « Søying », and a byte-order mark before the
    headers left the row without sender or subject."""
    from intake.mail.headers import decode_header_value, unfold
    from intake.mail.parts import raw_header, strip_leading_junk

    # raw_header, not .get(): compat32's .get() turns 8-bit bytes into U+FFFD before we can decode them.
    headers = _HEADERS.parsebytes(strip_leading_junk(raw))
    message_id = " ".join(unfold(raw_header(headers, "Message-ID") or "").split()) or None
    addresses = getaddresses([unfold(raw_header(headers, "From") or "")])
    sender = addresses[0][1].strip().lower() if addresses and addresses[0][1] else None
    subject = raw_header(headers, "Subject")
    if subject is not None:
        subject = decode_header_value(subject)
    # PostgreSQL refuses NUL in text: a header carrying one (raw or encoded) must not make us answer 451
    # to that mail for ever.
    message_id, sender, subject = (v.replace("\x00", "") if v else v for v in (message_id, sender, subject))
    return (message_id[:998] if message_id else None), (sender[:320] if sender else None), subject


# What makes two deliveries one mail: who wrote it, to whom, when, about what, and its body. Trace fields
# (Received, Return-Path, Delivered-To, Authentication-Results…) differ between two paths of the same mail.
_ORIGIN_FIELDS = ("message-id", "from", "sender", "to", "cc", "subject", "date", "content-type",
                  "content-transfer-encoding", "mime-version")


def content_digest(raw: bytes) -> str:
    """sha256 of the mail as its author wrote it: the origin header fields and the body, line ends and
    trailing blanks normalised. Office scanners reuse Message-IDs: only this tells a resend from a new mail."""
    text = raw.replace(b"\r\n", b"\n")
    head, _, body = text.partition(b"\n\n")
    headers = _HEADERS.parsebytes(head + b"\n\n")
    digest = hashlib.sha256()
    for name in _ORIGIN_FIELDS:
        for value in headers.get_all(name, []):
            digest.update(name.encode() + b":" + " ".join(str(value).split()).encode("utf-8", "surrogateescape")
                          + b"\n")
    digest.update(b"\n")
    lines = [line.rstrip() for line in body.split(b"\n")]
    while lines and not lines[-1]:
        lines.pop()
    digest.update(b"\n".join(lines))
    return digest.hexdigest()


def receive(
    session_factory,
    blobs: BlobStore,
    raw: bytes,
    *,
    source: str,
    envelope_from: str | None = None,
    envelope_to: list[str] | tuple[str, ...] = (),
) -> Received:
    """Store `raw` and record it once. Raises on any failure, before which nothing is committed.

    The same message delivered twice (same bytes, or the same Message-ID and the same content_digest) is
    recorded once; the recipients of the second delivery are added to the first. Another mail reusing a
    Message-ID is a new message.
    """
    digest = hashlib.sha256(raw).hexdigest()
    content = content_digest(raw)
    message_id, sender, subject = _header_facts(raw)
    blobs.put(raw)
    for attempt in range(2):
        with session_factory() as session:
            existing = _find(session, digest, message_id, content)
            if existing is not None:
                _merge_recipients(existing, envelope_to)
                session.commit()
                log.info("message %s: déjà reçu (doublon de #%s)", message_id or digest[:12], existing.id)
                return Received(existing.id, duplicate=True)
            row = Message(
                message_id=message_id, sha256=digest, content_sha256=content, size=len(raw), source=source,
                envelope_from=envelope_from, envelope_to=sorted({a.lower() for a in envelope_to}),
                from_addr=sender, subject=subject,
            )
            session.add(row)
            try:
                session.flush()
                notify_received(session)
                session.commit()
            except IntegrityError:
                # Two deliveries of one message raced; the other won: record ours as its duplicate.
                session.rollback()
                if attempt:
                    raise
                continue
            log.info("message %s: reçu (#%s, %s, %d octets)", message_id or digest[:12], row.id, source, len(raw))
            return Received(row.id, duplicate=False)
    raise RuntimeError("unreachable")


def inbox_for(settings) -> Callable[..., Received]:
    """`receive` bound to the configured database and blob store."""
    from intake.store.db import get_sessionmaker

    return partial(receive, get_sessionmaker(settings.database_url), blob_store(settings))


def _find(session: Session, digest: str, message_id: str | None, content: str) -> Message | None:
    condition = Message.sha256 == digest
    if message_id:
        condition = or_(condition, and_(Message.message_id == message_id, Message.content_sha256 == content))
    return session.scalars(select(Message).where(condition).limit(1)).first()


def _merge_recipients(message: Message, envelope_to) -> None:
    merged = sorted(set(message.envelope_to or []) | {a.lower() for a in envelope_to})
    if merged != (message.envelope_to or []):
        message.envelope_to = merged
