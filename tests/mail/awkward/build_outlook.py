"""Writes the Outlook .msg shape of the awkward corpus: a mail forwarded as an Outlook item (.msg), with
its text and a PDF inside. The .msg is an OLE compound file ([MS-CFB]) of MAPI property streams
([MS-OXMSG]), written by the small writer below (olefile only reads). Run from the repository root:
    .venv/bin/python tests/mail/awkward/build_outlook.py
"""

from __future__ import annotations

import json
import struct
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SECTOR, MINI, CUTOFF = 512, 64, 4096
END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(tree: dict) -> bytes:
    """A version-3 compound file of `tree` ({name: bytes | dict}): small streams in the mini stream."""
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "children": []}]

    def add(node: dict, parent: int) -> None:
        for name in sorted(node, key=lambda n: (len(n), n.upper())):
            value = node[name]
            index = len(entries)
            entries.append({"name": name, "type": 1 if isinstance(value, dict) else 2, "children": [],
                            "data": value if isinstance(value, bytes) else None})
            entries[parent]["children"].append(index)
            if isinstance(value, dict):
                add(value, index)
    add(tree, 0)

    mini_stream, mini_fat = bytearray(), []
    big: list[tuple[int, bytes]] = []
    for index, entry in enumerate(entries):
        data = entry.get("data")
        if data is None:
            continue
        if len(data) < CUTOFF:
            first = len(mini_stream) // MINI
            count = max(1, -(-len(data) // MINI))
            mini_fat += [first + k + 1 for k in range(count - 1)] + [END]
            entry["start"] = first
            mini_stream += data + b"\x00" * (count * MINI - len(data))
        else:
            big.append((index, data))

    def sectors(n: int) -> int:
        return -(-n // SECTOR)
    dir_sectors = sectors(len(entries) * 128)
    minifat_sectors = sectors(len(mini_fat) * 4) if mini_fat else 0
    ministream_sectors = sectors(len(mini_stream))
    big_sectors = sum(sectors(len(d)) for _, d in big)
    fat_sectors = 1
    total = fat_sectors + dir_sectors + minifat_sectors + ministream_sectors + big_sectors
    assert total <= SECTOR // 4, "one FAT sector is enough for the test files"
    fat = [FATSECT]
    body = bytearray()

    def chain(count: int) -> int:
        start = len(fat)
        fat.extend([len(fat) + k + 1 for k in range(count - 1)] + [END])
        return start
    dir_start = chain(dir_sectors)
    minifat_start = chain(minifat_sectors) if minifat_sectors else END
    ministream_start = chain(ministream_sectors) if ministream_sectors else END
    for index, data in big:
        entries[index]["start"] = chain(sectors(len(data)))
    entries[0]["start"], entries[0]["size"] = ministream_start, len(mini_stream)

    directory = bytearray()
    for entry in entries:
        kids = entry["children"]
        entry.setdefault("child", kids[0] if kids else NOSTREAM)
        for a, b in zip(kids, kids[1:]):
            entries[a]["right"] = b  # siblings chained to the right (olefile walks any binary tree)
    for entry in entries:
        name = entry["name"].encode("utf-16-le") + b"\x00\x00"
        size = entry.get("size", len(entry["data"]) if entry.get("data") is not None else 0)
        directory += (name.ljust(64, b"\x00") + struct.pack("<HBB", len(name), entry["type"], 1)
                      + struct.pack("<III", entry.get("left", NOSTREAM), entry.get("right", NOSTREAM), entry["child"])
                      + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
                      + struct.pack("<IQ", entry.get("start", END if entry["type"] != 1 else 0), size))
    body += directory.ljust(dir_sectors * SECTOR, b"\x00")
    if minifat_sectors:
        body += struct.pack(f"<{len(mini_fat)}I", *mini_fat).ljust(minifat_sectors * SECTOR, b"\xff")
    body += bytes(mini_stream).ljust(ministream_sectors * SECTOR, b"\x00")
    for _, data in big:
        body += data.ljust(sectors(len(data)) * SECTOR, b"\x00")
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(SECTOR, b"\xff")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_start, 0, CUTOFF, minifat_start, minifat_sectors, END, 0)
              + struct.pack("<I", 0) + b"\xff" * 4 * 108)
    return header + fat_bytes + bytes(body)


def unicode(text: str) -> bytes:
    return text.encode("utf-16-le")


def pdf() -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=14)
    for line in ("AVIS D'ARRET DE TRAVAIL", "Du 02/03/2026 au 13/03/2026"):
        document.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    document.set_creation_date(__import__("datetime").datetime(2026, 3, 1))
    return bytes(document.output())


def main() -> None:
    item = compound_file({
        "__properties_version1.0": b"\x00" * 32,
        "__substg1.0_0037001F": unicode("Arrêt de travail de M. Lefèvre"),
        "__substg1.0_0C1A001F": unicode("Paul Girard"),
        "__substg1.0_5D01001F": unicode("p.girard@commune-exemple.fr"),
        "__substg1.0_1000001F": unicode("Bonjour,\r\n\r\nVeuillez trouver ci-joint l'arrêt de travail de M. Lefèvre du 02/03/2026 au 13/03/2026.\r\n\r\nPaul Girard\r\n"),
        "__attach_version1.0_#00000000": {
            "__properties_version1.0": b"\x00" * 8,
            "__substg1.0_3707001F": unicode("arret-lefevre.pdf"),
            "__substg1.0_37010102": pdf(),
        },
    })
    message = EmailMessage()
    message["From"] = "Service RH <rh@commune-exemple.fr>"
    message["To"] = "prestations@cdg-exemple.fr"
    message["Subject"] = "TR: Arrêt de travail de M. Lefèvre"
    message["Date"] = "Tue, 10 Mar 2026 09:12:00 +0100"
    message["Message-ID"] = "<outlook-msg@awkward.test>"
    message.set_content("Bonjour, je vous transfère le message de M. Girard.")
    message.add_attachment(item, maintype="application", subtype="vnd.ms-outlook", filename="Arrêt de travail.msg")
    (HERE / "outlook-msg-forward.eml").write_bytes(message.as_bytes(policy=SMTP))
    expected = {"shape": "a mail forwarded as an Outlook item (.msg): its text is forwarded content, its PDF an attachment",
                "forwarded_contains": ["l'arrêt de travail de M. Lefèvre du 02/03/2026 au 13/03/2026"],
                "attachments": [{"filename": "arret-lefevre.pdf", "kind": "arret_travail", "text_contains": ["ARRET DE TRAVAIL"]}]}
    (HERE / "outlook-msg-forward.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
