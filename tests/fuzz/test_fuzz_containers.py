"""Mutated zip archives and winmail.dat: unpacking raises only what the reader turns into a reason."""

from __future__ import annotations

import struct
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.mails import tnef_bytes
from fuzz import badfiles
from intake.mail import containers
from intake.mail.read import read_message

# What mail/read.py turns into « … illisible (…) » on the attachment; anything else loses the message.
HANDLED = (zipfile.BadZipFile, ValueError, EOFError, OSError, IndexError, KeyError, RuntimeError, NotImplementedError,
           containers.LimitExceeded)
ZIP = badfiles.zip_of({"arret.pdf": badfiles.text_pdf(), "notes.txt": b"bonjour " * 200})
TNEF = tnef_bytes({"arret.pdf": badfiles.text_pdf()}, "Bonjour, voici l'arrêt.")
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(4, len(data)))]
    return bytes(data)


@FUZZ
@given(mutated(ZIP))
def test_a_mutated_zip_raises_only_handled_errors(data: bytes) -> None:
    try:
        containers.unzip(data, containers.Budget(containers.UnpackLimits()))
    except HANDLED:
        pass


@FUZZ
@given(mutated(TNEF))
def test_a_mutated_winmail_dat_raises_only_handled_errors(data: bytes) -> None:
    try:
        containers.untnef(data, containers.Budget(containers.UnpackLimits()))
    except HANDLED:
        pass


def _bad_deflate_zip() -> bytes:
    """A zip whose member's deflate stream starts with an invalid block type (BTYPE=11)."""
    data = bytearray(badfiles.zip_of({"arret.pdf": badfiles.text_pdf()}))
    name_len, extra_len = struct.unpack("<HH", data[26:30])
    data[30 + name_len + extra_len] = 0x07
    return bytes(data)


def test_a_zip_with_a_broken_deflate_stream_is_one_unreadable_attachment_not_a_lost_message() -> None:
    """Found by fuzzing: zlib.error went past the reader, which then read the whole mail as raw text."""
    import base64

    raw = (b'From: rh@mairie-exemple.fr\nSubject: Pieces\nContent-Type: multipart/mixed; boundary="s"\n\n'
           b"--s\nContent-Type: text/plain\n\nBonjour, voici les pieces de Mme Durand.\n"
           b'--s\nContent-Type: application/zip; name="pieces.zip"\nContent-Transfer-Encoding: base64\n\n'
           + base64.encodebytes(_bad_deflate_zip())
           + b'--s\nContent-Type: application/pdf; name="arret.pdf"\nContent-Transfer-Encoding: base64\n\n'
           + base64.encodebytes(badfiles.text_pdf()) + b"--s--\n")
    read = read_message(raw)
    reasons = {a.filename: a.document.unreadable for a in read.attachments}
    assert reasons["pieces.zip"] == "pieces.zip illisible (BadZipFile)"
    assert reasons["arret.pdf"] is None
    assert read.new_text.startswith("Bonjour, voici les pieces") and "Content-Type" not in read.body_text
