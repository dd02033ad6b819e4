"""The database unavailable while mail arrives: SMTP says 451 and records nothing, IMAP leaves the mail in
its folder; once the database is back the sender's retry (or the next poll) is stored exactly once."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from dovecot import Dovecot, dovecot  # noqa: F401 — `dovecot` is a fixture
from faults.inbox import mail, rows, smtp_send
from faults.worker import counts, declaration, import_registry, message
from intake.mail.imap import poll_once
from intake.mail.inbox import inbox_for
from intake.mail.smtp import SMTPReceiver
from intake.pipeline import runner
from intake.pipeline.runner import drain
from intake.settings import get_settings
from intake.store.blobs import FileBlobStore
from intake.store.db import get_sessionmaker
from relay import free_port

PROCESSED = "INBOX.intake-traite"


def table_counts(url: str) -> dict[str, int]:
    """Rows in every table: "nothing half-written" checked wholesale."""
    import intake.store.schema  # noqa: F401 — every model registered
    from intake.store.models import Base

    with get_sessionmaker(url)() as session:
        return {name: session.scalar(select(func.count()).select_from(table))
                for name, table in Base.metadata.tables.items()}


@pytest.fixture
def receiver(outage):
    server = SMTPReceiver(inbox_for(get_settings()), host="127.0.0.1", port=free_port(), max_bytes=1_000_000)
    server.start()
    yield server
    server.stop()


def test_smtp_answers_451_while_the_database_is_down_and_stores_the_retry_once(outage, receiver) -> None:
    assert smtp_send(receiver.port, mail(1))[0] == 250  # a live connection in the pool, cut below
    before = table_counts(outage.direct)

    outage.down()
    try:
        code, text = smtp_send(receiver.port, mail(2))
        assert code == 451 and text.startswith("4.3.0 Enregistrement impossible")
        assert "reessayez plus tard" in text
        assert smtp_send(receiver.port, mail(2))[0] == 451  # a sender retrying too early: the same answer
    finally:
        outage.up()
    assert table_counts(outage.direct) == before  # nothing half-written, in any table
    # Accepted cost: the raw bytes were written before the database refused; that blob is an orphan
    # until the retry, which finds the same bytes (content-addressed) and records them.
    assert FileBlobStore(get_settings().data_dir).path(hashlib.sha256(mail(2)).hexdigest()).exists()

    code, text = smtp_send(receiver.port, mail(2))  # the sending server's retry
    assert code == 250, text
    assert smtp_send(receiver.port, mail(2))[0] == 250  # and a duplicate retry is recognised
    stored = rows(outage.direct)
    assert [r.message_id for r in stored] == ["<panne-1@mairie-exemple.fr>", "<panne-2@mairie-exemple.fr>"]
    assert [r.status for r in stored] == ["received", "received"]


@pytest.fixture
def imap_settings(outage, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch):
    for name, value in dovecot.env(INTAKE_IMAP_PROCESSED_FOLDER=PROCESSED).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    return get_settings()


def test_imap_mail_stays_in_the_folder_while_the_database_is_down(outage, imap_settings, dovecot: Dovecot) -> None:
    store = inbox_for(imap_settings)
    dovecot.append(mail(1))
    assert poll_once(imap_settings, store).stored == 1  # the pool holds a connection the cut will break
    for number in (2, 3):
        dovecot.append(mail(number))

    outage.down()
    try:
        result = poll_once(imap_settings, store)
    finally:
        outage.up()
    assert (result.stored, result.moved, result.failed) == (0, 0, 2)
    assert sorted(dovecot.messages("INBOX")) == sorted([mail(2), mail(3)])  # still there, untouched
    assert len(rows(outage.direct)) == 1

    result = poll_once(imap_settings, store)
    assert (result.stored, result.duplicates, result.moved) == (2, 0, 2)
    assert dovecot.messages("INBOX") == []
    assert poll_once(imap_settings, store).stored == 0
    assert [r.message_id for r in rows(outage.direct)] == [f"<panne-{n}@mairie-exemple.fr>" for n in (1, 2, 3)]
    assert len(dovecot.messages(PROCESSED)) == 3


def test_the_database_lost_in_the_middle_of_a_message_puts_it_back_in_the_queue(outage, monkeypatch) -> None:
    import_registry(outage.direct)
    settings = get_settings()
    received = inbox_for(settings)(declaration(), source="smtp", envelope_to=[settings.mailbox])
    lost_once = []

    def draft_while_the_database_goes_away(work) -> None:
        if lost_once:
            return runner.draft_stage(work)
        lost_once.append(True)
        outage.down()
        try:
            return runner.draft_stage(work)
        finally:
            outage.up()

    monkeypatch.setattr(runner, "STAGES", tuple(draft_while_the_database_goes_away if s is runner.draft_stage
                                                  else s for s in runner.STAGES))
    assert drain(get_sessionmaker(outage.url), FileBlobStore(settings.data_dir), settings=settings) == 2
    row = message(outage.direct, received.id)
    assert (row.status, row.attempts, row.last_error) == ("processed", 2, None)  # not failed: retried
    assert counts(outage.direct) == {"claims": 1, "claim_messages": 1, "documents": 2, "periods": 1, "outbox": 1}
