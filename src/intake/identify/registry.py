"""The registry service: imports files into the configured database, one transaction per file."""

from __future__ import annotations

import threading
from collections import OrderedDict
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


def _employers(session) -> list:
    """Every collectivité with the addresses it writes from (a few thousand: kept whole by each process)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from intake.identify.match import EmployerRecord
    from intake.store.models import Collectivite

    employers = session.scalars(
        select(Collectivite).options(selectinload(Collectivite.domains), selectinload(Collectivite.contacts))
    ).all()
    return [
        EmployerRecord(
            code=e.code,
            name=e.name,
            email_domains=tuple(d.domain for d in e.domains),
            # The correspondant sinistres is a registered address of the collectivité like its contacts.
            contact_emails=tuple(c.email for c in e.contacts)
            + ((e.correspondant_email,) if e.correspondant_email else ()),
        )
        for e in employers
    ]


def _agents(session, *where) -> list:  # noqa: ANN002
    """The agents matching `where`, in the registry's order (by id: ties between candidates keep it)."""
    from sqlalchemy import select

    from intake.identify.match import AgentRecord
    from intake.store.models import Agent, Collectivite

    rows = session.execute(
        select(Collectivite.code, Agent.matricule, Agent.nir, Agent.last_name, Agent.birth_name, Agent.first_name,
               Agent.birth_date, Agent.regime, Agent.status)
        .join(Collectivite, Collectivite.id == Agent.collectivite_id).where(*where).order_by(Agent.id)
    ).all()
    return [AgentRecord(collectivite=code, matricule=matricule, nir=nir, last_name=last, birth_name=birth,
                        first_name=first, birth_date=born, regime=regime, status=status)
            for code, matricule, nir, last, birth, first, born, regime, status in rows]


def load_registry(session):
    """The whole registry in memory (tools and tests; the processes use current_registry)."""
    from intake.identify.match import Registry

    return Registry(employers=_employers(session), agents=_agents(session))


class StoredRegistry:
    """The registry of one database at one version, as identification asks it: every collectivité and its
    addresses in memory, the agents read per collectivité on first use and kept while they are among the
    `cache_agents` most recently used (so a process's memory does not grow with the registry), the holders
    of a NIR read when asked. Answers exactly as match.Registry would over the same rows."""

    _NIR_ENTRIES = 4096  # NIR look-ups kept (a form's NIR not matched otherwise: rare)

    def __init__(self, url: str, version: int | None, employers: list, *, cache_agents: int) -> None:
        from intake.identify.match import Employers

        self.url = url
        self.version = version
        self.directory = Employers(employers)
        self.cache_agents = cache_agents
        self.loads = 0  # collectivités read from the database (tests and the benchmark look)
        self._agents: OrderedDict[str, list] = OrderedDict()
        self._cached = 0
        self._by_nir: OrderedDict[frozenset[str], list] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def employers(self) -> list:
        return self.directory.records

    @property
    def cached_agents(self) -> int:
        return self._cached

    def _read(self, *where) -> list:  # noqa: ANN002
        from intake.store.db import get_sessionmaker

        with get_sessionmaker(self.url)() as session:
            return _agents(session, *where)

    def agents_of(self, collectivite: str | None) -> list:
        if collectivite is None:
            return self._read()  # the whole registry: identification never asks it (match_agents narrows by NIR)
        with self._lock:
            agents = self._agents.get(collectivite)
            if agents is not None:
                self._agents.move_to_end(collectivite)
                return agents
        if self.directory.by_code(collectivite) is None:
            return []
        from intake.store.models import Collectivite

        agents = self._read(Collectivite.code == collectivite)
        with self._lock:
            self.loads += 1
            if collectivite not in self._agents:
                self._agents[collectivite] = agents
                self._cached += len(agents)
            # The least recently used go first; the one just read stays even when it alone is over the cap.
            while self._cached > self.cache_agents and len(self._agents) > 1:
                _, dropped = self._agents.popitem(last=False)
                self._cached -= len(dropped)
        return agents

    def _nir_holders(self, nirs13: frozenset[str]) -> list:
        with self._lock:
            found = self._by_nir.get(nirs13)
            if found is not None:
                return found
        from intake.store.models import Agent

        # Every agent of the database has a NIR (NOT NULL, checked on import): no NIR-less agent to add.
        found = self._read(Agent.nir.in_(sorted(nirs13)))
        with self._lock:
            self._by_nir[nirs13] = found
            while len(self._by_nir) > self._NIR_ENTRIES:
                self._by_nir.popitem(last=False)
        return found

    def agents_by_nir(self, nir13: str) -> list:
        return self._nir_holders(frozenset((nir13,)))

    def agents_for_nirs(self, nirs13: set[str]) -> list:
        return self._nir_holders(frozenset(nirs13))


_current: dict[str, StoredRegistry] = {}
_current_lock = threading.Lock()


def current_registry(url: str | None = None):
    """The configured database's registry at its current version: one read of the version per call (per
    message); the collectivités are read again, and the cached agents dropped, only when it changed.

    A database that is not initialised gives an empty registry: every sender is then unknown.
    """
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from intake.identify.match import Registry
    from intake.store.db import get_sessionmaker
    from intake.store.registry_version import read_version

    settings = get_settings()
    url = url or settings.database_url
    try:
        with get_sessionmaker(url)() as session:
            version = read_version(session)
            cached = _current.get(url)
            if cached is not None and cached.version == version and version is not None:
                return cached
            employers = _employers(session)
    except (OperationalError, ProgrammingError):
        return Registry(employers=[], agents=[])
    registry = StoredRegistry(url, version, employers, cache_agents=settings.registry_cache_agents)
    with _current_lock:
        _current[url] = registry
    return registry
