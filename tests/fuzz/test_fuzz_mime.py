"""Mutation fuzzing of the MIME reader: real and generated mails flipped, cut, bloated, re-encoded, nested deep.

Every mutant must read to a message (problems noted), and `analyse` must still give the contract's keys.
"""

from __future__ import annotations

import random
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.mails import CLIENTS, case_client, case_zip
from fuzz import badfiles
from intake.mail.read import read_message
from intake.pipeline.parse import analyse
from support import SAMPLES

# Samples without pictures or scans (OCR would make each example take seconds), and generated mails.
_SAMPLES = [p.read_bytes() for p in sorted((SAMPLES / "cases").glob("*.eml"))]
SEEDS = [raw for raw in _SAMPLES if len(raw) < 60_000 and b"image/" not in raw.lower()]
_rng = random.Random(5)
SEEDS += [case_client(_rng, client).raw for client in CLIENTS] + [case_zip(_rng, v).raw for v in ("ok", "nested", "corrupt")]
CONTRACT_KEYS = {"message_id", "from", "collectivite", "intent", "claims", "attachments"}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _boundaries(raw: bytes) -> list[int]:
    found, at = [], raw.find(b"\n--")
    while at != -1:
        found.append(at + 1)
        at = raw.find(b"\n--", at + 1)
    return found


@st.composite
def mutants(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    how = draw(st.sampled_from(["flip", "cut_boundary", "cut", "dup_headers", "huge_header", "bad_encoding", "splice"]))
    if how == "flip":
        for _ in range(draw(st.integers(1, 30))):
            at = draw(st.integers(0, len(raw) - 1))
            raw[at] ^= 1 << draw(st.integers(0, 7))
    elif how == "cut_boundary":
        marks = _boundaries(bytes(raw)) or [len(raw) // 2]
        at = draw(st.sampled_from(marks)) + draw(st.integers(0, 12))
        raw = raw[:at] + draw(st.binary(max_size=20))
    elif how == "cut":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif how == "dup_headers":
        head, _, body = bytes(raw).partition(b"\n\n")
        lines = head.split(b"\n")
        picked = draw(st.lists(st.sampled_from(lines), min_size=1, max_size=5))
        copies = draw(st.integers(2, 300))
        raw = bytearray(b"\n".join(lines + picked * copies) + b"\n\n" + body)
    elif how == "huge_header":
        name = draw(st.sampled_from([b"Subject", b"From", b"To", b"References", b"Content-Type", b"X-Long"]))
        value = draw(st.sampled_from([b"a", b"=?utf-8?b?w6k=?= ", b"<x@y> ", b"; name*0*=x", b'"']))
        raw = bytearray(name + b": " + value * draw(st.integers(1000, 60_000)) + b"\n" + bytes(raw))
    elif how == "bad_encoding":
        swaps = [(b"utf-8", b"utf-99"), (b"base64", b"quoted-printable"), (b"quoted-printable", b"base64"),
                 (b"iso-8859-1", b"x-unknown"), (b"7bit", b"x-uuencode"), (b"=?utf-8?", b"=?bogus?"), (b"charset=", b"charset*=")]
        old, new = draw(st.sampled_from(swaps))
        raw = bytearray(bytes(raw).replace(old, new).replace(old.upper(), new))
    else:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=200)) + raw[at:]
    return bytes(raw)


@FUZZ
@given(mutants())
def test_a_mutated_mail_reads_and_analyses(raw: bytes) -> None:
    started = time.monotonic()
    read = read_message(raw)
    # The lenient parser takes any bytes: falling back to the strict one means our code raised on the way.
    assert not any(p.startswith("première analyse MIME impossible") for p in read.problems), read.problems
    for attachment in read.attachments:
        assert attachment.document.pages or attachment.document.unreadable or attachment.size == 0 or attachment.kind.kind
    assert set(analyse(raw)) == CONTRACT_KEYS
    assert time.monotonic() - started < 30


def _nested_multipart(depth: int) -> bytes:
    body = b"Content-Type: text/plain\n\nArret de Mme Durand du 10/03/2025 au 21/03/2025.\n"
    for level in range(depth):
        body = (b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (level, level) + body + b"\n--b%d--\n" % level)
    return b"From: rh@mairie.fr\nSubject: profond\n" + body


def _nested_rfc822(depth: int) -> bytes:
    body = b"From: x@y.fr\nContent-Type: text/plain\n\nArret du 10/03/2025.\n"
    for _ in range(depth):
        body = b"From: x@y.fr\nContent-Type: message/rfc822\n\n" + body
    return body


def test_deep_nesting_is_read_in_bounded_time() -> None:
    """1 200 levels would pass Python's recursion limit in the stdlib parser: the depth is bounded, with a note
    (the structure kept, not the whole message as raw text)."""
    for raw in (_nested_multipart(60), _nested_rfc822(60)):
        assert set(analyse(raw)) == CONTRACT_KEYS
    for raw in (_nested_multipart(1200), _nested_rfc822(1200)):
        started = time.monotonic()
        read = read_message(raw)
        assert time.monotonic() - started < 20
        assert any("imbriqu" in p for p in read.problems) and not any("illisible" in p for p in read.problems)


def test_thousands_of_parts_are_read_in_bounded_time() -> None:
    parts = b"".join(b"--b\nContent-Type: application/octet-stream; name=\"f%d.bin\"\n\nxx\n" % i for i in range(3000))
    raw = b'From: rh@mairie.fr\nContent-Type: multipart/mixed; boundary="b"\n\n' + parts + b"--b--\n"
    started = time.monotonic()
    read = read_message(raw)
    assert time.monotonic() - started < 30
    assert read.attachments  # kept, each with its reason


def _with_attachment(name: str, data: bytes, ctype: str) -> bytes:
    import base64

    return (b"From: RH <rh@mairie-exemple.fr>\nTo: prestations@localhost\nSubject: Arret Mme Durand\n"
            b"Message-ID: <bad-%s@mairie-exemple.fr>\nDate: Mon, 10 Mar 2025 09:00:00 +0100\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="s"\n\n--s\nContent-Type: text/plain; charset=utf-8\n\n'
            b"Bonjour, Mme Durand est en arret du 10/03/2025 au 21/03/2025.\n--s\n"
            b'Content-Type: %s; name="%s"\nContent-Disposition: attachment; filename="%s"\nContent-Transfer-Encoding: base64\n\n'
            % (name.encode(), ctype.encode(), name.encode(), name.encode())
            + base64.encodebytes(data) + b"--s--\n")


HOSTILE = {
    "verrou.pdf": (lambda: badfiles.text_pdf(owner_password="o", user_password="u"), "application/pdf", "mot de passe"),
    "bombe.png": (badfiles.png_header_bomb, "image/png", "image trop grande"),
    "programme.pdf": (badfiles.exe_named_pdf, "application/pdf", "PDF endommagé"),
    "archive.zip": (lambda: badfiles.zip_bomb(300 << 20), "application/zip", "taux de compression suspect"),
    "menteur.zip": (lambda: badfiles.lying_zip(b"%PDF-1.4 " + b"0" * 200_000), "application/zip", "illisible"),  # zipfile checks size and CRC
    "poupees.zip": (lambda: badfiles.nested_zip(6, badfiles.text_pdf()), "application/zip", "imbriquées"),
}


def test_a_mail_with_a_hostile_attachment_keeps_its_text_and_says_why() -> None:
    for name, (make, ctype, reason) in HOSTILE.items():
        raw = _with_attachment(name, make(), ctype)
        read = read_message(raw)
        reasons = [a.document.unreadable or "" for a in read.attachments]
        assert any(reason in r for r in reasons), (name, reasons)
        analysed = analyse(raw)
        assert analysed["message_id"] == f"<bad-{name}@mairie-exemple.fr>"
        assert "Durand" in read.new_text


def test_a_charset_name_with_a_nul_byte_is_an_unknown_charset() -> None:
    """Found by fuzzing: codecs.lookup raised ValueError, and the whole mail fell back to raw text."""
    raw = b"From: rh@mairie.fr\nContent-Type: text/plain; charset=\"utf-\x008\"\n\nArret de Mme Durand du 10/03/2025.\n"
    read = read_message(raw)
    assert read.new_text.startswith("Arret de Mme Durand") and not any("illisible" in p for p in read.problems)
