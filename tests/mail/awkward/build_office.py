"""Writes the office-format shapes of the awkward corpus: Word (.docx, .doc), OpenDocument (.odt), RTF
letters attached to a mail, and a winmail.dat whose body is RTF only. Documents are made here (python-docx,
odfpy; the .doc by LibreOffice when installed, else the committed one is kept). Run from the repository root:
    .venv/bin/python tests/mail/awkward/build_office.py
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import compressed_rtf
import docx
from odf.opendocument import OpenDocumentText
from odf.text import H, P

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from corpus.mails import tnef_bytes  # noqa: E402

HERE = Path(__file__).resolve().parent
LETTER = ["Mairie de Saint-Exemple", "Objet : arrêt de travail de M. Lefèvre",
          "Madame, Monsieur,", "M. Paul Lefèvre, agent des espaces verts, est en arrêt de travail du 02/03/2026 au 13/03/2026.",
          "Veuillez agréer nos salutations distinguées."]


def make_docx() -> bytes:
    document = docx.Document()
    for line in LETTER:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Matricule", "M-4521"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_odt() -> bytes:
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=LETTER[0]))
    for line in LETTER[1:]:
        document.text.addElement(P(text=line))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_rtf() -> bytes:
    def esc(text: str) -> str:
        return "".join(ch if ord(ch) < 128 else f"\\'{ch.encode('cp1252')[0]:02x}" for ch in text)
    body = "".join(f"{esc(line)}\\par\n" for line in LETTER)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\\fs22\n" + body + "}").encode("ascii")


def make_doc(docx_bytes: bytes) -> bytes | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "lettre.docx"
        source.write_bytes(docx_bytes)
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                        "doc:MS Word 97", "--outdir", folder, str(source)], check=True, capture_output=True, timeout=180)
        return (Path(folder) / "lettre.doc").read_bytes()


def mapi_rtf(rtf: bytes) -> bytes:
    """attMAPIProps holding PR_RTF_COMPRESSED (0x1009, PT_BINARY) only."""
    data = compressed_rtf.compress(rtf)
    padded = data + b"\x00" * (-len(data) % 4)
    return ((1).to_bytes(4, "little") + (0x0102).to_bytes(2, "little") + (0x1009).to_bytes(2, "little")
            + (1).to_bytes(4, "little") + len(data).to_bytes(4, "little") + padded)


def winmail_rtf_only(rtf: bytes) -> bytes:
    base = tnef_bytes({})
    data = mapi_rtf(rtf)
    checksum = sum(data) & 0xFFFF
    attr = bytes([1]) + (0x9003).to_bytes(2, "little") + (0x0006).to_bytes(2, "little") + len(data).to_bytes(4, "little") + data + checksum.to_bytes(2, "little")
    return base + attr


def mail(name: str, text: str, files: list[tuple[str, str, str, bytes]]) -> bytes:
    message = EmailMessage()
    message["From"] = "Service RH <rh@commune-exemple.fr>"
    message["To"] = "prestations@cdg-exemple.fr"
    message["Subject"] = "Arrêt de travail de M. Lefèvre"
    message["Date"] = "Tue, 10 Mar 2026 09:12:00 +0100"
    message["Message-ID"] = f"<{name}@awkward.test>"
    message.set_content(text)
    for filename, maintype, subtype, data in files:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes(policy=SMTP)


def write(name: str, raw: bytes, expected: dict) -> None:
    (HERE / f"{name}.eml").write_bytes(raw)
    (HERE / f"{name}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def letter_expected(why: str, filename: str) -> dict:
    return {"shape": why, "attachments": [{"filename": filename, "unreadable": False,
                                           "text_contains": ["est en arrêt de travail du 02/03/2026 au 13/03/2026"]}]}


def main() -> None:
    docx_bytes = make_docx()
    write("office-docx", mail("office-docx", "Bonjour, voir le courrier joint.", [("courrier.docx", "application",
          "vnd.openxmlformats-officedocument.wordprocessingml.document", docx_bytes)]),
          letter_expected("a Word .docx letter (python-docx)", "courrier.docx"))
    write("office-odt", mail("office-odt", "Bonjour, voir le courrier joint.", [("courrier.odt", "application",
          "vnd.oasis.opendocument.text", make_odt())]), letter_expected("an OpenDocument .odt letter (odfpy)", "courrier.odt"))
    write("office-rtf", mail("office-rtf", "Bonjour, voir le courrier joint.", [("courrier.rtf", "application", "rtf", make_rtf())]),
          letter_expected("an RTF letter (striprtf)", "courrier.rtf"))
    winmail = winmail_rtf_only(make_rtf())
    write("winmail-rtf-body", mail("winmail-rtf-body", "", [("winmail.dat", "application", "ms-tnef", winmail)]),
          {"shape": "an Outlook winmail.dat whose body is compressed RTF only", "new_text_contains": ["est en arrêt de travail du 02/03/2026"]})
    doc = make_doc(docx_bytes)
    if doc is not None:
        write("office-doc", mail("office-doc", "Bonjour, voir le courrier joint.", [("courrier.doc", "application", "msword", doc)]),
              letter_expected("a Word 97-2003 .doc letter written by LibreOffice (catdoc)", "courrier.doc"))


if __name__ == "__main__":
    main()
