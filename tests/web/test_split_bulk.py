"""Splitting a claim (the chosen pieces and periods become a new draft, both audited) and bulk confirmation of
the complete drafts at or above the admin's threshold (stored in the database, admin-only, each claim audited),
through the API and the desk's routes, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from conftest import csrf_of, login
from intake.store.audit import AuditEntry
from intake.store.claims import Claim
from intake.store.desk import DeskSetting


def _claim(desk, reference: str) -> dict:
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        history = session.scalars(select(AuditEntry).where(AuditEntry.entity == "claim",
                                                           AuditEntry.entity_id == claim.id)).all()
        return {"status": claim.status, "agent": claim.agent.matricule if claim.agent else None,
                "documents": [d.filename for d in claim.documents], "periods": [p.start for p in claim.periods],
                "history": [(h.action, h.actor, h.reason or "") for h in history], "collectivite": claim.collectivite_id}


def test_split_moves_the_chosen_period_and_piece_to_a_new_draft(client, desk):
    headers = desk.headers("gest")
    ref = desk.refs["wrong"]
    second = date.today() + timedelta(days=40)
    added = client.post(f"/api/claims/{ref}/periods", headers=headers,
                        json={"start": second.isoformat(), "end": (second + timedelta(days=5)).isoformat(),
                              "nature": "initial"})
    assert added.status_code == 200, added.text
    detail = client.get(f"/api/claims/{ref}", headers=headers).json()
    assert len(detail["periods"]) == 2
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == ref))
        period_id = next(p.id for p in claim.periods if p.start == second)
        document_id = claim.documents[0].id

    # Refused: an agent of another collectivité, everything chosen, an unknown field.
    foreign = client.post(f"/api/claims/{ref}/split", headers=headers,
                          json={"periods": [period_id], "agent": desk.agents["b1"][0]})
    assert foreign.status_code == 409 and "Aucun agent de matricule" in foreign.json()["message"]
    assert client.post(f"/api/claims/{ref}/split", headers=headers,
                       json={"periods": [period_id, detail_period_ids(desk, ref)[0]], "documents": [document_id]}
                       ).status_code == 409
    assert client.post(f"/api/claims/{ref}/split", headers=headers, json={"claims": []}).status_code == 422
    # Another collectivité's handler does not find it.
    assert client.post(f"/api/claims/{ref}/split", headers=desk.headers("autre"),
                       json={"periods": [period_id]}).status_code == 404

    split = client.post(f"/api/claims/{ref}/split", headers=headers,
                        json={"periods": [period_id], "agent": desk.agents["a2"][0]})
    assert split.status_code == 200, split.text
    new = split.json()["reference"]
    assert new != ref and split.json()["agent"] == desk.agents["a2"][0]
    source, created = _claim(desk, ref), _claim(desk, new)
    assert created["periods"] == [second] and second not in source["periods"] and len(source["periods"]) == 1
    assert source["documents"] == ["arret.pdf"] and created["collectivite"] == source["collectivite"]
    assert any(a == "scinder" and who == "gest@cdg.fr" and new in why for a, who, why in source["history"])
    assert any(a == "ne_de_scission" and ref in why for a, _who, why in created["history"])


def detail_period_ids(desk, reference: str) -> list[int]:
    with desk.factory() as session:
        return [p.id for p in session.scalar(select(Claim).where(Claim.reference == reference)).periods]


def test_split_from_the_desk_form(client, desk):
    ref = desk.refs["wrong"]
    headers = desk.headers("gest")
    second = date.today() + timedelta(days=40)
    client.post(f"/api/claims/{ref}/periods", headers=headers, json={"start": second.isoformat(), "nature": "initial"})
    period_id = next(i for i in detail_period_ids(desk, ref) if i != detail_period_ids(desk, ref)[0])
    login(client, "gest@cdg.fr")
    page = client.get(f"/sinistres/{ref}").text
    assert 'id="split"' in page and "Scinder" in page
    done = client.post(f"/sinistres/{ref}/reparer/scinder", data={"csrf": csrf_of(page), f"periode_{period_id}": "1"},
                       follow_redirects=False)
    assert done.status_code == 303
    new = done.headers["location"].rsplit("/", 1)[1]
    assert new != ref and _claim(desk, new)["agent"] is None  # no agent given: to identify
    assert "scindé" in client.get(done.headers["location"]).text


def test_bulk_confirmation_follows_the_admins_threshold(client, desk):
    draft, wrong, other = desk.refs["draft"], desk.refs["wrong"], desk.refs["other"]
    login(client, "gest@cdg.fr")
    queue = client.get("/sinistres").text
    assert 'id="bulk-confirm"' not in queue  # no threshold set: no button
    refused = client.post("/sinistres/confirmer-complets", data={"csrf": csrf_of(queue)})
    assert "désactivée" in refused.text and _claim(desk, draft)["status"] == "brouillon"
    # Only an admin sets it.
    assert client.get("/admin/reglages").status_code == 404
    assert client.post("/admin/reglages", data={"csrf": csrf_of(queue), "seuil": "50"}).status_code == 404

    login(client, "admin@cdg.fr")
    settings = client.get("/admin/reglages").text
    assert "aucun" in settings.split('id="current-threshold"', 1)[1][:200]
    low = client.post("/admin/reglages", data={"csrf": csrf_of(settings), "seuil": "20"})
    assert "Refusé" in low.text
    client.post("/admin/reglages", data={"csrf": csrf_of(settings), "seuil": "90"})
    with desk.factory() as session:
        assert session.get(DeskSetting, "seuil_confirmation_groupee").value == 0.9
        change = session.scalars(select(AuditEntry).where(AuditEntry.action == "regler_seuil")).one()
        assert change.actor == "admin@cdg.fr" and change.after == {"seuil": 0.9}

    login(client, "gest@cdg.fr")
    queue = client.get("/sinistres").text
    assert 'id="bulk-confirm"' in queue and "90" in queue.split('id="bulk-confirm"', 1)[1][:600]
    done = client.post("/sinistres/confirmer-complets", data={"csrf": csrf_of(queue)})
    flash = done.text.split("class=\"flash\"", 1)[-1][:400]
    assert "1 sinistre(s) confirmé(s)" in flash and draft in flash, flash
    confirmed = _claim(desk, draft)
    assert confirmed["status"] == "ouvert"
    assert any(a == "confirmer" and who == "gest@cdg.fr" and "confirmation groupée" in why and "90 %" in why
               for a, who, why in confirmed["history"])
    assert _claim(desk, wrong)["status"] == "brouillon"  # agent at 55 %: below the threshold
    assert _claim(desk, other)["status"] == "brouillon"  # another collectivité's: not the caller's to confirm
