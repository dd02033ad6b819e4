"""The `intake parse` object (contract.md) for what the reading layer knows; later stages fill the rest."""

from __future__ import annotations

from typing import Any

from intake.domain import Intent
from intake.mail.read import ReadMessage, read_message


def attachment_entries(read: ReadMessage) -> list[dict[str, Any]]:
    """Contract attachments: every file that carries a name, containers replaced by what they hold."""
    return [
        {"filename": a.filename, "kind": a.kind.kind, "ocr": a.ocr}
        for a in read.attachments
        if a.filename
    ]


def analyse_read(read: ReadMessage) -> dict[str, Any]:
    """The contract object from a ReadMessage, so that the understanding stage can build on the same read."""
    intent = Intent.AUTO_REPLY if read.automatic.intent == Intent.AUTO_REPLY else Intent.OTHER
    return {
        "message_id": read.message_id,
        "from": read.from_addr or None,
        "collectivite": None,
        "intent": str(intent),
        "claims": [],
        "attachments": attachment_entries(read),
    }


def analyse(raw: bytes) -> dict[str, Any]:
    return analyse_read(read_message(raw))
