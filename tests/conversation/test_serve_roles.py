"""`intake serve --only ROLES`: each process runs only its roles, so each may run on the host it belongs on
(README « Plusieurs machines »)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from intake.mail.inbox import inbox_for
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from relay import free_port
from running import listening, wait_for

MAIL = (b"From: RH <rh@mairie-exemple.fr>\r\nTo: prestations@localhost\r\nSubject: Arret\r\n"
        b"Message-ID: <roles-1@mairie-exemple.fr>\r\n\r\nBonjour, Mme Durand est en arret du 10/03/2025.\r\n")


def _serve(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = log.open("ab")
    return subprocess.Popen([sys.executable, "-m", "intake.cli", "serve", *args], env=env, stdout=handle,
                            stderr=handle, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_a_desk_only_process_serves_and_neither_receives_nor_processes(settings_env, tmp_path: Path) -> None:
    smtp_port, http_port = free_port(), free_port()
    env = {**os.environ, "INTAKE_SMTP_LISTEN": f"127.0.0.1:{smtp_port}",
           "INTAKE_HTTP_LISTEN": f"127.0.0.1:{http_port}", "INTAKE_REMIND_ENABLED": "false"}
    factory = get_sessionmaker(settings_env.database_url)
    received = inbox_for(settings_env)(MAIL, source="ingest")

    def status() -> str:
        with factory() as session:
            return session.scalar(select(Message.status).where(Message.id == received.id))

    desk = _serve(["--only", "web"], env, tmp_path / "web.log")
    worker = None
    try:
        wait_for(lambda: listening(http_port) or desk.poll() is not None, timeout=90, what="le guichet démarre")
        assert desk.poll() is None, (tmp_path / "web.log").read_text()
        assert not listening(smtp_port) and status() == "received"  # no receiver, no worker here
        worker = _serve(["--only", "worker"], env, tmp_path / "worker.log")
        wait_for(lambda: status() == "processed", timeout=120, what="le message est traité par le processus worker")
        assert not listening(smtp_port)
    finally:
        _stop(desk)
        if worker is not None:
            _stop(worker)
    assert desk.returncode == 0 and worker.returncode == 0


def test_an_unknown_role_is_refused_on_the_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "intake.cli", "serve", "--only", "smtp,imprimante"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "rôle inconnu : imprimante" in done.stderr
