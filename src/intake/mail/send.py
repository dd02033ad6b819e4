"""The outbox's two ends: enqueue a composed mail once per purpose, deliver it to the relay with retries.

Delivery is at least once, never at most once. A mail is marked `sent` only after the relay answered
250 to its DATA; if the process dies between that 250 and our commit, the mail is still `pending`
and goes again on restart. The retry carries the same bytes, hence the same Message-ID, so a
receiving client (or our own inbox, which deduplicates on Message-ID) can recognise the copy. The
window is one SMTP round trip plus one commit per mail.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.mail.compose import ComposedMail, ReplyPlan, compose
from intake.mail.transport import AuthMethod, CredentialError, Security, TokenSource, tls_context, xoauth2_string
from intake.settings import Settings, get_settings, split_host_port
from intake.store.outbox import OutboxMail, OutboxStatus
from intake.telemetry import HEARTBEATS

log = logging.getLogger(__name__)

_FROM_SETTINGS: Any = object()  # daily_cap default: settings.max_auto_replies_per_day
_MAX_HISTORY = 50  # attempts kept in details["attempts"]; a relay down for days must not bloat the row


def utc(now: datetime | None = None) -> datetime:
    """An aware UTC datetime (naive ones are taken as UTC, as SQLite gives them back)."""
    if now is None:
        return datetime.now(timezone.utc)
    return now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)


# ---- enqueue -----------------------------------------------------------------------------------------

def daily_cap_reason(session: Session, to_addr: str, *, now: datetime | None = None, limit: int | None) -> str | None:
    """Why a mail to this address cannot go now (French), or None: `limit` mails are already sent or
    scheduled in the 24 h before now. Every outbox row counts whatever its status: a reply refused by
    the relay was still an attempt to write."""
    if limit is None:
        return None
    if _cap_slot(session, to_addr, now=utc(now), limit=limit) > utc(now):
        return f"plafond de {limit} courriels automatiques en 24 h atteint pour {to_addr}"
    return None


def _cap_slot(session: Session, to_addr: str, *, now: datetime, limit: int) -> datetime:
    """The first time from `now` a mail to the address keeps every 24 h window under `limit`: 24 h after the
    limit-th latest mail sent or scheduled to it (mails delayed before this one hold their own slots)."""
    scheduled = func.coalesce(OutboxMail.sent_at, OutboxMail.next_attempt_at, OutboxMail.created_at)
    times = sorted(utc(t) for t in session.scalars(
        select(scheduled).where(func.lower(OutboxMail.to_addr) == to_addr.strip().lower(),
                                OutboxMail.created_at >= now - timedelta(hours=24) * (1 + _MAX_DELAY_DAYS))))
    times = [t for t in times if t > now - timedelta(hours=24)]
    if len(times) < limit:
        return now
    return max(now, times[-limit] + timedelta(hours=24))


# A delayed reply never waits more than this many days: the scheduled slots searched go back this far.
_MAX_DELAY_DAYS = 30


def enqueue(
    session: Session,
    mail: ComposedMail,
    *,
    dedupe_key: str,
    claim_id: int | None = None,
    in_reply_to_message: int | None = None,
    collectivite_id: int | None = None,
    kind: str | None = None,
    step: str | None = None,
    now: datetime | None = None,
    daily_cap: int | None = _FROM_SETTINGS,
    refusals: list[str] | None = None,
    details: dict[str, Any] | None = None,
) -> OutboxMail | None:
    """Add `mail` to the outbox in the caller's transaction, or return None and add nothing when
    `dedupe_key` is taken (even by a concurrent transaction). A mail past the address's daily cap is
    added, due at its first free slot, with the reason in details["differe"].

    The reason of a refusal is appended to `refusals` when given. `daily_cap=None` sends at once
    (mail a handler wrote); the default is settings.max_auto_replies_per_day.
    """
    now = utc(now)
    if session.scalar(select(OutboxMail.id).where(OutboxMail.dedupe_key == dedupe_key)) is not None:
        _refused(refusals, f"courriel déjà en file pour « {dedupe_key} »")
        return None
    limit = get_settings().max_auto_replies_per_day if daily_cap is _FROM_SETTINGS else daily_cap
    # Past the cap a mail waits for the first free slot (never lost): a secretariat sending its six
    # prolongations of the morning gets the sixth reference the next morning, and a handler sees why.
    due = now if limit is None else _cap_slot(session, mail.to, now=now, limit=limit)
    details = dict(details or {})
    if due > now:
        details["differe"] = (f"plafond de {limit} courriels automatiques en 24 h atteint pour {mail.to} : "
                              f"envoi différé au {due:%d/%m/%Y à %H:%M} UTC")
        log.info("outbox: %s", details["differe"])
    values = {
        "dedupe_key": dedupe_key, "claim_id": claim_id, "in_reply_to_message": in_reply_to_message,
        "collectivite_id": collectivite_id, "kind": kind or mail.kind, "step": step, "to_addr": mail.to,
        "from_addr": mail.from_addr, "subject": mail.subject, "message_id_header": mail.message_id,
        "raw": mail.raw, "status": OutboxStatus.PENDING, "attempts": 0, "next_attempt_at": due,
        "details": details, "created_at": now,
    }
    row_id = _insert_once(session, values)
    if row_id is None:
        _refused(refusals, f"courriel déjà en file pour « {dedupe_key} » (insertion concurrente)")
        return None
    return session.get(OutboxMail, row_id)


def reply_dedupe_key(message_id: int, claim_reference: str | None) -> str:
    """One automatic reply per received message and claim, whatever kind a replay would choose."""
    return f"reply:{message_id}:{claim_reference or '-'}"


def queue_replies(
    session: Session,
    plans: Sequence[ReplyPlan],
    *,
    settings: Settings,
    message_id: int,
    in_reply_to: str | None,
    references: Sequence[str] = (),
    collectivite_id: int | None = None,
    claim_ids: Mapping[str, int] | None = None,
    now: datetime | None = None,
    refusals: list[str] | None = None,
) -> list[OutboxMail]:
    """Compose and enqueue the plans of choose_replies for the received message `message_id` (row id);
    a replay of the same message finds its keys taken and adds nothing."""
    claim_ids = claim_ids or {}
    queued = []
    for plan in plans:
        key = reply_dedupe_key(message_id, plan.claim_reference)
        if session.scalar(select(OutboxMail.id).where(OutboxMail.dedupe_key == key)) is not None:
            _refused(refusals, f"réponse déjà en file pour « {key} »")
            continue
        try:
            mail = compose(plan, settings=settings, in_reply_to=in_reply_to, references=references, now=now)
        except ValueError as exc:  # an address we cannot write to: the message is still processed
            _refused(refusals, f"réponse impossible : {exc}")
            continue
        row = enqueue(session, mail, dedupe_key=key, claim_id=claim_ids.get(plan.claim_reference or ""),
                      in_reply_to_message=message_id, collectivite_id=collectivite_id, kind=plan.kind, now=now,
                      daily_cap=settings.max_auto_replies_per_day, refusals=refusals)
        if row is not None:
            queued.append(row)
    return queued


def _insert_once(session: Session, values: dict[str, Any]) -> int | None:
    """INSERT … ON CONFLICT (dedupe_key) DO NOTHING: one statement, atomic on both backends, and
    no SAVEPOINT (pysqlite's SAVEPOINT outside an explicit BEGIN commits on RELEASE)."""
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        statement = (insert(OutboxMail).values(**values)
                     .on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(OutboxMail.id))
        return session.execute(statement).scalar_one_or_none()
    row = OutboxMail(**values)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row.id


def _refused(refusals: list[str] | None, reason: str) -> None:
    log.info("outbox: %s", reason)
    if refusals is not None:
        refusals.append(reason)


# ---- deliver ------------------------------------------------------------------------------------------

SENT, TEMPORARY, PERMANENT = "sent", "temporary", "permanent"


@dataclass
class DeliveryCounts:
    sent: int = 0
    retried: int = 0  # temporary failure: pending again, later
    failed: int = 0  # refused for good (5xx)


def backoff(attempts: int, settings: Settings) -> timedelta:
    """Delay before attempt n+1 after n failures: base, 2×base, 4×base… capped."""
    seconds = settings.relay_retry_base_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.relay_retry_max_seconds))


class _Relay:
    """One SMTP connection for a round, opened on first use; once unreachable, unreachable all round
    (a relay timing out would otherwise cost the timeout once per mail)."""

    def __init__(self, settings: Settings) -> None:
        self.security = Security(settings.smtp_relay_security)
        self.host, self.port = split_host_port(settings.smtp_relay,
                                               default_port=465 if self.security is Security.TLS else 25)
        self.timeout = settings.relay_timeout_seconds
        self.envelope_from = settings.mailbox.strip()  # bounces come back to us and are read as such
        self.settings = settings
        self.connection: smtplib.SMTP | None = None
        self.down: str | None = None

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        context = tls_context(settings.tls_ca_file) if self.security is not Security.NONE else None
        if self.security is Security.TLS:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.security is Security.STARTTLS:
                connection.starttls(context=context)  # SMTPNotSupportedError when not offered: never in clear
            method = AuthMethod(settings.smtp_relay_auth)
            if method is AuthMethod.PASSWORD:
                connection.login(settings.smtp_relay_user, settings.smtp_relay_password)
            elif method is AuthMethod.XOAUTH2:
                source = _relay_tokens(settings)
                initial = xoauth2_string(settings.smtp_relay_user, source.token())
                connection.ehlo_or_helo_if_needed()
                try:
                    # On a refused token the server sends a 334 with details: the answer is an empty line.
                    connection.auth("XOAUTH2", lambda challenge=None: initial if challenge is None else "")
                except smtplib.SMTPAuthenticationError:
                    source.forget()
                    raise
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, mail: OutboxMail) -> tuple[str, str | None]:
        if self.down is not None:
            return TEMPORARY, self.down
        try:
            if self.connection is None:
                self.connection = self._connect()
            # The claim's signed plus-address as envelope sender (VERP): a report that comes back without
            # our headers still names the claim, hence the reply (mail/bounced.py).
            sender = mail.from_addr if "+" in (mail.from_addr or "") else self.envelope_from
            self.connection.sendmail(sender, [mail.to_addr], mail.raw.encode("ascii"))
            return SENT, None
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return _by_code(code, text)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            return _by_code(exc.smtp_code, exc.smtp_error)
        except (smtplib.SMTPException, OSError, CredentialError) as exc:
            # Connection refused, reset, timeout, a greeting other than 220, TLS or login refused: the
            # relay (or our set-up), not the mail; it stays pending with the reason.
            self.close()
            self.down = f"relais {self.host}:{self.port} injoignable : {exc}"
            return TEMPORARY, self.down

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


_TOKENS: dict[tuple, TokenSource] = {}


def _relay_tokens(settings: Settings) -> TokenSource:
    """One token source per configuration and process, so a command's token is reused until it ages."""
    key = (settings.smtp_relay_oauth_token_file, settings.smtp_relay_oauth_token_command)
    if key not in _TOKENS:
        _TOKENS[key] = TokenSource(file=settings.smtp_relay_oauth_token_file,
                                   command=settings.smtp_relay_oauth_token_command)
    return _TOKENS[key]


def _by_code(code: int, text: bytes | str) -> tuple[str, str]:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    if 500 <= code < 600:
        return PERMANENT, f"refus définitif du relais : {code} {message}"
    return TEMPORARY, f"refus temporaire du relais : {code} {message}"


def _next_due(session: Session, now: datetime) -> OutboxMail | None:
    # SKIP LOCKED (PostgreSQL): two senders never hold the same mail; the lock lasts the SMTP exchange.
    return session.scalars(
        select(OutboxMail)
        .where(OutboxMail.status == OutboxStatus.PENDING, OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def _record(mail: OutboxMail, outcome: str, error: str | None, now: datetime, settings: Settings) -> None:
    mail.attempts = (mail.attempts or 0) + 1
    entry = {"at": now.isoformat(), "result": outcome}
    if outcome == SENT:
        mail.status, mail.sent_at = OutboxStatus.SENT, now
    elif outcome == PERMANENT:
        mail.status, mail.last_error = OutboxStatus.FAILED, error
        entry["error"] = error
    else:
        mail.next_attempt_at = now + backoff(mail.attempts, settings)
        mail.last_error = error
        entry["error"], entry["next"] = error, mail.next_attempt_at.isoformat()
    details = dict(mail.details or {})
    details["attempts"] = (list(details.get("attempts", [])) + [entry])[-_MAX_HISTORY:]
    mail.details = details  # a new dict: JSON columns only notice reassignment


def deliver_due(
    factory: Callable[[], Session], settings: Settings, *, now: datetime | None = None, limit: int = 100
) -> DeliveryCounts:
    """Send the pending mails whose time has come through settings.smtp_relay, one commit per mail.

    With no relay configured nothing is sent: the outbox is the record, handlers see it.
    """
    counts = DeliveryCounts()
    if not settings.smtp_relay.strip():
        return counts
    now = utc(now)
    relay = _Relay(settings)
    try:
        for _ in range(limit):
            with factory() as session:
                mail = _next_due(session, now)
                if mail is None:
                    break
                outcome, error = relay.send(mail)
                _record(mail, outcome, error, now, settings)
                session.commit()
                log.info("outbox %s (%s): %s%s", mail.message_id_header, mail.kind, outcome,
                         f" — {error}" if error else "")
            counts.sent += outcome == SENT
            counts.retried += outcome == TEMPORARY
            counts.failed += outcome == PERMANENT
    finally:
        relay.close()
    return counts


def run_sender(settings: Settings, stop_event: threading.Event, *,
               factory: Callable[[], Session] | None = None) -> None:
    """The sender loop of `intake serve`: deliver what is due, then wait; until stop_event is set."""
    if factory is None:
        from intake.store.db import get_sessionmaker

        factory = get_sessionmaker(settings.database_url)
    name = threading.current_thread().name
    while not stop_event.is_set():
        HEARTBEATS.beat(name)
        try:
            deliver_due(factory, settings)
        except Exception:  # a database hiccup must not end the loop; the mail stays pending
            log.exception("outbox: delivery round failed")
        stop_event.wait(settings.relay_poll_seconds)
    HEARTBEATS.forget(name)
