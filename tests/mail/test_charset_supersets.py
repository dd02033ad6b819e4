"""A legacy charset label over its vendor's superset (seen in real mail: Outlook Express declaring gb2312
and writing GBK): read with the superset, as browsers do."""

from __future__ import annotations

import base64

import pytest

from intake.mail.charset import decode_bytes
from intake.mail.headers import decode_header_value


# Each text holds a character that only the vendor's superset has: 「裏」 is in GB 2312 but 「喆」 only in GBK,
# 「①」 only in Windows' cp932, 「똠」 only in cp949 (Unified Hangul Code), 「€」 only in cp874.
@pytest.mark.parametrize(
    ("text", "declared", "written_as"),
    [
        ("会议记录：张喆先生下周到访。", "gb2312", "gbk"),
        ("議事録①：来週の打合せについて", "shift_jis", "cp932"),
        ("회의록: 똠방각하 방문 일정", "euc-kr", "cp949"),
        ("ราคา 5 € ต่อชิ้น", "tis-620", "cp874"),
    ],
)
def test_a_legacy_label_over_its_vendors_superset_reads_whole(text: str, declared: str, written_as: str) -> None:
    data = text.encode(written_as)
    assert data.decode(declared, "replace") != text  # the label alone fails or gives another character
    decoded = decode_bytes(data, declared)
    assert decoded.text == text and decoded.problem is None


def test_a_subject_in_gb2312_words_with_a_gbk_character_reads_whole() -> None:
    word = base64.b64encode("张喆的会议".encode("gbk")).decode("ascii")
    assert decode_header_value(f"=?gb2312?B?{word}?=") == "张喆的会议"


def test_text_that_fits_the_label_reads_as_before() -> None:
    assert decode_bytes("普通的中文邮件".encode("gb2312"), "gb2312").text == "普通的中文邮件"
    assert decode_bytes("Türkçe yazı".encode("iso-8859-9"), "iso-8859-9").text == "Türkçe yazı"
