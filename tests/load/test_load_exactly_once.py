"""Load, small: 120 generated mails over SMTP from 4 client processes to `intake serve` and one more
`intake serve --worker`, on SQLite and PostgreSQL; every mail stored once, processed once, no claim drafted
twice (half the declarations are sent again under a new Message-ID at the same moment, a tenth of the mails
delivered twice byte for byte), at most one reply per message and claim."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_load import build_mails, with_redeliveries
from exactly_once import verify
from loadrun import send_all, service_env, start_service, wait_processed

from corpus.registry import build_registry
from intake.identify.registry import import_registry_file
from intake.store.db import get_sessionmaker
from relay import Relay, free_port

N, CLIENTS, WORKERS = 120, 4, 2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    folder = build_registry(11).write_csv(tmp_path_factory.mktemp("registry"))
    # Text pieces only: a scan costs seconds of OCR; the load test is about concurrency, not reading.
    mails = build_mails(N, seed=3, scan_rate=0.0, photo_rate=0.0, twin_rate=0.5, processes=2)
    return folder, with_redeliveries(mails, 0.1, seed=3)


@pytest.mark.slow
def test_load_every_mail_once_with_two_worker_processes(settings_env, corpus, tmp_path: Path) -> None:
    registry_dir, mails = corpus
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, registry_dir / f"{kind}.csv", url=settings_env.database_url)
    # enough simultaneous twins and deliveries of the same bytes to race
    assert sum(1 for m in mails if m.twin_of) >= 10 and sum(1 for m in mails if m.redelivery) >= 5
    relay = Relay().start()
    env = service_env(settings_env.database_url, settings_env.data_dir, relay, free_port())
    service = start_service(env, WORKERS, tmp_path / "logs")
    factory = get_sessionmaker(settings_env.database_url)
    try:
        sent = send_all(mails, service.smtp_port, clients=CLIENTS, folder=tmp_path / "mails")
        finished = wait_processed(factory, len({m.message_id for m in mails}), timeout=120, service=service)
    finally:
        service.stop()
        relay.stop()
    assert finished, f"traitement inachevé\n{service.logs()}"
    verdict = verify(factory, mails, {i: r["code"] for i, r in sent.per_mail.items()}, relay.capture.message_ids())
    assert not verdict.problems, "\n".join(verdict.problems) + f"\n{verdict.facts}\n{service.logs()}"
    # The run did what it is for: claims drafted, twins on them, replies through the relay.
    assert verdict.facts["twins_on_claims"] >= 5 and verdict.facts["claims"] >= 20
    assert verdict.facts["delivered"] == verdict.facts["replies"] > 0
