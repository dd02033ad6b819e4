"""The corpus registry: its indexed look-ups say what a scan of the agents says, and intake imports it whole."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from corpus.claims_names import fold
from corpus.registry import Agent, build_registry
from intake.identify.registry import import_registry_file


def _names(a: Agent) -> set[tuple[str, str]]:
    return {(fold(a.last_name), fold(a.first_name))} | ({(fold(a.birth_name), fold(a.first_name))} if a.birth_name else set())


def _scanned_homonyms(colleagues: list[Agent], agent: Agent) -> list[Agent]:
    """The definition, by a scan of the collectivité's agents."""
    return [o for o in colleagues if o.matricule != agent.matricule and _names(o) & _names(agent)]


def _scanned_surname_shared(colleagues: list[Agent], agent: Agent) -> bool:
    return any(o.matricule != agent.matricule and fold(o.last_name) in (fold(agent.last_name), fold(agent.birth_name or "~"))
               for o in colleagues)


@pytest.mark.parametrize("seed", [11, 4])
def test_indexed_lookups_agree_with_a_scan(seed):
    registry = build_registry(seed)
    homonymous = set()
    for agent in registry.agents:
        colleagues = [o for o in registry.agents if o.collectivite == agent.collectivite]
        homonyms = _scanned_homonyms(colleagues, agent)
        assert registry.homonyms_of(agent) == homonyms
        assert registry.surname_shared(agent) == _scanned_surname_shared(colleagues, agent)
        homonymous |= {agent.collectivite} if homonyms else set()
    assert registry.employers_with_homonyms() == sorted(homonymous) and len(homonymous) >= 5
    for e in registry.employers:
        assert registry.employer(e.code) is e
        assert registry.agents_of(e.code) == [a for a in registry.agents if a.collectivite == e.code]


def test_an_agent_added_later_is_seen():
    registry = build_registry(11)
    lonely = next(a for a in registry.agents if not registry.homonyms_of(a) and not a.birth_name)
    registry.agents.append(replace(lonely, matricule=lonely.matricule + "X"))
    assert [a.matricule for a in registry.homonyms_of(lonely)] == [lonely.matricule + "X"]
    assert lonely.collectivite in registry.employers_with_homonyms()


def test_contract_numbers_are_unique():
    for seed in range(40):
        numbers = Counter(c["contract_number"] for c in build_registry(seed).contracts)
        assert numbers.most_common(1)[0][1] == 1, (seed, numbers.most_common(2))


def test_intake_imports_the_whole_registry(settings_env, tmp_path):
    registry = build_registry(11)
    folder = registry.write_csv(tmp_path / "registry")
    created = {kind: import_registry_file(kind, folder / f"{kind}.csv", url=settings_env.database_url).created
               for kind in ("collectivites", "contracts", "agents")}
    assert created == {"collectivites": len(registry.employers), "contracts": len(registry.contracts),
                       "agents": len(registry.agents)}
