"""What a person reads is French: error pages, API errors with a stable code, labels for codes, the history."""

from __future__ import annotations

import re

from conftest import csrf_of, login
from intake.domain import ReplyKind
from intake.store.messages import MessageStatus
from intake.store.outbox import OutboxStatus
from intake.web import labels

RAW = re.compile(r"\b(None|True|False|agent_id|event_date|missing_documents)\b|\['")


def test_every_status_and_reply_kind_has_a_french_label() -> None:
    for code in (OutboxStatus.PENDING, OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.BOUNCED, "grouped"):
        assert labels.OUTBOX_STATUS_LABELS[code] != code
    for code in (MessageStatus.RECEIVED, MessageStatus.PROCESSING, MessageStatus.PROCESSED, MessageStatus.FAILED):
        assert labels.MESSAGE_STATUS_LABELS[code] != code
    assert all(kind in labels.MAIL_KIND_LABELS and "_" not in labels.MAIL_KIND_LABELS[kind] for kind in ReplyKind)
    assert labels.code_label(labels.AUDIT_ACTION_LABELS, "une_action_future") == "une action future"


def test_pages_answer_errors_as_french_html(client, desk) -> None:
    login(client, "gest@cdg.fr")
    for url in ("/sinistres/SIN-1999-99999", "/messages/abc", "/messages/999999999", "/nulle-part"):
        page = client.get(url)
        assert page.status_code == 404, url
        assert page.headers["content-type"].startswith("text/html") and "introuvable" in page.text.lower(), url
        assert "detail" not in page.text and "Not Found" not in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_api_errors_carry_a_code_and_a_french_message(client, desk) -> None:
    gest = desk.headers("gest")
    missing = client.get("/api/claims/SIN-1999-99999", headers=gest)
    assert missing.status_code == 404 and missing.json()["code"] == "introuvable"
    assert "introuvable" in missing.json()["message"].lower()
    bad = client.get("/api/messages/abc", headers=gest)
    assert bad.status_code == 422 and bad.json()["code"] == "requete_invalide"
    assert "nombre entier attendu" in bad.json()["message"]
    ref = desk.refs["draft"]
    empty = client.post(f"/api/claims/{ref}/reject", headers=gest, json={})
    body = empty.json()
    assert empty.status_code == 422 and "reason : champ obligatoire" in body["message"]
    assert body["detail"][0]["loc"] == ["body", "reason"]  # the contract's shape stays
    date = client.post(f"/api/claims/{ref}/close", headers=gest, json={"reprise": "demain"})
    assert date.status_code == 422 and "AAAA-MM-JJ" in date.json()["message"]
    refused = client.post(f"/api/claims/{ref}/requalify", headers=gest, json={"category": "x" * 41})
    assert "au plus 40 caractères" in refused.json()["message"]
    anonymous = client.get("/api/claims")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "authentification_requise"
    action = client.post(f"/api/claims/{ref}/close", headers=gest, json={"reprise": "1999-01-01"})
    assert action.status_code == 409 and action.json()["code"] == "action_refusee"
    assert action.json()["message"] == action.json()["detail"]


def test_history_names_fields_and_agents_in_french(client, desk) -> None:
    login(client, "gest@cdg.fr")
    ref = desk.refs["wrong"]
    page = client.get(f"/sinistres/{ref}")
    client.post(f"/sinistres/{ref}/corriger", data={"csrf": csrf_of(page.text), "agent": desk.agents["a1"][0]})
    page = client.get(f"/sinistres/{ref}")
    history = page.text.split('class="history"', 1)[1].split("</ol>", 1)[0]
    assert "<strong>correction</strong>" in history
    change = re.search(r"agent : ([^<]+) → ([^<]+)</small>", history)
    assert change and desk.agents["a1"][1] in change.group(2), history
    assert not RAW.search(history), RAW.search(history)


def test_assignments_show_collectivite_names_beside_codes(client, desk) -> None:
    from sqlalchemy import select

    from intake.store.models import Collectivite

    login(client, "admin@cdg.fr")
    page = client.get("/admin/affectations")
    with desk.factory() as session:
        name = session.scalar(select(Collectivite.name).where(Collectivite.code == desk.mine))
    row = page.text.split('data-user="gest@cdg.fr"', 1)[1].split("</tr>", 1)[0]
    assert f"{name} <small>({desk.mine})</small>" in row.replace("&#39;", "'")
    assert "administrateur" in page.text
