"""What the worker-kill tests share: a declaration with two pieces, the launcher, and what was written."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from intake.identify.registry import import_registry_file
from intake.store.claims import Claim, ClaimMessage, ClaimPeriod, Document
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from intake.store.outbox import OutboxMail
from support import REGISTRY, SAMPLES

LAUNCHER = Path(__file__).with_name("launcher.py")
# A declaration of a known collectivité with two PDF pieces with a text layer (no OCR: the test stays fast).
DECLARATION = SAMPLES / "cases" / "0007.eml"


def declaration() -> bytes:
    return re.sub(rb"(?<!\r)\n", b"\r\n", DECLARATION.read_bytes())


def import_registry(url: str) -> None:
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, REGISTRY / f"{kind}.csv", url=url)


def launch(kind: str, point: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as handle:
        return subprocess.Popen([sys.executable, str(LAUNCHER), kind, point], env={**os.environ, **env},
                                stdout=handle, stderr=handle, start_new_session=True)


def killed_by_itself(process: subprocess.Popen, log: Path, *, timeout: float = 90) -> None:
    """Wait for the launcher to reach its kill point; a process still alive there is a failed test."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise AssertionError(f"le point d'arrêt n'a pas été atteint :\n{log.read_text(errors='replace')[-3000:]}") from None
    assert process.returncode == -signal.SIGKILL, log.read_text(errors="replace")[-3000:]


def counts(url: str) -> dict[str, int]:
    with get_sessionmaker(url)() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (Claim, ClaimMessage, Document, ClaimPeriod, OutboxMail)}


def message(url: str, message_id: int) -> Message:
    with get_sessionmaker(url)() as session:
        return session.get(Message, message_id)


def wait_lease_over(seconds: float) -> None:
    time.sleep(seconds + 0.2)
