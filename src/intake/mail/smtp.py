"""The built-in SMTP receiver (aiosmtpd): answers 250 only once the message is committed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from functools import partial

from aiosmtpd.controller import Controller, UnixSocketController
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

from intake.mail.inbox import Received
from intake.settings import split_host_port

log = logging.getLogger(__name__)

# Base or disk store unavailable: nothing was recorded, the sending server keeps the mail and retries.
# ASCII only: without SMTPUTF8 the reply line cannot carry accents.
TEMPORARY = ("451 4.3.0 Enregistrement impossible pour le moment, message non accepte :"
             " reessayez plus tard (temporary failure, please retry)")
TOO_BIG = "552 5.3.4 Message trop volumineux : limite de {mb} Mo (message size exceeds the limit)"


def _clear_refusal(status: str, limit: int | None) -> str:
    if status.startswith("552 Error: Too much mail data") or status.startswith("552 Error: message size exceeds"):
        return TOO_BIG.format(mb=(limit or 0) // (1024 * 1024))
    return status


class IntakeSMTP(SMTP):
    """aiosmtpd's SMTP with a clear refusal text for oversized messages."""

    # RFC 5321 allows 1000 characters a line, but mailers that send unwrapped HTML exist and their
    # mail must not be lost; the message size limit still bounds memory.
    line_length_limit = 1 << 20

    async def push(self, status: str) -> None:
        await super().push(_clear_refusal(status, self.data_size_limit))


NOT_OURS = "550 5.1.1 Destinataire inconnu ici : seules les adresses de {domains} sont acceptees (relay denied)"


def _domain(address: str) -> str:
    return address.strip().strip("<>").rpartition("@")[2].strip().rstrip(".").lower()


class InboxHandler:
    """Hands each message to `store` (blocking, run in a thread) and answers by its outcome. With `domains`,
    only recipients of those domains are accepted (550 for others): we are nobody's open mail drop."""

    def __init__(self, store: Callable[..., Received], domains: Iterable[str] | None = None) -> None:
        self.store = store
        self.domains = frozenset(d.lower() for d in domains) if domains is not None else None

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if self.domains is not None and _domain(address) not in self.domains:
            return NOT_OURS.format(domains=", ".join(sorted(self.domains)))
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        call = partial(self.store, raw, source="smtp", envelope_from=envelope.mail_from,
                       envelope_to=list(envelope.rcpt_tos))
        try:
            received = await asyncio.get_running_loop().run_in_executor(None, call)
        except Exception as error:
            # The type only: a database error's text quotes the row (subject, sender), maybe health data.
            log.error("message refusé temporairement (451) : enregistrement impossible (%s)", type(error).__name__)
            if isinstance(server, LMTP):
                return "\r\n".join([TEMPORARY] * max(len(envelope.rcpt_tos), 1))
            return TEMPORARY
        status = f"250 2.0.0 Message accepte (#{received.id})"
        if isinstance(server, LMTP):
            # LMTP answers DATA once per accepted recipient (RFC 2033 §4.2); the mail is stored once for all.
            return "\r\n".join([status] * max(len(envelope.rcpt_tos), 1))
        return status


class SMTPReceiver(Controller):
    def __init__(self, store: Callable[..., Received], *, host: str, port: int, max_bytes: int,
                 domains: Iterable[str] | None = None) -> None:
        self._max_bytes = max_bytes
        super().__init__(InboxHandler(store, domains), hostname=host, port=port)

    def factory(self) -> SMTP:
        return IntakeSMTP(self.handler, data_size_limit=self._max_bytes, decode_data=False,
                          ident="intake prestations")


class IntakeLMTP(LMTP):
    """The same receiver spoken in LMTP, for an MTA that delivers to mailboxes that way (Postfix's
    `lmtp:` transport, as for Mailman or Dovecot)."""

    line_length_limit = IntakeSMTP.line_length_limit

    async def push(self, status: str) -> None:
        await super().push(_clear_refusal(status, self.data_size_limit))


class _SpeaksLMTP:
    """Mixed into a controller: its sessions speak LMTP with our limits."""

    handler: InboxHandler
    max_bytes: int

    def factory(self) -> SMTP:
        return IntakeLMTP(self.handler, data_size_limit=self.max_bytes, decode_data=False, ident="intake prestations")


class LMTPReceiver(_SpeaksLMTP, Controller):
    pass


class LMTPSocketReceiver(_SpeaksLMTP, UnixSocketController):
    pass


def lmtp_receiver(store: Callable[..., Received], *, listen: str, max_bytes: int,
                  domains: Iterable[str] | None = None) -> Controller | UnixSocketController:
    """An LMTP listener on host:port, or on a Unix socket when `listen` is a path."""
    receiver: LMTPReceiver | LMTPSocketReceiver
    if listen.startswith("/"):
        receiver = LMTPSocketReceiver(InboxHandler(store, domains), unix_socket=listen)
    else:
        host, port = split_host_port(listen, default_port=24)
        receiver = LMTPReceiver(InboxHandler(store, domains), hostname=host, port=port)
    receiver.max_bytes = max_bytes
    return receiver
def mailbox_domains(settings) -> list[str]:
    """The domains our receiver accepts mail for: the mailbox's (its plus-addresses included)."""
    domain = _domain(settings.mailbox or "")
    return [domain] if domain else []
