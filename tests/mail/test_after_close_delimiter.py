"""Parts written after a multipart's close delimiter (seen in real mail: a nested alternative borrowing its
parent's boundary closed the parent, and the zip after it was lost): read like the others."""

from __future__ import annotations

from intake.mail.read import read_message


def test_a_file_after_a_nested_multipart_that_reused_its_parents_boundary_is_listed() -> None:
    # The alternative inside borrows the outer boundary, so its « --b-- » closes the outer part: the zip
    # written after it lands in the epilogue.
    raw = (b"From: Marc Roux <marc.roux@exemple.test>\r\nTo: accueil@exemple.test\r\nSubject: photos\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
           b"--b\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
           b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLes photos du chantier.\r\n"
           b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Les photos du chantier.</p>\r\n"
           b"--b--\r\n\r\n"
           b"--b\r\nContent-Type: text/csv; name=\"releve.csv\"\r\nContent-Disposition: attachment; filename=\"releve.csv\"\r\n\r\n"
           b"piece;nombre\r\nporte;2\r\n"
           b"--b--\r\n")
    read = read_message(raw)
    assert [a.filename for a in read.attachments] == ["releve.csv"]
    assert "Les photos du chantier." in read.new_text
    assert any("après le délimiteur de fin" in p for p in read.problems)


def test_an_epilogue_of_plain_words_stays_unread() -> None:
    raw = (b"From: Marc Roux <marc.roux@exemple.test>\r\nSubject: note\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
           b"--b\r\nContent-Type: text/plain\r\n\r\nLa note.\r\n--b--\r\n\r\nListe geree par un robot.\r\n")
    read = read_message(raw)
    assert read.attachments == [] and "robot" not in read.body_text and read.problems == []
