"""A load run against the real processes: `intake serve` plus `intake serve --worker`s, a real relay,
client processes sending over SMTP; then what the database and the relay hold, checked and measured.

Shared by tests/load/test_load_exactly_once.py (small) and benchmarks/bench_load.py (2 000 mails).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus_load import LoadMail
from smtp_client import vm_hwm_kib

from relay import Relay, free_port
from running import listening

MAILBOX = "prestations@cdg-exemple.fr"
CLIENT = Path(__file__).with_name("smtp_client.py")


@dataclass
class Service:
    """`intake serve` (receiver, sender, desk and one worker) and workers - 1 `intake serve --worker`."""

    processes: list[tuple[str, subprocess.Popen]]
    smtp_port: int
    log_dir: Path
    peak_kib: dict[str, int] = field(default_factory=dict)
    cpu_s: dict[str, float] = field(default_factory=dict)
    child_peak_kib: dict[str, int] = field(default_factory=dict)  # the document readers each process forks
    child_cpu_s: dict[str, dict[int, float]] = field(default_factory=dict)  # their CPU, last seen, by pid

    def alive(self) -> bool:
        return all(p.poll() is None for _, p in self.processes)

    def sample_memory(self) -> None:
        """VmHWM is the peak resident size the kernel kept for the process: read before it exits."""
        for name, process in self.processes:
            try:
                self.peak_kib[name] = vm_hwm_kib(str(process.pid))
                self.cpu_s[name] = cpu_seconds(process.pid)
            except (OSError, ValueError):
                pass
            for child in children(process.pid):
                try:  # sampled while it runs: a reader that lives less than a poll is missed
                    self.child_peak_kib[name] = max(self.child_peak_kib.get(name, 0), vm_hwm_kib(str(child)))
                    self.child_cpu_s.setdefault(name, {})[child] = cpu_seconds(child)
                except (OSError, ValueError):
                    pass

    def cpu_with_readers(self) -> dict[str, float]:
        """Each process's CPU time plus its document readers' (a pre-forked reader lives on, so its time is
        not yet in the parent's children's time)."""
        return {name: spent + sum(self.child_cpu_s.get(name, {}).values()) for name, spent in self.cpu_s.items()}

    def stop(self) -> None:
        self.sample_memory()
        for _, process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def logs(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}"
                         for path in sorted(self.log_dir.glob("*.log")))


def children(pid: int) -> list[int]:
    """Every descendant: the document readers are the children of the process's reader zygote."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            direct = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in direct:
            found += [child, *children(child)]
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children (the document readers)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def service_env(database_url: str, data_dir: Path, relay: Relay | None, smtp_port: int) -> dict[str, str]:
    return {**os.environ, "INTAKE_DATABASE_URL": database_url, "INTAKE_DATA_DIR": str(data_dir),
            "INTAKE_SMTP_LISTEN": f"127.0.0.1:{smtp_port}", "INTAKE_HTTP_LISTEN": f"127.0.0.1:{free_port()}",
            "INTAKE_SMTP_RELAY": relay.address if relay else "", "INTAKE_MAILBOX": MAILBOX,
            # Thousands of replies to a few dozen addresses in minutes: the per-address daily cap would
            # silence most of them and hide a duplicate.
            "INTAKE_MAX_AUTO_REPLIES_PER_DAY": "1000000", "INTAKE_RELAY_POLL_SECONDS": "0.5",
            "INTAKE_REMIND_ENABLED": "false"}


def start_service(env: dict[str, str], workers: int, log_dir: Path, *, timeout: float = 90) -> Service:
    log_dir.mkdir(parents=True, exist_ok=True)
    smtp_port = int(env["INTAKE_SMTP_LISTEN"].rsplit(":", 1)[1])
    names = ["serve"] + [f"worker{i}" for i in range(1, workers)]
    processes = []
    for name in names:
        args = [sys.executable, "-m", "intake.cli", "serve"] + (["--worker"] if name != "serve" else [])
        handle = (log_dir / f"{name}.log").open("ab")
        processes.append((name, subprocess.Popen(args, env=env, stdout=handle, stderr=handle, start_new_session=True)))
    service = Service(processes, smtp_port, log_dir)
    deadline = time.monotonic() + timeout
    while not listening(smtp_port):
        if time.monotonic() > deadline or not service.alive():
            service.stop()
            raise RuntimeError(f"intake serve ne démarre pas\n{service.logs()}")
        time.sleep(0.2)
    time.sleep(1.0)  # the --worker processes finish loading meanwhile
    return service


@dataclass
class Sent:
    """What the clients saw: per mail (index → began, ended, code, retries) and each client's peak memory."""

    per_mail: dict[int, dict]
    client_peak_kib: list[int]

    @property
    def first_began(self) -> float:
        return min(r["began"] for r in self.per_mail.values())

    @property
    def last_accepted(self) -> float:
        return max(r["ended"] for r in self.per_mail.values() if r["code"] == 250)

    def rate(self) -> float:
        return len(self.per_mail) / max(1e-9, self.last_accepted - self.first_began)


def send_all(mails: list[LoadMail], port: int, *, clients: int, folder: Path | None = None,
             rate: float | None = None) -> Sent:
    """Mail i goes to client i mod clients, so a twin (right after its original) leaves at the same moment
    from another client. With a rate (mails/s, all clients together) the mails leave at that steady pace
    instead of as fast as the server takes them."""
    folder = folder or Path(tempfile.mkdtemp(prefix="intake-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for mail in mails:
        path = folder / f"{mail.index:05d}.eml"
        if not path.exists():
            path.write_bytes(mail.raw)
        paths[mail.index] = path
    start_at = time.time() + 1.5  # every client loaded and connected-ready before the first mail
    runs = []
    for c in range(clients):
        mine = [str(paths[m.index]) for m in mails if m.index % clients == c]
        pace = [f"--pace={clients / rate}:{c / rate}"] if rate else []
        runs.append(subprocess.Popen([sys.executable, str(CLIENT), *pace, "127.0.0.1", str(port), MAILBOX,
                                      str(start_at), *mine], stdout=subprocess.PIPE))
    per_mail, peaks = {}, []
    for run in runs:
        out, _ = run.communicate()
        if run.returncode != 0:
            raise RuntimeError(f"client SMTP en échec ({run.returncode})")
        report = json.loads(out)
        peaks.append(report["vm_hwm_kib"])
        for result in report["results"]:
            per_mail[int(Path(result["file"]).stem)] = result
    return Sent(per_mail, peaks)


def sink_rate(mails: list[LoadMail], *, clients: int, folder: Path) -> float:
    """The floor: the same clients and mails against an aiosmtpd that accepts and forgets (mails/s)."""
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
            return "250 OK"

    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port, data_size_limit=0)
    controller.start()
    try:
        return send_all(mails, port, clients=clients, folder=folder).rate()
    finally:
        controller.stop()


def wait_processed(factory, expected: int, *, timeout: float, service: Service | None = None,
                   outbox_sent: bool = True, progress: float = 0) -> bool:
    """Until every message is processed or failed (and, with a relay, the outbox is empty of pending mail);
    False on timeout or a dead process."""
    from sqlalchemy import func, select

    from intake.store.messages import Message
    from intake.store.outbox import OutboxMail, OutboxStatus

    deadline = time.monotonic() + timeout
    told = time.monotonic()
    while time.monotonic() < deadline:
        if service is not None:
            service.sample_memory()
            if not service.alive():
                return False
        with factory() as session:
            done = session.scalar(select(func.count()).select_from(Message).where(
                Message.status.in_(["processed", "failed"])))
            pending = session.scalar(select(func.count()).select_from(OutboxMail).where(
                OutboxMail.status == OutboxStatus.PENDING)) if outbox_sent else 0
        if done >= expected and not pending:
            return True
        if progress and time.monotonic() - told > progress:
            told = time.monotonic()
            print(f"  … {done}/{expected} traités, {pending} réponse(s) en attente d'envoi", flush=True)
        time.sleep(0.5)
    return False
