"""A desk to test the web UI and API on: the sample registry, three users, claims drafted through the
claim service from a stored mail with a real PDF piece."""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from functools import lru_cache
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from corpus.documents import make_text_pdf
from intake.claims import service
from intake.identify.registry import import_registry_file
from intake.mail.inbox import receive
from intake.rules import get_rules
from intake.store.blobs import FileBlobStore
from intake.store.db import get_sessionmaker
from intake.store.models import Agent, Collectivite, Contract
from intake.web.accounts import add_user, assign, create_token
from support import REGISTRY

PASSWORD = "correct horse battery"
ARTIFACTS = Path(__file__).parent / "artifacts"  # the browser tests' screenshots (kept out of git)
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"  # the README's, from the same tests


def keep_screenshot(page, name: str, *, readme: bool = False, **options) -> None:
    """A browser test's screenshot, kept as a test artifact; the README's two are also written to
    docs/screenshots/ with INTAKE_UPDATE_SCREENSHOTS=1 (not at every run: the tree stays clean)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), **options)
    if readme and os.environ.get("INTAKE_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACTS / name, SCREENSHOTS / name)


@dataclass
class Desk:
    settings: object
    factory: object
    blobs: FileBlobStore
    mine: str = ""  # the collectivité code of gestionnaire « gest »
    other: str = ""  # one the gestionnaire does not handle
    tokens: dict[str, str] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    messages: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    agents: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (matricule, last name)

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def _two_employers(session) -> tuple[Collectivite, Collectivite]:
    """Two collectivités with a CNRACL contract covering maladie ordinaire and at least two such agents."""
    rows = session.execute(
        select(Collectivite, func.count(Agent.id)).join(Agent, Agent.collectivite_id == Collectivite.id)
        .join(Contract, Contract.collectivite_id == Collectivite.id)
        .where(Agent.regime == "CNRACL", Contract.regime == "CNRACL")
        .group_by(Collectivite.id).having(func.count(Agent.id) >= 2).order_by(Collectivite.code)).all()
    good = [c for c, _n in rows if any(1 in k.formulas or 6 in k.formulas for k in c.contracts if k.regime == "CNRACL")]
    assert len(good) >= 2, "le référentiel d'exemple doit avoir deux collectivités assurées en maladie ordinaire"
    return good[0], good[1]


def _mail(sender_domain: str, subject: str, body: str, pdf: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = f"rh@{sender_domain}"
    message["To"] = "prestations@localhost"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=sender_domain)
    message.set_content(body)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename="arret.pdf")
    return message.as_bytes()


@lru_cache(maxsize=16)
def _arret_pdf(seed: int, first_name: str, last_name: str, birth_date: date, start: date, end: date, nir: str) -> bytes:
    # The same arrêt for every test of a session: generating it is the slow part of the desk.
    return make_text_pdf("arret_travail", random.Random(seed), first_name=first_name, last_name=last_name,
                         birth_date=birth_date, start=start, end=end, sex=int(nir[0]) if nir[0] in "12" else 1, nir=nir)


def _draft(session, blobs, factory, collectivite, agent, *, wrong: Agent | None = None, seed: int) -> tuple[str, int, int]:
    today = date.today()
    start, end = today - timedelta(days=3), today + timedelta(days=10)
    pdf = _arret_pdf(seed, agent.first_name, agent.last_name, agent.birth_date, start, end, agent.nir)
    body = (f"Bonjour,\nMme/M. {agent.first_name} {agent.last_name} est en arrêt maladie du {start:%d/%m/%Y} "
            f"au {end:%d/%m/%Y}.\n<script>alert('x')</script>\nCordialement")
    domain = collectivite.domains[0].domain if collectivite.domains else "exemple.fr"
    session.commit()  # the inbox writes in its own transaction (SQLite allows one writer)
    received = receive(factory, blobs, _mail(domain, f"Arrêt de {agent.last_name}", body, pdf), source="ingest",
                       envelope_to=["prestations@localhost"])
    matched = wrong or agent
    candidates = [{"matricule": a.matricule, "name": f"{a.last_name} {a.first_name}", "score": 0.5}
                  for a in ([agent, wrong] if wrong else [agent])]
    facts = {"agent_name": f"{agent.last_name} {agent.first_name}", "agent_confidence": 0.55 if wrong else 0.97,
             "candidates": candidates,
             "provenance": {"agent": {"reason": "nom et date de naissance", "confidence": 0.9},
                            "arret_start": {"source": "corps", "words": f"{start:%d/%m/%Y}", "confidence": 0.9}}}
    claim = service.create(session, collectivite_id=collectivite.id, agent=matched, declared_on=today,
                           category="maladie_ordinaire", event_date=start, facts=facts, message_id=received.id)
    rules = get_rules()
    service.add_period(session, claim, start=start, end=end, nature="initial", message_id=received.id, rules=rules)
    digest = blobs.put(pdf)
    service.attach(session, claim, [service.StoredFile("arret.pdf", "arret_travail", digest, len(pdf),
                                                       "application/pdf", False)], message_id=received.id)
    service.refresh(session, claim, rules)
    session.flush()
    return claim.reference, received.id, claim.documents[0].id


@pytest.fixture
def desk(settings_env, monkeypatch) -> Desk:
    # Real argon2, with the lightest parameters: the production cost (~0.1 s a hash, more on a
    # loaded machine) paid by every login of every test would dominate the suite's time.
    from argon2 import PasswordHasher

    import intake.web.accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(intake.web.accounts, "_hasher", lambda: cheap)
    settings = settings_env
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, REGISTRY / f"{kind}.csv", url=settings.database_url)
    factory = get_sessionmaker(settings.database_url)
    blobs = FileBlobStore(settings.data_dir)
    desk = Desk(settings, factory, blobs)
    with factory() as session:
        mine, other = _two_employers(session)
        desk.mine, desk.other = mine.code, other.code
        add_user(session, email="admin@cdg.fr", role="admin", password=PASSWORD)
        add_user(session, email="gest@cdg.fr", role="gestionnaire", password=PASSWORD)
        add_user(session, email="autre@cdg.fr", role="gestionnaire", password=PASSWORD)
        session.flush()
        assign(session, "gest@cdg.fr", [mine.code], by="admin@cdg.fr")
        assign(session, "autre@cdg.fr", [other.code], by="admin@cdg.fr")
        for who in ("admin", "gest", "autre"):
            desk.tokens[who] = create_token(session, f"{who}@cdg.fr")
        a1, a2 = session.scalars(select(Agent).where(Agent.collectivite_id == mine.id, Agent.regime == "CNRACL")
                                 .order_by(Agent.matricule).limit(2)).all()
        b1 = session.scalars(select(Agent).where(Agent.collectivite_id == other.id, Agent.regime == "CNRACL")
                             .order_by(Agent.matricule).limit(1)).one()
        desk.agents = {"a1": (a1.matricule, a1.last_name), "a2": (a2.matricule, a2.last_name),
                       "b1": (b1.matricule, b1.last_name)}
        for name, (coll, agent, wrong, seed) in {
            "draft": (mine, a1, None, 1), "wrong": (mine, a1, a2, 2), "other": (other, b1, None, 3),
        }.items():
            desk.refs[name], desk.messages[name], desk.documents[name] = _draft(
                session, blobs, factory, coll, agent, wrong=wrong, seed=seed)
        session.commit()
    return desk


@pytest.fixture
def client(desk) -> TestClient:
    from intake.web.app import create_app

    with TestClient(create_app(desk.settings)) as client:
        yield client


def login(client: TestClient, email: str, password: str = PASSWORD):
    page = client.get("/login")
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    return client.post("/login", data={"email": email, "password": password, "csrf": csrf, "next": "/"},
                       follow_redirects=False)


def csrf_of(html: str) -> str:
    return html.split('name="csrf" value="', 1)[1].split('"', 1)[0]


@pytest.fixture
def server(desk):
    """The desk served by a real uvicorn for the browser tests."""
    from running import desk_server

    with desk_server(desk.settings) as url:
        yield url


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright (skipped where Playwright is not installed)."""
    playwright = pytest.importorskip("playwright.sync_api")
    from running import CHROMIUM, CHROMIUM_ARGS

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
