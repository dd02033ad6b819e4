"""Attached messages, winmail.dat and zip archives: opened within limits, breaches recorded, never a crash."""

from __future__ import annotations

import random

from corpus.mails import enc_word, file_leaf, message, multipart, one_page_pdf, text_leaf, tnef_bytes, zip_bytes
from intake.mail import containers
from intake.mail.read import read_message

RNG = random.Random(3)
PDF = one_page_pdf("AVIS D'ARRÊT DE TRAVAIL", ["Nom : DUPONT Jean", "Du 12/03/2025 au 20/03/2025"])


def _mail(*parts: bytes) -> bytes:
    return message({"From": "rh@mairie.fr", "Subject": "Pièces", "Message-ID": "<m@x>"},
                   multipart("mixed", [text_leaf("Pièces jointes.", "utf-8"), *parts], RNG))


def test_winmail_dat_attachments_and_body() -> None:
    read = read_message(message({"From": "rh@mairie.fr", "Subject": "Arrêt"},
                                multipart("mixed", [file_leaf("winmail.dat", tnef_bytes({"Arrêt été.pdf": PDF}, body="Bonjour, arrêt joint."),
                                                              "application/ms-tnef")], RNG)))
    assert [(a.filename, a.origin) for a in read.attachments] == [("Arrêt été.pdf", "tnef:winmail.dat/Arrêt été.pdf")]
    assert read.attachments[0].kind.kind == "arret_travail"
    assert "arrêt joint" in read.body_text


def test_corrupt_winmail_dat_is_kept_unreadable() -> None:
    data = tnef_bytes({"a.pdf": PDF})[:30]
    read = read_message(_mail(file_leaf("winmail.dat", data, "application/ms-tnef")))
    assert [a.filename for a in read.attachments] == ["winmail.dat"]
    assert read.attachments[0].document.unreadable and read.problems


def test_zip_members_with_accents_and_sha() -> None:
    read = read_message(_mail(file_leaf("dossier.zip", zip_bytes({"Arrêt.pdf": PDF}), "application/zip")))
    attachment = read.attachments[0]
    assert (attachment.filename, attachment.origin) == ("Arrêt.pdf", "zip:dossier.zip/Arrêt.pdf")
    assert attachment.size == len(PDF) and len(attachment.sha256) == 64 and attachment.data == PDF


def test_limits_are_configurable_and_breach_is_a_problem() -> None:
    raw = _mail(file_leaf("dossier.zip", zip_bytes({f"{i}.pdf": PDF for i in range(5)}), "application/zip"))
    read = read_message(raw, limits=containers.UnpackLimits(max_members=3))
    assert [a.filename for a in read.attachments] == ["dossier.zip"]
    assert "3" in read.attachments[0].document.unreadable and read.problems
    read = read_message(raw, limits=containers.UnpackLimits(max_total_bytes=len(PDF) * 2))
    assert read.attachments[0].document.unreadable


def test_lying_zip_header_is_caught() -> None:
    data = bytearray(zip_bytes({"a.txt": b"A" * 5000}))
    # declare 10 bytes uncompressed in the central directory: the real stream is longer
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    read = read_message(_mail(file_leaf("a.zip", bytes(data), "application/zip")))
    assert read.attachments[0].document.unreadable


def test_encrypted_zip_member_is_unreadable_not_fatal() -> None:
    data = bytearray(zip_bytes({"secret.pdf": PDF}))
    for marker in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag bit in both headers
        at = data.find(marker)
        offset = 6 if marker == b"PK\x03\x04" else 8
        data[at + offset] |= 0x1
    read = read_message(_mail(file_leaf("s.zip", bytes(data), "application/zip")))
    assert read.attachments[0].filename == "secret.pdf" and "chiffré" in read.attachments[0].document.unreadable


def test_attached_message_rfc822_and_nested_limit() -> None:
    inner = message({"From": "agent@gmail.com", "Subject": enc_word("Mon arrêt"), "Date": "Wed, 12 Mar 2025 08:00:00 +0100"},
                    multipart("mixed", [text_leaf("Voici mon arrêt.", "utf-8"), file_leaf("arret.pdf", PDF)], RNG))
    from corpus.mails import leaf

    read = read_message(_mail(leaf("message/rfc822", inner, cte="8bit")))
    assert read.forwarded[0].text == "Voici mon arrêt." and read.forwarded[0].subject == "Mon arrêt"
    assert read.forwarded[0].origin == "eml:Mon arrêt.eml"
    assert [a.origin for a in read.attachments] == ["eml:Mon arrêt.eml/arret.pdf"]
    nested = inner
    for _ in range(6):
        nested = message({"From": "x@y.fr", "Subject": "Fwd"}, multipart("mixed", [leaf("message/rfc822", nested, cte="8bit")], RNG))
    read = read_message(nested)
    assert any("imbriqués" in p for p in read.problems)


def test_calendar_invitation_inline_part_is_not_an_attachment_but_an_attached_ics_is() -> None:
    ics = b"BEGIN:VCALENDAR\nMETHOD:REQUEST\nEND:VCALENDAR\n"
    from corpus.mails import leaf

    inline = multipart("alternative", [text_leaf("Invitation", "utf-8"), leaf("text/calendar; method=REQUEST", ics)], RNG)
    assert read_message(message({"From": "rh@mairie.fr", "Subject": "Réunion"}, inline)).attachments == []
    # Gmail adds the invitation as a named attachment too: a part carrying a file name is an attachment
    # (tests/cases/README.md), and it gets a kind like every other (autre).
    raw = message({"From": "rh@mairie.fr", "Subject": "Réunion"},
                  multipart("mixed", [inline, file_leaf("invite.ics", ics, "application/ics")], RNG))
    assert [(a.filename, a.kind.kind) for a in read_message(raw).attachments] == [("invite.ics", "autre")]
