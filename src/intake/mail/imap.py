"""The IMAP poller: each mail in the watched folder is stored (committed), then moved to the processed folder."""

from __future__ import annotations

import imaplib
import logging
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import getaddresses

from imap_tools import BaseMailBox, MailBox, MailboxLoginError, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.errors import ImapToolsError

from intake.mail.transport import AuthMethod, CredentialError, Security, TokenSource, tls_context

log = logging.getLogger(__name__)

# The folder itself is the queue: whatever is still in it has not been committed (or was committed
# but not yet moved, which the inbox's dedupe makes harmless). No seen flag or remembered UID to
# lose or get wrong; mail a human marked deleted is left alone.
CRITERIA = "UNDELETED"
# One bulk FETCH holds at most this much mail in memory; a larger mail is fetched alone.
BATCH_BYTES = 8 * 1024 * 1024
BATCH_COUNT = 50
# This many store failures in a row means the database (not one mail) is down: stop and back off.
GIVE_UP_AFTER = 3
TIMEOUT = 60.0
MAX_BACKOFF = 300.0
CONNECTION_ERRORS = (OSError, imaplib.IMAP4.error, ImapToolsError, CredentialError)

_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(<[^>\r\n]{1,500}>)", re.IGNORECASE | re.MULTILINE)
_DELIVERED_TO = re.compile(rb"^(?:Delivered-To|X-Original-To):[ \t]*([^\r\n]{1,500})", re.IGNORECASE | re.MULTILINE)

Store = Callable[..., object]


@dataclass
class PollResult:
    stored: int = 0  # newly recorded
    duplicates: int = 0  # already recorded (a poll interrupted before its move, or the same mail twice)
    failed: int = 0  # left in the folder for the next poll
    moved: int = 0
    gave_up: bool = False  # the store kept failing: the caller should back off


class _RawMail(MailMessage):
    """A fetched mail kept as the server's bytes: the inbox stores them exactly, so no parsing here."""

    def __init__(self, fetch_data: list) -> None:  # MailMessage.__init__ would parse the whole mail
        self.raw, self._raw_uid_data, self._raw_flag_data = self._get_message_data_parts(fetch_data)


def security(settings) -> Security:
    return Security(settings.imap_security or ("tls" if settings.imap_ssl else "none"))


def default_port(settings) -> int:
    return settings.imap_port or (993 if security(settings) is Security.TLS else 143)


def connect(settings) -> BaseMailBox:
    """A logged-in mailbox on the watched folder (use it as a context manager: it logs out)."""
    mode, port = security(settings), default_port(settings)
    if mode is Security.TLS:
        mailbox: BaseMailBox = MailBox(settings.imap_host, port=port, timeout=TIMEOUT,
                                       ssl_context=tls_context(settings.tls_ca_file))
    elif mode is Security.STARTTLS:  # MailboxStarttlsError when the server does not offer it: never in clear
        mailbox = MailBoxStartTls(settings.imap_host, port=port, timeout=TIMEOUT,
                                  ssl_context=tls_context(settings.tls_ca_file))
    else:
        mailbox = MailBoxUnencrypted(settings.imap_host, port=port, timeout=TIMEOUT)
    mailbox.email_message_class = _RawMail
    if settings.imap_auth == AuthMethod.XOAUTH2:
        source = _imap_tokens(settings)
        try:
            return mailbox.xoauth2(settings.imap_user or "", source.token(), initial_folder=settings.imap_folder)
        except MailboxLoginError:
            source.forget()
            raise
    return mailbox.login(settings.imap_user or "", settings.imap_password or "", initial_folder=settings.imap_folder)


_TOKENS: dict[tuple, TokenSource] = {}


def _imap_tokens(settings) -> TokenSource:
    key = (settings.imap_oauth_token_file, settings.imap_oauth_token_command)
    if key not in _TOKENS:
        _TOKENS[key] = TokenSource(file=settings.imap_oauth_token_file, command=settings.imap_oauth_token_command)
    return _TOKENS[key]


def ensure_folder(mailbox: BaseMailBox, folder: str) -> None:
    if mailbox.folder.exists(folder):
        return
    try:
        mailbox.folder.create(folder)
    except ImapToolsError:
        if not mailbox.folder.exists(folder):  # else another poller created it meanwhile
            raise
    try:
        mailbox.folder.subscribe(folder, True)  # so that mail clients show it to gestionnaires
    except ImapToolsError:
        pass


def waiting(mailbox: BaseMailBox) -> list[tuple[str, int]]:
    """UID and size of every mail waiting in the selected folder, oldest first."""
    uids = mailbox.uids(CRITERIA)
    if not uids:
        return []
    wanted = set(uids)
    numeric = [int(uid) for uid in uids]
    status, lines = mailbox.client.uid("FETCH", f"{min(numeric)}:{max(numeric)}", "(UID RFC822.SIZE)")
    if status != "OK":
        raise imaplib.IMAP4.error(f"UID FETCH RFC822.SIZE: {status}")
    sizes: dict[str, int] = {}
    for line in lines:
        item = line[0] if isinstance(line, tuple) else line
        uid, size = _UID.search(item or b""), _SIZE.search(item or b"")
        if uid and size and uid.group(1).decode() in wanted:
            sizes[uid.group(1).decode()] = int(size.group(1))
    return sorted(sizes.items(), key=lambda pair: int(pair[0]))


def batches(sizes: list[tuple[str, int]]) -> Iterator[list[str]]:
    """UIDs grouped so that one FETCH stays under BATCH_BYTES (a bigger mail makes a batch of its own)."""
    batch: list[str] = []
    total = 0
    for uid, size in sizes:
        if batch and (total + size > BATCH_BYTES or len(batch) >= BATCH_COUNT):
            yield batch
            batch, total = [], 0
        batch.append(uid)
        total += size
    if batch:
        yield batch


def fetch(mailbox: BaseMailBox, batch: list[str]) -> Iterator[_RawMail]:
    for mail in mailbox.fetch(uid_list=batch, mark_seen=False, bulk=len(batch) > 1):
        if mail.raw and mail.uid:  # a mail expunged meanwhile comes back empty
            yield mail


def recipients(raw: bytes, settings) -> list[str]:
    """Where the mail was delivered: the top Delivered-To (added by the mailbox's own server), else our address."""
    headers = _HEADER_END.split(raw, maxsplit=1)[0]
    found = _DELIVERED_TO.search(headers)
    if found:
        addresses = [address for _, address in getaddresses([found.group(1).decode("latin-1")]) if address]
        if addresses:
            return addresses[:1]
    return [settings.mailbox]


def message_label(raw: bytes) -> str:
    """The Message-ID for logs (never the subject or body: they may carry health data)."""
    found = _MESSAGE_ID.search(_HEADER_END.split(raw, maxsplit=1)[0])
    return found.group(1).decode("latin-1") if found else "(sans Message-ID)"


def check(settings) -> None:
    """Refuse a configuration that would store the same mail at every poll."""
    if settings.imap_processed_folder == settings.imap_folder:
        raise ValueError("INTAKE_IMAP_PROCESSED_FOLDER doit différer du dossier relevé (INTAKE_IMAP_FOLDER)")


def poll_once(settings, store: Store, *, stop: threading.Event | None = None) -> PollResult:
    """Store every mail waiting in the folder, then move the stored ones to the processed folder.

    A mail is moved only after `store` has returned (committed); an exception that is not an
    `Exception` (an interruption) leaves the stored but unmoved mail in place for the next poll,
    where the inbox recognises it. IMAP errors propagate: the caller retries later.
    """
    check(settings)
    result = PollResult()
    with connect(settings) as mailbox:
        ensure_folder(mailbox, settings.imap_processed_folder)
        mailbox.folder.set(settings.imap_folder)
        failures_in_a_row = 0
        for batch in batches(waiting(mailbox)):
            done: list[str] = []
            for mail in fetch(mailbox, batch):
                try:
                    received = store(mail.raw, source="imap", envelope_to=recipients(mail.raw, settings))
                except Exception as error:
                    result.failed += 1
                    failures_in_a_row += 1
                    log.warning("message %s (IMAP UID %s): non enregistré (%s), laissé dans %s",
                                message_label(mail.raw), mail.uid, type(error).__name__, settings.imap_folder)
                    if failures_in_a_row >= GIVE_UP_AFTER:
                        result.gave_up = True
                        break
                    continue
                failures_in_a_row = 0
                done.append(mail.uid)
                if getattr(received, "duplicate", False):
                    result.duplicates += 1
                else:
                    result.stored += 1
            if done:
                mailbox.move(done, settings.imap_processed_folder)
                result.moved += len(done)
            if result.gave_up or (stop is not None and stop.is_set()):
                break
    return result


def backoff(failures: int, interval: float) -> float:
    """Seconds to wait after `failures` failed polls in a row: doubling from the poll interval."""
    return min(MAX_BACKOFF, max(1.0, interval) * 2 ** (failures - 1))


def run_poller(settings, store: Store, stop: threading.Event) -> None:
    """Poll until `stop` is set; an unreachable server or database delays mail, never stops the loop."""
    where = f"{settings.imap_host}:{default_port(settings)}"
    try:
        check(settings)
    except ValueError as error:
        log.error("imap: relève désactivée : %s", error)
        return
    failures = 0
    while not stop.is_set():
        try:
            result = poll_once(settings, store, stop=stop)
        except CONNECTION_ERRORS as error:
            failures += 1
            wait = backoff(failures, settings.imap_poll_seconds)
            log.warning("imap: %s %s (%s), nouvel essai dans %.0f s", where, type(error).__name__, error, wait)
        except Exception as error:  # never die: mail waits in the folder
            failures += 1
            wait = backoff(failures, settings.imap_poll_seconds)
            log.error("imap: erreur inattendue (%s), nouvel essai dans %.0f s", type(error).__name__, wait)
        else:
            if result.stored or result.duplicates or result.failed:
                log.info("imap: %d reçus, %d doublons, %d en échec", result.stored, result.duplicates, result.failed)
            failures = failures + 1 if result.gave_up else 0
            wait = backoff(failures, settings.imap_poll_seconds) if failures else settings.imap_poll_seconds
        stop.wait(wait)
