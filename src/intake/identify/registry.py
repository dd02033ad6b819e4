"""The registry service: imports files into the configured database, one transaction per file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from intake.settings import get_settings
from intake.store.db import session_scope
from intake.store.imports import ImportSummary, import_file


def formula_regimes() -> dict[int, str]:
    """Which regime each formula number belongs to, from the rules (rules/formules.yaml)."""
    from intake.rules.loader import get_rules

    return {number: str(formula.regime) for number, formula in get_rules().formulas.items()}


def import_registry_file(kind: str, path: Path, *, url: str | None = None, today: date | None = None,
                         progress=None, every: int = 10_000) -> ImportSummary:  # noqa: ANN001
    with session_scope(url or get_settings().database_url) as session:
        return import_file(session, kind, path, formulas=formula_regimes(), today=today, progress=progress,
                           every=every)


def load_registry(session):
    """A read-only snapshot of the registry for identification (employers and agents)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from intake.identify.match import AgentRecord, EmployerRecord, Registry
    from intake.store.models import Agent, Collectivite

    employers = session.scalars(
        select(Collectivite).options(selectinload(Collectivite.domains), selectinload(Collectivite.contacts))
    ).all()
    codes = {employer.id: employer.code for employer in employers}
    agents = session.scalars(select(Agent).order_by(Agent.id)).all()
    return Registry(
        employers=[
            EmployerRecord(
                code=e.code,
                name=e.name,
                email_domains=tuple(d.domain for d in e.domains),
                # The correspondant sinistres is a registered address of the collectivité like its contacts.
                contact_emails=tuple(c.email for c in e.contacts)
                + ((e.correspondant_email,) if e.correspondant_email else ()),
            )
            for e in employers
        ],
        agents=[
            AgentRecord(
                collectivite=codes[a.collectivite_id], matricule=a.matricule, nir=a.nir,
                last_name=a.last_name, birth_name=a.birth_name, first_name=a.first_name,
                birth_date=a.birth_date, regime=a.regime, status=a.status,
            )
            for a in agents
        ],
    )


_snapshots: dict[str, tuple[tuple, object]] = {}


def _registry_stamp(session) -> tuple:
    """Changes whenever an import touched the registry: row counts and the latest change of each table."""
    from sqlalchemy import func, select

    from intake.store.models import Agent, Collectivite, ContactEmail, EmailDomain

    # Addresses have no update time: they are only added or removed, which moves their count or max id.
    latest = (Collectivite.updated_at, Agent.updated_at, EmailDomain.id, ContactEmail.id)
    return tuple(tuple(session.execute(select(func.count(), func.max(column))).one()) for column in latest)


def current_registry(url: str | None = None):
    """The configured database's registry, loaded once per process and again only after it changed.

    A database that is not initialised gives an empty registry: every sender is then unknown.
    """
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from intake.identify.match import Registry
    from intake.store.db import get_sessionmaker

    url = url or get_settings().database_url
    try:
        with get_sessionmaker(url)() as session:
            stamp = _registry_stamp(session)
            cached = _snapshots.get(url)
            if cached and cached[0] == stamp:
                return cached[1]
            snapshot = load_registry(session)
    except (OperationalError, ProgrammingError):
        return Registry(employers=[], agents=[])
    _snapshots[url] = (stamp, snapshot)
    return snapshot
