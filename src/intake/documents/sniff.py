"""What an attachment is, from its first bytes first, then its declared type and name."""

from __future__ import annotations

from enum import StrEnum


class FileType(StrEnum):
    PDF = "pdf"
    IMAGE = "image"
    UNKNOWN = "unknown"


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
