"""The base de l'assurance: what a collectivité insures under one contract for one year."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Integer, Numeric, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.store.models import Base, Contract, utcnow


class InsuredBase(Base):
    """One contract's base for one year: TBI mandatory, the other elements as amounts in euros."""

    __tablename__ = "insured_bases"
    __table_args__ = (UniqueConstraint("contract_id", "year", name="uq_insured_bases_contract_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    tbi: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    nbi: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    sft: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    indemnite_residence: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    regime_indemnitaire: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    charges_patronales: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    contract: Mapped[Contract] = relationship()
