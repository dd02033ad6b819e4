"""Reading of PDFs and images in a forked child process, within a wall-clock and an address-space limit.

pdfium, Pillow and numpy run native code on whatever a sender attached: a crafted file can loop,
allocate gigabytes or crash the interpreter. Each worker process keeps one pre-forked reader child
(forked from the warmed worker: no re-import, ~0.3 ms per attachment for the pipe round trip); it is
killed and replaced when a reading overruns, and the attachment gets a French reason instead of text.
The child runs in its own process group so tesseract, started by it, dies with it.
"""

from __future__ import annotations

import ctypes
import faulthandler
import logging
import marshal
import multiprocessing
import os
import resource
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from multiprocessing.connection import Connection
from typing import Any, Callable

from intake.documents.limits import Limits
from intake.documents.model import DocumentText, Page, Word

log = logging.getLogger(__name__)

TIMEOUT_REASON = "lecture interrompue : délai dépassé ({seconds:.0f} s)"
MEMORY_REASON = "lecture interrompue : mémoire dépassée"
CRASH_REASON = "lecture interrompue : le lecteur s'est arrêté sur ce fichier (mémoire dépassée ou fichier malformé)"

_PR_SET_PDEATHSIG = 1

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


def _child_main(conn: Connection, parent_end: Connection, reader: Reader, memory_mb: int) -> None:
    """The child's loop: one request, one answer, until the worker closes the pipe."""
    parent_end.close()  # else the pipe never reports the worker's death
    _blind_inherited_fds(keep=conn.fileno())
    os.setsid()  # own process group: the worker kills tesseract with it
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the worker's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    faulthandler.disable()  # a native abort here is expected and reported by the worker, not dumped
    try:
        signal.set_wakeup_fd(-1)  # an inherited asyncio wake-up fd would wake the worker's loop
    except ValueError:
        pass
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
    pages = [(p.number, p.text, p.width, p.height, p.ocr, [(w.text, w.x0, w.y0, w.x1, w.y1, w.confidence) for w in p.words])
             for p in document.pages]
    return marshal.dumps((document.unreadable, pages))


def _decode(payload: bytes) -> DocumentText:
    unreadable, pages = marshal.loads(payload)
    return DocumentText(
        pages=[Page(number, text, width, height, [Word(*w) for w in words], ocr) for number, text, width, height, ocr, words in pages],
        unreadable=unreadable,
    )


def _die_with_parent() -> None:
    """SIGKILL this child when the thread that forked it dies (a worker SIGKILLed mid-reading)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the closed pipe ends the child once its reading is done


def _blind_inherited_fds(keep: int) -> None:
    """Point every inherited descriptor but stdio and the pipe at /dev/null.

    The child must not hold the worker's listening SMTP/HTTP sockets (a restarted server could not bind
    while a reading runs), nor its database connections: a copied connection object finalised here
    would say goodbye to the server on the worker's socket. dup2 rather than close keeps the numbers
    taken, so a finaliser closing "its" descriptor cannot close one the child opened since (tesseract's
    pipes). Log files opened by the worker go to /dev/null too; stderr still reaches the journal.
    """
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    null = os.open(os.devnull, os.O_RDWR)
    for fd in fds:
        if fd > 2 and fd not in (keep, null):
            try:
                os.dup2(null, fd)
            except OSError:
                pass  # the directory's own descriptor, already closed
    os.close(null)


class Sandbox:
    """One reader child for this process; thread-safe (readings are serialised)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._memory_mb = -1
        self._owner = 0
        self._forker: ThreadPoolExecutor | None = None
        self._forker_pid = 0

    def _start(self, memory_mb: int) -> None:
        if threading.current_thread() is threading.main_thread():
            self._fork(memory_mb)
        else:
            # The child dies with the thread that forked it (PR_SET_PDEATHSIG): a caller's thread may end
            # while another uses the child, so non-main callers fork from one thread that lasts.
            if self._forker is None or self._forker_pid != os.getpid():
                self._forker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake-reader-fork")
                self._forker_pid = os.getpid()
            self._forker.submit(self._fork, memory_mb).result()

    def _fork(self, memory_mb: int) -> None:
        context = multiprocessing.get_context("fork")
        parent_end, child_end = context.Pipe(duplex=True)
        process = context.Process(
            target=_child_main, args=(child_end, parent_end, self._reader, memory_mb), name="intake-document-reader", daemon=True
        )
        process.start()
        child_end.close()
        self._process, self._conn, self._memory_mb, self._owner = process, parent_end, memory_mb, os.getpid()

    def _ensure(self, memory_mb: int) -> None:
        forked = self._owner != os.getpid()  # this object was inherited by a forked worker: not our child
        if forked or self._process is None or not self._process.is_alive() or self._memory_mb != memory_mb:
            if not forked:
                self.stop()
            self._process = self._conn = None
            self._start(memory_mb)

    def stop(self) -> None:
        """Kill the child and its group (tesseract included); the next reading starts a new one."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is None:
            return
        if process.is_alive() and process.pid:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()
        process.join(timeout=5)

    def read(self, filename: str, data: bytes, content_type: str | None, limits: Limits) -> DocumentText:
        with self._lock:
            try:
                self._ensure(limits.max_memory_mb)
            except Exception:  # noqa: BLE001 - no child (e.g. inside a daemonic process): read unbounded rather than not at all
                log.exception("document reader child could not start; reading in-process")
                return self._reader(filename, data, content_type, limits)
            conn = self._conn
            assert conn is not None
            try:
                conn.send_bytes(marshal.dumps((filename, data, content_type, tuple(getattr(limits, f) for f in _LIMIT_FIELDS))))
                if conn.poll(limits.read_timeout_s):
                    return _decode(conn.recv_bytes())
            except (EOFError, OSError):
                code = self._process.exitcode if self._process is not None else None
                self.stop()
                log.warning("document reader child stopped (exit code %s) on %s", code, _describe(filename, data))
                return DocumentText(unreadable=CRASH_REASON)
            self.stop()
            log.warning("document reading over %.0f s, child killed: %s", limits.read_timeout_s, _describe(filename, data))
            return DocumentText(unreadable=TIMEOUT_REASON.format(seconds=limits.read_timeout_s))


def _describe(filename: str, data: bytes) -> str:
    """What the logs may say of an attachment: its type and size, not its name (names can carry health data)."""
    extension = os.path.splitext(filename)[1][:8].lower() or "sans extension"
    return f"{extension}, {len(data)} octets"
