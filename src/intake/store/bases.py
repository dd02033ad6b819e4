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


ELEMENTS = ("tbi", "nbi", "sft", "indemnite_residence", "regime_indemnitaire", "charges_patronales")


def amount(value: str, label: str, *, required: bool = False) -> Decimal | None:
    """An amount in euros as a centre de gestion writes it (« 312 000,50 », « 312000.5 »); never negative."""
    text = "".join(value.split()).replace("\u202f", "").replace(",", ".").removesuffix("€")
    if not text:
        if required:
            raise ValueError(f"{label} obligatoire")
        return None
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise ValueError(f"{label} : montant invalide « {value} »") from None
    if not number.is_finite() or number < 0 or (required and number == 0):
        raise ValueError(f"{label} : montant invalide « {value} »")
    return number.quantize(Decimal("0.01"))


def base_values(row, ctx) -> tuple[tuple[int, int], dict]:
    """One row of bases.csv: the contract (by number), the year, the amounts (TBI mandatory)."""
    from sqlalchemy import select

    v = row.values
    number = v["contract_number"].strip()
    contract = ctx.session.scalar(select(Contract).where(Contract.contract_number == number))
    if contract is None:
        raise ValueError(f"contrat « {number} » inconnu (importez d'abord contracts.csv)")
    try:
        year = int(v["year"].strip())
    except ValueError:
        raise ValueError(f"année invalide « {v['year']} »") from None
    if not 2000 <= year <= 2100:
        raise ValueError(f"année invalide « {year} »")
    values = {code: amount(v[code], code.upper() if code == "tbi" else code.replace("_", " "), required=code == "tbi")
              for code in ELEMENTS}
    return (contract.id, year), values
