"""Claim references SIN-YYYY-NNNNN: the year the claim was received, a counter per year (not the row id)."""

from __future__ import annotations

from sqlalchemy import Integer, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from intake.domain import CLAIM_REFERENCE, claim_reference, reference_prefix
from intake.store.models import Base


class ReferenceCounter(Base):
    """The last number given in a year. The UPDATE that takes a number locks the year's row until the
    drafting transaction ends, so two workers never give the same number."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


def next_reference(session: Session, year: int) -> str:
    """The next reference of `year`, in the caller's transaction."""
    taken = session.execute(update(ReferenceCounter).where(ReferenceCounter.year == year)
                            .values(last=ReferenceCounter.last + 1).returning(ReferenceCounter.last)).scalar()
    if taken is None:
        # First claim of the year in this database: start after any reference of that year already there
        # (claims made before the counter existed), then take the number through the same UPDATE.
        from intake.store.claims import Claim

        existing = session.scalars(select(Claim.reference).where(Claim.reference.like(f"{reference_prefix(year)}%"))).all()
        highest = max((int(m[2]) for ref in existing if (m := CLAIM_REFERENCE.fullmatch(ref))), default=0)
        _insert_counter(session, year, highest)
        taken = session.execute(update(ReferenceCounter).where(ReferenceCounter.year == year)
                                .values(last=ReferenceCounter.last + 1).returning(ReferenceCounter.last)).scalar_one()
    return claim_reference(year, taken)


def _insert_counter(session: Session, year: int, last: int) -> None:
    """INSERT … ON CONFLICT DO NOTHING: another worker may create the year's row at the same moment."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(ReferenceCounter).values(year=year, last=last).on_conflict_do_nothing(index_elements=["year"]))


__all__ = ["ReferenceCounter", "next_reference"]
