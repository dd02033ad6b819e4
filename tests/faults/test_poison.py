"""A message that kills the worker every time (a segfault, the OOM killer) is given up after
INTAKE_WORKER_MAX_ATTEMPTS interrupted attempts (3 by default; 2 here, each attempt is a process start),
with a French reason, and stays replayable. A `serve --worker` process stuck on a message past its lease
(a hang) ends itself, and the message is processed once by the next worker."""

from __future__ import annotations

import subprocess

import pytest

from faults.worker import counts, declaration, import_registry, killed_by_itself, launch, message, wait_lease_over
from intake.cli import main
from intake.mail.inbox import inbox_for
from intake.pipeline.runner import drain
from intake.settings import Settings
from intake.store.blobs import FileBlobStore
from intake.store.db import get_sessionmaker

LEASE = 1


def test_a_message_that_kills_every_worker_is_given_up_then_replayable(settings_env, tmp_path) -> None:
    assert Settings().worker_max_attempts == 3
    url = settings_env.database_url
    import_registry(url)
    store = inbox_for(settings_env)
    poison = store(declaration(), source="smtp", envelope_to=[settings_env.mailbox])
    env = {"INTAKE_WORKER_LEASE_SECONDS": str(LEASE), "INTAKE_WORKER_MAX_ATTEMPTS": "2"}
    log = tmp_path / "worker.log"
    for attempt in (1, 2):
        killed_by_itself(launch("worker", "in_draft_always", env, log), log)
        row = message(url, poison.id)
        assert (row.status, row.attempts) == ("processing", attempt)
        wait_lease_over(LEASE)

    # The next worker (any: the launcher would die again if it took the message) gives it up instead.
    settings = settings_env.model_copy(update={"worker_lease_seconds": LEASE, "worker_max_attempts": 2})
    assert drain(get_sessionmaker(url), FileBlobStore(settings_env.data_dir), settings=settings) == 0
    row = message(url, poison.id)
    assert (row.status, row.attempts) == ("failed", 2)
    assert row.last_error == "abandonné après 2 tentatives : le traitement s'est interrompu"
    assert counts(url)["claims"] == 0

    assert main(["replay", str(poison.id)]) == 0  # once fixed (here: a worker that does not die), replayed
    row = message(url, poison.id)
    assert (row.status, row.attempts, row.last_error) == ("processed", 3, None)
    assert counts(url) == {"claims": 1, "claim_messages": 1, "documents": 2, "periods": 1, "outbox": 1}


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)  # a process matter: one backend
def test_a_worker_process_stuck_on_a_message_past_its_lease_exits_and_the_message_is_processed_once(
        settings_env, tmp_path) -> None:
    url = settings_env.database_url
    import_registry(url)
    stuck = inbox_for(settings_env)(declaration(), source="smtp", envelope_to=[settings_env.mailbox])
    log = tmp_path / "worker.log"
    lease = 3
    worker = launch("worker", "hang_in_draft", {"INTAKE_WORKER_LEASE_SECONDS": str(lease)}, log)
    try:
        assert worker.wait(timeout=60) == 70  # its own time limit ended it, not a signal
    except subprocess.TimeoutExpired:
        worker.kill()
        raise
    assert "traitement au-delà du bail (3 s)" in log.read_text()
    row = message(url, stuck.id)
    assert (row.status, row.attempts) == ("processing", 1)
    assert counts(url)["claims"] == 0

    wait_lease_over(0)  # the lease had run out when the process ended
    drain(get_sessionmaker(url), FileBlobStore(settings_env.data_dir), settings=settings_env)
    row = message(url, stuck.id)
    assert (row.status, row.attempts) == ("processed", 2)
    assert counts(url) == {"claims": 1, "claim_messages": 1, "documents": 2, "periods": 1, "outbox": 1}
