"""The JSON API of contract.md on SQLite and PostgreSQL: fields, actions through the rules, isolation."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from intake.store.audit import AuditEntry
from intake.store.claims import Claim


def test_every_call_needs_a_login_or_a_token(client, desk) -> None:
    assert client.get("/api/claims").status_code == 401
    assert client.get("/api/claims", headers={"Authorization": "Bearer itk_nope"}).status_code == 401
    assert client.get(f"/api/claims/{desk.refs['draft']}").status_code == 401
    assert client.get("/api/outbox").status_code == 401
    assert client.get("/sinistres", follow_redirects=False).status_code == 303


def test_list_gives_the_contract_fields_newest_first(client, desk) -> None:
    response = client.get("/api/claims", headers=desk.headers("admin"))
    assert response.status_code == 200
    claims = response.json()
    assert [c["reference"] for c in claims] == [desk.refs["other"], desk.refs["wrong"], desk.refs["draft"]]
    first = next(c for c in claims if c["reference"] == desk.refs["draft"])
    for key in ("reference", "status", "collectivite", "agent", "category", "periods", "documents",
                "missing_documents", "flags", "deadlines"):
        assert key in first
    assert first["status"] == "brouillon" and first["collectivite"] == desk.mine
    assert first["agent"] == desk.agents["a1"][0] and first["category"] == "maladie_ordinaire"
    assert first["documents"] == [{"kind": "arret_travail", "filename": "arret.pdf"}]
    assert first["missing_documents"] == [] and first["periods"][0]["nature"] == "initial"
    assert date.fromisoformat(first["deadlines"]["documents"]) > date.today()


def test_filters_status_collectivite_agent(client, desk) -> None:
    admin = desk.headers("admin")
    mine = client.get("/api/claims", params={"collectivite": desk.mine}, headers=admin).json()
    assert {c["reference"] for c in mine} == {desk.refs["draft"], desk.refs["wrong"]}
    by_agent = client.get("/api/claims", params={"agent": desk.agents["b1"][0]}, headers=admin).json()
    assert [c["reference"] for c in by_agent] == [desk.refs["other"]]
    assert client.get("/api/claims", params={"status": "ouvert"}, headers=admin).json() == []
    page = client.get("/api/claims", params={"limit": 2}, headers=admin)
    assert len(page.json()) == 2 and page.headers["X-Next-Cursor"]
    rest = client.get("/api/claims", params={"limit": 2, "after": page.headers["X-Next-Cursor"]}, headers=admin)
    assert [c["reference"] for c in rest.json()] == [desk.refs["draft"]]


def test_confirm_opens_a_complete_draft_then_close_and_audit(client, desk) -> None:
    gest, ref = desk.headers("gest"), desk.refs["draft"]
    confirmed = client.post(f"/api/claims/{ref}/confirm", headers=gest)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "ouvert"
    again = client.post(f"/api/claims/{ref}/confirm", headers=gest)
    assert again.status_code == 409 and "impossible" in again.json()["detail"]
    too_early = client.post(f"/api/claims/{ref}/close", json={"reprise": "2000-01-01"}, headers=gest)
    assert too_early.status_code == 409 and "précède" in too_early.json()["detail"]
    assert client.post(f"/api/claims/{ref}/close", json={"reprise": "demain"}, headers=gest).status_code == 422
    reprise = (date.today() + timedelta(days=11)).isoformat()
    closed = client.post(f"/api/claims/{ref}/close", json={"reprise": reprise}, headers=gest)
    assert closed.status_code == 200 and closed.json()["status"] == "clos" and closed.json()["reprise"] == reprise
    detail = client.get(f"/api/claims/{ref}", headers=gest).json()
    actions = [(h["action"], h["actor"], h["before"]["status"], h["after"]["status"]) for h in detail["history"]]
    assert actions == [("confirmer", "gest@cdg.fr", "brouillon", "ouvert"), ("clore", "gest@cdg.fr", "ouvert", "clos")]
    assert detail["messages"][0]["id"] == desk.messages["draft"] and detail["messages"][0]["role"] == "declaration"


def test_reject_needs_a_reason_and_requalify_recomputes_pieces(client, desk) -> None:
    gest = desk.headers("gest")
    assert client.post(f"/api/claims/{desk.refs['wrong']}/reject", json={}, headers=gest).status_code == 422
    rejected = client.post(f"/api/claims/{desk.refs['wrong']}/reject", json={"reason": "doublon"}, headers=gest)
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejete"
    requalified = client.post(f"/api/claims/{desk.refs['draft']}/requalify", json={"category": "longue_maladie"},
                              headers=gest)
    assert requalified.status_code == 200, requalified.text
    body = requalified.json()
    assert body["category"] == "longue_maladie" and "avis_conseil_medical" in body["missing_documents"]
    unknown = client.post(f"/api/claims/{desk.refs['draft']}/requalify", json={"category": "grippe"}, headers=gest)
    assert unknown.status_code == 409 and "inconnue" in unknown.json()["detail"]


def test_correct_the_agent_is_audited(client, desk) -> None:
    ref, right = desk.refs["wrong"], desk.agents["a1"][0]
    before = client.get(f"/api/claims/{ref}", headers=desk.headers("gest")).json()
    assert before["agent"] == desk.agents["a2"][0]
    fixed = client.post(f"/api/claims/{ref}/correct", json={"agent": right}, headers=desk.headers("gest"))
    assert fixed.status_code == 200 and fixed.json()["agent"] == right
    elsewhere = client.post(f"/api/claims/{ref}/correct", json={"agent": desk.agents["b1"][0]},
                            headers=desk.headers("gest"))
    assert elsewhere.status_code == 409  # an agent of another collectivité is never linked
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == ref))
        entry = session.scalar(select(AuditEntry).where(AuditEntry.entity_id == claim.id,
                                                        AuditEntry.action == "corriger"))
        assert entry.actor == "gest@cdg.fr" and entry.before["agent_id"] != entry.after["agent_id"]


def test_message_and_outbox(client, desk) -> None:
    message = client.get(f"/api/messages/{desk.messages['draft']}", headers=desk.headers("gest"))
    assert message.status_code == 200
    assert message.json()["claims"] == [desk.refs["draft"]] and message.json()["status"] == "received"
    assert client.get("/api/outbox", headers=desk.headers("gest")).json() == []


def test_a_gestionnaire_gets_404_on_another_collectivite_everywhere(client, desk) -> None:
    from conftest import login

    ref, gest = desk.refs["other"], desk.headers("gest")
    assert client.get(f"/api/claims/{ref}", headers=gest).status_code == 404
    assert client.get("/api/claims/SIN-0000-99999", headers=gest).status_code == 404
    for action, body in (("confirm", None), ("reject", {"reason": "x"}), ("close", {"reprise": "2030-01-01"}),
                         ("requalify", {"category": "longue_maladie"}), ("correct", {"category": "maternite"})):
        assert client.post(f"/api/claims/{ref}/{action}", json=body, headers=gest).status_code == 404
    assert client.get(f"/api/messages/{desk.messages['other']}", headers=gest).status_code == 404
    listed = client.get("/api/claims", headers=gest).json()
    assert ref not in [c["reference"] for c in listed] and len(listed) == 2
    assert client.get("/api/claims", params={"q": ref}, headers=gest).json() == []
    # The same through the pages of a logged-in gestionnaire.
    assert login(client, "gest@cdg.fr").status_code == 303
    assert client.get(f"/sinistres/{ref}").status_code == 404
    assert client.get(f"/pieces/{desk.documents['other']}").status_code == 404
    assert client.get(f"/pieces/{desk.documents['other']}/page/0.png").status_code == 404
    assert client.get(f"/messages/{desk.messages['other']}").status_code == 404
    search = client.get("/sinistres", params={"q": desk.agents["b1"][1], "status": ""})
    assert search.status_code == 200 and ref not in search.text
    assert desk.refs["draft"] in client.get("/sinistres", params={"q": desk.refs["draft"], "status": ""}).text
    # Another gestionnaire sees it; the admin sees all.
    assert client.get(f"/api/claims/{ref}", headers=desk.headers("autre")).status_code == 200
    assert client.get(f"/api/claims/{ref}", headers=desk.headers("admin")).status_code == 200
