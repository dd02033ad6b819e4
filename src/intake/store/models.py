"""SQLAlchemy 2.0 models of the registry: collectivités, their addresses, contracts and agents."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Collectivite(Base):
    """An insured public employer, known by its code and by the addresses it writes from."""

    __tablename__ = "collectivites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    affiliated: Mapped[bool] = mapped_column(Boolean, default=False)
    # The registered « correspondant sinistres »: the reminder digests go to this address (domain.md,
    # « Who hears about a claim »); None: a contact address or a sender on the collectivité's domains.
    correspondant_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    domains: Mapped[list[EmailDomain]] = relationship(
        back_populates="collectivite", cascade="all, delete-orphan", order_by="EmailDomain.domain"
    )
    contacts: Mapped[list[ContactEmail]] = relationship(
        back_populates="collectivite", cascade="all, delete-orphan", order_by="ContactEmail.email"
    )
    contracts: Mapped[list[Contract]] = relationship(back_populates="collectivite")
    agents: Mapped[list[Agent]] = relationship(back_populates="collectivite")


class EmailDomain(Base):
    """A mail domain whose every sender belongs to one collectivité (mairie-mende.fr)."""

    __tablename__ = "email_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    collectivite_id: Mapped[int] = mapped_column(ForeignKey("collectivites.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)

    collectivite: Mapped[Collectivite] = relationship(back_populates="domains")


class ContactEmail(Base):
    """One address on a shared domain (orange.fr, laposte.net) that speaks for a collectivité."""

    __tablename__ = "contact_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    collectivite_id: Mapped[int] = mapped_column(ForeignKey("collectivites.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)

    collectivite: Mapped[Collectivite] = relationship(back_populates="contacts")


class Contract(Base):
    """A group insurance contract of one collectivité for one regime."""

    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_number: Mapped[str] = mapped_column(String(64), unique=True)
    collectivite_id: Mapped[int] = mapped_column(ForeignKey("collectivites.id"), index=True)
    regime: Mapped[str] = mapped_column(String(16))
    formulas: Mapped[list[int]] = mapped_column(JSON)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    franchise_mo_days: Mapped[int] = mapped_column(Integer, default=0)
    declaration_days: Mapped[int] = mapped_column(Integer, default=90)
    documents_days: Mapped[int] = mapped_column(Integer, default=90)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    collectivite: Mapped[Collectivite] = relationship(back_populates="contracts")


class Agent(Base):
    """An employee of a collectivité, from its nominative list; the matricule is unique per employer."""

    __tablename__ = "agents"
    __table_args__ = (UniqueConstraint("collectivite_id", "matricule", name="uq_agents_collectivite_matricule"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collectivite_id: Mapped[int] = mapped_column(ForeignKey("collectivites.id"), index=True)
    matricule: Mapped[str] = mapped_column(String(32))
    nir: Mapped[str] = mapped_column(String(13), index=True)  # 13 characters, without the key
    nir_key: Mapped[str | None] = mapped_column(String(2), nullable=True)
    last_name: Mapped[str] = mapped_column(String(120))
    birth_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    first_name: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date] = mapped_column(Date)
    regime: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    collectivite: Mapped[Collectivite] = relationship(back_populates="agents")
