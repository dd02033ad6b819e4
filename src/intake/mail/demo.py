"""Demo mails sent into a running intake, so a first start shows a desk with work on it.

The files in demo/mails/ are ordinary .eml files written on a fixed day; before sending, every date
in the mail (Date header and dd/mm/yyyy in the text) moves by the days between that day and today,
so the arrêts they declare are current, not late or prescribed, whenever the demo runs."""

from __future__ import annotations

import re
import smtplib
import time
from dataclasses import dataclass
from datetime import date, datetime
from email import policy
from email.parser import BytesParser
from email.utils import format_datetime, getaddresses, parsedate_to_datetime
from pathlib import Path

NUMERIC_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


def shift_dates(raw: bytes, today: date) -> bytes:
    """The mail with its Date header set to today and its dd/mm/yyyy dates moved by as many days."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    written = parsedate_to_datetime(message["Date"])
    delta = today - written.date()

    def moved(match: re.Match) -> str:
        try:
            day = date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return match[0]
        # Birth dates and other far dates stay: only dates near the day of writing are the arrêt's.
        if abs((day - written.date()).days) > 400:
            return match[0]
        return (day + delta).strftime("%d/%m/%Y")

    del message["Date"]
    message["Date"] = format_datetime(written + delta)
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.is_attachment():
            part.set_content(NUMERIC_DATE.sub(moved, part.get_content()), charset="utf-8", cte="8bit")
    return message.as_bytes(policy=policy.SMTP)


@dataclass
class Sent:
    path: Path
    sender: str


def _smtp(host: str, port: int, wait_seconds: float) -> smtplib.SMTP:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return smtplib.SMTP(host, port, timeout=30)
        except OSError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.5)


def send_demo(directory: Path, listen: str, recipient: str, *, today: date | None = None,
              wait_seconds: float = 0) -> list[Sent]:
    """Send every .eml of `directory` (in name order) to the SMTP receiver on `listen` (host:port),
    waiting up to `wait_seconds` for it to listen (scripts/run starts both at once)."""
    host, _, port = listen.rpartition(":")
    today = today or datetime.now().date()
    files = sorted(directory.glob("*.eml"))
    sent = []
    with _smtp(host or "127.0.0.1", int(port), wait_seconds) as smtp:
        for path in files:
            raw = shift_dates(path.read_bytes(), today)
            header = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
            sender = (getaddresses([str(header["From"] or "")]) or [("", "")])[0][1]
            smtp.sendmail(sender, [recipient], raw)
            sent.append(Sent(path, sender))
    return sent
