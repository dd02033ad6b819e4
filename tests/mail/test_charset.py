"""Declared charsets honoured, wrong ones repaired, mojibake undone when clear."""

from __future__ import annotations

import pytest

from intake.mail.charset import decode_bytes, repair_mojibake

TEXT = "L’arrêt « été » — Œuvre 5 €"


@pytest.mark.parametrize(
    ("data", "declared", "problem"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (TEXT.encode("cp1252"), "iso-8859-1", False),  # smart quotes sent as "iso-8859-1"
        (TEXT.encode("cp1252"), "windows-1252", False),
        (TEXT.encode("cp1252"), None, True),  # undeclared 8bit
        (TEXT.encode("utf-8"), None, True),
        (TEXT.encode("utf-8"), "iso-8859-1", True),  # mislabelled
        (TEXT.encode("cp1252"), "utf-8", True),  # mislabelled the other way
        (TEXT.encode("cp1252"), "x-unknown", True),
    ],
)
def test_decoding(data: bytes, declared: str | None, problem: bool) -> None:
    decoded = decode_bytes(data, declared)
    assert decoded.text == TEXT
    assert (decoded.problem is not None) == problem


def test_other_declared_charsets_are_honoured() -> None:
    assert decode_bytes("Déclaration".encode("iso-8859-15"), "iso-8859-15").text == "Déclaration"
    assert decode_bytes("Привет".encode("koi8-r"), "koi8-r").text == "Привет"


def test_mojibake_repaired_only_when_clear() -> None:
    assert repair_mojibake("DÃ©claration de lâ€™arrÃªt") == ("Déclaration de l’arrêt", True)
    assert repair_mojibake("Déclaration ordinaire") == ("Déclaration ordinaire", False)
    assert repair_mojibake("Prix : 5 Â£")[0] in ("Prix : 5 £", "Prix : 5 Â£")
