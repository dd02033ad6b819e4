"""Reading of PDFs and images in a forked child process, within a wall-clock and an address-space limit.

pdfium, Pillow and numpy run native code on whatever a sender attached: a crafted file can loop,
allocate gigabytes or crash the interpreter. Each worker process keeps one reader child, reused across
attachments (~0.3 ms per attachment for the socket round trip); it is killed and replaced when a reading
overruns, and the attachment gets a French reason instead of text. Readers are forked by the worker's
zygote (zygote.py), never by the threaded worker itself: a fork there could copy a lock another thread
holds. The child runs in its own process group so tesseract, started by it, dies with it.
"""

from __future__ import annotations

import logging
import marshal
import os
import resource
import signal
import socket
import threading
import weakref
from dataclasses import dataclass, fields
from multiprocessing.connection import Connection
from typing import Callable

from intake.documents.limits import Limits
from intake.documents.model import DocumentText, Page, Word
from intake.documents.zygote import Zygote, ZygoteError, blind_inherited_fds
from intake.telemetry import READER_KILLS

log = logging.getLogger(__name__)

TIMEOUT_REASON = "lecture interrompue : délai dépassé ({seconds:.0f} s)"
MEMORY_REASON = "lecture interrompue : mémoire dépassée"
CRASH_REASON = "lecture interrompue : le lecteur s'est arrêté sur ce fichier (mémoire dépassée ou fichier malformé)"

Reader = Callable[[str, bytes, "str | None", Limits], DocumentText]


def _vm_size() -> int:
    """Address space the process already holds: the cap is set on top of it (the forked worker is large)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def reader_main(fd: int, reader: Reader, memory_mb: int) -> None:
    """The reader child's loop, in a fresh fork of the zygote: one request, one answer, until the worker
    closes its end (or dies: then the zygote's death kills this one, PR_SET_PDEATHSIG set by the zygote)."""
    blind_inherited_fds(keep=fd)
    os.setsid()  # own process group: the worker kills tesseract with it
    conn = Connection(fd)
    if memory_mb > 0:
        cap = _vm_size() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    while True:
        try:
            filename, data, content_type, values = marshal.loads(conn.recv_bytes())
        except (EOFError, OSError):
            os._exit(0)
        try:
            result = reader(filename, data, content_type, Limits(*values))
        except MemoryError:
            del data
            conn.send_bytes(_encode(DocumentText(unreadable=MEMORY_REASON)))
            os._exit(0)  # the heap may be fragmented or half-built objects left: start afresh
        del data
        try:
            conn.send_bytes(_encode(result))
        except MemoryError:
            conn.send_bytes(_encode(DocumentText(unreadable=MEMORY_REASON)))
            os._exit(0)


# marshal of plain tuples, not pickle of the dataclasses: 0.015 ms a page against 0.15 ms (measured),
# a third of the cost of going through the child.
_LIMIT_FIELDS = tuple(f.name for f in fields(Limits))


def _encode(document: DocumentText) -> bytes:
    pages = [(p.number, p.text, p.width, p.height, p.ocr, [(w.text, w.x0, w.y0, w.x1, w.y1, w.confidence) for w in p.words],
              p.turn, p.skew) for p in document.pages]
    return marshal.dumps((document.unreadable, pages))


def _decode(payload: bytes) -> DocumentText:
    unreadable, pages = marshal.loads(payload)
    return DocumentText(
        pages=[Page(number, text, width, height, [Word(*w) for w in words], ocr, turn, skew)
               for number, text, width, height, ocr, words, turn, skew in pages],
        unreadable=unreadable,
    )


@dataclass
class _Child:
    """A reader child as the worker sees it: the zygote is its parent, not this process."""

    pid: int
    conn: Connection

    def is_alive(self) -> bool:
        """Between readings nothing is due from the child: anything readable is the end of its socket."""
        try:
            return not self.conn.closed and not self.conn.poll(0)
        except OSError:
            return False


_SANDBOXES: "weakref.WeakSet[Sandbox]" = weakref.WeakSet()


def prepare_readers() -> None:
    """Start every sandbox's zygote now: `intake serve` calls this before any of its threads starts, so
    that the zygote is forked from a single-threaded process sharing the warmed imports."""
    for sandbox in list(_SANDBOXES):
        try:
            sandbox.prepare()
        except Exception:  # noqa: BLE001 - the first reading tries again, and falls back in-process
            log.exception("document reader zygote could not start")


class Sandbox:
    """One reader child for this process; thread-safe (readings are serialised)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._reader_ref = f"{getattr(reader, '__module__', '')}:{getattr(reader, '__qualname__', '')}"
        self._lock = threading.Lock()
        self._zygote: Zygote | None = None
        self._process: _Child | None = None
        self._memory_mb = -1
        self._owner = os.getpid()
        _SANDBOXES.add(self)

    def prepare(self) -> None:
        with self._lock:
            self._zygote_ready()

    def _zygote_ready(self) -> Zygote:
        if self._owner != os.getpid():
            # Inherited through a fork of this process: the zygote and the child are the parent's. Close
            # our copies of their sockets without a word to them, and start our own.
            if self._process is not None:
                self._process.conn.close()
            if self._zygote is not None:
                self._zygote.close()
            self._process, self._zygote, self._owner = None, None, os.getpid()
        if self._zygote is not None and not self._zygote.alive():
            self._zygote.close()  # gone (killed by hand, out of memory): its readers died with it
            self._zygote = self._process = None
        if self._zygote is None:
            self._zygote = Zygote.start(lambda fd, memory_mb: reader_main(fd, self._reader, memory_mb), self._reader_ref)
        return self._zygote

    def _start(self, memory_mb: int) -> None:
        zygote = self._zygote_ready()
        ours, theirs = socket.socketpair()
        try:
            try:
                pid = zygote.fork_reader(theirs.fileno(), memory_mb)
            except ZygoteError:
                zygote.close()  # hung or gone: one more try with a new one
                self._zygote = None
                pid = self._zygote_ready().fork_reader(theirs.fileno(), memory_mb)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self._process, self._memory_mb = _Child(pid, Connection(ours.detach())), memory_mb

    def _ensure(self, memory_mb: int) -> None:
        if self._owner != os.getpid():
            self._zygote_ready()  # drops what the parent process left us
        if self._process is None or not self._process.is_alive() or self._memory_mb != memory_mb:
            self.stop()
            self._start(memory_mb)

    def stop(self) -> int | None:
        """Kill the child and its group (tesseract included); the next reading starts a new one. Its exit code."""
        child, zygote = self._process, self._zygote
        self._process = None
        if child is None:
            return None
        child.conn.close()
        if zygote is None or self._owner != os.getpid() or not zygote.alive():
            return None  # a dead zygote's readers died with it, and may be reaped by now: their pid is no longer ours
        try:
            # The zygote reaps it only when asked, below: until then the pid cannot be another process's.
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            return zygote.reap(child.pid)
        except ZygoteError:
            zygote.close()
            self._zygote = None
            return None

    def close(self) -> None:
        """The child and the zygote both gone; the next reading starts them again."""
        self.stop()
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None

    def read(self, filename: str, data: bytes, content_type: str | None, limits: Limits) -> DocumentText:
        with self._lock:
            try:
                self._ensure(limits.max_memory_mb)
            except Exception:  # noqa: BLE001 - no child (neither fork nor exec works here): read unbounded rather than not at all
                log.exception("document reader child could not start; reading in-process")
                return self._reader(filename, data, content_type, limits)
            assert self._process is not None
            conn = self._process.conn
            try:
                conn.send_bytes(marshal.dumps((filename, data, content_type, tuple(getattr(limits, f) for f in _LIMIT_FIELDS))))
                if conn.poll(limits.read_timeout_s):
                    return _decode(conn.recv_bytes())
            except (EOFError, OSError):
                code = self.stop()
                READER_KILLS.labels(reason="arret").inc()
                log.warning("document reader child stopped (exit code %s) on %s", code, _describe(filename, data))
                return DocumentText(unreadable=CRASH_REASON)
            self.stop()
            READER_KILLS.labels(reason="temps").inc()
            log.warning("document reading over %.0f s, child killed: %s", limits.read_timeout_s, _describe(filename, data))
            return DocumentText(unreadable=TIMEOUT_REASON.format(seconds=limits.read_timeout_s))


def _describe(filename: str, data: bytes) -> str:
    """What the logs may say of an attachment: its type and size, not its name (names can carry health data)."""
    extension = os.path.splitext(filename)[1][:8].lower() or "sans extension"
    return f"{extension}, {len(data)} octets"
