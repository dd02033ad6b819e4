"""Word and OpenDocument pieces are read in the order they are written, text boxes included: the
classifier seeks a form's title in its first lines, and a request typed in a table's first cell or a
heading after a paragraph must keep its place."""

from __future__ import annotations

import io

from intake.documents import classify
from intake.documents.limits import DEFAULT_LIMITS
from intake.documents.office import read_docx, read_odt


def _docx(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_title_in_a_word_table_comes_first() -> None:
    def build(document) -> None:
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "ATTESTATION DE TÉMOIN"
        table.cell(1, 0).text = "Témoin"
        table.cell(1, 1).text = "Jules MARTIN"
        for n in range(14):
            document.add_paragraph(f"Paragraphe de remplissage numéro {n}.")

    read = read_docx(_docx(build), DEFAULT_LIMITS)
    assert read.text.splitlines()[0] == "ATTESTATION DE TÉMOIN"
    assert classify("Document1.docx", read).kind == "temoignage"


def test_a_word_text_box_is_read_once() -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document) -> None:
        paragraph = document.add_paragraph("")
        paragraph._p.append(parse_xml(
            f"<w:r {nsdecls('w')} xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>"
            "<w:t>RAPPORT HIÉRARCHIQUE</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"))
        document.add_paragraph("Le chef d'équipe relate la chute survenue au dépôt.")

    text = read_docx(_docx(build), DEFAULT_LIMITS).text
    assert text.count("RAPPORT HIÉRARCHIQUE") == 1
    assert text.index("RAPPORT") < text.index("chef")


def test_odt_headings_and_cells_keep_their_place() -> None:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(P(text="Commune de Vions"))
    table = Table()
    table.addElement(TableColumn())
    row = TableRow()
    cell = TableCell()
    cell.addElement(P(text="Agent : Léa GIRAUD"))
    row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(H(outlinelevel=1, text="Annexe"))
    document.text.addElement(P(text="Fin du document"))
    out = io.BytesIO()
    document.save(out)
    lines = read_odt(out.getvalue(), DEFAULT_LIMITS).text.splitlines()
    assert lines == ["Commune de Vions", "Agent : Léa GIRAUD", "Annexe", "Fin du document"]
