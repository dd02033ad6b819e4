"""The registry as processes read it: per collectivité, at a version every change to the registry bumps,
answering exactly what the whole registry in memory answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, select

from corpus.claims import generate
from corpus.registry import build_registry
from intake.identify import registry as registries
from intake.identify.registry import StoredRegistry, current_registry, import_registry_file, load_registry
from intake.pipeline.parse import analyse
from intake.store.db import get_engine, get_sessionmaker, session_scope
from intake.store.models import Agent, Collectivite
from intake.store.registry_version import read_version
from support import REGISTRY

AGENTS_HEADER = "collectivite_code,matricule,nir,last_name,birth_name,first_name,birth_date,regime,status\n"


def _import(url: str, folder: Path) -> None:
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, folder / f"{kind}.csv", url=url)


def _version(url: str) -> int | None:
    with get_sessionmaker(url)() as session:
        return read_version(session)


def _statements(url: str) -> list[str]:
    seen: list[str] = []
    event.listen(get_engine(url), "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: seen.append(statement))
    return seen


def test_the_stored_registry_answers_as_the_whole_registry_in_memory(settings_env, tmp_path: Path) -> None:
    """The generated corpus (40 collectivités, their homonyms, NIRs, unknown senders) understood against the
    registry in memory and against the stored one, its cache too small for three collectivités so that
    collectivités are dropped and read again: the same objects, claim by claim."""
    url = settings_env.database_url
    corpus = build_registry(11)
    _import(url, corpus.write_csv(tmp_path / "registry"))
    with get_sessionmaker(url)() as session:
        whole = load_registry(session)
    per_employer = max(len(whole.agents_of(e.code)) for e in whole.employers)
    stored = current_registry(url)
    assert isinstance(stored, StoredRegistry)
    stored.cache_agents = 2 * per_employer
    cases = generate(40, seed=7, registry=corpus, scan_rate=0.0, photo_rate=0.0)
    for case in cases:
        assert analyse(case.raw, registry=stored) == analyse(case.raw, registry=whole), case.name
    named = {case.expected["collectivite"] for case in cases} - {None}
    assert len(named) >= 10
    assert stored.loads > len(named), "the small cache drops collectivités and reads them again"
    assert stored.cached_agents <= 2 * per_employer


def test_one_version_read_per_message_while_nothing_changes(settings_env) -> None:
    url = settings_env.database_url
    _import(url, REGISTRY)
    first = current_registry(url)
    code = first.employers[0].code
    assert first.agents_of(code) and first.loads == 1
    seen = _statements(url)
    for _ in range(3):
        again = current_registry(url)
        assert again is first and again.agents_of(code) is first.agents_of(code)
    assert len(seen) == 3 and all("registry_version" in s for s in seen)
    assert first.loads == 1


def test_every_import_and_every_change_to_the_registry_makes_a_new_version(settings_env, tmp_path: Path) -> None:
    url = settings_env.database_url
    _import(url, REGISTRY)
    before = current_registry(url)
    code = "C48018"
    known = {a.matricule for a in before.agents_of(code)}

    # An import by another process (the CLI): the next message sees the new agent.
    version = _version(url)
    path = tmp_path / "agents.csv"
    path.write_text(AGENTS_HEADER + f"{code},NEW1,1 99 08 67 211 914 45,LACROIX,,Jean,1999-08-01,CNRACL,titulaire\n",
                    encoding="utf-8")
    import_registry_file("agents", path, url=url)
    assert _version(url) != version
    after = current_registry(url)
    assert after is not before and {a.matricule for a in after.agents_of(code)} == known | {"NEW1"}

    # A change through the ORM (a desk or API form would make one): a new version, committed with it.
    version = _version(url)
    with session_scope(url) as session:
        session.scalar(select(Agent).where(Agent.matricule == "NEW1")).first_name = "Jeanne"
    assert _version(url) != version
    assert next(a for a in current_registry(url).agents_of(code) if a.matricule == "NEW1").first_name == "Jeanne"

    # A collectivité's new name changes which collectivité a text names.
    version = _version(url)
    with session_scope(url) as session:
        session.scalar(select(Collectivite).where(Collectivite.code == code)).name = "Mairie de Zanzibar-les-Bains"
    assert _version(url) != version
    assert current_registry(url).directory.named_in(" mairie de zanzibar les bains ") == {code: 0.95}

    # Rolled back: no change, no new version; and a change to something else is no change to the registry.
    version = _version(url)
    with get_sessionmaker(url)() as session:
        session.scalar(select(Agent).where(Agent.matricule == "NEW1")).last_name = "AUTRE"
        session.flush()
        session.rollback()
    from intake.store.users import User

    with session_scope(url) as session:
        session.add(User(email="quelquun@cdg-exemple.fr", password_hash="x", role="gestionnaire"))
    assert _version(url) == version
    assert current_registry(url) is current_registry(url)


def test_an_import_rejected_halfway_leaves_the_version(settings_env, tmp_path: Path) -> None:
    from intake.store.csvfile import RowError

    url = settings_env.database_url
    _import(url, REGISTRY)
    version = _version(url)
    path = tmp_path / "agents.csv"
    path.write_text(AGENTS_HEADER + "C48018,OK1,1 99 08 67 211 914 45,LACROIX,,Jean,1999-08-01,CNRACL,titulaire\n"
                    "C48018,BAD,1 99 08 67 211 914 45,LACROIX,,Jean,1999-02-30,CNRACL,titulaire\n", encoding="utf-8")
    with pytest.raises(RowError):
        import_registry_file("agents", path, url=url)
    assert _version(url) == version


def test_a_process_holds_only_the_collectivites_it_met(settings_env, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache holds at most INTAKE_REGISTRY_CACHE_AGENTS agents, the least recently used collectivité
    going first; the one in use stays even alone over the cap."""
    monkeypatch.setenv("INTAKE_REGISTRY_CACHE_AGENTS", "1")
    from intake.settings import get_settings

    get_settings.cache_clear()
    url = settings_env.database_url
    _import(url, REGISTRY)
    registries._current.pop(url, None)
    registry = current_registry(url)
    assert registry.cache_agents == 1
    codes = []
    for employer in registry.employers:
        if len(codes) < 3 and registry.agents_of(employer.code):
            codes.append(employer.code)
    assert len(codes) == 3 and list(registry._agents) == [codes[-1]]
    assert registry.loads == 3
    registry.agents_of(codes[0])
    assert registry.loads == 4 and list(registry._agents) == [codes[0]]


def test_an_uninitialised_database_is_an_empty_registry(tmp_path: Path) -> None:
    registry = current_registry(f"sqlite:///{tmp_path / 'vide.db'}")
    assert registry.employers == [] and registry.agents_of("C48018") == []


def test_the_phrase_index_finds_what_a_scan_of_every_phrase_finds() -> None:
    """Employers.named_in looks only at the phrases whose rarest word the text has: on the corpus's 40
    collectivités and texts naming them in every way (glued to letters of other alphabets, digits,
    exponents, split by punctuation), it finds what the regular expression of each phrase finds."""
    import random
    import re

    from intake.identify.match import EmployerRecord, Employers, _employer_phrases, _phrase_key

    corpus = build_registry(11)
    records = [EmployerRecord(code=e.code, name=e.name) for e in corpus.employers]
    directory = Employers(records)
    phrases = [(re.compile(rf"(?<![a-z0-9]){re.escape(p)}(?![a-z0-9])"), e.code, s)
               for e in records for p, s in _employer_phrases(e.name)]
    rng = random.Random(5)
    glue = ["", " ", "²", "ω", "-", "'", "é", "1", "a", ", "]
    for _ in range(400):
        parts = [rng.choice(records).name if rng.random() < 0.5 else rng.choice(["arrêt", "de", "la", "mairie"])
                 for _ in range(rng.randint(1, 4))]
        text = "".join(part + rng.choice(glue) for part in parts)
        hay = " " + _phrase_key(text) + " "
        scanned: dict[str, float] = {}
        for rx, code, strength in phrases:
            if rx.search(hay):
                scanned[code] = max(scanned.get(code, 0.0), strength)
        assert directory.named_in(hay) == scanned, text
