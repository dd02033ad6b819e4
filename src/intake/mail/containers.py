"""Files inside files (zip archives, Outlook winmail.dat), opened within limits that a bomb cannot pass."""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

import tnefparse

ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed", "application/x-zip", "multipart/x-zip"})
TNEF_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})
_JUNK_MEMBERS = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass(frozen=True, slots=True)
class UnpackLimits:
    """How far one message may be unpacked. Breaching any of them makes the container unreadable."""

    max_depth: int = 3  # containers inside containers (zip in eml in zip…)
    max_members: int = 200  # files taken out of one message, all containers together
    max_total_bytes: int = 200 * 1024 * 1024  # uncompressed bytes taken out of one message
    max_file_bytes: int = 50 * 1024 * 1024  # one extracted file
    max_ratio: float = 100.0  # uncompressed / compressed size of a zip member


class LimitExceeded(Exception):
    """A container would take more than the limits allow; the message says which (French)."""


@dataclass(slots=True)
class Budget:
    """What remains to extract for one message: shared by every container in it."""

    limits: UnpackLimits
    members: int = 0
    total: int = 0

    def take(self, size: int, name: str) -> None:
        if size > self.limits.max_file_bytes:
            raise LimitExceeded(f"« {name} » dépasse la taille maximale d'un fichier extrait ({self.limits.max_file_bytes} octets)")
        if self.members + 1 > self.limits.max_members:
            raise LimitExceeded(f"plus de {self.limits.max_members} fichiers à extraire")
        if self.total + size > self.limits.max_total_bytes:
            raise LimitExceeded(f"plus de {self.limits.max_total_bytes} octets à extraire")
        self.members += 1
        self.total += size


@dataclass(slots=True)
class Member:
    name: str
    data: bytes
    unreadable: str | None = None  # e.g. an encrypted zip member


@dataclass(slots=True)
class Unpacked:
    members: list[Member] = field(default_factory=list)
    body_text: str = ""  # TNEF carries the message body too
    body_html: str = ""


def is_zip(content_type: str, filename: str, data: bytes) -> bool:
    return (content_type in ZIP_TYPES or filename.lower().endswith(".zip")) and data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def is_tnef(content_type: str, filename: str, data: bytes) -> bool:
    return (content_type in TNEF_TYPES or filename.lower() == "winmail.dat") and data[:4] == b"\x78\x9f\x3e\x22"


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zip names without the UTF-8 flag were written in the PC's code page (cp850 on French Windows)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437", "replace")
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            name = raw.decode("cp850", "replace")
    return name


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, name: str) -> bytes:
    """Read a member without trusting its declared size (a bomb can lie in the header)."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 16):
            size += len(chunk)
            if size > cap:
                raise LimitExceeded(f"« {name} » se décompresse au-delà de ce qu'annonce l'archive")
            chunks.append(chunk)
    return b"".join(chunks)


def unzip(data: bytes, budget: Budget) -> Unpacked:
    """Members of a zip archive; raises LimitExceeded on a breach, zipfile.BadZipFile when corrupt."""
    try:
        return _unzip(data, budget)
    except (zlib.error, lzma.LZMAError, struct.error) as exc:
        # A damaged deflate stream raised zlib.error past the callers, who then lost the whole
        # message, not just the archive (found by fuzzing).
        raise zipfile.BadZipFile(f"données compressées endommagées ({type(exc).__name__})") from exc


def _unzip(data: bytes, budget: Budget) -> Unpacked:
    limits = budget.limits
    result = Unpacked()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > limits.max_members:
            raise LimitExceeded(f"l'archive contient {len(infos)} fichiers (maximum {limits.max_members})")
        declared = sum(i.file_size for i in infos)
        if declared / max(len(data), 1) > limits.max_ratio:
            raise LimitExceeded(f"taux de compression suspect ({declared // max(len(data), 1)}:1)")
        for info in infos:
            name = _member_name(info)
            if any(junk in name for junk in _JUNK_MEMBERS):
                continue
            if info.file_size / max(info.compress_size, 1) > limits.max_ratio:
                raise LimitExceeded(f"« {name} » : taux de compression suspect")
            budget.take(info.file_size, name)
            if info.flag_bits & 0x1:
                result.members.append(Member(name, b"", "fichier chiffré dans l'archive (mot de passe)"))
                continue
            cap = min(limits.max_file_bytes, max(info.file_size, 1))
            result.members.append(Member(name, _read_capped(archive, info, cap, name)))
    return result


def _text(value: bytes | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        for codec in ("utf-8", "cp1252"):
            try:
                return value.decode(codec).rstrip("\x00")
            except UnicodeDecodeError:
                continue
        return value.decode("latin-1").rstrip("\x00")
    return value.rstrip("\x00")


def _tnef_name(attachment: tnefparse.tnef.TNEFAttachment) -> str:
    """The long (MAPI) name, else the 8.3 title. tnefparse decodes the title as UTF-8 where Outlook
    wrote it in the message's ANSI code page, so the raw bytes are read here instead."""
    try:
        return _text(attachment.long_filename())
    except UnicodeDecodeError:
        return _text(getattr(attachment, "_name", b""))


def _rtf_body(tnef: tnefparse.TNEF) -> str:
    """The text of the compressed RTF body (PR_RTF_COMPRESSED): tnefparse decompresses it with
    compressed_rtf (MIT), striprtf (BSD) turns RTF into text."""
    rtf = tnef.rtfbody
    if not rtf or not rtf.lstrip().startswith(b"{\\rtf"):
        return ""
    from intake.documents.office import rtf_text

    return rtf_text(rtf).strip()


def untnef(data: bytes, budget: Budget) -> Unpacked:
    """Attachments and body of an Outlook winmail.dat; raises LimitExceeded on a breach, ValueError when corrupt."""
    try:
        tnef = tnefparse.TNEF(data, do_checksum=False)
        result = Unpacked(body_text=_text(tnef.body), body_html=_text(tnef.htmlbody))
        if not (result.body_text.strip() or result.body_html.strip()):
            result.body_text = _rtf_body(tnef)  # Outlook's « rich text » mail carries its body only as RTF
        attachments = list(tnef.attachments)
    except Exception as exc:  # noqa: BLE001 - tnefparse raises struct.error, LookupError, even UnboundLocalError (fuzzing)
        raise ValueError(f"winmail.dat endommagé ({type(exc).__name__})") from exc
    for attachment in attachments:
        try:
            name = _tnef_name(attachment) or "piece-jointe"
            payload = attachment.data or b""
        except Exception as exc:  # noqa: BLE001 - same: a damaged attachment record
            raise ValueError(f"winmail.dat endommagé ({type(exc).__name__})") from exc
        budget.take(len(payload), name)
        result.members.append(Member(name.rsplit("\\", 1)[-1], payload))
    return result
