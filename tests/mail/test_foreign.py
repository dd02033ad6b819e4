"""Python's own email test messages (Lib/test/test_email/data/msg_*.txt, read from the Python installation,
not copied): mail written by others for a parser's tests. None is about sick leave: no claim, no employer,
intent « other » (or « auto_reply » for their delivery reports), every named file listed with a kind,
its name decoded, no `ocr` (none is a scanned page, and OCR reads no word in their pictures)."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest

from intake.identify.match import Registry
from intake.pipeline.parse import analyse

DATA = Path(email.__file__).parent.parent / "test" / "test_email" / "data"
MESSAGES = sorted(DATA.glob("msg_*.txt")) if DATA.is_dir() else []
NOBODY = Registry(employers=[], agents=[])
_NOT_FILES = {"application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature",
              "text/rfc822-headers", "message/external-body"}
_SERVER = re.compile(r"mailer[-_ ]?daemon|mail delivery|postmaster|<>", re.IGNORECASE)

pytestmark = pytest.mark.skipif(not MESSAGES, reason=f"Python's email test messages are not installed here ({DATA})")


def _stdlib(path: Path) -> email.message.Message:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)


def _is_report(msg: email.message.Message) -> bool:
    """What the standard library alone shows of a delivery report: a multipart/report, or a mail server's From."""
    return msg.get_content_type() == "multipart/report" or bool(_SERVER.search(str(msg.get("from", ""))))


def _named_files(msg: email.message.Message) -> list[str]:
    """Named leaf parts outside a report's returned message and outside attached messages' own files."""
    names: list[str] = []

    def walk(part: email.message.Message, in_report: bool) -> None:
        ctype = part.get_content_type()
        if ctype.startswith("message/") or ctype in _NOT_FILES:
            return
        if part.is_multipart():
            for index, child in enumerate(part.get_payload()):
                walk(child, in_report or (ctype == "multipart/report" and index > 0))
            return
        name = part.get_filename()
        if name and not in_report:
            names.append(str(email.header.make_header(email.header.decode_header(name))))

    walk(msg, False)
    return names


def test_the_messages_are_there() -> None:
    assert len(MESSAGES) >= 40


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_a_parsers_test_mail_makes_no_claim(path: Path) -> None:
    got = analyse(path.read_bytes(), registry=NOBODY)
    msg = _stdlib(path)
    assert got["claims"] == [] and got["collectivite"] is None
    if _is_report(msg):
        assert got["intent"] == "auto_reply"
    else:
        assert got["intent"] in ("other", "auto_reply")
    listed = [a["filename"] for a in got["attachments"]]
    for name in _named_files(msg):
        assert name in listed, (name, listed)
    for attachment in got["attachments"]:
        assert attachment["kind"], attachment
        assert "=?" not in attachment["filename"] and "\ufffd" not in attachment["filename"]
    # None of these files is a scan or a photo of a page (a GIF fish, a BMP clock): OCR reads no words there.
    assert not any(a["ocr"] for a in got["attachments"])
