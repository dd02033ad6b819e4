"""Writes the filled-PDF-form shape of the awkward corpus: a declaration form filled in on screen and
not flattened (values in AcroForm fields, no appearance streams: pdfium's text has only the labels).
Run from the repository root: .venv/bin/python tests/mail/awkward/build_pdf_form.py
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

HERE = Path(__file__).resolve().parent
LABELS = [("Nom de l'agent :", "agent_nom", "DUPONT Marie"), ("Date de l'accident :", "date_accident", "04/03/2026"),
          ("Lieu de l'accident :", "lieu", "Atelier municipal"), ("Circonstances de l'accident :", "circonstances",
          "Chute dans l'escalier en portant un carton")]


def form() -> bytes:
    page = FPDF()
    page.add_page()
    page.set_font("helvetica", "B", 16)
    page.cell(0, 12, "DECLARATION D'ACCIDENT DE SERVICE", new_x="LMARGIN", new_y="NEXT")
    page.set_font("helvetica", size=12)
    for label, _name, _value in LABELS:
        page.cell(0, 14, label, new_x="LMARGIN", new_y="NEXT")
    page.cell(0, 14, "Arret de travail prescrit :", new_x="LMARGIN", new_y="NEXT")
    page.set_creation_date(datetime(2026, 3, 1))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(page.output()))))
    fields = ArrayObject()
    annots = ArrayObject()
    for index, (_label, name, value) in enumerate([*LABELS, ("", "arret", "/Yes")]):
        top = 842 - 75 - 40 * index
        widget = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Btn" if name == "arret" else "/Tx"),
            NameObject("/T"): TextStringObject(name),
            NameObject("/V"): NameObject(value) if name == "arret" else TextStringObject(value),
            NameObject("/Rect"): ArrayObject([FloatObject(250), FloatObject(top), FloatObject(550), FloatObject(top + 18)]),
            NameObject("/F"): NumberObject(4),
        })
        if name == "arret":
            widget[NameObject("/TU")] = TextStringObject("Arrêt de travail prescrit")
        ref = writer._add_object(widget)
        fields.append(ref)
        annots.append(ref)
    writer.pages[0][NameObject("/Annots")] = annots
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): fields, NameObject("/NeedAppearances"): BooleanObject(True)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main() -> None:
    message = EmailMessage()
    message["From"] = "Service RH <rh@commune-exemple.fr>"
    message["To"] = "prestations@cdg-exemple.fr"
    message["Subject"] = "Déclaration d'accident de service"
    message["Date"] = "Tue, 10 Mar 2026 09:12:00 +0100"
    message["Message-ID"] = "<pdf-form-filled@awkward.test>"
    message.set_content("Bonjour, voici la déclaration remplie.")
    message.add_attachment(form(), maintype="application", subtype="pdf", filename="declaration.pdf")
    (HERE / "pdf-form-filled.eml").write_bytes(message.as_bytes(policy=SMTP))
    expected = {"shape": "a PDF form filled on screen and not flattened: the values are AcroForm fields, given as text with their names",
                "attachments": [{"filename": "declaration.pdf", "kind": "declaration_accident",
                                 "text_contains": ["agent nom : DUPONT Marie", "date accident : 04/03/2026",
                                                   "circonstances : Chute dans l'escalier", "Arrêt de travail prescrit : coché"]}]}
    (HERE / "pdf-form-filled.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
