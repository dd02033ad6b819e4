"""The pages with a real session: login, CSRF, cookies, the claim page (escaped mail, PDF pages), actions."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

from sqlalchemy import select

from conftest import PASSWORD, csrf_of, login
from intake.store.audit import AuditEntry
from intake.store.claims import Claim
from intake.store.messages import Message


def test_login_refuses_a_wrong_password_and_a_missing_csrf(client, desk) -> None:
    assert login(client, "gest@cdg.fr", "wrong password").status_code == 401
    assert login(client, "nobody@cdg.fr").status_code == 401
    client.get("/login")
    forged = client.post("/login", data={"email": "gest@cdg.fr", "password": PASSWORD, "csrf": "0" * 64})
    assert forged.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303


def test_session_cookie_flags_and_secure_behind_tls(client, desk) -> None:
    response = login(client, "gest@cdg.fr")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax") and "Secure" not in cookie
    client.cookies.clear()
    page = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in page.headers["set-cookie"]


def test_secure_cookies_setting_marks_every_session_cookie_secure(desk, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    from intake.settings import get_settings
    from intake.web.app import create_app

    monkeypatch.setenv("INTAKE_SECURE_COOKIES", "true")
    get_settings.cache_clear()
    with TestClient(create_app(get_settings())) as behind_tls:
        assert "Secure" in behind_tls.get("/login").headers["set-cookie"]


def test_login_never_redirects_off_site(client, desk) -> None:
    page = client.get("/login")
    response = client.post("/login", data={"email": "gest@cdg.fr", "password": PASSWORD, "csrf": csrf_of(page.text),
                                            "next": "//evil.example/"}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_claim_page_shows_the_mail_as_text_and_the_pdf_as_images(client, desk) -> None:
    login(client, "gest@cdg.fr")
    page = client.get(f"/sinistres/{desk.refs['draft']}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert" in page.text
    assert "<mark>" in page.text  # the stop's dates the agent read are highlighted in the body
    image = f"/pieces/{desk.documents['draft']}/page/0.png"
    assert image in page.text
    png = client.get(image)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    cached = list((desk.settings.data_dir / "blobs").rglob("*.page0.png"))
    assert len(cached) == 1 and cached[0].read_bytes() == png.content
    assert client.get(f"/pieces/{desk.documents['draft']}/page/7.png").status_code == 404
    download = client.get(f"/pieces/{desk.documents['draft']}")
    assert download.content.startswith(b"%PDF") and "attachment" in download.headers["content-disposition"]


def test_confirm_correct_close_through_the_forms(client, desk) -> None:
    login(client, "gest@cdg.fr")
    ref = desk.refs["wrong"]
    page = client.get(f"/sinistres/{ref}")
    assert desk.agents["a1"][1] in page.text  # the right agent is offered among the candidates
    csrf = csrf_of(page.text)
    assert client.post(f"/sinistres/{ref}/corriger", data={"agent": desk.agents["a1"][0]}).status_code == 403
    client.post(f"/sinistres/{ref}/corriger", data={"csrf": csrf, "agent": desk.agents["a1"][0]})
    client.post(f"/sinistres/{ref}/confirmer", data={"csrf": csrf})
    page = client.get(f"/sinistres/{ref}")
    assert "Sinistre ouvert" in page.text and f"({desk.agents['a1'][0]})" in page.text
    refused = client.post(f"/sinistres/{ref}/clore", data={"csrf": csrf, "reprise": "1999-01-01"})
    assert "Refusé" in refused.text
    reprise = date.today() + timedelta(days=11)
    closed = client.post(f"/sinistres/{ref}/clore", data={"csrf": csrf, "reprise": reprise.isoformat()})
    assert "Sinistre clos" in closed.text and "s-clos" in closed.text
    with desk.factory() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).where(AuditEntry.entity == "claim",
                                                                              AuditEntry.actor == "gest@cdg.fr"))]
    assert actions == ["corriger", "confirmer", "clore"]


def test_a_draft_takes_a_reprise_date_on_the_desk(client, desk) -> None:
    """Issue 18: a draft could not take a reprise date at all (reminders kept asking for it)."""
    login(client, "gest@cdg.fr")
    ref = desk.refs["draft"]
    page = client.get(f"/sinistres/{ref}")
    assert "Enregistrer la reprise" in page.text and "Reçue le" in page.text
    reprise = date.today() + timedelta(days=30)
    done = client.post(f"/sinistres/{ref}/clore", data={"csrf": csrf_of(page.text), "reprise": reprise.isoformat()})
    assert "reste à confirmer" in done.text
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == ref))
        assert claim.status == "brouillon" and claim.reprise == reprise


def test_queue_filters_search_and_pages(client, desk) -> None:
    login(client, "admin@cdg.fr")
    queue = client.get("/sinistres")
    assert all(ref in queue.text for ref in desk.refs.values())
    assert queue.text.index(desk.refs["other"]) < queue.text.index(desk.refs["draft"])  # newest first
    mine = client.get("/sinistres", params={"collectivite": desk.mine})
    assert desk.refs["other"] not in mine.text and desk.refs["draft"] in mine.text
    by_name = client.get("/sinistres", params={"q": desk.agents["b1"][1].lower(), "status": ""})
    assert desk.refs["other"] in by_name.text
    flagged = client.get("/sinistres", params={"flag": "hors_delai"})
    assert "Aucun sinistre" in flagged.text
    assert client.get("/sinistres", params={"status": "ouvert"}).text.count("data-reference") == 0


def test_desk_pages_and_replay(client, desk) -> None:
    with desk.factory() as session:
        session.get(Message, desk.messages["other"]).status = "failed"
        session.commit()
    login(client, "gest@cdg.fr")
    assert "#%d" % desk.messages["other"] not in client.get("/messages").text  # not theirs
    for path in ("/", "/manquants", "/envois", f"/messages/{desk.messages['draft']}"):
        assert client.get(path).status_code == 200, path
    client.cookies.clear()
    login(client, "admin@cdg.fr")
    listing = client.get("/messages")
    assert f"#{desk.messages['other']}" in listing.text
    replayed = client.post(f"/messages/{desk.messages['other']}/rejouer", data={"csrf": csrf_of(listing.text)})
    assert "remis en traitement" in replayed.text
    with desk.factory() as session:
        assert session.get(Message, desk.messages["other"]).status == "received"


def test_cli_user_add_assign_and_token(desk) -> None:
    run = [sys.executable, "-m", "intake.cli"]
    added = subprocess.run(run + ["user", "add", "new@cdg.fr", "--role", "gestionnaire"], input="un mot de passe\n",
                           capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    again = subprocess.run(run + ["user", "add", "new@cdg.fr", "--role", "gestionnaire"], input="un mot de passe\n",
                           capture_output=True, text=True)
    assert again.returncode == 1 and "existe déjà" in again.stderr
    assigned = subprocess.run(run + ["user", "assign", "new@cdg.fr", desk.other], capture_output=True, text=True)
    assert assigned.returncode == 0, assigned.stderr
    bad = subprocess.run(run + ["user", "assign", "new@cdg.fr", "NOPE"], capture_output=True, text=True)
    assert bad.returncode == 1 and "inconnue" in bad.stderr
    token = subprocess.run(run + ["token", "create", "new@cdg.fr"], capture_output=True, text=True).stdout.strip()
    from fastapi.testclient import TestClient

    from intake.web.app import create_app

    with TestClient(create_app(desk.settings)) as client:
        seen = client.get("/api/claims", headers={"Authorization": f"Bearer {token}"}).json()
    assert [c["reference"] for c in seen] == [desk.refs["other"]]


def test_missing_documents_view_lists_only_claims_waiting_for_pieces(client, desk) -> None:
    requalified = client.post(f"/api/claims/{desk.refs['draft']}/requalify", json={"category": "longue_maladie"},
                              headers=desk.headers("admin"))
    assert requalified.status_code == 200
    login(client, "admin@cdg.fr")
    view = client.get("/manquants").text
    assert desk.refs["draft"] in view and "conseil médical" in view.lower()
    assert desk.refs["wrong"] not in view and desk.refs["other"] not in view


def test_registry_search_stays_within_the_claims_collectivite(client, desk) -> None:
    login(client, "gest@cdg.fr")
    ref = desk.refs["draft"]
    found = client.get(f"/sinistres/{ref}", params={"agent_q": desk.agents["a2"][1]})
    assert f'value="{desk.agents["a2"][0]}"' in found.text
    other = client.get(f"/sinistres/{ref}", params={"agent_q": desk.agents["b1"][1]})
    assert f'value="{desk.agents["b1"][0]}"' not in other.text


def test_api_through_a_browser_session_needs_the_csrf_header(client, desk) -> None:
    login(client, "gest@cdg.fr")
    ref = desk.refs["draft"]
    assert client.get(f"/api/claims/{ref}").status_code == 200
    assert client.post(f"/api/claims/{ref}/confirm").status_code == 403
    csrf = csrf_of(client.get("/").text)
    assert client.post(f"/api/claims/{ref}/confirm", headers={"X-CSRF-Token": csrf}).status_code == 200


def test_a_photographed_piece_is_shown_as_an_image(client, desk) -> None:
    import io

    from PIL import Image

    from intake.store.claims import Claim, Document

    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buffer, format="JPEG")
    digest = desk.blobs.put(buffer.getvalue())
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == desk.refs["draft"]))
        photo = Document(claim_id=claim.id, filename="photo.jpg", kind="arret_travail", sha256=digest,
                         size=len(buffer.getvalue()), content_type="image/jpeg", ocr=True, evidence=[])
        session.add(photo)
        session.commit()
        photo_id = photo.id
    login(client, "gest@cdg.fr")
    assert f"/pieces/{photo_id}/page/0.png" in client.get(f"/sinistres/{desk.refs['draft']}").text
    png = client.get(f"/pieces/{photo_id}/page/0.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client.get(f"/pieces/{photo_id}/page/1.png").status_code == 404


def test_correct_period_dates_nature_and_document_kind(client, desk) -> None:
    from intake.store.claims import Claim

    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == desk.refs["draft"]))
        period_id, document_id = claim.periods[0].id, claim.documents[0].id
    login(client, "gest@cdg.fr")
    page = client.get(f"/sinistres/{desk.refs['draft']}")
    start, end = date.today() - timedelta(days=2), date.today() + timedelta(days=20)
    form = {"csrf": csrf_of(page.text), f"start_{period_id}": start.isoformat(), f"end_{period_id}": end.isoformat(),
            f"nature_{period_id}": "initial", f"kind_{document_id}": "certificat_medical"}
    done = client.post(f"/sinistres/{desk.refs['draft']}/corriger", data=form)
    assert "Corrigé" in done.text
    claim = client.get(f"/api/claims/{desk.refs['draft']}", headers=desk.headers("gest")).json()
    [period] = claim["periods"]
    assert (period["start"], period["end"], period["nature"]) == (start.isoformat(), end.isoformat(), "initial")
    assert claim["documents"][0]["kind"] == "certificat_medical"
    assert claim["missing_documents"] == ["arret_travail"]  # recomputed by the rules
    backwards = dict(form, **{f"end_{period_id}": (start - timedelta(days=1)).isoformat()})
    assert "précède" in client.post(f"/sinistres/{desk.refs['draft']}/corriger", data=backwards).text


def test_admin_assigns_a_collectivite_audited_and_gestionnaires_cannot(client, desk) -> None:
    login(client, "gest@cdg.fr")
    assert client.get("/admin/affectations").status_code == 404
    client.cookies.clear()
    login(client, "admin@cdg.fr")
    page = client.get("/admin/affectations")
    assert page.status_code == 200
    done = client.post("/admin/affectations", data={"csrf": csrf_of(page.text), "email": "gest@cdg.fr",
                                                    "code": desk.other, "do": "confier"})
    assert f"{desk.other} confiée" in done.text
    assert client.get(f"/api/claims/{desk.refs['other']}", headers=desk.headers("gest")).status_code == 200
    client.post("/admin/affectations", data={"csrf": csrf_of(page.text), "email": "gest@cdg.fr",
                                             "code": desk.other, "do": "retirer"})
    assert client.get(f"/api/claims/{desk.refs['other']}", headers=desk.headers("gest")).status_code == 404
    with desk.factory() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "user",
                                                           AuditEntry.actor == "admin@cdg.fr")).all()
        assert [e.action for e in entries][-2:] == ["affecter", "retirer"]
        assert desk.other in entries[-2].after["collectivites"] and desk.other not in entries[-1].after["collectivites"]
