"""What a running process tells its operator: log set-up (level, text or JSON), in-process metrics and
the heartbeats of its long-running threads. Imported by any layer; imports nothing of intake."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram

# One registry per process, apart from prometheus_client's default one: its process and platform
# collectors would be exported twice when tests build several apps in one process.
REGISTRY = CollectorRegistry(auto_describe=True)

DOCUMENT_SECONDS = Histogram(
    "intake_document_read_seconds", "Time to read one attachment (text layer or OCR)", ["ocr"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 180), registry=REGISTRY)
READER_KILLS = Counter(
    "intake_reader_kills", "Document reader children killed or dead (time limit, crash)", ["reason"], registry=REGISTRY)


@dataclass
class Beat:
    at: float  # time.monotonic() of the last sign of life
    busy_since: float | None = None  # set while the thread works on one item (a message)


@dataclass
class Heartbeats:
    """Each long-running thread of this process calls beat() on every loop turn; a thread whose last beat
    is old, or whose current item outlived its allowance, is stuck (readiness says so)."""

    beats: dict[str, Beat] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def beat(self, name: str, *, busy: bool | None = None) -> None:
        now = time.monotonic()
        with self.lock:
            current = self.beats.get(name)
            busy_since = current.busy_since if current else None
            if busy is True and busy_since is None:
                busy_since = now
            elif busy is False:
                busy_since = None
            self.beats[name] = Beat(now, busy_since)

    def forget(self, name: str) -> None:
        with self.lock:
            self.beats.pop(name, None)

    def stale(self, *, idle_after: float, busy_after: float) -> dict[str, str]:
        """Threads that look stuck, with why (French, for /readyz)."""
        now = time.monotonic()
        with self.lock:
            beats = dict(self.beats)
        problems = {}
        for name, beat in beats.items():
            if beat.busy_since is not None and now - beat.busy_since > busy_after:
                problems[name] = f"occupé depuis {now - beat.busy_since:.0f} s (limite {busy_after:.0f} s)"
            elif beat.busy_since is None and now - beat.at > idle_after:
                problems[name] = f"aucun signe de vie depuis {now - beat.at:.0f} s"
        return problems

    def names(self) -> list[str]:
        with self.lock:
            return sorted(self.beats)


HEARTBEATS = Heartbeats()


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for log collectors. Messages are already free of health data (callers
    never log names, NIRs, diagnoses or attachment names)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "thread": record.threadName,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Root logging for a serving process, from INTAKE_LOG_LEVEL and INTAKE_LOG_FORMAT."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
