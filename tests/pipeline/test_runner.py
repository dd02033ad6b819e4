"""The worker: each message processed once, failures kept with their traceback and replayable."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from intake.cli import main
from intake.mail.inbox import inbox_for
from intake.pipeline.runner import claim_next, drain, process
from intake.store.blobs import FileBlobStore
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from intake.telemetry import HEARTBEATS
from support import SAMPLES

DECLARATION = (
    b"From: RH <rh@mairie-exemple.fr>\r\nTo: prestations@localhost\r\nSubject: Arret\r\n"
    b"Message-ID: <m-%d@mairie-exemple.fr>\r\nDate: Mon, 10 Mar 2025 09:00:00 +0100\r\n\r\n"
    b"Bonjour, Mme Durand est en arret du 10/03/2025 au 21/03/2025.\r\n"
)


def rows(settings) -> list[Message]:
    with get_sessionmaker(settings.database_url)() as session:
        return list(session.scalars(select(Message).order_by(Message.id)))


def test_ingest_processes_a_sample_and_keeps_its_analysis(settings_env, capsys) -> None:
    sample = SAMPLES / "cases" / "0004.eml"
    assert main(["ingest", str(sample), str(sample)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("reçu") and out[1].endswith("déjà reçu")
    [row] = rows(settings_env)
    assert row.status == "processed" and row.attempts == 1
    assert row.analysis["message_id"] == row.message_id


def test_a_failure_is_kept_with_its_traceback_and_replays_once_fixed(settings_env) -> None:
    store = inbox_for(settings_env)
    received = store(DECLARATION % 1, source="ingest")
    [row] = rows(settings_env)
    blob = FileBlobStore(settings_env.data_dir).path(row.sha256)
    content = blob.read_bytes()
    blob.unlink()  # the disk store lost the file: processing cannot read the message
    factory = get_sessionmaker(settings_env.database_url)
    drain(factory, FileBlobStore(settings_env.data_dir))
    [row] = rows(settings_env)
    assert row.status == "failed" and "FileNotFoundError" in row.last_error
    blob.write_bytes(content)
    assert main(["replay", str(received.id)]) == 0
    [row] = rows(settings_env)
    assert row.status == "processed" and row.attempts == 2 and row.last_error is None
    assert main(["replay", "999"]) == 1


def test_replay_failed_takes_every_failed_message_again(settings_env, capsys) -> None:
    store = inbox_for(settings_env)
    for n in (11, 12):
        store(DECLARATION % n, source="ingest")
    blobs = FileBlobStore(settings_env.data_dir)
    kept = {row.sha256: blobs.path(row.sha256).read_bytes() for row in rows(settings_env)}
    for digest in kept:
        blobs.path(digest).unlink()
    drain(get_sessionmaker(settings_env.database_url), blobs)
    assert [row.status for row in rows(settings_env)] == ["failed", "failed"]
    for digest, content in kept.items():
        blobs.path(digest).write_bytes(content)
    assert main(["replay", "--failed"]) == 0
    assert capsys.readouterr().out.strip() == "2 message(s) en échec rejoué(s)"
    assert [(row.status, row.attempts) for row in rows(settings_env)] == [("processed", 2), ("processed", 2)]
    assert main(["replay", "--failed"]) == 0 and capsys.readouterr().out.startswith("0 message(s)")
    assert main(["replay"]) == 2


def test_a_one_off_drain_leaves_no_heartbeat_for_readiness_to_find_stale(settings_env) -> None:
    """`intake work --once`, tests: the calling thread is no long-running worker; a heartbeat it left would
    never be renewed and /readyz would report the process stuck once ready_idle_seconds had passed."""
    inbox_for(settings_env)(DECLARATION % 3, source="ingest")
    assert drain(get_sessionmaker(settings_env.database_url), FileBlobStore(settings_env.data_dir)) == 1
    assert threading.current_thread().name not in HEARTBEATS.names()


def test_a_message_left_by_a_killed_worker_is_taken_again_after_its_lease(settings_env) -> None:
    store = inbox_for(settings_env)
    store(DECLARATION % 2, source="ingest")
    factory = get_sessionmaker(settings_env.database_url)
    taken = claim_next(factory)  # this worker then dies without finishing
    assert taken is not None and claim_next(factory) is None
    later = datetime.now(timezone.utc) + timedelta(minutes=11)
    assert claim_next(factory, now=later) == taken
    assert process(factory, FileBlobStore(settings_env.data_dir), taken) == "processed"
    [row] = rows(settings_env)
    assert row.attempts == 2 and row.status == "processed"


def test_concurrent_workers_process_each_message_once(settings_env) -> None:
    store = inbox_for(settings_env)
    for number in range(12):
        store(DECLARATION % (100 + number), source="ingest")
    factory = get_sessionmaker(settings_env.database_url)
    blobs = FileBlobStore(settings_env.data_dir)
    counts: list[int] = []
    workers = [threading.Thread(target=lambda: counts.append(drain(factory, blobs))) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert sum(counts) == 12
    assert [(r.status, r.attempts) for r in rows(settings_env)] == [("processed", 1)] * 12
