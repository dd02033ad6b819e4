"""What an attachment is, from its first bytes first, then its declared type and name."""

from __future__ import annotations

from enum import StrEnum


class FileType(StrEnum):
    PDF = "pdf"
    IMAGE = "image"
    DOCX = "docx"  # Word 2007+ (a zip of XML)
    ODT = "odt"  # OpenDocument text (LibreOffice)
    DOC = "doc"  # Word 97-2003 (an OLE compound file)
    RTF = "rtf"
    UNKNOWN = "unknown"


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"


def _office(data: bytes) -> FileType | None:
    """Office formats by content: the zip's members, the OLE file's streams, RTF's opening group."""
    if data.startswith(b"{\\rtf"):
        return FileType.RTF
    if data.startswith(b"PK\x03\x04"):
        if data[30:30 + len(_ODT_MIMETYPE)] == _ODT_MIMETYPE:  # ODF puts an uncompressed « mimetype » first
            return FileType.ODT
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "word/document.xml" in names:
            return FileType.DOCX
        return None
    if data.startswith(OLE_MAGIC):
        import olefile

        try:
            with olefile.OleFileIO(data) as ole:
                return FileType.DOC if ole.exists("WordDocument") else None
        except (OSError, ValueError, IndexError, TypeError):
            return None
    return None


_MAGIC: tuple[tuple[bytes, int, FileType], ...] = (
    (b"%PDF-", 1024, FileType.PDF),  # some producers put junk before the header
    (b"\xff\xd8\xff", 0, FileType.IMAGE),  # JPEG
    (b"\x89PNG\r\n\x1a\n", 0, FileType.IMAGE),
    (b"II*\x00", 0, FileType.IMAGE),  # TIFF little-endian
    (b"MM\x00*", 0, FileType.IMAGE),  # TIFF big-endian
    (b"GIF87a", 0, FileType.IMAGE),
    (b"GIF89a", 0, FileType.IMAGE),
    (b"BM", 0, FileType.IMAGE),
)
_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".bmp", ".webp", ".heic", ".heif")


def sniff(data: bytes, filename: str = "", content_type: str | None = None) -> FileType:
    for magic, window, kind in _MAGIC:
        if (data.startswith(magic) if window == 0 else magic in data[:window]):
            return kind
    office = _office(data)
    if office is not None:
        return office
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypheif") or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    ):
        return FileType.IMAGE
    # Without a known signature, the declared type only decides for image formats Pillow may know.
    name = filename.lower()
    ctype = (content_type or "").lower()
    if ctype.startswith("image/") or name.endswith(_IMAGE_EXTENSIONS):
        return FileType.IMAGE
    if ctype == "application/pdf" or name.endswith(".pdf"):
        return FileType.PDF  # will fail to open and be reported as damaged
    return FileType.UNKNOWN
