"""Minimal word-processor files (.docx, .odt) written by hand with fixed zip timestamps, so that a piece typed
in Word or LibreOffice (a rapport hiérarchique, a témoignage, an agent's request) is byte-for-byte a function
of the seed."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

STAMP = (2025, 1, 1, 0, 0, 0)


def _text_of(blocks: list[tuple]) -> list[str]:
    out = []
    for b in blocks:
        if b[0] in ("title", "sub", "text", "sign"):
            out += b[1].split("\n")
        elif b[0] == "kv":
            out.append(f"{b[1]} {b[2]}")
        elif b[0] == "table":
            out += [" | ".join(r) for r in b[1]]
        elif b[0] == "above":
            out += [f"{lab} : {val}" for val, lab in b[1]]
    return out


def _zip(entries: list[tuple[str, str, int]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, method in entries:
            zi = zipfile.ZipInfo(name, STAMP)
            zi.compress_type = method
            z.writestr(zi, data)
    return buf.getvalue()


def docx(blocks: list[tuple]) -> bytes:
    paras = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(t)}</w:t></w:r></w:p>" for t in _text_of(blocks))
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{paras}</w:body></w:document>")
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>')
    return _zip([("[Content_Types].xml", ct, zipfile.ZIP_DEFLATED), ("_rels/.rels", rels, zipfile.ZIP_DEFLATED),
                 ("word/document.xml", doc, zipfile.ZIP_DEFLATED)])


def odt(blocks: list[tuple]) -> bytes:
    paras = "".join(f"<text:p>{escape(t)}</text:p>" for t in _text_of(blocks))
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f"<office:body><office:text>{paras}</office:text></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    return _zip([("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED),
                 ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
                 ("content.xml", content, zipfile.ZIP_DEFLATED)])
