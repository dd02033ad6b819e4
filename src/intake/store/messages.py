"""The inbox table: every received message, its raw bytes' address and where its processing stands."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.domain import MessageStatus as MessageStatus  # the code lives with the others; importable beside its table
from intake.store.models import Base, utcnow


class Message(Base):
    """One received mail. The raw bytes live in the blob store under `sha256`."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not unique: scanners reuse Message-IDs; a duplicate is the same id and the same content_sha256.
    message_id: Mapped[str | None] = mapped_column(String(998), nullable=True, index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)  # inbox.content_digest
    size: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))  # smtp, imap, ingest
    envelope_from: Mapped[str | None] = mapped_column(String(320), nullable=True)
    envelope_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    from_addr: Mapped[str | None] = mapped_column(String(320), nullable=True)
    subject: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.RECEIVED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # A worker owns a message in `processing` until its lease ends; a killed worker's message
    # is taken up again once the lease has passed.
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    analysis: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # the `intake parse` object
    # What processing did (claims, automatique, expediteur_inconnu, sans_dossier, question…) and the
    # notes a handler needs (why no reply was sent, periods the rules refused).
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True, index=True)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Why no reply was sent (a domain.NoReply code, labelled in French on the desk); None: one was queued.
    no_reply: Mapped[str | None] = mapped_column(String(40), nullable=True)
