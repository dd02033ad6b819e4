"""Shapes of other projects' test mails (mail parsers, MTAs, list managers, DMARC tools) that intake once got
wrong, each in a mail written here: what a stranger sends in another language is no claim, OCR is said only
on scanned pages and on pictures it read words in, a tiny picture does not break the reading."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys

from PIL import Image, ImageDraw

from corpus.mails import one_page_pdf
from intake.identify.match import Registry
from intake.mail.read import read_message
from intake.pipeline.parse import analyse

NOBODY = Registry(employers=[], agents=[])


def _mail(text: str, files: list[tuple[str, str, bytes]], *, subject: str, sender: str, charset: str = "utf-8") -> bytes:
    parts = [
        f"From: {sender}\nTo: accueil@exemple.fr\nSubject: {subject}\nDate: Tue, 21 Oct 2025 13:26:01 -0500\n"
        "Message-ID: <shape-1@example.net>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n"
        f"--B\nContent-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: 8bit\n\n{text}\n"
    ]
    for name, ctype, data in files:
        encoded = base64.encodebytes(data).decode("ascii")
        parts.append(f"--B\nContent-Type: {ctype}; name=\"{name}\"\nContent-Disposition: attachment; filename=\"{name}\"\n"
                     f"Content-Transfer-Encoding: base64\n\n{encoded}")
    return ("".join(parts) + "--B--\n").encode("utf-8")


def _png(draw_text: bool = False, size: tuple[int, int] = (400, 300)) -> bytes:
    image = Image.new("RGB", size, "white")
    if size[0] > 10:
        pen = ImageDraw.Draw(image)
        pen.ellipse((40, 40, 260, 220), fill=(30, 90, 160))  # a drawing, no word in it
        pen.rectangle((280, 60, 380, 260), fill=(200, 120, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


SPANISH_REPLY = """Solicitudes de Grupos a:
 <mailto:grupos@hotel-ejemplo.example>
grupos@hotel-ejemplo.example


De: reservas@agencia.example
Enviado el: Sábado, 18 de Octubre de 2025 08:42 p.m.
Para: Hotel Ejemplo
Asunto: Fwd: (PO4410) - IND

Buenos días, le enviamos las condiciones del grupo. Saludos cordiales
"""


def test_a_strangers_reply_in_spanish_with_files_is_no_claim() -> None:
    raw = _mail(SPANISH_REPLY, [("Fachada (3).png", "image/png", _png()), ("condiciones grupo.rtf", "application/rtf",
                                                                         b"{\\rtf1\\ansi Condiciones del grupo para la estancia}")],
                subject="RE: Grupo Ferrand - (PO4410) - IND", sender='"Recepcion" <recepcion@hotel-ejemplo.example>')
    got = analyse(raw, registry=NOBODY)
    assert got["intent"] == "other" and got["claims"] == [] and got["collectivite"] is None
    assert [(a["filename"], a["kind"], a["ocr"]) for a in got["attachments"]] == [
        ("Fachada (3).png", "autre", False), ("condiciones grupo.rtf", "autre", False)]


def test_a_french_mail_sending_unknown_files_for_an_agent_still_sends_pieces() -> None:
    # The other side of the rule above: French words with the same kind of files are pieces for a claim.
    raw = _mail("Bonjour,\n\nVeuillez trouver ci-joint le document concernant Mme Claire DUVERGER.\n\nCordialement,\nLe service RH",
                [("document.rtf", "application/rtf", b"{\\rtf1\\ansi Document}")],
                subject="Dossier de Mme DUVERGER", sender="rh@mairie-exemple.fr")
    assert analyse(raw, registry=NOBODY)["intent"] == "documents"


def test_an_english_question_with_a_french_looking_word_is_no_question() -> None:
    # A mailing-list reply signed « ---/dev/il »: « il » alone does not make it French.
    text = ("Marc wrote:\n> If you have a real uid of root, then someone can get root.\n\n"
            "Isn't that the case for almost every other server you care to mention?\n"
            "What about switching to an unprivileged user early in the request processing stage?\n\n---/dev/il\n")
    raw = _mail(text, [], subject="Re: running server as root", sender="ingo@blank.example")
    assert analyse(raw, registry=NOBODY)["intent"] == "other"


def test_a_french_question_stays_a_question() -> None:
    raw = _mail("Bonjour,\n\nQuel est le délai pour envoyer les pièces ?\n\nMerci", [], subject="Question",
                sender="rh@mairie-exemple.fr")
    assert analyse(raw, registry=NOBODY)["intent"] == "question"


def test_ocr_is_said_only_when_it_read_words() -> None:
    raw = _mail("Hi there,\n\nThis is the picture.", [("dessin.png", "image/png", _png())],
                subject="Here is your picture", sender="barry@example.org")
    attachment = read_message(raw).attachments[0]
    assert attachment.document.pages and attachment.document.unreadable is None  # read: OCR ran on it…
    assert not attachment.ocr  # …and found no word: a drawing, not a photo of a page
    assert analyse(raw, registry=NOBODY)["attachments"] == [{"filename": "dessin.png", "kind": "autre", "ocr": False}]


def test_a_scanned_page_stays_ocr_even_when_ocr_reads_nothing() -> None:
    # An image-only PDF page is a scanned page (the blind corpus labels it so) whatever OCR made of it.
    image = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(image).rectangle((200, 300, 1000, 340), fill=190)  # a faint grey band, no letter
    out = io.BytesIO()
    image.save(out, "PDF", resolution=150)
    raw = _mail("Voir le scan.", [("scan.pdf", "application/pdf", out.getvalue())], subject="Scan", sender="copieur@example.org")
    assert read_message(raw).attachments[0].ocr


def test_a_short_text_pdf_keeps_its_text_layer() -> None:
    raw = _mail("This message was created automatically.", [("dummy.pdf", "application/pdf", one_page_pdf("Dummy PDF file", []))],
                subject="Files", sender="someone@example.org")
    attachment = read_message(raw).attachments[0]
    assert "Dummy PDF file" in attachment.document.text and not attachment.ocr


def test_a_one_pixel_picture_is_read_quietly() -> None:
    # A spacer or tracking pixel sent as an attachment: OCR's geometry had no strip to measure and raised.
    raw = _mail("Voir la pièce jointe.", [("pixel.png", "image/png", _png(size=(1, 1)))], subject="Image",
                sender="someone@example.org")
    code = ("import sys, json; from intake.mail.read import read_message; "
            "r = read_message(sys.stdin.buffer.read()); print(json.dumps([a.document.unreadable for a in r.attachments]))")
    done = subprocess.run([sys.executable, "-c", code], input=raw, capture_output=True, timeout=120, check=True)
    assert json.loads(done.stdout) == [None]
    assert "Traceback" not in done.stderr.decode()
