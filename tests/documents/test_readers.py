"""The READERS registry: one reader per file type sniff() can tell, and nothing read without one."""

from __future__ import annotations

from intake.documents.limits import DEFAULT_LIMITS
from intake.documents.reader import READERS, read_in_process
from intake.documents.sniff import FileType


def test_every_sniffed_type_has_a_reader() -> None:
    assert set(READERS) == set(FileType) - {FileType.UNKNOWN}


def test_an_unknown_type_is_said_unsupported() -> None:
    got = read_in_process("notes.xyz", b"\x00\x01 nothing we know", None, DEFAULT_LIMITS)
    assert got.unreadable == "type de fichier non pris en charge" and not got.pages
