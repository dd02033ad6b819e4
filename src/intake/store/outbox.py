"""The outbox: every mail we send, kept until the relay took it, with the claim and step it serves."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.domain import OutboxStatus as OutboxStatus  # the code lives with the others; importable beside its table
from intake.store.models import Base, utcnow


class OutboxMail(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One mail per purpose: replaying a message or a second sweep finds the key taken and sends nothing.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), nullable=True, index=True)
    in_reply_to_message: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), nullable=True)
    collectivite_id: Mapped[int | None] = mapped_column(ForeignKey("collectivites.id"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(40))  # template: accuse_reception, dossier_complet, relance…
    step: Mapped[str | None] = mapped_column(String(40), nullable=True)  # reminder step
    to_addr: Mapped[str] = mapped_column(String(320), index=True)
    from_addr: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    message_id_header: Mapped[str] = mapped_column(String(250), unique=True)
    raw: Mapped[str] = mapped_column(Text)  # the whole RFC 5322 message, as it will be sent
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
