"""NUL characters in a mail's headers (encoded or raw): received, stored and processed on both databases
(PostgreSQL refuses NUL in text: the receiver answered 451 to such a mail for ever)."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import select

from intake.store.messages import Message
from security.mails import raw_mail


def encoded(data: bytes) -> str:
    return "=?utf-8?b?" + base64.b64encode(data).decode() + "?="


@pytest.mark.parametrize("headers", [
    {"Subject": encoded(b"Question d\x00\xc3\xa9lai")},
    {"From": encoded(b"R\x00H") + " <rh@mairiebarjac.fr>"},
    {"Message-ID": "<nul\x00id@mairiebarjac.fr>", "Subject": "Question\x00 d\xe9lai"},
], ids=["subject-encoded", "from-name-encoded", "raw-nul"])
def test_a_nul_in_a_header_is_received_and_processed(intake, headers) -> None:
    [reply] = intake.exchange(raw_mail(**headers))
    assert reply.recipients == ["rh@mairiebarjac.fr"]
    with intake.factory() as session:
        [row] = session.scalars(select(Message)).all()
        assert row.status == "processed", row.last_error
        assert "\x00" not in (row.subject or "") + (row.message_id or "")
