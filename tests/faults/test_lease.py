"""A worker that outlived its lease (a hang, a pause) and finds its message taken by another writes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from faults.worker import counts, declaration, import_registry, message
from intake.mail.inbox import inbox_for
from intake.pipeline.runner import LOST, claim, process
from intake.store.blobs import FileBlobStore
from intake.store.db import get_sessionmaker


def test_the_late_worker_is_fenced_off_and_the_message_is_processed_once(settings_env) -> None:
    url = settings_env.database_url
    import_registry(url)
    received = inbox_for(settings_env)(declaration(), source="smtp", envelope_to=[settings_env.mailbox])
    factory, blobs = get_sessionmaker(url), FileBlobStore(settings_env.data_dir)

    slow = claim(factory, lease=timedelta(seconds=60))
    later = datetime.now(timezone.utc) + timedelta(seconds=61)
    other = claim(factory, now=later, lease=timedelta(seconds=600))  # the lease ran out: taken again
    assert slow == (received.id, 1) and other == (received.id, 2)

    # The slow one finishes at last: everything it wrote is rolled back.
    assert process(factory, blobs, slow[0], settings=settings_env, attempt=slow[1]) == LOST
    assert message(url, received.id).status == "processing"
    assert counts(url) == {"claims": 0, "claim_messages": 0, "documents": 0, "periods": 0, "outbox": 0}

    assert process(factory, blobs, other[0], settings=settings_env, attempt=other[1]) == "processed"
    assert counts(url) == {"claims": 1, "claim_messages": 1, "documents": 2, "periods": 1, "outbox": 1}
    assert message(url, received.id).attempts == 2
