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

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.store.blobs import BlobStore
from intake.store.messages import Message

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

    The same message delivered twice (same Message-ID, or same bytes) is recorded once; the
    recipients of the second delivery are added to the first.
    """
    digest = hashlib.sha256(raw).hexdigest()
    message_id, sender, subject = _header_facts(raw)
    blobs.put(raw)
    for attempt in range(2):
        with session_factory() as session:
            existing = _find(session, digest, message_id)
            if existing is not None:
                _merge_recipients(existing, envelope_to)
                session.commit()
                log.info("message %s: déjà reçu (doublon de #%s)", message_id or digest[:12], existing.id)
                return Received(existing.id, duplicate=True)
            row = Message(
                message_id=message_id, sha256=digest, size=len(raw), source=source,
                envelope_from=envelope_from, envelope_to=sorted({a.lower() for a in envelope_to}),
                from_addr=sender, subject=subject,
            )
            session.add(row)
            try:
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

    return partial(receive, get_sessionmaker(settings.database_url), BlobStore(settings.data_dir))


def _find(session: Session, digest: str, message_id: str | None) -> Message | None:
    condition = Message.sha256 == digest
    if message_id:
        condition = or_(condition, Message.message_id == message_id)
    return session.scalars(select(Message).where(condition).limit(1)).first()


def _merge_recipients(message: Message, envelope_to) -> None:
    merged = sorted(set(message.envelope_to or []) | {a.lower() for a in envelope_to})
    if merged != (message.envelope_to or []):
        message.envelope_to = merged
