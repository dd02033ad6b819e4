"""Our own mail coming back: a delivery report for a reply of the outbox marks that reply bounced.

The collectivité's address is wrong (or its mailbox full): a handler must know, since the reply that
asked for a piece or confirmed a claim never arrived. The report names our mail by its Message-ID
(in the returned headers); failing that, its envelope recipient is the claim's signed plus-address,
which with the failed recipient names the reply."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.mail.automatic import DELIVERY_REPORT
from intake.mail.tokens import load_key, reference_from_address
from intake.store.claims import Claim
from intake.store.outbox import OutboxMail, OutboxStatus

log = logging.getLogger(__name__)

BOUNCED_LABEL = "adresse de la collectivité en erreur"
_MARKABLE = (OutboxStatus.SENT, OutboxStatus.PENDING)


def _by_plus_address(session: Session, envelope_to: Iterable[str], recipients: Iterable[str], settings: Any) -> list[OutboxMail]:
    key = load_key(settings)
    references = {ref for addr in envelope_to if (ref := reference_from_address(addr, mailbox=settings.mailbox, key=key))}
    wanted = {r.lower() for r in recipients}
    if not references or not wanted:
        return []
    rows = session.scalars(
        select(OutboxMail).join(Claim, Claim.id == OutboxMail.claim_id)
        .where(Claim.reference.in_(references), OutboxMail.status == OutboxStatus.SENT)
        .order_by(OutboxMail.sent_at.desc(), OutboxMail.id.desc())
    ).all()
    latest: dict[str, OutboxMail] = {}
    for row in rows:
        latest.setdefault(row.to_addr.lower(), row)  # the last reply to each failed address
    return [row for addr, row in latest.items() if addr in wanted]


def mark_bounced(session: Session, read: Any, *, message_row_id: int | None, envelope_to: Iterable[str] = (),
                 settings: Any) -> list[OutboxMail]:
    """Mark the outbox mails this delivery report is about; returns them (none for any other mail)."""
    bounce = read.bounce
    verdict = read.automatic
    if not (bounce.failed or (verdict.automatic and verdict.kind == DELIVERY_REPORT)):
        return []
    rows: list[OutboxMail] = []
    if bounce.original_ids:
        rows = list(session.scalars(select(OutboxMail).where(OutboxMail.message_id_header.in_(bounce.original_ids))))
    if not rows:
        rows = _by_plus_address(session, envelope_to, bounce.permanent or bounce.temporary, settings)
    marked = []
    for row in rows:
        if row.status not in _MARKABLE and row.status != OutboxStatus.BOUNCED:
            continue
        details = dict(row.details or {})
        entry = {"message": message_row_id, "reason": bounce.reason, "permanent": list(bounce.permanent),
                 "temporary": list(bounce.temporary)}
        if bounce.temporary and not bounce.permanent:
            details["delayed"] = entry  # the server is still trying: a note, not an error
            row.details = details
            continue
        details["bounce"] = entry
        row.details = details
        row.status = OutboxStatus.BOUNCED
        row.last_error = f"{BOUNCED_LABEL} : {bounce.reason}" if bounce.reason else BOUNCED_LABEL
        marked.append(row)
        log.info("outbox %s: revenu en erreur (rapport du message #%s)", row.message_id_header, message_row_id)
    return marked
