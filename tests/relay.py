"""A real SMTP relay for tests (aiosmtpd): keeps what it accepts, can refuse recipients, goes down and up."""

from __future__ import annotations

import email
import socket
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Capture:
    """The relay's handler: what it was given, as the organisation's MTA would take it."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []  # (envelope from, recipients, bytes)
        self.refuse: dict[str, str] = {}  # recipient → SMTP answer, e.g. "550 5.1.1 Destinataire inconnu"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(raw, policy=default_policy) for _, _, raw in self.received]

    @property
    def recipients(self) -> list[list[str]]:
        return [rcpt for _, rcpt, _ in self.received]

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]


class Relay:
    """A relay on a fixed loopback port that a test can stop and start again (a relay down, then up)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.capture = Capture()
        self.controller: Controller | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> Relay:
        self.controller = Controller(self.capture, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
