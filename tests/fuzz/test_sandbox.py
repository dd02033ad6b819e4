"""The reader child: same result as in-process, reused across attachments, configured by settings."""

from __future__ import annotations

from fuzz import badfiles
from intake.documents import Limits, read_document
from intake.documents.limits import configured_limits
from intake.documents.reader import _SANDBOX
from intake.settings import get_settings


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
    import os
    import socket

    from intake.documents.reader import _SANDBOX

    _SANDBOX.stop()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        read_document("arret.pdf", badfiles.text_pdf(), limits=Limits())  # the child is forked now
        child = _SANDBOX._process.pid
        inode = os.fstat(server.fileno()).st_ino
        held = [os.stat(f"/proc/{child}/fd/{fd}").st_ino for fd in os.listdir(f"/proc/{child}/fd")]
        assert inode not in held
    finally:
        server.close()


def test_the_child_dies_with_a_killed_worker(tmp_path) -> None:
    """A worker SIGKILLed while its child reads: the child does not go on alone."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from fuzz import badfiles\n"
        "from intake.documents import Limits, read_document\n"
        "from intake.documents.reader import _SANDBOX\n"
        "read_document('a.pdf', badfiles.text_pdf(), limits=Limits())\n"
        "print(_SANDBOX._process.pid, flush=True)\n"
        "read_document('plan.pdf', badfiles.huge_page_pdf(), limits=Limits(read_timeout_s=60))\n"
    )
    worker = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    child = int(worker.stdout.readline())
    time.sleep(0.5)  # the child is reading the slow page now
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and os.path.exists(f"/proc/{child}") and "Z" not in _state(child):
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{child}") or "Z" in _state(child)


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_a_child_started_from_a_thread_outlives_that_thread() -> None:
    """The child dies with the thread that forked it; one started for a short-lived thread must not
    die when that thread ends (it is forked from a lasting one)."""
    import threading
    import time

    from intake.documents.reader import _SANDBOX

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
