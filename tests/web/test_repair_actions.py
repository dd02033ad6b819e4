"""The repair actions through the API and the desk's routes: attach a message, move a piece, merge (with the
duplicate warning), add and remove a period; unknown fields refused; another collectivité's claim is a 404."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from conftest import _mail, csrf_of, login
from corpus.documents import make_text_pdf
from intake.mail.inbox import receive
from intake.store.claims import Claim
from intake.store.messages import Message
from intake.store.models import Collectivite


def stray_message(desk, code: str | None = None) -> int:
    """A mail of the collectivité with an arrêt attached that processing left without a claim (`other`)."""
    with desk.factory() as session:
        collectivite = session.scalar(select(Collectivite).where(Collectivite.code == (code or desk.mine)))
        domain = collectivite.domains[0].domain if collectivite.domains else "exemple.fr"
    pdf = make_text_pdf("arret_travail", random.Random(41), first_name="Jean", last_name="TEST",
                        birth_date=date(1980, 1, 1), start=date.today(), end=date.today() + timedelta(days=5),
                        sex=1, nir="1800101000000")
    received = receive(desk.factory, desk.blobs, _mail(domain, "Suite", "Ci-joint l'arrêt.", pdf), source="ingest",
                       envelope_to=["prestations@localhost"])
    with desk.factory() as session:
        message = session.get(Message, received.id)
        message.status, message.outcome = "processed", "other"
        message.analysis = {"collectivite": code or desk.mine, "attachments": [{"filename": "arret.pdf"}]}
        session.commit()
    return received.id


def test_unknown_fields_are_refused_and_the_agent_note_goes(client, desk):
    headers = desk.headers("gest")
    ref = desk.refs["wrong"]
    refused = client.post(f"/api/claims/{ref}/correct", headers=headers,
                          json={"periods": [{"start": "2025-01-01", "nature": "initial"}]})
    assert refused.status_code == 422
    fixed = client.post(f"/api/claims/{ref}/correct", headers=headers, json={"agent": desk.agents["a1"][0]})
    assert fixed.status_code == 200
    login(client, "gest@cdg.fr")
    page = client.get(f"/sinistres/{ref}").text
    assert "agent choisi par gest@cdg.fr" in page and "nom et date de naissance" not in page


def test_an_exact_reference_opens_the_claim_only_within_ones_collectivites(client, desk):
    login(client, "gest@cdg.fr")
    opened = client.get("/sinistres", params={"q": desk.refs["draft"].lower(), "status": ""}, follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == f"/sinistres/{desk.refs['draft']}"
    foreign = client.get("/sinistres", params={"q": desk.refs["other"], "status": ""}, follow_redirects=False)
    assert foreign.status_code == 200 and desk.refs["other"] not in foreign.text.split("<tbody", 1)[-1]


def test_merge_after_the_duplicate_warning(client, desk):
    headers = desk.headers("gest")
    draft, wrong = desk.refs["draft"], desk.refs["wrong"]
    client.post(f"/api/claims/{wrong}/correct", headers=headers, json={"agent": desk.agents["a1"][0]})
    login(client, "gest@cdg.fr")
    queue = client.get("/sinistres").text
    assert queue.count("doublon probable") == 2
    assert "Doublon probable" in client.get(f"/sinistres/{wrong}").text
    other = client.post(f"/api/claims/{wrong}/merge", headers=headers, json={"into": desk.refs["other"]})
    assert other.status_code == 404
    merged = client.post(f"/api/claims/{wrong}/merge", headers=headers, json={"into": draft})
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["reference"] == draft and len(body["periods"]) == 2 and len(body["documents"]) == 2
    assert any(h["action"] == "fusionner" and h["actor"] == "gest@cdg.fr" for h in body["history"])
    gone = client.get(f"/api/claims/{wrong}", headers=headers).json()
    assert gone["status"] == "rejete" and gone["reject_reason"] == f"fusionné dans {draft}"
    again = client.post(f"/api/claims/{wrong}/merge", headers=headers, json={"into": draft})
    assert again.status_code == 409 and "rejeté" in again.json()["detail"]
    assert "doublon probable" not in client.get("/sinistres").text


def test_move_a_piece_and_periods_by_api(client, desk):
    headers = desk.headers("gest")
    draft, wrong = desk.refs["draft"], desk.refs["wrong"]
    moved = client.post(f"/api/claims/{draft}/documents/move", headers=headers,
                        json={"document_id": desk.documents["draft"], "target": wrong})
    assert moved.status_code == 200 and len(moved.json()["documents"]) == 2
    assert "arret_travail" in client.get(f"/api/claims/{draft}", headers=headers).json()["missing_documents"]
    foreign = client.post(f"/api/claims/{wrong}/documents/move", headers=headers,
                          json={"document_id": desk.documents["draft"], "target": desk.refs["other"]})
    assert foreign.status_code == 404
    assert client.post(f"/api/claims/{wrong}/documents/move", headers=headers,
                       json={"document_id": desk.documents["draft"], "target": draft, "x": 1}).status_code == 422

    start = date.today() + timedelta(days=11)
    added = client.post(f"/api/claims/{draft}/periods", headers=headers,
                        json={"start": start.isoformat(), "end": (start + timedelta(days=9)).isoformat(),
                              "nature": "prolongation"})
    assert added.status_code == 200 and len(added.json()["periods"]) == 2
    overlap = client.post(f"/api/claims/{draft}/periods", headers=headers,
                          json={"start": start.isoformat(), "nature": "prolongation"})
    assert overlap.status_code == 409 and "chevauche" in overlap.json()["detail"]
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == draft))
        period_id = next(p.id for p in claim.periods if p.start == start)
    removed = client.delete(f"/api/claims/{draft}/periods/{period_id}", headers=headers)
    assert removed.status_code == 200 and len(removed.json()["periods"]) == 1
    assert client.delete(f"/api/claims/{desk.refs['other']}/periods/1", headers=headers).status_code == 404


def test_attach_a_stray_message_from_the_desk(client, desk):
    message_id = stray_message(desk)
    foreign_message = stray_message(desk, desk.other)
    login(client, "gest@cdg.fr")
    page = client.get(f"/messages/{message_id}")
    assert "Rattacher à un sinistre" in page.text
    ref = desk.refs["wrong"]
    done = client.post(f"/messages/{message_id}/rattacher", data={"csrf": csrf_of(page.text), "reference": ref},
                       follow_redirects=True)
    assert done.url.path == f"/sinistres/{ref}" and "Message rattaché" in done.text
    detail = client.get(f"/api/claims/{ref}", headers=desk.headers("gest")).json()
    assert message_id in [m["id"] for m in detail["messages"]] and len(detail["documents"]) == 2
    assert detail["history"][-1]["action"] == "rattacher_message" and detail["history"][-1]["actor"] == "gest@cdg.fr"
    # Another collectivité's message is not found; one of ours onto their claim neither.
    assert client.get(f"/messages/{foreign_message}").status_code == 404
    api = client.post(f"/api/claims/{desk.refs['other']}/messages", headers=desk.headers("gest"),
                      json={"message_id": message_id})
    assert api.status_code == 404
    admin = client.post(f"/api/claims/{desk.refs['other']}/messages", headers=desk.headers("admin"),
                        json={"message_id": message_id})
    assert admin.status_code == 409 and "collectivité" in admin.json()["detail"]


def test_duplicate_warnings_cost_the_same_queries_for_any_number_of_claims(client, desk):
    """The queue's and the claim page's duplicate warnings: a fixed number of queries (no query per claim)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from intake.claims import service
    from intake.rules import get_rules
    from intake.store.models import Agent

    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    def cost(url: str) -> int:
        statements.clear()
        event.listen(Engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        return len(statements)

    def more_drafts(n: int) -> None:
        with desk.factory() as session:
            claim = session.scalar(select(Claim).where(Claim.reference == desk.refs["draft"]))
            for a in session.scalars(select(Agent).where(Agent.collectivite_id == claim.collectivite_id).limit(n)):
                for _twin in range(2):  # two overlapping drafts per agent: both rows of the queue carry a warning
                    copy = service.create(session, collectivite_id=claim.collectivite_id, agent=a,
                                          declared_on=claim.declared_on, category=claim.category,
                                          event_date=claim.event_date, facts={}, message_id=desk.messages["draft"])
                    service.add_period(session, copy, start=claim.event_date, end=None, nature="initial",
                                       message_id=desk.messages["draft"], rules=get_rules())
            session.commit()

    login(client, "gest@cdg.fr")
    before = cost("/sinistres"), cost(f"/sinistres/{desk.refs['draft']}")
    more_drafts(5)
    page = client.get("/sinistres").text
    assert page.count("doublon probable") >= 10
    assert (cost("/sinistres"), cost(f"/sinistres/{desk.refs['draft']}")) == before
