"""The registry's version: one value in the database, changed in the transaction of every change to the
collectivités, their addresses or their agents, so that every process sharing the database knows with one
cheap read whether its cached look-ups are still those of the registry (identify.registry).

The value is drawn at random rather than counted: a database made anew, or restored from a backup, never
shows a process a version it saw before with other contents (a counter would start again at 1).

The bump is made here, by the session, for any change written through the ORM (an import, a desk or API
form): no writer has to remember it. A statement written straight on a connection bypasses it, and must
call bump() itself.
"""

from __future__ import annotations

import secrets
from itertools import chain

from sqlalchemy import BigInteger, Integer, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from intake.store.models import Agent, Base, Collectivite, ContactEmail, EmailDomain

_WATCHED = (Collectivite, EmailDomain, ContactEmail, Agent)
_WATCHED_TABLES = frozenset(model.__tablename__ for model in _WATCHED)
_CHANGED = "intake.registry_changed"


def new_version() -> int:
    return secrets.randbits(62)  # fits a signed BIGINT


class RegistryVersion(Base):
    """One row (id 1): the version of the registry, a new one at each committed change."""

    __tablename__ = "registry_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


def read_version(session: Session) -> int | None:
    return session.scalar(select(RegistryVersion.version).where(RegistryVersion.id == 1))


def bump(session: Session) -> None:
    """A new version, in the caller's transaction: visible to others exactly when the change is. On
    PostgreSQL the row stays locked until then, so two writers of the registry take turns."""
    session.execute(update(RegistryVersion).where(RegistryVersion.id == 1).values(version=new_version()),
                    execution_options={"synchronize_session": False})


def _touches_registry(session: Session) -> bool:
    return any(isinstance(item, _WATCHED) for item in chain(session.new, session.dirty, session.deleted))


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context) -> None:  # noqa: ANN001
    # Still the flushed objects here; by commit time they are gone from new/dirty/deleted.
    if _touches_registry(session):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:  # noqa: ANN001
    # session.execute(update(Agent)…) and the like: no object goes through the flush.
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in _WATCHED_TABLES:
            state.session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump_on_commit(session: Session) -> None:
    # Objects not flushed yet are flushed by the commit after this hook: they count too.
    if session.info.pop(_CHANGED, False) or _touches_registry(session):
        bump(session)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:  # noqa: ANN001
    # A change rolled back with its transaction is no change; a savepoint's end keeps the outer one's mark.
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)
