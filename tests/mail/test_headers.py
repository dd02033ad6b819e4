"""Header values decoded: RFC 2047 words, raw 8-bit, addresses with IDNA, dates, message ids."""

from __future__ import annotations

from datetime import timezone

from intake.mail.headers import (
    decode_header_value,
    normalise_addr,
    parse_addresses,
    parse_date,
    parse_msgid,
    parse_msgids,
)
from intake.mail.read import read_message


def test_encoded_words_q_and_b_and_split() -> None:
    assert decode_header_value("=?iso-8859-1?q?D=E9claration_arr=EAt?=") == "Déclaration arrêt"
    assert decode_header_value("=?utf-8?b?RMOpY2xhcmF0aW9uIGNvbmfDqSBwYXRlcm5pdMOpIC0gRnLDqWTDqXJpYyBEQVZJ?=\n =?utf-8?b?RA==?=") == (
        "Déclaration congé paternité - Frédéric DAVID")
    assert decode_header_value("Arr=?utf-8?q?=C3=AA?=t maladie") == "Arrêt maladie"


def test_wrong_charset_in_encoded_word_is_repaired() -> None:
    # declared iso-8859-1, bytes are UTF-8: must not become "ArrÃªt"
    assert decode_header_value("=?iso-8859-1?q?Arr=C3=AAt?=") == "Arrêt"


def test_raw_8bit_subject() -> None:
    raw = "From: a@b.fr\nSubject: Arrêt été\n\nx".encode("latin-1")
    assert read_message(raw).subject == "Arrêt été"
    raw = "From: a@b.fr\nSubject: Arrêt été\n\nx".encode("utf-8")
    assert read_message(raw).subject == "Arrêt été"


def test_addresses_normalised_and_idna() -> None:
    assert normalise_addr("Jean.Dupont@Mairie-Mende.FR")[0] == "jean.dupont@mairie-mende.fr"
    uni, ascii_ = normalise_addr("rh@XN--MAIRIE-CULLY-BBB.FR")
    assert not uni.endswith("xn--mairie-cully-bbb.fr") and ascii_ == "rh@xn--mairie-cully-bbb.fr"
    assert normalise_addr("rh@mairie-écully.fr")[1].startswith("rh@xn--")
    addresses = parse_addresses('=?utf-8?q?Dupont=2C_J=C3=A9r=C3=B4me?= <J.Dupont@x.fr>, "Martin, Paul" <p@y.fr>')
    assert [a.addr for a in addresses] == ["j.dupont@x.fr", "p@y.fr"]
    assert addresses[0].name == "Dupont, Jérôme"


def test_broken_from_still_gives_an_address() -> None:
    assert [a.addr for a in parse_addresses('"Unbalanced <RH@Mairie.fr>')] == ["rh@mairie.fr"]


def test_dates() -> None:
    value = parse_date("Tue, 14 Jan 2025 10:54:33 +0100")
    assert value is not None and value.utcoffset() is not None and value.hour == 10
    assert parse_date("Tue, 14 Jan 2025 10:54:33 -0000").tzinfo == timezone.utc
    assert parse_date("hier soir") is None


def test_message_ids() -> None:
    assert parse_msgid("\n <CACA+x@mail.gmail.com>") == "<CACA+x@mail.gmail.com>"
    assert parse_msgid("abc@host") == "<abc@host>"
    assert parse_msgids("<a@b> <c@d>\n\t<e@f>") == ["<a@b>", "<c@d>", "<e@f>"]
