"""The IMAP poller against a real Dovecot: stored (committed) before moved, never duplicated, never lost."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path

import pytest
from sqlalchemy import select

from dovecot import Dovecot, dovecot, free_port  # noqa: F401 — `dovecot` is a fixture
from intake.mail import imap
from intake.mail.imap import backoff, batches, poll_once, run_poller
from intake.mail.inbox import inbox_for, receive
from intake.settings import get_settings
from intake.store.blobs import FileBlobStore
from intake.store.db import get_sessionmaker
from intake.store.messages import Message

PROCESSED = "INBOX.intake-traite"


@pytest.fixture
def settings(settings_env, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch):
    """Settings pointed at the test database and the test Dovecot."""
    for name, value in dovecot.env(INTAKE_IMAP_PROCESSED_FOLDER=PROCESSED).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def mail(message_id: str | None = "<arret-1@mairie-exemple.fr>", *, subject: str = "Arrêt maladie de Mme Durand",
         body: str = "Bonjour,\nveuillez trouver l'arrêt de travail.\n", headers: dict[str, str] | None = None) -> bytes:
    message = EmailMessage()
    for name, value in (headers or {}).items():
        message[name] = value
    message["From"] = "Ressources humaines <rh@mairie-exemple.fr>"
    message["To"] = "prestations@localhost"
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    return message.as_bytes(policy=SMTP_POLICY)


def rows(settings) -> list[Message]:
    with get_sessionmaker(settings.database_url)() as session:
        return list(session.scalars(select(Message).order_by(Message.id)))


def test_waiting_mail_is_stored_with_its_exact_bytes_then_moved(settings, dovecot: Dovecot) -> None:
    first, second = mail("<a@mairie-exemple.fr>"), mail("<b@mairie-exemple.fr>", subject="Reprise")
    dovecot.append(first)
    dovecot.append(second)
    result = poll_once(settings, inbox_for(settings))
    assert (result.stored, result.duplicates, result.failed, result.moved) == (2, 0, 0, 2)
    stored = rows(settings)
    assert [(row.source, row.status, row.envelope_to) for row in stored] == [("imap", "received", ["prestations@localhost"])] * 2
    blobs = FileBlobStore(settings.data_dir)
    assert [blobs.get(row.sha256) for row in stored] == [first, second]
    assert dovecot.messages("INBOX") == []
    assert dovecot.messages(PROCESSED) == [first, second]
    again = poll_once(settings, inbox_for(settings))
    assert (again.stored, again.moved) == (0, 0) and len(rows(settings)) == 2


def test_a_crash_between_commit_and_move_is_redone_next_poll_without_a_second_row(settings, dovecot: Dovecot) -> None:
    dovecot.append(mail())
    inbox = inbox_for(settings)

    def store_then_die(raw: bytes, **kwargs):
        inbox(raw, **kwargs)  # committed…
        raise KeyboardInterrupt  # …and the process is interrupted before the move

    with pytest.raises(KeyboardInterrupt):
        poll_once(settings, store_then_die)
    assert len(rows(settings)) == 1
    assert len(dovecot.messages("INBOX")) == 1 and dovecot.messages(PROCESSED) == []
    result = poll_once(settings, inbox)
    assert (result.stored, result.duplicates, result.moved) == (0, 1, 1)
    assert len(rows(settings)) == 1
    assert dovecot.messages("INBOX") == [] and len(dovecot.messages(PROCESSED)) == 1


def test_mail_that_cannot_be_stored_stays_in_the_folder_and_the_log_names_only_its_id(
    settings, dovecot: Dovecot, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    raw = mail("<sans-base@mairie-exemple.fr>", subject="Arrêt maladie — dépression", body="Diagnostic : dépression\n")
    dovecot.append(raw)
    unmigrated = get_sessionmaker(f"sqlite:///{tmp_path / 'no-schema.db'}")  # no tables: every insert fails
    broken = lambda raw, **kw: receive(unmigrated, FileBlobStore(tmp_path / "blobs"), raw, **kw)  # noqa: E731
    with caplog.at_level(logging.INFO, logger="intake"):
        result = poll_once(settings, broken)
    assert (result.stored, result.failed, result.moved, result.gave_up) == (0, 1, 0, False)
    assert dovecot.messages("INBOX") == [raw] and dovecot.messages(PROCESSED) == []
    assert "<sans-base@mairie-exemple.fr>" in caplog.text
    assert "dépression" not in caplog.text and "Durand" not in caplog.text
    result = poll_once(settings, inbox_for(settings))  # the database is back
    assert (result.stored, result.moved) == (1, 1) and dovecot.messages("INBOX") == []


def test_a_store_that_keeps_failing_stops_the_poll_so_the_poller_backs_off(settings, dovecot: Dovecot, tmp_path: Path) -> None:
    for number in range(imap.GIVE_UP_AFTER + 2):
        dovecot.append(mail(f"<m{number}@mairie-exemple.fr>"))
    unmigrated = get_sessionmaker(f"sqlite:///{tmp_path / 'no-schema.db'}")
    broken = lambda raw, **kw: receive(unmigrated, FileBlobStore(tmp_path / "blobs"), raw, **kw)  # noqa: E731
    result = poll_once(settings, broken)
    assert result.gave_up and result.failed == imap.GIVE_UP_AFTER
    assert len(dovecot.messages("INBOX")) == imap.GIVE_UP_AFTER + 2


def test_the_same_message_filed_twice_gives_one_row_and_both_copies_leave_the_folder(settings, dovecot: Dovecot) -> None:
    dovecot.append(mail())
    dovecot.append(mail() + b"\r\n")  # the same Message-ID and content, other bytes (a trailing blank line)
    result = poll_once(settings, inbox_for(settings))
    assert (result.stored, result.duplicates, result.moved) == (1, 1, 2)
    assert len(rows(settings)) == 1
    assert dovecot.messages("INBOX") == [] and len(dovecot.messages(PROCESSED)) == 2


def test_the_address_the_mailbox_server_delivered_to_becomes_the_envelope_recipient(settings, dovecot: Dovecot) -> None:
    dovecot.append(mail(headers={"Delivered-To": "Prestations+K7Q2@cdg-exemple.fr"}))
    dovecot.append(mail("<sans-livraison@mairie-exemple.fr>"))
    poll_once(settings, inbox_for(settings))
    assert [row.envelope_to for row in rows(settings)] == [["prestations+k7q2@cdg-exemple.fr"], ["prestations@localhost"]]


def test_mail_is_fetched_in_batches_and_a_large_one_alone(settings, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imap, "BATCH_BYTES", 3_000)
    sent = [mail(f"<lot-{n}@mairie-exemple.fr>", body=f"pièce {n}\n" * (40 if n != 3 else 800)) for n in range(6)]
    for raw in sent:
        dovecot.append(raw)
    with imap.connect(settings) as box:
        groups = list(batches(imap.waiting(box)))
    assert len(groups) > 2 and all(len(group) >= 1 for group in groups)
    assert [len(group) for group in groups if len(group) == 1]  # the large one came alone
    result = poll_once(settings, inbox_for(settings))
    assert (result.stored, result.moved) == (6, 6)
    blobs = FileBlobStore(settings.data_dir)
    assert [blobs.get(row.sha256) for row in rows(settings)] == sent


def test_a_processed_folder_equal_to_the_watched_one_is_refused(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_IMAP_PROCESSED_FOLDER", "INBOX")  # would store the same mail at every poll
    get_settings.cache_clear()
    with pytest.raises(ValueError, match="INTAKE_IMAP_PROCESSED_FOLDER"):
        poll_once(get_settings(), inbox_for(get_settings()))


def test_batches_stay_under_the_byte_budget() -> None:
    sizes = [("1", 10), ("2", 10), ("3", 100), ("4", 5), ("5", 5)]
    assert list(batches([])) == []
    budget = imap.BATCH_BYTES
    big = [(str(n), budget // 3) for n in range(7)] + [("8", budget * 2), ("9", 1)]
    assert list(batches(big)) == [["0", "1", "2"], ["3", "4", "5"], ["6"], ["8"], ["9"]]
    assert list(batches(sizes)) == [["1", "2", "3", "4", "5"]]


def test_backoff_doubles_from_the_poll_interval_up_to_a_ceiling() -> None:
    assert [backoff(n, 30) for n in range(1, 6)] == [30, 60, 120, 240, imap.MAX_BACKOFF]
    assert backoff(1, 0.1) == 1.0  # a tiny interval does not hammer a server that is down


def test_the_poller_survives_an_unreachable_server_and_stops_on_request(
    settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("INTAKE_IMAP_PORT", str(free_port()))  # nothing listens there
    get_settings.cache_clear()
    stop = threading.Event()
    with caplog.at_level(logging.WARNING, logger="intake"):
        poller = threading.Thread(target=run_poller, args=(get_settings(), inbox_for(get_settings()), stop))
        poller.start()
        time.sleep(0.3)
        assert poller.is_alive()
        stop.set()
        poller.join(timeout=5)
    assert not poller.is_alive()
    assert "nouvel essai" in caplog.text


def test_the_poller_loop_picks_up_mail_as_it_arrives(settings, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_IMAP_POLL_SECONDS", "0.05")
    get_settings.cache_clear()
    stop = threading.Event()
    poller = threading.Thread(target=run_poller, args=(get_settings(), inbox_for(get_settings()), stop))
    poller.start()
    try:
        dovecot.append(mail())
        deadline = time.monotonic() + 10
        while not dovecot.messages(PROCESSED) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        poller.join(timeout=10)
    assert len(rows(settings)) == 1 and dovecot.messages("INBOX") == []


def test_intake_serve_polls_imap_and_the_worker_processes_the_mail(settings, dovecot: Dovecot) -> None:
    env = {
        **os.environ, **dovecot.env(),
        "INTAKE_DATABASE_URL": settings.database_url, "INTAKE_DATA_DIR": str(settings.data_dir),
        "INTAKE_IMAP_PROCESSED_FOLDER": PROCESSED, "INTAKE_IMAP_POLL_SECONDS": "0.2",
        "INTAKE_SMTP_LISTEN": f"127.0.0.1:{free_port()}", "INTAKE_HTTP_LISTEN": f"127.0.0.1:{free_port()}",
    }
    dovecot.append(mail(body="Bonjour,\nMme Sophie Durand est en arrêt de travail du 3 au 14 mars.\n"))
    intake = Path(sys.executable).with_name("intake")
    server = subprocess.Popen([str(intake), "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            stored = rows(settings)
            if stored and stored[0].status in ("processed", "failed"):
                break
            time.sleep(0.2)
        assert server.poll() is None, server.stdout.read().decode()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    [row] = rows(settings)
    assert (row.source, row.status) == ("imap", "processed"), output
    assert server.returncode == 0, output
    assert dovecot.messages("INBOX") == [] and len(dovecot.messages(PROCESSED)) == 1
