"""A worker process SIGKILLed at each stage of a message, then a worker again: the message is processed once
(one claim, one reply queued, one set of pieces); nothing the killed worker did survives half-way."""

from __future__ import annotations

import pytest

from faults.worker import counts, declaration, import_registry, killed_by_itself, launch, message, wait_lease_over
from intake.mail.inbox import inbox_for
from intake.pipeline.runner import drain
from intake.store.blobs import FileBlobStore
from intake.store.db import get_sessionmaker
from support import POSTGRES_URL

# What one clean processing of the declaration writes (two pieces, one claim, one stop, one reply).
ONCE = {"claims": 1, "claim_messages": 1, "documents": 2, "periods": 1, "outbox": 1}
NOTHING = {name: 0 for name in ONCE}
LEASE = 1


POINTS = ["after_read", "after_understand", "after_draft", "after_reply", "before_commit", "after_commit"]
# Reading and understanding write nothing: on PostgreSQL only the points where the database holds
# something of the attempt are run again (each case is two process starts).
WRITING = POINTS[2:]
CASES = [pytest.param("sqlite", point, id=f"sqlite-{point}") for point in POINTS] + [
    pytest.param("postgresql", point, id=f"postgresql-{point}",
                 marks=[] if POSTGRES_URL else [pytest.mark.skip(reason="INTAKE_TEST_POSTGRES_URL non défini")])
    for point in WRITING]


@pytest.mark.parametrize(("empty_database_url", "point"), CASES, indirect=["empty_database_url"])
def test_a_worker_killed_at_each_stage_leaves_the_message_to_be_processed_once(settings_env, tmp_path, point) -> None:
    url = settings_env.database_url
    import_registry(url)
    received = inbox_for(settings_env)(declaration(), source="smtp", envelope_to=[settings_env.mailbox])

    killed_by_itself(launch("worker", point, {"INTAKE_WORKER_LEASE_SECONDS": str(LEASE)}, tmp_path / "worker.log"),
                     tmp_path / "worker.log")
    row = message(url, received.id)
    if point == "after_commit":
        assert (row.status, row.attempts) == ("processed", 1) and counts(url) == ONCE
    else:  # the transaction died with the process: not a claim, a piece or a reply of it remains
        assert (row.status, row.attempts) == ("processing", 1) and counts(url) == NOTHING

    wait_lease_over(LEASE)  # a worker starting now (the same code, in this process) takes it up
    drain(get_sessionmaker(url), FileBlobStore(settings_env.data_dir),
          settings=settings_env.model_copy(update={"worker_lease_seconds": LEASE}))
    row = message(url, received.id)
    assert row.status == "processed" and row.last_error is None
    assert row.attempts == (1 if point == "after_commit" else 2)
    assert counts(url) == ONCE
