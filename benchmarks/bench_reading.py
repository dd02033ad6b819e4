"""Messages per second through read_message (+ classification) for mails with a one-page text PDF,
against the floor measured in the same run: stdlib MIME parsing + pypdfium2 text extraction of the same files.

Run: .venv/bin/python benchmarks/bench_reading.py [--mails 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import email
import random
import sys
import time
from pathlib import Path

import pypdfium2

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus.mails import CLIENTS, case_client  # noqa: E402
from intake.mail.read import read_message  # noqa: E402


def make_mails(count: int) -> list[bytes]:
    rng = random.Random(11)
    # every client layout but Outlook's winmail.dat variant and inline logo: one PDF per mail, as asked
    clients = [c for c in CLIENTS if c != "outlook"]
    return [case_client(rng, clients[i % len(clients)]).raw for i in range(count)]


def floor(mails: list[bytes]) -> int:
    pages = 0
    for raw in mails:
        message = email.message_from_bytes(raw)
        for part in message.walk():
            if part.get_content_type() in ("application/pdf", "application/octet-stream") or (part.get_filename() or "").endswith(".pdf"):
                data = part.get_payload(decode=True)
                document = pypdfium2.PdfDocument(data)
                for page in document:
                    textpage = page.get_textpage()
                    textpage.get_text_range()
                    textpage.close()
                    page.close()
                    pages += 1
                document.close()
    return pages


def ours(mails: list[bytes]) -> int:
    pages = 0
    for raw in mails:
        read = read_message(raw)
        for attachment in read.attachments:
            assert attachment.kind.kind  # classification done
            pages += len(attachment.document.pages)
    return pages


def best_rate(function, mails: list[bytes], rounds: int) -> tuple[float, int]:
    best = float("inf")
    pages = 0
    for _ in range(rounds):
        start = time.perf_counter()
        pages = function(mails)
        best = min(best, time.perf_counter() - start)
    return len(mails) / best, pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    mails = make_mails(args.mails)
    ours(mails[:5])  # warm up: imports, compiled patterns
    floor_rate, floor_pages = best_rate(floor, mails, args.rounds)
    our_rate, our_pages = best_rate(ours, mails, args.rounds)
    assert floor_pages == our_pages == len(mails), (floor_pages, our_pages)
    print(f"mails with a one-page text PDF: {len(mails)}, best of {args.rounds} rounds")
    print(f"floor (email.message_from_bytes + pypdfium2 text): {floor_rate:8.1f} messages/s")
    print(f"read_message + classify:                            {our_rate:8.1f} messages/s")
    print(f"ratio (floor rate / our rate): {floor_rate / our_rate:.2f}x  (target <= 3x)")


if __name__ == "__main__":
    main()
