"""An Outlook item saved as a .msg file and handed over as the message itself (seen in real mail: a mail
parser's test corpus): read as the mail it was, never as the OLE file's bytes."""

from __future__ import annotations

from intake.identify.match import Registry
from intake.mail.read import read_message
from intake.pipeline.parse import analyse
from mail.awkward.build_outlook import compound_file, unicode

NOBODY = Registry(employers=[], agents=[])



def _outlook_item(*, transport: str | None, body: str, attachment: tuple[str, bytes] | None = None) -> bytes:
    tree: dict = {
        "__properties_version1.0": b"\x00" * 32,
        "__substg1.0_0037001F": unicode("Rapport trimestriel"),
        "__substg1.0_0C1A001F": unicode("Claire Dubois"),
        "__substg1.0_5D01001F": unicode("claire.dubois@exemple-societe.test"),
        "__substg1.0_1000001F": unicode(body),
    }
    if transport is not None:
        tree["__substg1.0_007D001F"] = unicode(transport)
    if attachment:
        tree["__attach_version1.0_#00000000"] = {"__properties_version1.0": b"\x00" * 8,
                                                 "__substg1.0_3707001F": unicode(attachment[0]),
                                                 "__substg1.0_37010102": attachment[1]}
    return compound_file(tree)


def test_an_outlook_item_given_as_the_message_is_read_as_the_mail_it_was() -> None:
    transport = ("Received: from mx.exemple-societe.test by mail.test; Tue, 3 Mar 2026 10:00:00 +0100\r\n"
                 "From: Claire Dubois <claire.dubois@exemple-societe.test>\r\nTo: accueil@exemple.test\r\n"
                 "Subject: Rapport trimestriel\r\nDate: Tue, 3 Mar 2026 10:00:00 +0100\r\n"
                 "Message-ID: <rapport-t1@exemple-societe.test>\r\nMIME-Version: 1.0\r\n"
                 "Content-Type: multipart/mixed; boundary=\"gone\"\r\n\r\n")
    raw = _outlook_item(transport=transport, body="Bonjour,\r\n\r\nle rapport du trimestre est joint.\r\n",
                        attachment=("rapport.csv", b"mois;total\r\njanvier;12\r\n"))
    read = read_message(raw)
    assert read.message_id == "<rapport-t1@exemple-societe.test>" and read.date is not None
    assert (read.from_addr, read.subject) == ("claire.dubois@exemple-societe.test", "Rapport trimestriel")
    assert "le rapport du trimestre est joint" in read.new_text and "\x00" not in read.body_text
    assert [a.filename for a in read.attachments] == ["rapport.csv"]
    assert any("Outlook" in p for p in read.problems)
    got = analyse(raw, registry=NOBODY)
    assert got["message_id"] == "<rapport-t1@exemple-societe.test>" and got["claims"] == []


def test_an_outlook_item_that_never_travelled_takes_its_sender_and_subject_from_its_properties() -> None:
    read = read_message(_outlook_item(transport=None, body="Note pour plus tard."))
    assert (read.from_addr, read.from_name, read.subject) == ("claire.dubois@exemple-societe.test", "Claire Dubois",
                                                              "Rapport trimestriel")
    assert read.new_text.strip() == "Note pour plus tard."


def test_an_automatic_answer_saved_from_outlook_stays_automatic() -> None:
    transport = ("From: Claire Dubois <claire.dubois@exemple-societe.test>\r\nSubject: Rapport trimestriel\r\n"
                 "Auto-Submitted: auto-replied\r\n\r\n")
    assert analyse(_outlook_item(transport=transport, body="Absente jusqu'au 9 mars."), registry=NOBODY)["intent"] == "auto_reply"


def test_a_damaged_outlook_file_is_still_read_not_lost() -> None:
    raw = _outlook_item(transport=None, body="x")[:700]
    read = read_message(raw)
    assert any("Outlook" in p for p in read.problems)
