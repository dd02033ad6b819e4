"""Claims (sinistres) with their periods, documents and the messages that spoke of them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Select,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.store.models import Agent, Base, Collectivite, Contract, utcnow


class Claim(Base):
    """One insured event for one agent: drafted from mail (brouillon), confirmed by a handler."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)  # SIN-YYYY-NNNNN
    status: Mapped[str] = mapped_column(String(16), default="brouillon", index=True)
    collectivite_id: Mapped[int | None] = mapped_column(ForeignKey("collectivites.id"), nullable=True, index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), nullable=True, index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id"), nullable=True)
    # What the message said of the agent when no registered agent could be named with confidence.
    agent_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    nir: Mapped[str | None] = mapped_column(String(13), nullable=True)
    agent_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    agent_candidates: Mapped[list] = mapped_column(JSON, default=list)
    category: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    event_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # date de survenance
    declared_on: Mapped[date] = mapped_column(Date)
    reprise: Mapped[date | None] = mapped_column(Date, nullable=True)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    reject_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    missing_documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    provenance: Mapped[dict] = mapped_column(JSON, default=dict)  # field → {source, words, confidence}
    rules_version: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # The claim a temps partiel thérapeutique comes from: its category decides the TPT's cover.
    origin_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), nullable=True)
    # The form's « accident causé par un tiers » box: the insurer may recover from the third party.
    recours_tiers: Mapped[bool] = mapped_column(Boolean, default=False)
    final_certificate: Mapped[date | None] = mapped_column(Date, nullable=True)  # guérison or consolidation
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    collectivite: Mapped[Collectivite | None] = relationship()
    agent: Mapped[Agent | None] = relationship()
    contract: Mapped[Contract | None] = relationship()
    origin: Mapped[Claim | None] = relationship(remote_side="Claim.id")
    periods: Mapped[list[ClaimPeriod]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="ClaimPeriod.start"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Document.id"
    )
    links: Mapped[list[ClaimMessage]] = relationship(back_populates="claim", cascade="all, delete-orphan")


class ClaimPeriod(Base):
    """One stop (arrêt), start..end inclusive; `end` unknown until a certificate states it."""

    __tablename__ = "periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date, nullable=True)
    nature: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), nullable=True)
    # Each period is declared, late or not, and justified on its own (docs/domain.md, Deadlines):
    # the day our server received it, and what the rules made of it then.
    declared_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    declaration_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    pieces_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    cover_start: Mapped[date | None] = mapped_column(Date, nullable=True)  # later than start when declared late
    hors_delai: Mapped[bool] = mapped_column(Boolean, default=False)
    prescrit: Mapped[bool] = mapped_column(Boolean, default=False)
    missing_documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="periods")


class Document(Base):
    """A supporting piece on file for a claim; the same file sent again is the same document."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("claim_id", "sha256", name="uq_documents_claim_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), nullable=True)
    # The period this piece justifies (a prolongation's own arrêt); None: the claim as a whole.
    period_id: Mapped[int | None] = mapped_column(ForeignKey("periods.id", ondelete="SET NULL"), nullable=True)
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(120), nullable=True)
    ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    # [[quarter turn, skew], …] per page as OCR straightened it (claims/service.StoredFile.pages); None: as stored
    pages: Mapped[list | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="documents")


class ClaimMessage(Base):
    """Which messages spoke of which claim, and in what role (declaration, documents, reply…)."""

    __tablename__ = "claim_messages"
    __table_args__ = (UniqueConstraint("claim_id", "message_id", name="uq_claim_messages"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="links")


def within(stmt: Select, visible: frozenset[int] | None) -> Select:
    """`stmt` (on claims) restricted to the collectivités in `visible`, a handler's assignments (None: all,
    an admin; an empty set sees nothing). The one place the desk, the API and « à vérifier » scope claims."""
    if visible is None:
        return stmt
    return stmt.where(Claim.collectivite_id.in_(visible or [-1]))
