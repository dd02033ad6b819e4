"""Office documents to text: Word (.docx, .doc), OpenDocument (.odt), RTF. Read in the sandbox child
like PDFs, each format by a maintained library whose licence suits a product others deploy:

- .docx: python-docx (MIT);
- .odt: odfpy (Apache-2.0, also GPL/LGPL: we take it under Apache-2.0);
- .rtf: striprtf (BSD-3-Clause);
- .doc (Word 97-2003): the catdoc program (GPL-2, Debian package), run as a separate program on a
  temporary file, as tesseract and pdftoppm are: nothing of it is linked into intake. (antiword, the
  other Debian reader, refuses the .doc files LibreOffice writes: « text stream too small ».)

Outlook .msg items are containers (mail/outlook.py), not documents."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile

from intake.documents.limits import Limits
from intake.documents.model import DocumentText, Page

_CATDOC_TIMEOUT_S = 30.0
# A .docx or .odt is a zip: its XML is parsed whole, so its uncompressed size is bounded first
# (a zip bomb dressed as a Word file).
_MAX_XML_RATIO = 100
_MAX_XML_BYTES = 100 * 1024 * 1024


class OfficeError(Exception):
    """The document cannot be read; the message is the French reason shown to handlers."""


def _page(text: str) -> DocumentText:
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
    if not text:
        return DocumentText(unreadable="document sans texte")
    return DocumentText(pages=[Page(number=1, text=text, width=0.0, height=0.0)])


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise OfficeError(f"document endommagé ({type(exc).__name__})") from exc
    if total > _MAX_XML_BYTES or total > _MAX_XML_RATIO * max(len(data), 1):
        raise OfficeError("document suspect : se décompresse bien au-delà de sa taille")


def read_docx(data: bytes, limits: Limits) -> DocumentText:
    import docx  # python-docx
    from docx.table import Table

    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises KeyError, ValueError, lxml errors…
        raise OfficeError(f"document Word illisible ({type(exc).__name__})") from exc
    lines: list[str] = []
    for section in document.sections:  # the letterhead often sits in the header
        lines += [p.text for p in section.header.paragraphs]
    # In reading order: a form laid out as a table may carry its title in its first cell, and the
    # classifier looks for titles in the first lines only.
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:  # « Nom | DUPONT »; merged cells repeat their text: said once
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))
                lines.append(" | ".join(c for c in cells if c))
        else:
            lines.append(block.text)
            lines += _docx_text_boxes(block)
    return _page("\n".join(lines))


def _docx_text_boxes(paragraph: object) -> list[str]:
    """Text boxes anchored in a paragraph (a title drawn as a shape): python-docx's paragraphs skip them."""
    element = paragraph._p  # type: ignore[attr-defined]
    # Word writes each box twice (the drawing and its VML fallback): said once.
    boxes = ("".join(t.text or "" for t in p.iter(_W_T)) for p in element.iterfind(".//w:txbxContent//w:p", _W_NS))
    return list(dict.fromkeys(b for b in boxes if b.strip()))


_W_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_W_T = f"{{{_W_NS['w']}}}t"


def read_odt(data: bytes, limits: Limits) -> DocumentText:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    _check_zip(data)
    try:
        document = load(io.BytesIO(data))
        # Headings and paragraphs in the order they are written (a heading is the title the classifier
        # seeks in the first lines); paragraphs inside table cells or frames come in their place too.
        lines = [teletype.extractText(node) for node in _odt_blocks(document.text, ((TEXTNS, "h"), (TEXTNS, "p")))]
    except Exception as exc:  # noqa: BLE001 - odfpy raises what its XML parser raises
        raise OfficeError(f"document OpenDocument illisible ({type(exc).__name__})") from exc
    return _page("\n".join(lines))


def _odt_blocks(node: object, kinds: tuple[tuple[str, str], ...]) -> list[object]:
    """Every heading or paragraph under node, in document order (a paragraph inside one is not repeated)."""
    found: list[object] = []
    stack = list(reversed(node.childNodes))  # type: ignore[attr-defined]
    while stack:
        child = stack.pop()
        if getattr(child, "qname", None) in kinds:
            found.append(child)
            continue
        stack.extend(reversed(getattr(child, "childNodes", [])))
    return found


def rtf_text(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    # RTF is 7-bit with \'xx escapes in the document's code page; 8-bit bytes, when any, are cp1252.
    return rtf_to_text(data.decode("cp1252", "replace"), errors="ignore")


def read_rtf(data: bytes, limits: Limits) -> DocumentText:
    try:
        return _page(rtf_text(data))
    except Exception as exc:  # noqa: BLE001
        raise OfficeError(f"document RTF illisible ({type(exc).__name__})") from exc


def read_doc(data: bytes, limits: Limits) -> DocumentText:
    program = shutil.which("catdoc")
    if program is None:
        raise OfficeError("document Word 97-2003 (.doc) : lecteur catdoc absent (scripts/setup l'installe)")
    with tempfile.NamedTemporaryFile(suffix=".doc") as temporary:
        temporary.write(data)
        temporary.flush()
        try:
            done = subprocess.run([program, "-d", "utf-8", "-w", temporary.name], capture_output=True,
                                  timeout=_CATDOC_TIMEOUT_S, env={**os.environ, "LC_ALL": "C.UTF-8"}, check=False)
        except subprocess.TimeoutExpired as exc:
            raise OfficeError("document Word 97-2003 : lecture trop longue") from exc
    if done.returncode != 0:
        raise OfficeError("document Word 97-2003 illisible (catdoc)")
    return _page(done.stdout.decode("utf-8", "replace"))
