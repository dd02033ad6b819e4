"""The reader zygote: one small single-threaded process per worker that forks every document reader child.

A fork copies only the forking thread but every lock as it stands: forked from the threaded `intake serve`
(SMTP, HTTP, sender, worker threads), a reader could inherit a lock another thread held at that instant
(pdfium's, the allocator's, a handler's) and hang or corrupt on it. So readers are never forked from the
worker: the zygote is forked while the worker is still single-threaded (`service._prepare`, or the first
reading of `intake parse`), sharing its warmed imports, or, when the worker already runs threads (the
zygote died, a reading started from a thread), started afresh by exec, which copies no lock at all.
It waits on its control socket: "fork" (a socket for the reader passed along, SCM_RIGHTS) answers the
reader's pid; "reap" collects a killed reader. Readers stay unreaped zombies until then, so the worker's
killpg on their pid can never hit a recycled one. End of file on the socket (the worker gone, even
SIGKILLed) makes the zygote kill its readers' groups and exit.
"""

from __future__ import annotations

import ctypes
import faulthandler
import importlib
import json
import marshal
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Callable

_PR_SET_PDEATHSIG = 1
_START_TIMEOUT_S = 60.0  # an exec'd zygote imports the reader (pdfium, Pillow): ~1 s quiet, more on a loaded machine
_REQUEST_TIMEOUT_S = 30.0  # a fork or a reap: milliseconds; past this the zygote is taken as hung

Target = Callable[[int, int], None]  # (socket fd, memory cap in MB): the reader child's main, never returns


class ZygoteError(OSError):
    """The zygote could not be started or did not answer."""


def blind_inherited_fds(keep: int) -> None:
    """Point every inherited descriptor but stdio and `keep` at /dev/null.

    The zygote and the readers must not hold the worker's listening SMTP/HTTP sockets (a restarted server
    could not bind while a reading runs), nor its database connections: a copied connection object
    finalised here would say goodbye to the server on the worker's socket. dup2 rather than close keeps
    the numbers taken, so a finaliser closing "its" descriptor cannot close one opened since (tesseract's
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


def die_with_parent(expected_parent: int) -> None:
    """SIGKILL this process when the thread that forked it dies; exit now if it already has."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the closed socket still ends the zygote, and a reader once its reading is done
    if os.getppid() != expected_parent:
        os._exit(0)  # the parent died before the prctl: no signal would come


def _quiet_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the worker's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # SIG_IGN would reap readers behind our back (pid reuse)
    faulthandler.disable()  # a native abort in a reader is expected and reported by the worker, not dumped
    try:
        signal.set_wakeup_fd(-1)  # an inherited asyncio wake-up fd would wake the worker's loop
    except ValueError:
        pass


# What a reader needs for image pages (numpy, Pillow, the OCR glue), imported here once: the worker itself never
# loads it (a text PDF does not need it), and a reader importing it would do so under its address-space cap,
# which numpy's own mappings would eat (a slow PDF then read as « mémoire dépassée »).
_WARM = ("intake.documents.ocr", "intake.documents.images")


def _warm() -> None:
    for module in _WARM:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - a reader then imports it itself, and says why it failed
            pass


def _serve(control: socket.socket, target: Target) -> None:
    """The zygote's loop; never returns."""
    readers: set[int] = set()
    me = os.getpid()
    control.send(b"ready")
    _warm()
    while True:
        try:
            message, fds, _flags, _address = socket.recv_fds(control, 1024, 1)
        except OSError:
            message, fds = b"", []
        if not message:  # the worker is gone: so are its readers
            for pid in readers:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    pass
            os._exit(0)
        operation, argument = marshal.loads(message)
        if operation == "fork" and fds:
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    control.close()
                    die_with_parent(me)  # this process is single-threaded: the signal comes with its death
                    target(fds[0], argument)
                    code = 0
                finally:
                    os._exit(code)
            os.close(fds[0])
            readers.add(pid)
            control.send(marshal.dumps(pid))
        elif operation == "reap":
            readers.discard(argument)
            try:
                code = os.waitstatus_to_exitcode(os.waitpid(argument, 0)[1])
            except ChildProcessError:
                code = None
            control.send(marshal.dumps(code))
        else:
            for fd in fds:
                os.close(fd)
            control.send(marshal.dumps(None))


def _single_threaded() -> bool:
    """No other Python thread that could hold a lock now (native pools such as OpenBLAS's reset theirs at fork)."""
    return threading.active_count() == 1


class Zygote:
    """The worker's handle on its zygote."""

    def __init__(self, control: socket.socket, pid: int, process: subprocess.Popen | None, forked: bool) -> None:
        self.control, self.pid, self.process, self.forked = control, pid, process, forked
        self.owner = os.getpid()

    @classmethod
    def start(cls, target: Target, reader_ref: str) -> "Zygote":
        """Forked when this process runs one thread, else exec'd (reader_ref: "module:function" to import)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            if _single_threaded():
                main = threading.current_thread() is threading.main_thread()
                parent = os.getpid()
                pid = os.fork()
                if pid == 0:
                    try:
                        ours.close()
                        blind_inherited_fds(keep=theirs.fileno())
                        _quiet_signals()
                        if main:  # the thread it dies with is the main one, which lasts as long as the worker
                            die_with_parent(parent)
                        _serve(theirs, target)
                    finally:
                        os._exit(1)
                zygote = cls(ours, pid, None, forked=True)
            else:
                command = [sys.executable, "-c", "from intake.documents.zygote import main; main()",
                           str(theirs.fileno()), reader_ref, json.dumps(sys.path)]
                process = subprocess.Popen(command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
                zygote = cls(ours, process.pid, process, forked=False)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        try:
            ours.settimeout(_START_TIMEOUT_S)
            if ours.recv(16) != b"ready":
                raise ZygoteError("reader zygote did not start")
            ours.settimeout(_REQUEST_TIMEOUT_S)
        except OSError as error:
            zygote.close()
            raise ZygoteError("reader zygote did not start") from error
        return zygote

    def _ask(self, operation: str, argument: int, fds: list[int] = ()) -> object:  # type: ignore[assignment]
        try:
            socket.send_fds(self.control, [marshal.dumps((operation, argument))], list(fds))
            answer = self.control.recv(1024)
        except OSError as error:
            raise ZygoteError(f"reader zygote did not answer {operation}") from error
        if not answer:
            raise ZygoteError("reader zygote is gone")
        return marshal.loads(answer)

    def fork_reader(self, fd: int, memory_mb: int) -> int:
        """A new reader child on `fd` (this process keeps its own copy to close); its pid."""
        pid = self._ask("fork", memory_mb, [fd])
        if not isinstance(pid, int):
            raise ZygoteError("reader zygote refused to fork")
        return pid

    def reap(self, pid: int) -> int | None:
        """The exit code of a reader already killed or dead (negative: the signal)."""
        code = self._ask("reap", pid)
        return code if isinstance(code, int) else None

    def close(self) -> None:
        """Closing the socket ends the zygote and its readers; collect it (it is this process's child)."""
        self.control.close()
        if self.owner != os.getpid():
            return  # inherited through a fork: the zygote is another process's
        if self.process is not None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            return
        deadline = time.monotonic() + 5
        try:
            while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:  # hung, not just slow to see the end of its socket
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    return
                time.sleep(0.01)
        except ChildProcessError:
            pass

    def alive(self) -> bool:
        if self.owner != os.getpid():
            return False
        if self.process is not None:
            return self.process.poll() is None
        try:
            return os.waitpid(self.pid, os.WNOHANG) == (0, 0)
        except ChildProcessError:
            return False


def main() -> None:
    """Entry of an exec'd zygote: argv is the control socket's fd, the reader to import, the worker's sys.path."""
    fd, reader_ref, path = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    sys.path[:] = path
    from intake.documents.sandbox import reader_main

    module, _, name = reader_ref.partition(":")
    reader = importlib.import_module(module)
    for attribute in name.split("."):
        reader = getattr(reader, attribute)
    control = socket.socket(fileno=fd)
    blind_inherited_fds(keep=fd)
    _quiet_signals()
    _serve(control, lambda reader_fd, memory_mb: reader_main(reader_fd, reader, memory_mb))
