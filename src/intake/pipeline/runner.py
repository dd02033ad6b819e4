"""Processing of received messages: the stages in order, one leased message at a time, failures kept."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from intake.claims.outcomes import HoldForReview, Ignore, Stop
from intake.settings import get_settings
from intake.store.blobs import BlobStore
from intake.store.messages import Message, MessageStatus
from intake.store.notify import notify_received
from intake.telemetry import HEARTBEATS

if TYPE_CHECKING:  # for the annotations only: each stage imports its modules when it runs
    from intake.claims.drafting import Drafted
    from intake.identify.match import Registry
    from intake.identify.message import Understanding
    from intake.mail.read import ReadMessage
    from intake.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Work:
    """What the stages share for one message."""

    message: Message
    raw: bytes
    session: Session
    blobs: BlobStore
    settings: Settings
    read: ReadMessage | None = None
    registry: Registry | None = None  # the registry snapshot understanding used; replies are addressed by it too
    understanding: Understanding | None = None
    analysis: dict[str, object] | None = None  # the `intake parse` object (contract.md)
    drafted: Drafted | None = None
    notes: list[str] = field(default_factory=list)
    no_reply: str | None = None  # why no reply was sent (domain.NoReply), kept on the message

    def stopped(self, stop: Stop) -> None:
        """Drafting ended with `stop` (claims/outcomes.py): its outcome is what the later stages and the
        message see, as a draft that filed nothing."""
        from intake.claims.drafting import Drafted

        self.drafted = Drafted(stop.outcome, stop.collectivite)

    def no_reply_because(self, code: str) -> None:
        from intake.domain import NO_REPLY_LABELS

        self.no_reply = code
        self.notes.append(f"pas de réponse : {NO_REPLY_LABELS.get(code, code)}")


def read_stage(work: Work) -> None:
    from intake.mail.read import read_message

    work.read = read_message(work.raw)
    work.notes.extend(work.read.reading_notes)  # kept on the message: the desk shows why a piece was not read


def bounce_stage(work: Work) -> None:
    """A delivery report about one of our replies marks that reply bounced (shown on the desk)."""
    from intake.mail.bounced import mark_bounced

    marked = mark_bounced(work.session, work.read, message_row_id=work.message.id,
                          envelope_to=work.message.envelope_to or [], settings=work.settings)
    work.notes.extend(f"notre courriel à {row.to_addr} est revenu : {row.last_error}" for row in marked)


def understand_stage(work: Work) -> None:
    from intake.identify.message import understand_message
    from intake.identify.registry import current_registry
    from intake.pipeline.contract import analysis_to_contract
    from intake.rules import get_rules

    work.registry = current_registry(work.settings.database_url)
    work.understanding = understand_message(work.read, work.registry)
    work.analysis = analysis_to_contract(work.read, work.understanding, rules=get_rules())


def draft_stage(work: Work) -> None:
    from intake.claims.drafting import draft
    from intake.rules import get_rules

    work.drafted = draft(work.session, message=work.message, read=work.read, understanding=work.understanding,
                         rules=get_rules(), settings=work.settings, blobs=work.blobs)
    work.notes.extend(note for change in work.drafted.claims for note in change.notes)


def reply_stage(work: Work) -> None:
    from intake.replies.answer import answer
    from intake.rules import get_rules

    intent = (work.drafted.intent if work.drafted is not None else None) or work.analysis["intent"]
    answered = answer(work.session, message=work.message, read=work.read, intent=intent, drafted=work.drafted,
                      rules=get_rules(), settings=work.settings, registry=work.registry)
    work.notes.extend(answered.notes)
    if answered.no_reply:
        work.no_reply_because(answered.no_reply)


# Order lives in data: each stage reads what the ones before it left in Work.
STAGES: tuple[Callable[[Work], None], ...] = (read_stage, bounce_stage, understand_stage, draft_stage, reply_stage)


def run_stages(work: Work) -> None:
    """Every stage in order. The outcomes that end drafting (claims/outcomes.py) are caught here and
    nowhere else, as Mailman's pipeline catches DiscardMessage: Ignore ends the message's processing (no
    reply, for the reason it carries); HoldForReview ends drafting and lets the later stages tell the sender."""
    for stage in STAGES:
        try:
            stage(work)
        except Ignore as stop:
            work.stopped(stop)
            work.no_reply_because(stop.no_reply)
            return
        except HoldForReview as stop:
            work.stopped(stop)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _claimable(now: datetime):
    return or_(
        Message.status == MessageStatus.RECEIVED,
        and_(Message.status == MessageStatus.PROCESSING, Message.lease_until < now),
    )


def _lease(settings: Any) -> timedelta:
    return timedelta(seconds=(settings or get_settings()).worker_lease_seconds)


def abandoned_reason(attempts: int) -> str:
    """What a handler reads on a message given up after interrupted attempts (French)."""
    return f"abandonné après {attempts} tentatives : le traitement s'est interrompu"


def give_up_poison(factory: sessionmaker[Session], *, now: datetime | None = None,
                   max_attempts: int | None = None) -> list[int]:
    """Fail the messages whose lease ran out after `max_attempts` claims (settings.worker_max_attempts):
    each claim ended without an outcome, so the message itself most likely kills or hangs the worker
    (a segfault, the OOM killer). They stay replayable; returns their ids."""
    now = now or _now()
    limit = max_attempts or get_settings().worker_max_attempts
    with factory() as session:
        stuck = session.execute(select(Message.id, Message.attempts).where(
            Message.status == MessageStatus.PROCESSING, Message.lease_until < now, Message.attempts >= limit)).all()
        given_up = []
        for message_id, attempts in stuck:
            # Conditional, like the claim: a worker that took the message meanwhile keeps it.
            changed = session.execute(
                update(Message)
                .where(Message.id == message_id, Message.status == MessageStatus.PROCESSING,
                       Message.lease_until < now, Message.attempts == attempts)
                .values(status=MessageStatus.FAILED, lease_until=None, last_error=abandoned_reason(attempts))
            ).rowcount
            if changed == 1:
                given_up.append(message_id)
        session.commit()
    for message_id in given_up:
        log.error("message #%s: abandonné après des tentatives interrompues, à rejouer après correction", message_id)
    return given_up


def claim_next(factory: sessionmaker[Session], *, now: datetime | None = None,
               lease: timedelta | None = None, max_attempts: int | None = None) -> int | None:
    """Take the oldest message waiting (or abandoned by a dead worker) and lease it to this worker
    (for `lease`, by default settings.worker_lease_seconds); a message abandoned too often is failed
    instead (give_up_poison)."""
    taken = claim(factory, now=now, lease=lease, max_attempts=max_attempts)
    return taken[0] if taken else None


def claim(factory: sessionmaker[Session], *, now: datetime | None = None, lease: timedelta | None = None,
          max_attempts: int | None = None) -> tuple[int, int] | None:
    """claim_next, also returning the attempt number this claim made: process() commits only if the
    message still carries it (no other worker took the message since)."""
    now = now or _now()
    lease = lease or _lease(None)
    give_up_poison(factory, now=now, max_attempts=max_attempts)
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
        attempt = session.scalar(select(Message.attempts).where(Message.id == message_id)) if taken == 1 else None
        session.commit()
        return (message_id, attempt) if taken == 1 else None


def process(factory: sessionmaker[Session], blobs: BlobStore, message_id: int, *, settings: Any = None,
            attempt: int | None = None) -> str:
    """Run every stage on a leased message; returns its final status (or LOST). `attempt` is the claim's
    (claim()); by default the message's count when processing starts."""
    try:
        with factory() as session:
            message = session.get(Message, message_id)
            if attempt is None:
                attempt = message.attempts
            work = Work(message=message, raw=blobs.get(message.sha256), session=session, blobs=blobs,
                        settings=settings or get_settings())
            run_stages(work)
            # Everything the stages wrote commits with this update, or not at all: a worker that lost
            # its lease (it outlived it and another took the message) must not write a second claim.
            finished = session.execute(
                update(Message)
                .where(Message.id == message_id, Message.status == MessageStatus.PROCESSING,
                       Message.attempts == attempt)
                .values(analysis=work.analysis, outcome=work.drafted.outcome if work.drafted else None,
                        notes=work.notes, no_reply=work.no_reply, status=MessageStatus.PROCESSED, processed_at=_now(), lease_until=None,
                        last_error=None)
                .execution_options(synchronize_session=False)
            ).rowcount
            if finished != 1:
                session.rollback()
                log.warning("message #%s: bail perdu (repris par un autre traitement), travail abandonné", message_id)
                return LOST
            session.commit()
        log.info("message #%s: traité", message_id)
        return MessageStatus.PROCESSED
    except Exception as error:
        limit = (settings or get_settings()).worker_max_attempts
        # The database going away mid-message says nothing of the message: back in the queue, within
        # the attempts budget (a database error this message causes every time still ends failed).
        again = database_unavailable(error) and attempt is not None and attempt < limit
        reason = "base de données indisponible pendant le traitement ; remis en file" if again else failure_reason(error)
        details = f"{reason}\n\n{traceback.format_exc()}"
        with factory() as session:
            fence = [Message.attempts == attempt] if attempt is not None else []
            session.execute(
                update(Message)
                .where(Message.id == message_id, Message.status == MessageStatus.PROCESSING, *fence)
                .values(status=MessageStatus.RECEIVED if again else MessageStatus.FAILED, last_error=details,
                        lease_until=None)
            )
            session.commit()
        # The exception type only: a message's text may carry health data.
        if again:
            log.warning("message #%s: base indisponible (%s), remis en file", message_id, type(error).__name__)
            return MessageStatus.RECEIVED
        log.error("message #%s: échec (%s), à rejouer après correction", message_id, type(error).__name__)
        return MessageStatus.FAILED


LOST = "lost"  # process(): another worker holds the message now; nothing of this attempt was kept


def database_unavailable(error: BaseException) -> bool:
    """A lost connection, a refused one, a lock waited for too long: the database, not the message."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DBAPIError) and bool(error.connection_invalidated))


def failure_reason(error: BaseException) -> str:
    """The first line of a failed message's last_error, for handlers (French; the traceback follows)."""
    if database_unavailable(error):
        return (f"échec : base de données indisponible pendant le traitement ({type(error).__name__}) ;"
                " à rejouer une fois la base rétablie")
    if isinstance(error, OSError):
        return (f"échec : lecture ou écriture du stockage de fichiers impossible ({type(error).__name__}"
                f"{' : ' + error.strerror if error.strerror else ''}) ; à rejouer une fois le disque réparé")
    return f"échec du traitement ({type(error).__name__}) ; à rejouer après correction"


def drain(factory: sessionmaker[Session], blobs: BlobStore, *, stop: threading.Event | None = None,
          settings: Any = None, watch: Any = None, heartbeat: str | None = None) -> int:
    """Process waiting messages until none is left; returns how many were taken. `watch` (begin(id),
    end()) is told when each message starts and ends (service.Overrun). `heartbeat` names the
    long-running worker thread whose busy time readiness watches; a one-off drain (CLI, tests) has none:
    registering its thread would leave a heartbeat nobody renews, and /readyz would call it stuck 120 s
    later for the life of the process."""
    count = 0
    while not (stop and stop.is_set()):
        taken = claim(factory, lease=_lease(settings), max_attempts=(settings or get_settings()).worker_max_attempts)
        if taken is None:
            return count
        if watch is not None:
            watch.begin(taken[0])
        if heartbeat:
            HEARTBEATS.beat(heartbeat, busy=True)
        try:
            process(factory, blobs, taken[0], settings=settings, attempt=taken[1])
        finally:
            if heartbeat:
                HEARTBEATS.beat(heartbeat, busy=False)
            if watch is not None:
                watch.end()
        count += 1
    return count


def run_worker(factory: sessionmaker[Session], blobs: BlobStore, stop: threading.Event, *, idle: float = 1.0,
               settings: Any = None, watch: Any = None) -> None:
    from intake.store.notify import LISTENING_POLL_SECONDS, Wakeup

    name = threading.current_thread().name
    # The heartbeat must stay younger than /readyz's limit while we sleep waiting for a notification.
    wakeup = Wakeup(factory.kw["bind"], fallback=idle, poll=min(LISTENING_POLL_SECONDS, max(idle, 1.0) * 10))
    try:
        while not stop.is_set():
            HEARTBEATS.beat(name)
            try:
                if drain(factory, blobs, stop=stop, settings=settings, watch=watch, heartbeat=name) == 0:
                    wakeup.wait(stop)
            except Exception:  # the database went away: wait and try again, never die
                log.exception("worker: erreur, nouvel essai dans 5 s")
                stop.wait(5)
    finally:
        wakeup.close()
        HEARTBEATS.forget(name)


def replay_failed(factory: sessionmaker[Session]) -> list[int]:
    """Put every failed message back in the queue (after a fix: the database or disk back, a bug corrected);
    returns their ids."""
    with factory() as session:
        ids = list(session.scalars(
            update(Message).where(Message.status == MessageStatus.FAILED)
            .values(status=MessageStatus.RECEIVED, lease_until=None).returning(Message.id)))
        notify_received(session)
        session.commit()
        return sorted(ids)


def replay(factory: sessionmaker[Session], message_id: int) -> bool:
    """Put a failed (or processed) message back in the queue; False when there is no such message."""
    with factory() as session:
        changed = session.execute(
            update(Message)
            .where(Message.id == message_id, Message.status.in_([MessageStatus.FAILED, MessageStatus.PROCESSED]))
            .values(status=MessageStatus.RECEIVED, lease_until=None)
        ).rowcount
        notify_received(session)
        session.commit()
        return changed == 1
