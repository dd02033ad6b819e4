"""Handler actions fired together on one claim (issue 16): each is decided on the state it changes, so
the second reads what the first wrote; the rules refuse it with a 409 in French, never both applied to
the same old state. Real uvicorn, real HTTP from two threads at once, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import select

from intake.claims import service
from intake.rules import get_rules
from intake.store.audit import AuditEntry
from intake.store.claims import Claim
from intake.store.models import Agent, Collectivite
from running import desk_server

ROUNDS = 12
ALLOWED_FROM = {"confirmer": {"brouillon"}, "rejeter": {"brouillon"}, "requalifier": {"brouillon", "ouvert", "clos"},
                "clore": {"ouvert", "clos"}}


def _fresh_claims(desk, count: int) -> list[str]:
    """Complete maladie ordinaire drafts (an arrêt on file) of the gestionnaire's collectivité."""
    rules = get_rules()
    today = date.today()
    with desk.factory() as session:
        template = session.scalar(select(Claim).where(Claim.reference == desk.refs["draft"]))
        collectivite = session.scalar(select(Collectivite).where(Collectivite.code == desk.mine))
        agent = session.get(Agent, template.agent_id)
        digest = template.documents[0].sha256
        references = []
        for _ in range(count):
            claim = service.create(session, collectivite_id=collectivite.id, agent=agent, declared_on=today,
                                   category="maladie_ordinaire", event_date=today - timedelta(days=3), facts={},
                                   message_id=desk.messages["draft"])
            service.add_period(session, claim, start=today - timedelta(days=3), end=today + timedelta(days=5),
                               nature="initial", message_id=desk.messages["draft"], rules=rules)
            service.attach(session, claim, [service.StoredFile("arret.pdf", "arret_travail", digest, 10,
                                                               "application/pdf", False)],
                           message_id=desk.messages["draft"])
            service.refresh(session, claim, rules)
            references.append(claim.reference)
        session.commit()
    return references


def _together(base: str, headers: dict[str, str], calls: list[tuple[str, dict | None]]) -> list[httpx.Response]:
    barrier = threading.Barrier(len(calls))
    out: list[httpx.Response | None] = [None] * len(calls)

    def fire(i: int, path: str, body: dict | None) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            barrier.wait()
            out[i] = client.post(path, json=body)

    threads = [threading.Thread(target=fire, args=(i, path, body)) for i, (path, body) in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out  # type: ignore[return-value]


def _trail(desk, reference: str) -> tuple[Claim, list[AuditEntry]]:
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.entity == "claim",
                                                                AuditEntry.entity_id == claim.id)
                                       .order_by(AuditEntry.id)))
        return claim, entries


def _consistent(claim: Claim, entries: list[AuditEntry]) -> None:
    """Each action started from what the one before left, from a status that allows it; the row is the last after."""
    actions = [e for e in entries if e.action in ALLOWED_FROM]
    for previous, entry in zip(entries, entries[1:]):
        assert entry.before == previous.after, (entry.action, entry.before, previous.after)
    for entry in actions:
        assert entry.before["status"] in ALLOWED_FROM[entry.action], (entry.action, entry.before["status"])
    assert entries[-1].after["status"] == claim.status and entries[-1].after["confirmed"] == claim.confirmed
    assert entries[-1].after["category"] == claim.category
    assert not (claim.status == "rejete" and claim.confirmed)


@pytest.mark.parametrize("pair", ["confirm-reject", "reject-requalify"])
def test_two_actions_at_once_never_both_apply_to_the_same_state(desk, pair) -> None:
    references = _fresh_claims(desk, ROUNDS)
    first, second = pair.split("-")
    bodies = {"confirm": None, "reject": {"reason": "doublon"}, "requalify": {"category": "longue_maladie"}}
    conflicts = 0
    with desk_server(desk.settings) as base:
        for reference in references:
            a, b = _together(base, desk.headers("gest"), [(f"/api/claims/{reference}/{first}", bodies[first]),
                                                         (f"/api/claims/{reference}/{second}", bodies[second])])
            codes = sorted([a.status_code, b.status_code])
            assert codes in ([200, 200], [200, 409]), (a.text, b.text)
            for refused in (r for r in (a, b) if r.status_code == 409):
                assert "impossible pour un sinistre au statut" in refused.json()["detail"]
                conflicts += 1
            claim, entries = _trail(desk, reference)
            _consistent(claim, entries)
            # The winner's answer is what the row holds (no answer reports a state that was not kept).
            if codes == [200, 409]:
                [winner] = [r for r in (a, b) if r.status_code == 200]
                assert winner.json()["status"] == claim.status
            if pair == "confirm-reject":
                # A complete draft: confirming opens it, and an open claim is not rejected (and the reverse).
                assert codes == [200, 409]
    assert conflicts >= (ROUNDS if pair == "confirm-reject" else 0)
