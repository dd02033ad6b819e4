"""Whether an unknown sender may be answered: only at its From, only about our business, once per mailbox
and day, under a global hourly ceiling, never inside a thread of our own mail (backscatter and loops)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.domain import Intent, NoReply
from intake.identify.audience import fold_plus, normalise
from intake.store.outbox import OutboxMail
from intake.understand.text import fold

# The kinds of our answers to senders the registry does not know (replies.ReplyKind values).
UNKNOWN_KINDS = ("expediteur_inconnu", "expediteur_non_authentifie")

# Words of a sick or injured agent's file (folded: lower case, no accents). A mail without any is spam, a
# newsletter or a SaaS welcome, whatever its intent guess: an answer would only reach a third party.
_BUSINESS = re.compile(
    r"\barrets? (?:de travail|maladie)\b|\ben arret\b|\bconges? (?:de )?(?:maladie|longue|grave|maternite|paternite)"
    r"|\bmaladie (?:ordinaire|professionnelle)\b|\baccident (?:de service|de trajet|du travail)\b|\bsinistres?\b"
    r"|\bprolongation\b|\brechute\b|\bcertificat (?:medical|d'arret|initial|final)|\bavis d'arret\b"
    r"|\b(?:clm|cld|cgm|citis)\b|\bdeces de\b|\bdate de reprise\b|\bagent (?:titulaire|contractuel|stagiaire)\b"
    r"|\benquete administrative\b|\bdeclaration d'accident\b|\bassurance statutaire\b")


def about_our_business(intent: str, text: str) -> bool:
    """A declaration or pieces, in a sick or injured agent's words."""
    return intent in (Intent.DECLARATION, Intent.DOCUMENTS) and bool(_BUSINESS.search(fold(text)))


def unknown_sender_gate(session: Session, *, sender: str, intent: str, text: str, thread_ids: Sequence[str],
                        now: datetime, per_hour: int) -> NoReply | None:
    """Why this unknown sender gets no answer, or None when the one answer it may have can go."""
    ids = [i for i in thread_ids if i]
    if ids and session.scalar(select(OutboxMail.id).where(OutboxMail.message_id_header.in_(ids)).limit(1)):
        # An unknown address answering our mail: an auto-responder (from support+N@… each time, no automatic
        # headers) or a human told already; another answer only keeps the loop going.
        return NoReply.LOOP
    if not about_our_business(intent, text):
        return NoReply.NOT_OUR_BUSINESS
    mailbox = fold_plus(sender)
    domain = normalise(sender).rpartition("@")[2]
    since = now - timedelta(hours=24)
    told = session.scalars(select(OutboxMail.to_addr).where(
        OutboxMail.kind.in_(UNKNOWN_KINDS), OutboxMail.created_at >= since,
        func.lower(OutboxMail.to_addr).like(f"%@{domain}"))).all()
    if any(fold_plus(addr) == mailbox for addr in told):
        return NoReply.UNKNOWN_ALREADY_TOLD
    last_hour = session.scalar(select(func.count()).select_from(OutboxMail).where(
        OutboxMail.kind.in_(UNKNOWN_KINDS), OutboxMail.created_at >= now - timedelta(hours=1))) or 0
    if last_hour >= per_hour:
        return NoReply.UNKNOWN_CEILING
    return None
