"""Hostile and broken attachments built from bytes: truncated, corrupt, encrypted, huge, bombs, polyglots."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from fpdf import FPDF
from PIL import Image

TEXT = "Arrêt de travail de Mme Sophie MARTIN du 3 mars 2025 au 14 mars 2025, avis initial."


def text_pdf(*, pages: int = 1, **encryption: str) -> bytes:
    pdf = FPDF()
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.set_font("helvetica", size=12)
    for _ in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 8, TEXT.encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())


def raw_pdf(objects: list[bytes], *, trailer: bytes = b"") -> bytes:
    """A PDF from object bodies (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page(media_box: bytes, content: bytes, resources: bytes = b"<< >>", extra: list[bytes] | None = None) -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + media_box + b" /Contents 4 0 R /Resources " + resources + b" >>",
        content,
        *(extra or []),
    ])


def huge_page_pdf(points: int = 14400) -> bytes:
    """A blank page of points × points (200 inches at 14 400): rendered at 300 dpi it would be 3.6 Gpx."""
    drawing = b"0 0 0 rg 100 100 500 500 re f"
    return one_page(b"[0 0 %d %d]" % (points, points), stream(b"", drawing))


def deflate_bomb(size: int) -> bytes:
    """zlib of `size` spaces, made in chunks (the inflated bytes never exist here)."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def flate_bomb_pdf(size: int = 1 << 30) -> bytes:
    """A page whose content stream inflates to `size` bytes (1 GiB by default, ~1 MB on disk)."""
    return one_page(b"[0 0 595 842]", stream(b"/Filter /FlateDecode", deflate_bomb(size)))


def huge_image_pdf(side: int = 100_000) -> bytes:
    """A page that is one image XObject of side × side grey pixels (10 Gpx) from a small Flate stream."""
    pixels = deflate_bomb(64 << 20)  # far fewer bytes than declared: the decoder must not trust the size
    image = stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                   b"/BitsPerComponent 8 /Filter /FlateDecode" % (side, side), pixels)
    return one_page(b"[0 0 595 842]", stream(b"", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
                    b"<< /XObject << /Im0 5 0 R >> >>", [image])


def corrupt_xref(data: bytes) -> bytes:
    """Offsets in the xref table and startxref pointing nowhere."""
    head, _, tail = data.rpartition(b"startxref")
    broken = head.replace(b" 00000 n ", b" 00000 x ")
    return broken + b"startxref\n999999999\n%%EOF\n"


def png_header_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG that announces width × height pixels, with a tiny (invalid) image stream."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b"")


def png_real_bomb(side: int = 10_000) -> bytes:
    """A valid PNG of side × side grey pixels (100 Mpx): ~100 kB that decode to 100 MB."""
    row = b"\x00" + b"\xff" * side
    packer = zlib.compressobj(6)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)) + \
        chunk(b"IDAT", body) + chunk(b"IEND", b"")


def jpeg_header_bomb(width: int = 65_000, height: int = 65_000) -> bytes:
    """A small JPEG whose frame header is rewritten to announce width × height."""
    buf = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.find(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def tiff_header_bomb(width: int = 200_000, height: int = 200_000) -> bytes:
    """A TIFF whose tags announce width × height (one strip of a few bytes)."""
    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, "TIFF")
    data = bytearray(buf.getvalue())
    # Rewrite the ImageWidth (256) and ImageLength (257) tags in the first IFD (little-endian).
    ifd = struct.unpack("<I", data[4:8])[0]
    count = struct.unpack("<H", data[ifd:ifd + 2])[0]
    for index in range(count):
        at = ifd + 2 + 12 * index
        tag, kind = struct.unpack("<HH", data[at:at + 4])
        if tag in (256, 257):
            value = width if tag == 256 else height
            data[at + 2:at + 12] = struct.pack("<HII", 4, 1, value)  # LONG
    return bytes(data)


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def nested_zip(depth: int, leaf: bytes) -> bytes:
    data, name = leaf, "arret.pdf"
    for level in range(depth):
        data, name = zip_of({name: data}), f"niveau{level}.zip"
    return data


def zip_bomb(size: int = 1 << 30) -> bytes:
    """One member of `size` zeros; the archive is about 1 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("arret.pdf", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)
    return buf.getvalue()


def lying_zip(real: bytes) -> bytes:
    """A zip whose member header claims a tiny size while its data inflates to much more."""
    data = bytearray(zip_of({"arret.pdf": real}))
    # The central directory's uncompressed size (offset 24 in each entry) set to 10 bytes.
    at = data.rfind(b"PK\x01\x02")
    data[at + 24:at + 28] = struct.pack("<I", 10)
    local = data.find(b"PK\x03\x04")
    data[local + 22:local + 26] = struct.pack("<I", 10)
    return bytes(data)


def pdf_zip_polyglot() -> bytes:
    return text_pdf() + zip_of({"autre.txt": b"cache"})


def jpeg_html_polyglot() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (64, 64), 200).save(buf, "JPEG")
    return buf.getvalue() + b"<html><script>alert(1)</script><body>Arret</body></html>"


def exe_named_pdf() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"This program cannot be run in DOS mode." * 10


def html_named_pdf() -> bytes:
    return b"<!DOCTYPE html><html><body><script>document.location='http://x'</script>%PDF-1.4 faux</body></html>"
