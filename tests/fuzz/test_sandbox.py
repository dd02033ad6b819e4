"""The reader child: same result as in-process, reused across attachments, configured by settings,
forked by a zygote that no other thread's lock can reach."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from fuzz import badfiles
from intake.documents import Limits, read_document
from intake.documents.limits import configured_limits
from intake.documents.model import DocumentText, Page
from intake.documents.reader import _SANDBOX
from intake.documents.sandbox import Sandbox
from intake.settings import get_settings

REPO = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def test_the_child_reads_exactly_what_the_worker_would_and_is_reused() -> None:
    data = badfiles.text_pdf(pages=2)
    inside = read_document("arret.pdf", data, limits=Limits(sandbox=False))
    first = read_document("arret.pdf", data, limits=Limits())
    pid = _SANDBOX._process.pid
    second = read_document("arret.pdf", data, limits=Limits())
    assert first == second == inside and len(first.pages) == 2 and first.pages[0].words
    assert _SANDBOX._process.pid == pid


def test_the_bounds_come_from_the_settings(monkeypatch) -> None:
    monkeypatch.setenv("INTAKE_DOCUMENT_TIMEOUT_SECONDS", "7.5")
    monkeypatch.setenv("INTAKE_DOCUMENT_MEMORY_MB", "640")
    monkeypatch.setenv("INTAKE_DOCUMENT_SANDBOX", "false")
    get_settings.cache_clear()
    try:
        limits = configured_limits()
    finally:
        get_settings.cache_clear()
    assert (limits.read_timeout_s, limits.max_memory_mb, limits.sandbox) == (7.5, 640, False)


def test_the_child_does_not_hold_the_worker_s_listening_socket() -> None:
    """A reading in progress must not keep the SMTP/HTTP port of a worker that is being restarted."""
    import socket

    _SANDBOX.close()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        read_document("arret.pdf", badfiles.text_pdf(), limits=Limits())  # the zygote and the child start now
        inode = os.fstat(server.fileno()).st_ino
        for pid in (_SANDBOX._zygote.pid, _SANDBOX._process.pid):
            held = [os.stat(f"/proc/{pid}/fd/{fd}").st_ino for fd in os.listdir(f"/proc/{pid}/fd")]
            assert inode not in held
    finally:
        server.close()


def test_the_child_dies_with_a_killed_worker(tmp_path) -> None:
    """A worker SIGKILLed while its child reads: the child does not go on alone."""
    import signal

    script = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from fuzz import badfiles\n"
        "from intake.documents import Limits, read_document\n"
        "from intake.documents.reader import _SANDBOX\n"
        "read_document('a.pdf', badfiles.text_pdf(), limits=Limits())\n"
        "print(_SANDBOX._process.pid, _SANDBOX._zygote.pid, flush=True)\n"
        "read_document('plan.pdf', badfiles.huge_page_pdf(), limits=Limits(read_timeout_s=60))\n"
    )
    worker = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              cwd=REPO)
    child, zygote = map(int, worker.stdout.readline().split())
    time.sleep(0.5)  # the child is reading the slow page now
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_state(pid) not in ("gone", "Z") for pid in (child, zygote)):
        time.sleep(0.1)
    assert _state(child) in ("gone", "Z") and _state(zygote) in ("gone", "Z")


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_a_child_started_from_a_thread_outlives_that_thread() -> None:
    """The child dies with the thread that forked it; one started for a short-lived thread must not
    die when that thread ends (it is forked from a lasting one)."""


    _SANDBOX.stop()
    done: list = []
    thread = threading.Thread(target=lambda: done.append(read_document("a.pdf", badfiles.text_pdf(), limits=Limits())))
    thread.start()
    thread.join()
    pid = _SANDBOX._process.pid
    time.sleep(0.3)
    assert done[0].unreadable is None and _SANDBOX._process.is_alive()
    assert read_document("a.pdf", badfiles.text_pdf(), limits=Limits()).unreadable is None
    assert _SANDBOX._process.pid == pid


# Stands for a native library's lock (pdfium's, the allocator's): nothing resets it in a forked child, unlike
# the logging module's locks, which Python re-creates after fork and so would prove nothing here.
_NATIVE_LOCK = threading.Lock()


def _locking_reader(filename: str, data: bytes, content_type, limits) -> DocumentText:
    if data == b"slow":
        time.sleep(30)
    if not _NATIVE_LOCK.acquire(timeout=2):
        return DocumentText(unreadable="verrou hérité")
    _NATIVE_LOCK.release()
    return DocumentText(pages=[Page(1, f"lu par {os.getpid()}", 0.0, 0.0)])


_LOCK_SCRIPT = """
import json, os, sys, threading
sys.path.insert(0, "tests")
from fuzz.test_sandbox import _NATIVE_LOCK, _locking_reader
from intake.documents import Limits
from intake.documents.sandbox import Sandbox, prepare_readers

sandbox = Sandbox(_locking_reader)
prepare_readers()  # as intake serve does before its threads: the zygote is forked now
limits = Limits(read_timeout_s=1.5)
first = sandbox.read("a.pdf", b"x", None, limits)
held, release = threading.Event(), threading.Event()

def hold():
    with _NATIVE_LOCK:  # another thread "in pdfium" (the desk's page renderer) for the rest of the run
        held.set()
        release.wait()

threading.Thread(target=hold).start()
held.wait()
try:
    control = os.fork()  # what forking a reader from the threaded worker did
    if control == 0:
        os._exit(0 if _NATIVE_LOCK.acquire(timeout=1) else 3)
    control_code = os.waitstatus_to_exitcode(os.waitpid(control, 0)[1])
    old_pid = sandbox._process.pid
    overrun = sandbox.read("a.pdf", b"slow", None, limits)  # killed: a replacement is needed
    second = sandbox.read("a.pdf", b"x", None, limits)
    new_pid = sandbox._process.pid if sandbox._process else 0
    parent = int(open(f"/proc/{new_pid}/stat").read().rsplit(")", 1)[1].split()[1]) if new_pid else 0
    print(json.dumps({"first": first.text, "control": control_code, "overrun": overrun.unreadable, "second": second.text,
                      "second_unreadable": second.unreadable, "old": old_pid, "new": new_pid, "parent": parent,
                      "zygote": sandbox._zygote and sandbox._zygote.pid, "forked": sandbox._zygote and sandbox._zygote.forked, "worker": os.getpid()}))
finally:
    release.set()
"""


def test_a_replacement_reader_works_while_another_thread_holds_a_lock() -> None:
    """The hazard is real (a process forked from the worker while the lock is held cannot take it), yet
    the reader that replaces an overrun one, needed at that very moment, takes it: the zygote forked it."""
    import json

    run = subprocess.run([sys.executable, "-c", _LOCK_SCRIPT], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.splitlines()[-1])
    assert seen["control"] == 3  # the copy of the lock came held: forked from here, a reader would hang
    assert seen["forked"] and seen["first"].startswith("lu par ")
    assert seen["overrun"] == "lecture interrompue : délai dépassé (2 s)"
    assert seen["second_unreadable"] is None and seen["second"] == f"lu par {seen['new']}"
    assert seen["new"] != seen["old"] and seen["parent"] == seen["zygote"] != seen["worker"]


def test_a_reader_needed_while_threads_run_comes_from_an_exec_d_zygote() -> None:
    """No zygote yet (or it died) and threads running, one holding the lock: the zygote is started
    afresh, copying nothing of this process, and its readers work; a killed zygote is replaced."""
    sandbox = Sandbox(_locking_reader)
    release = threading.Event()
    holder = threading.Thread(target=lambda: (_NATIVE_LOCK.acquire(), release.wait(), _NATIVE_LOCK.release()))
    holder.start()
    try:
        first = sandbox.read("a.pdf", b"x", None, Limits())
        zygote = sandbox._zygote
        assert not zygote.forked and first.text == f"lu par {sandbox._process.pid}"
        os.kill(zygote.pid, 9)  # its readers die with it (PR_SET_PDEATHSIG)
        deadline = time.monotonic() + 5
        while sandbox._process.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = sandbox.read("a.pdf", b"x", None, Limits())
        assert second.text == f"lu par {sandbox._process.pid}" and sandbox._zygote.pid != zygote.pid
    finally:
        release.set()
        holder.join()
        sandbox.close()
