"""Parts nested a thousand levels deep: the outer text and files are read, the depth is bounded with a note."""

from __future__ import annotations

import pytest

from intake.mail.parts import MAX_PART_DEPTH, TOO_DEEP_NOTE
from intake.mail.read import read_message

_HEAD = (b"From: agent@mairie-exemple.fr\r\nTo: arrets@assureur.fr\r\nSubject: Arret de travail\r\n"
         b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=top\r\n\r\n"
         b"--top\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour, voici l'arret de Mme Durand.\r\n"
         b"--top\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=arret.txt\r\n\r\n"
         b"Arret du 3 mars au 10 mars.\r\n--top\r\n")
_LEAF = b"Content-Type: text/plain\r\n\r\nTout au fond.\r\n"


def _messages(depth: int) -> bytes:
    inner = b"From: a@b.fr\r\nSubject: fond\r\n" + _LEAF
    for _ in range(depth):
        inner = b"Content-Type: message/rfc822\r\n\r\n" + inner
    return _HEAD + inner + b"\r\n--top--\r\n"


def _multiparts(depth: int) -> bytes:
    body = _LEAF
    for level in range(depth):
        body = b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n%s\r\n--b%d--\r\n" % (level, level, body, level)
    return _HEAD + body + b"\r\n--top--\r\n"


@pytest.mark.parametrize("build", [_messages, _multiparts])
def test_a_mail_nested_1200_levels_keeps_its_body_and_attachments(build) -> None:
    read = read_message(build(1200))
    assert not any("illisible" in problem for problem in read.problems), read.problems
    assert "Bonjour, voici l'arret de Mme Durand." in read.new_text
    assert [a.filename for a in read.attachments] == ["arret.txt"]
    assert "Arret du 3 mars" in read.attachments[0].document.text
    assert "Tout au fond" not in read.content_text  # what lies past the bound is not read
    # message/rfc822 levels stop earlier, at the attached-message bound of read.py; multiparts at ours
    assert any("imbriqu" in problem for problem in read.problems)


def test_multiparts_nested_past_the_bound_say_so() -> None:
    read = read_message(_multiparts(MAX_PART_DEPTH + 5))
    assert TOO_DEEP_NOTE in read.problems and TOO_DEEP_NOTE in read.reading_notes


def test_ordinary_nesting_is_read_whole() -> None:
    read = read_message(_multiparts(30))
    assert "Tout au fond." in read.body_text and read.problems == []


@pytest.mark.parametrize("build", [_messages, _multiparts])
def test_the_desk_shows_a_mail_nested_1200_levels(build, tmp_path) -> None:
    from intake.store.blobs import FileBlobStore
    from intake.web.mailtext import mail_text

    blobs = FileBlobStore(tmp_path)
    digest = blobs.put(build(1200))
    shown = mail_text(blobs, digest)
    assert "Bonjour, voici l'arret de Mme Durand." in shown.body and shown.subject == "Arret de travail"
