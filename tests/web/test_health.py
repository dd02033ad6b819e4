"""What an operator watches: /healthz, /readyz and /metrics of a real `intake serve`, JSON logs, and a
stuck worker seen by readiness."""

from __future__ import annotations

import json
import os
import re
import signal
import smtplib
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from intake.identify.registry import import_registry_file
from intake.telemetry import HEARTBEATS
from relay import Relay, free_port
from running import desk_server, listening, wait_for
from support import REGISTRY, SAMPLES

TEXT_DECLARATION = SAMPLES / "cases" / "0002.eml"


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _metric(text: str, name: str, **labels: str) -> float | None:
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if wanted else "") + r" (\S+)"
    match = re.search(r"^" + pattern + "$", text, re.M)
    return float(match.group(1)) if match else None


def test_serve_is_watched_by_healthz_readyz_and_metrics_and_logs_json(settings_env, tmp_path: Path) -> None:
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, REGISTRY / f"{kind}.csv", url=settings_env.database_url)
    relay = Relay().start()
    smtp_port, http_port = free_port(), free_port()
    env = {**os.environ, "INTAKE_DATABASE_URL": settings_env.database_url, "INTAKE_DATA_DIR": str(settings_env.data_dir),
           "INTAKE_SMTP_LISTEN": f"127.0.0.1:{smtp_port}", "INTAKE_HTTP_LISTEN": f"127.0.0.1:{http_port}",
           "INTAKE_SMTP_RELAY": relay.address, "INTAKE_MAILBOX": "prestations@cdg-exemple.fr",
           "INTAKE_LOG_FORMAT": "json", "INTAKE_METRICS_TOKEN": "jeton-de-metriques"}
    log = tmp_path / "serve.log"
    server = subprocess.Popen([sys.executable, "-m", "intake.cli", "serve"], env=env, stdout=log.open("ab"),
                              stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(lambda: listening(smtp_port) and listening(http_port), timeout=90, what="intake serve démarre")
        assert _get(base + "/healthz") == (200, json.dumps({"statut": "ok"}, separators=(",", ":")))
        status, body = wait_for(lambda: (lambda r: r if r[0] == 200 else None)(_get(base + "/readyz")), timeout=30,
                                what="/readyz dit prêt")
        assert {"worker", "sender"} <= set(json.loads(body)["threads"])

        raw = re.sub(rb"(?<!\r)\n", b"\r\n", TEXT_DECLARATION.read_bytes())
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=60) as client:
            client.sendmail("rh@example.org", ["prestations@cdg-exemple.fr"], raw)
        auth = {"Authorization": "Bearer jeton-de-metriques"}
        assert _get(base + "/metrics")[0] == 403  # a token is set: nobody reads the figures without it
        wait_for(lambda: _metric(_get(base + "/metrics", auth)[1], "intake_messages", status="processed") == 1,
                 timeout=120, what="le message traité apparaît dans /metrics")
        wait_for(lambda: (_metric(_get(base + "/metrics", auth)[1], "intake_outbox", status="sent") or 0) >= 1,
                 timeout=60, what="la réponse envoyée apparaît dans /metrics")
        text = _get(base + "/metrics", auth)[1]
        assert re.search(r'^intake_replies_total\{kind="[a-z_]+"\} 1\.0$', text, re.M)
        assert _metric(text, "intake_outbox_oldest_pending_age_seconds") == 0
        assert "intake_document_read_seconds_count" in text
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        relay.stop()
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert records and len(records) == len(lines), "every log line is one JSON object"
    assert all({"time", "level", "logger", "message"} <= set(record) for record in records)


def test_readyz_reports_a_stuck_worker_thread_and_a_missing_metrics_token(settings_env) -> None:
    settings = settings_env.model_copy(update={"worker_lease_seconds": 1, "ready_idle_seconds": 60})
    stuck = threading.Thread(target=lambda: HEARTBEATS.beat("worker-test", busy=True), name="worker-test")
    stuck.start()
    stuck.join()
    try:
        with desk_server(settings) as base:
            time.sleep(1.2)  # the message it holds outlives the lease
            status, body = _get(base + "/readyz")
            assert status == 503
            assert "worker-test" in json.loads(body)["problemes"]
            # No token configured: loopback clients only, which this test is.
            assert _get(base + "/metrics")[0] == 200
        HEARTBEATS.beat("worker-test", busy=False)
        with desk_server(settings) as base:
            assert _get(base + "/readyz")[0] == 200
    finally:
        HEARTBEATS.forget("worker-test")
