"""Hand-written raw mails for the security tests: headers kept exactly as given, CR LF and all."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from email.utils import format_datetime, make_msgid

from security.conftest import MAILBOX

SENDER = "rh@mairiebarjac.fr"


def b64(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def raw_mail(**headers: str) -> bytes:
    """A question from a known sender with some headers replaced by hostile raw text (CRLF kept as given)."""
    fields = {
        "From": f"Service RH <{SENDER}>",
        "To": MAILBOX,
        "Subject": "Question délai",
        "Date": format_datetime(datetime.now(timezone.utc)),
        "Message-ID": make_msgid(domain="mairiebarjac.fr"),
        **headers,
    }
    head = "".join(f"{name}: {value}\r\n" for name, value in fields.items() if value is not None)
    body = "Bonjour,\r\nquel est le délai pour déclarer un accident de service ?\r\nMerci.\r\n"
    return (head + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n" + body).encode()
