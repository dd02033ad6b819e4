"""The disk store unwritable: SMTP answers 451 and the database stays empty; a worker that cannot write a
piece fails the message with a reason, and a replay once the disk is fixed processes it once.

Tests run as root, which chmod does not stop: the store is made unwritable for real, by a data
directory that is a file (a mount gone, a wrong path) or a full tmpfs (when this machine lets us mount)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from faults.inbox import mail, rows, smtp_send
from faults.worker import counts, declaration, import_registry, message
from intake.cli import main
from intake.mail.inbox import inbox_for
from intake.mail.read import read_message
from intake.mail.smtp import SMTPReceiver
from intake.pipeline.runner import drain
from intake.store.blobs import FileBlobStore
from intake.store.db import get_sessionmaker
from relay import free_port


def receiver_on(settings, data_dir: Path) -> SMTPReceiver:
    server = SMTPReceiver(inbox_for(settings.model_copy(update={"data_dir": data_dir})), host="127.0.0.1",
                          port=free_port(), max_bytes=1_000_000)
    server.start()
    return server


def test_a_data_directory_that_is_not_a_directory_gets_451_and_nothing_in_the_database(settings_env, tmp_path) -> None:
    data = tmp_path / "store"
    data.write_text("pas un dossier")  # the volume is not mounted: a file where the directory should be
    server = receiver_on(settings_env, data)
    try:
        code, text = smtp_send(server.port, mail(1))
        assert code == 451 and "reessayez plus tard" in text
        assert rows(settings_env.database_url) == []
        data.unlink()  # fixed
        assert smtp_send(server.port, mail(1))[0] == 250
    finally:
        server.stop()
    [row] = rows(settings_env.database_url)
    assert FileBlobStore(data).get(row.sha256) == mail(1)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MiB tmpfs: a disk that really fills up (skipped where mounting is not allowed)."""
    point = tmp_path / "disk"
    point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"montage tmpfs impossible ici : {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "remplissage"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:  # ENOSPC: the disk is full
            pass
    return filler


def test_a_full_disk_gets_451_and_nothing_in_the_database(settings_env, small_disk: Path) -> None:
    filler = fill(small_disk)
    server = receiver_on(settings_env, small_disk)
    try:
        code, _text = smtp_send(server.port, mail(2))
        assert code == 451 and rows(settings_env.database_url) == []
        filler.unlink()
        assert smtp_send(server.port, mail(2))[0] == 250
    finally:
        server.stop()
    assert len(rows(settings_env.database_url)) == 1


def test_a_piece_the_worker_cannot_write_fails_the_message_and_a_replay_after_the_fix_processes_it_once(
        settings_env) -> None:
    url = settings_env.database_url
    import_registry(url)
    raw = declaration()
    received = inbox_for(settings_env)(raw, source="smtp", envelope_to=[settings_env.mailbox])
    blobs = FileBlobStore(settings_env.data_dir)
    # The pieces' directories of the content-addressed store are files: their writes fail, the raw mail
    # (already stored) stays readable.
    raw_dir = blobs.path(hashlib.sha256(raw).hexdigest()).parent.parent
    blocked = []
    for piece in read_message(raw).attachments:
        directory = blobs.path(hashlib.sha256(piece.data).hexdigest()).parent.parent
        if directory != raw_dir and not directory.exists():
            directory.write_text("pas un dossier")
            blocked.append(directory)
    assert blocked

    drain(get_sessionmaker(url), blobs, settings=settings_env)
    row = message(url, received.id)
    assert row.status == "failed"
    assert row.last_error.startswith("échec : lecture ou écriture du stockage de fichiers impossible")
    assert counts(url) == {"claims": 0, "claim_messages": 0, "documents": 0, "periods": 0, "outbox": 0}

    for directory in blocked:
        directory.unlink()
    assert main(["replay", str(received.id)]) == 0
    row = message(url, received.id)
    assert (row.status, row.attempts, row.last_error) == ("processed", 2, None)
    assert counts(url) == {"claims": 1, "claim_messages": 1, "documents": 2, "periods": 1, "outbox": 1}
