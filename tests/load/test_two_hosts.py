"""Several machines (README « Plusieurs machines »): a receiving host (`intake serve --only smtp,sender`) and
two `intake serve --worker` hosts, each with a data directory of its own, sharing nothing but PostgreSQL.
200 generated mails are each processed exactly once (one claim per declared stop, one reply per message and
claim), by both workers, with every blob read from the database and one signing key for the three."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_load import build_mails
from exactly_once import verify
from loadrun import Service, send_all, service_env, wait_processed
from sqlalchemy import func, select

from corpus.registry import build_registry
from intake.identify.registry import import_registry_file
from intake.store.blobs import Blob
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from relay import Relay, free_port
from running import listening

N = 200
ROLES = {"receiver": ["--only", "smtp,sender"], "worker1": ["--worker"], "worker2": ["--worker"]}


def _start(envs: dict[str, dict[str, str]], log_dir: Path, smtp_port: int) -> Service:
    log_dir.mkdir(parents=True, exist_ok=True)
    processes = []
    for name, args in ROLES.items():
        handle = (log_dir / f"{name}.log").open("ab")
        processes.append((name, subprocess.Popen([sys.executable, "-m", "intake.cli", "serve", *args], env=envs[name],
                                                 stdout=handle, stderr=handle, start_new_session=True)))
    service = Service(processes, smtp_port, log_dir)
    deadline = time.monotonic() + 90
    while not listening(smtp_port):
        if time.monotonic() > deadline or not service.alive():
            service.stop()
            raise RuntimeError(f"intake serve ne démarre pas\n{service.logs()}")
        time.sleep(0.2)
    time.sleep(1.0)
    return service


@pytest.mark.slow
def test_two_workers_on_two_data_directories_share_only_postgresql(settings_env, tmp_path: Path) -> None:
    if not settings_env.database_url.startswith("postgresql"):
        pytest.skip("plusieurs machines : PostgreSQL seulement (SQLite garde les fichiers sur un disque)")
    registry_dir = build_registry(11).write_csv(tmp_path / "registry")
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, registry_dir / f"{kind}.csv", url=settings_env.database_url)
    # Text pieces only (OCR would cost minutes on this machine): the test is about sharing, not reading.
    mails = build_mails(N, seed=5, scan_rate=0.0, photo_rate=0.0, twin_rate=0.0, processes=2)
    relay = Relay().start()
    smtp_port = free_port()
    envs = {}
    for name in ROLES:
        env = service_env(settings_env.database_url, tmp_path / name / "data", relay, smtp_port)
        # The defaults a real deployment gets: blobs and the signing key in the database.
        env["INTAKE_BLOB_STORE"] = "auto"
        env.pop("INTAKE_SECRET_KEY", None)
        envs[name] = env
    service = _start(envs, tmp_path / "logs", smtp_port)
    factory = get_sessionmaker(settings_env.database_url)
    try:
        sent = send_all(mails, smtp_port, clients=2, folder=tmp_path / "mails")
        finished = wait_processed(factory, len({m.message_id for m in mails}), timeout=600, service=service)
    finally:
        service.stop()
        relay.stop()
    assert finished, f"traitement inachevé\n{service.logs()}"
    verdict = verify(factory, mails, {i: r["code"] for i, r in sent.per_mail.items()}, relay.capture.message_ids())
    assert not verdict.problems, "\n".join(verdict.problems) + f"\n{verdict.facts}\n{service.logs()}"
    assert verdict.facts["claims"] >= 50 and verdict.facts["delivered"] == verdict.facts["replies"] > 0

    # Both workers took their share: each message processed by exactly one of them.
    done = {name: set(re.findall(r"message #(\d+): traité", (tmp_path / "logs" / f"{name}.log").read_text()))
            for name in ("worker1", "worker2")}
    assert done["worker1"] and done["worker2"] and not done["worker1"] & done["worker2"]
    assert len(done["worker1"] | done["worker2"]) == N
    # No host wrote a blob or a key to its disk: mail and attachments were read from the database.
    for name in ROLES:
        written = [p.relative_to(tmp_path) for p in (tmp_path / name / "data").rglob("*") if p.is_file()]
        assert not [p for p in written if "blobs" in p.parts or p.name == "secret.key"], written
    with factory() as session:
        stored = session.scalar(select(func.count()).select_from(Blob))
        messages = session.scalar(select(func.count()).select_from(Message))
    assert messages == N and stored >= N
    # Every reply's plus-address was signed by a worker with the one shared key; the receiving host, which
    # signed none of them, verifies them all with the key it read from the database.
    from intake.mail.tokens import load_key, reference_from_address

    key = load_key(envs_settings(envs["receiver"]))
    signed = [m["From"] for m in relay.capture.messages if "+" in (m["From"] or "")]
    assert len(signed) >= 50 and all(reference_from_address(s, key=key) for s in signed)


def envs_settings(env: dict[str, str]):  # noqa: ANN201
    from intake.settings import Settings

    return Settings(database_url=env["INTAKE_DATABASE_URL"], data_dir=Path(env["INTAKE_DATA_DIR"]))
