"""Header injection through what a reply takes from the mail it answers (sender, Reply-To, subject,
Message-ID, References): end to end over SMTP, the bytes the relay received carry no header or recipient
of the attacker's."""

from __future__ import annotations

import pytest

from security.mails import SENDER, b64, raw_mail

# The path is the same on both databases: SQLite only keeps the suite short.
pytestmark = pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
EVIL = "espion@pirate.example"
# What a reply of ours may carry, and nothing else.
ALLOWED = {"from", "reply-to", "to", "subject", "date", "message-id", "in-reply-to", "references", "auto-submitted",
           "x-auto-response-suppress", "mime-version", "content-type", "content-language", "content-transfer-encoding"}


CASES = {
    "subject-crlf-bcc": dict(Subject=f"Question délai\r\nBcc: {EVIL}"),
    "subject-encoded-crlf": dict(Subject=b64(f"Question délai\r\nBcc: {EVIL}\r\n\r\n<html>corps")),
    "from-name-encoded-crlf": dict(From=f"{b64('Service RH' + chr(13) + chr(10) + f'Bcc: {EVIL}')} <{SENDER}>"),
    "from-name-bare-lf": dict(From=f'"Service RH\nBcc: {EVIL}" <{SENDER}>'),
    "from-name-unicode-breaks": dict(From=f"{b64('Service' + chr(0x2028) + 'Bcc: ' + EVIL + chr(0x85))} <{SENDER}>"),
    "reply-to-several": dict(**{"Reply-To": f"{SENDER}, {EVIL}, autre@pirate.example"}),
    "reply-to-name-crlf": dict(**{"Reply-To": f"{b64('RH' + chr(13) + chr(10) + 'Cc: ' + EVIL)} <{SENDER}>"}),
    "message-id-encoded-crlf": dict(**{"Message-ID": b64(f"<q1@mairiebarjac.fr>\r\nBcc: {EVIL}")}),
    "message-id-folded": dict(**{"Message-ID": f"<q2@mairiebarjac.fr>\r\n Bcc: {EVIL}"}),
    "references-crlf": dict(References="<r1@mairiebarjac.fr>\r\n\tX-Injecte: oui <r2@mairiebarjac.fr>",
                            **{"In-Reply-To": f"<p1@mairiebarjac.fr>\r\n Bcc: {EVIL} " + b64(f"\r\nCc: {EVIL}")}),
}


@pytest.mark.parametrize("headers", list(CASES.values()), ids=list(CASES))
def test_no_header_or_recipient_is_injected(intake, headers) -> None:
    sent = intake.exchange(raw_mail(**headers))
    # Neutralised, not refused: the one real sender is still answered (a bare LF in the From may leave
    # no readable sender, and then nobody to answer).
    assert len(sent) == 1 or (headers is CASES["from-name-bare-lf"] and not sent)
    for mail in sent:
        assert mail.recipients == [SENDER], mail.recipients
        names = mail.header_names()
        assert set(names) <= ALLOWED, set(names) - ALLOWED
        assert names.count("to") == 1 and "bcc" not in names and "cc" not in names
        assert "pirate" not in mail.header_block.lower() and "injecte" not in mail.header_block.lower()
        assert all(len(line) <= 998 for line in mail.raw.split(b"\r\n"))
        assert b"\r\n" not in mail.raw.replace(b"\r\n", b"") and b"\n" not in mail.raw.replace(b"\r\n", b"")

