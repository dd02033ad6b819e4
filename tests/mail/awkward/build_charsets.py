"""Writes the charset and header shapes of the awkward corpus. Run from the repository root:
    .venv/bin/python tests/mail/awkward/build_charsets.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
RU = "Добрый день! Сотрудник Иванов на больничном с 2 по 13 марта. Справка во вложении. "


def write(name: str, raw: bytes, expected: dict) -> None:
    (HERE / f"{name}.eml").write_bytes(raw)
    (HERE / f"{name}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def head(name: str, subject: bytes, ctype: str) -> bytes:
    return (b"From: Ivan Petrov <i.petrov@example.ru>\r\nTo: prestations@cdg-exemple.fr\r\nSubject: " + subject
            + f"\r\nDate: Tue, 10 Mar 2026 09:12:00 +0100\r\nMessage-ID: <{name}@awkward.test>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: {ctype}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".encode())


def main() -> None:
    html = f"<html><body><p>{RU * 3}</p></body></html>".encode()
    broken = html[:60] + b"\xff" + html[61:200] + b"\x81" + html[200:]  # two bytes damaged in transit
    write("charset-utf8-few-invalid-bytes", head("charset-utf8-few-invalid-bytes", b"Spravka", "text/html; charset=utf-8") + broken,
          {"shape": "Russian UTF-8 HTML with two invalid bytes: stays UTF-8 (was read as gb18030)",
           "new_text_contains": ["Справка во вложении."], "problems_contain": ["octets invalides"]})
    write("charset-x-mac-cyrillic", head("charset-x-mac-cyrillic", b"Spravka", "text/plain; charset=x-mac-cyrillic") + RU.encode("mac_cyrillic"),
          {"shape": "a Mac client's x-mac-cyrillic, an alias Python's codecs do not know", "new_text_contains": ["Сотрудник Иванов на больничном"]})
    write("charset-ks-c-5601", head("charset-ks-c-5601", b"Report", "text/plain; charset=ks_c_5601-1987") + "휴가 신청서입니다.".encode("cp949"),
          {"shape": "Outlook's ks_c_5601-1987 (really cp949)", "new_text_contains": ["휴가 신청서입니다."]})
    write("charset-iso-2022-jp-body", head("charset-iso-2022-jp-body", b"=?ISO-2022-JP?B?GyRCN2c2UBsoQg==?=", "text/plain; charset=iso-2022-jp")
          + "休暇の届けを添付します。".encode("iso-2022-jp"),
          {"shape": "ISO-2022-JP: all its bytes are ASCII, the escapes must still be decoded", "new_text_contains": ["休暇の届けを添付します。"],
           "subject": "欠勤"})
    write("headers-raw-utf8", (b"From: S\xc3\xb8ren \xc3\x98deg\xc3\xa5rd <soren@kommune.example.no>\r\nTo: prestations@cdg-exemple.fr\r\n"
                               b"Subject: Arr\xc3\xaat de travail de S\xc3\xb8ren\r\nDate: Tue, 10 Mar 2026 09:12:00 +0100\r\n"
                               b"Message-ID: <headers-raw-utf8@awkward.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                               b"Bonjour, voici l'arr\xc3\xaat.\r\n"),
          {"shape": "raw UTF-8 headers (RFC 6532, SMTPUTF8)", "subject": "Arrêt de travail de Søren", "from": "soren@kommune.example.no"})


if __name__ == "__main__":
    main()
