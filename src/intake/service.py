"""`intake serve`: SMTP receiver, IMAP poller (if configured), the desk, a worker, the sender and the reminder
scheduler in one process, or any subset of them (`--only`)."""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
import time
from enum import StrEnum

from intake.mail.inbox import inbox_for
from intake.mail.smtp import SMTPReceiver, mailbox_domains
from intake.pipeline.runner import run_worker
from intake.settings import Settings, split_host_port
from intake.store.blobs import blob_store
from intake.store.db import get_sessionmaker
from intake.store.migrate import current_revision, head_revision
from intake.telemetry import configure_logging

log = logging.getLogger("intake")


def settle_memory() -> None:
    """Move everything loaded at start-up (modules, rules, compiled patterns, templates) out of the
    garbage collector's reach: its full collections otherwise rescan them and stall a request now and
    then (the desk's p95 went from ~170 to ~60 ms with 100 000 claims)."""
    gc.collect()
    gc.freeze()


def _prepare(settings: Settings, *, reads_documents: bool = True) -> bool:
    """What every serving process checks and loads before its threads start; False when it must not run."""
    configure_logging(settings.log_level, settings.log_format)
    from sqlalchemy.exc import SQLAlchemyError

    try:
        revision = current_revision(settings.database_url)
    except (SQLAlchemyError, OSError) as error:  # the type only: the text may quote the URL's password
        log.error("base de données injoignable, intake ne démarre pas (%s) : vérifiez INTAKE_DATABASE_URL",
                  type(error).__name__)
        return False
    if revision != head_revision():
        log.error("la base n'est pas à jour : lancez « intake init »")
        return False
    from intake.store.blobs import BlobStoreError, blob_store_kind

    try:
        where = "la base" if blob_store_kind(settings) == "database" else f"{settings.data_dir}/blobs"
    except BlobStoreError as error:
        log.error("%s", error)
        return False
    from intake.rules.errors import RulesError
    from intake.rules.loader import get_rules

    try:
        get_rules()  # a malformed rules file stops the service here, before any thread or port is opened
    except RulesError as error:
        log.error("règles invalides, intake ne démarre pas : %s (vérifiez avec « intake rules check »)", error)
        return False
    log.info("intake : fichiers reçus conservés dans %s", where)
    # Every model known and mapped before any thread starts: a mapper configured by the worker while
    # the web thread is half-way through importing a model module fails to resolve its relationships.
    from sqlalchemy.orm import configure_mappers

    import intake.store.schema  # noqa: F401

    configure_mappers()
    import intake.claims.drafting  # noqa: F401
    import intake.identify.message  # noqa: F401
    import intake.replies.answer  # noqa: F401  (the pipeline's stages, loaded before the freeze)

    if settings.document_sandbox and reads_documents:
        from intake.documents.sandbox import prepare_readers

        prepare_readers()  # the readers' zygote is forked now, while this process has one thread
    return True


def _run_until_signalled(threads: list[threading.Thread], stop: threading.Event, on_stop=None) -> int:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    settle_memory()
    for thread in threads:
        thread.start()
    try:
        stop.wait()
    finally:
        if on_stop:
            on_stop()
        for thread in threads:
            thread.join(timeout=30)
    return 0


class Overrun:
    """The per-message time limit of a `serve --worker` process: a message still processing when its
    lease ends (a hang no stage bounds) ends the process, exit status 70, for its supervisor to start
    it again. Nothing is lost: the message is another worker's after the lease, this worker's
    uncommitted work would be discarded by the commit fence anyway, and after
    INTAKE_WORKER_MAX_ATTEMPTS such ends the message is failed as poison. `intake serve` does not do
    this: it would stop the SMTP receiver and the desk with it."""

    EXIT_STATUS = 70

    def __init__(self, seconds: float, stop: threading.Event) -> None:
        self.seconds, self.stop = seconds, stop
        self.current: tuple[int, float] | None = None

    def begin(self, message_id: int) -> None:
        self.current = (message_id, time.monotonic())

    def end(self) -> None:
        self.current = None

    def run(self) -> None:
        while not self.stop.wait(min(1.0, self.seconds / 4)):
            current = self.current
            if current is not None and time.monotonic() - current[1] > self.seconds:
                log.error("message #%s: traitement au-delà du bail (%s s), processus arrêté pour être relancé",
                          current[0], self.seconds)
                logging.shutdown()
                os._exit(self.EXIT_STATUS)


def _worker_thread(settings: Settings, stop: threading.Event, watch: Overrun | None = None) -> threading.Thread:
    factory = get_sessionmaker(settings.database_url)
    return threading.Thread(target=run_worker, args=(factory, blob_store(settings), stop),
                            kwargs={"settings": settings, "watch": watch}, name="worker")


def serve_worker(settings: Settings) -> int:
    """`intake serve --worker`: one more process taking messages from the shared inbox table (leases, and
    `FOR UPDATE SKIP LOCKED` on PostgreSQL), beside an `intake serve` that receives, sends and serves
    the desk."""
    if not _prepare(settings):
        return 1
    stop = threading.Event()
    log.info("intake : traitement seul (pid %s)", os.getpid())
    watch = Overrun(settings.worker_lease_seconds, stop)
    threads = [_worker_thread(settings, stop, watch), threading.Thread(target=watch.run, name="overrun", daemon=True)]
    return _run_until_signalled(threads, stop)


class ServeRole(StrEnum):
    """What one `intake serve` process runs (`--only`): each may run on its own host (README, « Plusieurs
    machines »), all share the database."""

    SMTP = "smtp"  # receiving: the SMTP listener, LMTP when INTAKE_LMTP_LISTEN, IMAP polling when configured
    WEB = "web"  # the desk and the API
    SENDER = "sender"  # the outbox towards the relay
    SCHEDULER = "scheduler"  # the daily reminder sweep
    WORKER = "worker"  # processing received messages


ALL_ROLES = frozenset(ServeRole)


def parse_roles(text: str) -> frozenset[ServeRole]:
    """'smtp,web' → {SMTP, WEB}; ValueError (French) naming an unknown role."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    known = {r.value: r for r in ServeRole}
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise ValueError(f"rôle inconnu : {', '.join(unknown) or '(aucun)'} ; rôles : {', '.join(known)}")
    return frozenset(known[n] for n in names)


def serve(settings: Settings, roles: frozenset[ServeRole] = ALL_ROLES) -> int:
    if roles == {ServeRole.WORKER}:
        return serve_worker(settings)  # alone, a worker may end itself on a hang (Overrun): nothing else stops
    # Only a worker reads documents: a desk or receiving process needs no reader zygote.
    if not _prepare(settings, reads_documents=ServeRole.WORKER in roles):
        return 1
    stop = threading.Event()
    threads: list[threading.Thread] = []
    if ServeRole.WORKER in roles:
        threads.append(_worker_thread(settings, stop))
    if ServeRole.SENDER in roles:
        from intake.mail.send import run_sender

        threads.append(threading.Thread(target=run_sender, args=(settings, stop), name="sender"))
    if ServeRole.WEB in roles:
        from intake.web.app import create_app
        from intake.web.server import run_http

        threads.append(threading.Thread(target=run_http, args=(settings, stop, create_app(settings)), name="http"))
    if ServeRole.SCHEDULER in roles and settings.remind_enabled:
        from intake.reminders.scheduler import run_scheduler

        threads.append(threading.Thread(target=run_scheduler, args=(settings, stop), name="reminders"))
    receivers = _start_receivers(settings, stop, threads) if ServeRole.SMTP in roles else []
    log.info("intake : rôles %s (pid %s)", ",".join(sorted(r.value for r in roles)), os.getpid())

    def stop_receivers() -> None:
        for receiver in receivers:
            receiver.stop()

    return _run_until_signalled(threads, stop, on_stop=stop_receivers)


def _start_receivers(settings: Settings, stop: threading.Event, threads: list[threading.Thread]) -> list:
    """The receiving role: SMTP listener started now, LMTP and the IMAP poller (a thread) when configured."""
    host, port = split_host_port(settings.smtp_listen, default_port=2525)
    receiver = SMTPReceiver(inbox_for(settings), host=host, port=port, max_bytes=settings.max_message_mb * 1024 * 1024,
                            domains=mailbox_domains(settings))
    if settings.imap_enabled:
        from intake.mail.imap import run_poller

        threads.append(threading.Thread(target=run_poller, args=(settings, inbox_for(settings), stop), name="imap"))
    receiver.start()
    receivers = [receiver]
    if settings.lmtp_listen:
        from intake.mail.smtp import lmtp_receiver

        lmtp = lmtp_receiver(inbox_for(settings), listen=settings.lmtp_listen,
                             max_bytes=settings.max_message_mb * 1024 * 1024, domains=mailbox_domains(settings))
        lmtp.start()
        receivers.append(lmtp)
        log.info("intake : LMTP sur %s", settings.lmtp_listen)
    log.info("intake : SMTP sur %s:%s, boîte %s, relais %s", host, port, settings.mailbox,
             settings.smtp_relay or "aucun (les réponses restent dans la file d'envoi)")
    if settings.imap_enabled:
        log.info("intake : relève IMAP de %s sur %s toutes les %s s", settings.imap_folder, settings.imap_host,
                 settings.imap_poll_seconds)
    return receivers
