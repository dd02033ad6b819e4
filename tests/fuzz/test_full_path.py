"""A mail carrying hostile attachments, through `intake parse` and through the worker: processed, text understood."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from fuzz import badfiles
from intake.cli import main
from intake.settings import get_settings
from intake.store.db import get_sessionmaker
from intake.store.messages import Message

BODY = "Bonjour, Mme Durand est en arrêt de travail du 10/03/2025 au 21/03/2025 (maladie ordinaire)."


def hostile_mail(files: dict[str, bytes]) -> bytes:
    parts = [b'--s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n' + BODY.encode() + b"\n"]
    for name, data in files.items():
        parts.append(b'--s\nContent-Type: application/octet-stream; name="%s"\nContent-Disposition: attachment; filename="%s"\n'
                     b"Content-Transfer-Encoding: base64\n\n" % (name.encode(), name.encode()) + base64.encodebytes(data))
    return (b"From: RH <rh@mairie-exemple.fr>\nTo: prestations@localhost\nSubject: Arret Mme Durand\n"
            b"Message-ID: <hostile-1@mairie-exemple.fr>\nDate: Mon, 10 Mar 2025 09:00:00 +0100\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="s"\n\n' + b"".join(parts) + b"--s--\n")


FILES = {
    "verrou.pdf": badfiles.text_pdf(owner_password="o", user_password="u"),
    "bombe.pdf": badfiles.flate_bomb_pdf(512 << 20),  # over the 300 MB cap set below: the reader child dies
    "plan.pdf": badfiles.huge_page_pdf(),  # ~12 s of reading: over the 2 s limit set below
    "photo.png": badfiles.png_header_bomb(),
    "arret.pdf": badfiles.text_pdf(),  # the one good file is still read
}
BOUNDS = {"INTAKE_DOCUMENT_TIMEOUT_SECONDS": "2", "INTAKE_DOCUMENT_MEMORY_MB": "300"}


def _check(analysis: dict) -> None:
    assert [a["filename"] for a in analysis["attachments"]] == list(FILES)
    assert analysis["intent"] == "declaration"
    [claim] = analysis["claims"]
    assert (claim["arret_start"], claim["arret_end"]) == ("2025-03-10", "2025-03-21")


def test_intake_parse_reads_the_rest_of_a_mail_with_hostile_attachments(empty_database_url: str, tmp_path: Path) -> None:
    mail = tmp_path / "hostile.eml"
    mail.write_bytes(hostile_mail(FILES))
    env = {**os.environ, "INTAKE_DATABASE_URL": empty_database_url, "INTAKE_DATA_DIR": str(tmp_path), **BOUNDS}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "intake.cli", "parse", str(mail)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 60
    _check(json.loads(done.stdout))


def test_the_worker_processes_a_mail_with_hostile_attachments(settings_env, monkeypatch, tmp_path: Path) -> None:
    for name, value in BOUNDS.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    settings = get_settings()
    mail = tmp_path / "hostile.eml"
    mail.write_bytes(hostile_mail(FILES))
    started = time.monotonic()
    assert main(["ingest", str(mail)]) == 0
    assert time.monotonic() - started < 60
    with get_sessionmaker(settings.database_url)() as session:
        [row] = session.scalars(select(Message))
    assert row.status == "processed" and row.attempts == 1, row.last_error
    _check(row.analysis)
    # Why each piece went unread stays on the message, where the desk shows it; the good piece has no note.
    assert "verrou.pdf : PDF protégé par un mot de passe" in row.notes
    assert "plan.pdf : lecture interrompue : délai dépassé (2 s)" in row.notes
    assert any(n.startswith("bombe.pdf : lecture interrompue") for n in row.notes)
    assert any(n.startswith("photo.png : image trop grande") for n in row.notes)
    assert not any(n.startswith("arret.pdf") for n in row.notes)


def test_each_hostile_attachment_says_why_in_the_reading(monkeypatch) -> None:
    from intake.mail.read import read_message

    for name, value in BOUNDS.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        read = read_message(hostile_mail(FILES))
    finally:
        get_settings.cache_clear()
    reasons = {a.filename: a.document.unreadable for a in read.attachments}
    assert reasons["verrou.pdf"] == "PDF protégé par un mot de passe"
    assert reasons["bombe.pdf"].startswith("lecture interrompue : le lecteur s'est arrêté")
    assert reasons["plan.pdf"] == "lecture interrompue : délai dépassé (2 s)"
    assert reasons["photo.png"].startswith("image trop grande")
    assert reasons["arret.pdf"] is None
    assert "Durand" in read.new_text
