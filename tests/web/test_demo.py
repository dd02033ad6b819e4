"""`intake demo` sends the demo mails into a running `intake serve`: a first start shows a desk with work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from email import policy
from email.parser import BytesParser
from pathlib import Path

from sqlalchemy import func, select

from intake.identify.registry import import_registry_file
from intake.mail.demo import shift_dates
from intake.store.claims import Claim
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from intake.store.models import Agent, Collectivite
from relay import free_port
from running import listening, wait_for

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo"


def test_dates_move_with_today_but_birth_dates_stay() -> None:
    raw = (DEMO / "mails" / "01-arret-maladie-roux.eml").read_bytes()
    moved = BytesParser(policy=policy.default).parsebytes(shift_dates(raw, date(2027, 3, 10)))
    text = moved.get_body(("plain",)).get_content()
    assert "17/09/1982" in text  # a birth date is the agent's, not the arrêt's
    assert "du 07/03/2027 au 21/03/2027" in text  # written on 30/11/2026 for 27/11–11/12: three days before
    assert moved["Date"].datetime.date() == date(2027, 3, 10)


def test_intake_demo_fills_an_empty_desk(settings_env, tmp_path: Path) -> None:
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, DEMO / f"{kind}.csv", url=settings_env.database_url)
    smtp = free_port()
    env = {**os.environ, "INTAKE_SMTP_LISTEN": f"127.0.0.1:{smtp}", "INTAKE_HTTP_LISTEN": f"127.0.0.1:{free_port()}",
           "INTAKE_REMIND_ENABLED": "false"}
    factory = get_sessionmaker(settings_env.database_url)
    demo = [sys.executable, "-m", "intake.cli", "demo", "--dir", str(DEMO / "mails"), "--if-empty", "--wait", "60"]
    log = (tmp_path / "serve.log").open("ab")
    server = subprocess.Popen([sys.executable, "-m", "intake.cli", "serve"], env=env, stdout=log, stderr=log,
                              start_new_session=True)
    try:
        # Started together, as scripts/run does: the demo waits for the receiver.
        first = subprocess.run(demo, env=env, capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stderr
        assert first.stdout.count("envoyé") == len(list((DEMO / "mails").glob("*.eml")))
        wait_for(lambda: listening(smtp), timeout=5, what="le récepteur SMTP écoute")

        def claims():
            with factory() as session:
                return session.execute(select(Claim.reference, Collectivite.code, Agent.matricule)
                                       .join(Collectivite, Collectivite.id == Claim.collectivite_id)
                                       .outerjoin(Agent, Agent.id == Claim.agent_id)).all()

        rows = wait_for(lambda: (r := claims()) and len(r) >= 3 and r, timeout=120, what="les sinistres de démo")
        assert {code for _ref, code, _m in rows} == {"D48001", "D48002"}  # the demo registry's collectivités
        assert {"A00100", "A00102"} <= {m for _ref, _code, m in rows}  # agents found in the demo registry
        again = subprocess.run(demo, env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 0 and "rien n'est envoyé" in again.stdout
        with factory() as session:
            assert session.scalar(select(func.count()).select_from(Message)) == 3
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
