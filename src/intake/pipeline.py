"""Processing of received messages: the stages in order, one leased message at a time, failures kept."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from intake.settings import get_settings
from intake.store.blobs import BlobStore
from intake.store.messages import Message, MessageStatus

log = logging.getLogger(__name__)


@dataclass
class Work:
    """What the stages share for one message."""

    message: Message
    raw: bytes
    session: Session
    blobs: BlobStore
    settings: Any
    read: Any = None
    understanding: Any = None
    analysis: dict[str, Any] | None = None
    drafted: Any = None
    notes: list[str] = field(default_factory=list)


def read_stage(work: Work) -> None:
    from intake.mail.read import read_message

    work.read = read_message(work.raw)


def understand_stage(work: Work) -> None:
    from intake.registry import current_registry
    from intake.rules import get_rules
    from intake.understand.claims import understand_message
    from intake.understand.contract import analysis_to_contract

    work.understanding = understand_message(work.read, current_registry(work.settings.database_url))
    work.analysis = analysis_to_contract(work.read, work.understanding, rules=get_rules())


def draft_stage(work: Work) -> None:
    from intake.drafting import draft
    from intake.rules import get_rules

    work.drafted = draft(work.session, message=work.message, read=work.read, understanding=work.understanding,
                         rules=get_rules(), settings=work.settings, blobs=work.blobs)
    work.notes.extend(note for change in work.drafted.claims for note in change.notes)


def reply_stage(work: Work) -> None:
    from intake.answering import answer
    from intake.rules import get_rules

    _queued, silent = answer(work.session, message=work.message, read=work.read, intent=work.analysis["intent"],
                             drafted=work.drafted, rules=get_rules(), settings=work.settings)
    if silent:
        work.notes.append(f"pas de réponse : {silent}")


# Order lives in data: each stage reads what the ones before it left in Work.
STAGES: tuple[Callable[[Work], None], ...] = (read_stage, understand_stage, draft_stage, reply_stage)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _claimable(now: datetime):
    return or_(
        Message.status == MessageStatus.RECEIVED,
        and_(Message.status == MessageStatus.PROCESSING, Message.lease_until < now),
    )


def _lease(settings: Any) -> timedelta:
    return timedelta(seconds=(settings or get_settings()).worker_lease_seconds)


def claim_next(factory: sessionmaker[Session], *, now: datetime | None = None,
               lease: timedelta | None = None) -> int | None:
    """Take the oldest message waiting (or abandoned by a dead worker) and lease it to this worker
    (for `lease`, by default settings.worker_lease_seconds)."""
    now = now or _now()
    lease = lease or _lease(None)
    with factory() as session:
        query = select(Message.id).where(_claimable(now)).order_by(Message.id).limit(1)
        if session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        message_id = session.scalar(query)
        if message_id is None:
            return None
        # The conditional update is what makes the claim exclusive on SQLite, where there is no
        # row locking: only one worker sees rowcount 1.
        taken = session.execute(
            update(Message)
            .where(Message.id == message_id, _claimable(now))
            .values(status=MessageStatus.PROCESSING, lease_until=now + lease, attempts=Message.attempts + 1)
        ).rowcount
        session.commit()
        return message_id if taken == 1 else None


def process(factory: sessionmaker[Session], blobs: BlobStore, message_id: int, *, settings: Any = None) -> str:
    """Run every stage on a leased message; returns its final status."""
    try:
        with factory() as session:
            message = session.get(Message, message_id)
            work = Work(message=message, raw=blobs.get(message.sha256), session=session, blobs=blobs,
                        settings=settings or get_settings())
            for stage in STAGES:
                stage(work)
            message.analysis = work.analysis
            message.outcome = work.drafted.outcome if work.drafted else None
            message.notes = work.notes
            message.status = MessageStatus.PROCESSED
            message.processed_at = _now()
            message.lease_until = None
            message.last_error = None
            session.commit()
        log.info("message #%s: traité", message_id)
        return MessageStatus.PROCESSED
    except Exception as error:
        details = traceback.format_exc()
        with factory() as session:
            session.execute(
                update(Message)
                .where(Message.id == message_id)
                .values(status=MessageStatus.FAILED, last_error=details, lease_until=None)
            )
            session.commit()
        # The exception type only: a message's text may carry health data.
        log.error("message #%s: échec (%s), à rejouer après correction", message_id, type(error).__name__)
        return MessageStatus.FAILED


def drain(factory: sessionmaker[Session], blobs: BlobStore, *, stop: threading.Event | None = None,
          settings: Any = None) -> int:
    """Process waiting messages until none is left; returns how many were taken."""
    count = 0
    while not (stop and stop.is_set()):
        message_id = claim_next(factory, lease=_lease(settings))
        if message_id is None:
            return count
        process(factory, blobs, message_id, settings=settings)
        count += 1
    return count


def run_worker(factory: sessionmaker[Session], blobs: BlobStore, stop: threading.Event, *, idle: float = 1.0,
               settings: Any = None) -> None:
    while not stop.is_set():
        try:
            if drain(factory, blobs, stop=stop, settings=settings) == 0:
                stop.wait(idle)
        except Exception:  # the database went away: wait and try again, never die
            log.exception("worker: erreur, nouvel essai dans 5 s")
            stop.wait(5)


def replay(factory: sessionmaker[Session], message_id: int) -> bool:
    """Put a failed (or processed) message back in the queue; False when there is no such message."""
    with factory() as session:
        changed = session.execute(
            update(Message)
            .where(Message.id == message_id, Message.status.in_([MessageStatus.FAILED, MessageStatus.PROCESSED]))
            .values(status=MessageStatus.RECEIVED, lease_until=None)
        ).rowcount
        session.commit()
        return changed == 1
