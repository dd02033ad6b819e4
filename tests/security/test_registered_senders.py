"""Only a collectivité's own addresses change its claims from mail (issue 16): an outsider naming the
collectivité, the agent and even the claim's reference only proposes a change, kept « à vérifier » until
a handler applies it (desk and API, audited with the handler as actor). And a file's name alone never
satisfies a mandatory piece. End to end: our SMTP receiver, the worker, the desk on uvicorn over HTTP."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import httpx
import pytest
from sqlalchemy import select

from corpus.documents import make_text_pdf
from intake.store.audit import AuditEntry
from intake.store.claims import Claim
from intake.store.messages import Message
from intake.web.accounts import add_user, assign, create_token
from running import desk_server
from security.conftest import MAILBOX
from security.test_spoofing import PERSONAL, _text

REGISTERED = "rh@mairiebarjac.fr"  # on C48018's mail domain
OUTSIDER = "rh.mairie.barjac@gmail.example"  # nobody's in the registry
START, END = date.today() - timedelta(days=3), date.today() + timedelta(days=8)


def mail(sender: str, subject: str, body: str, attachments: list[tuple[str, bytes, str]] = ()) -> bytes:
    message = EmailMessage()
    message["From"] = f"Service RH <{sender}>"
    message["To"] = MAILBOX
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    message.set_content(body)
    for name, data, subtype in attachments:
        maintype, _, sub = subtype.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=sub, filename=name)
    return message.as_bytes()


def declaration(sender: str = REGISTERED) -> bytes:
    return mail(sender, "Arrêt maladie de Mme RICHARD",
                "Bonjour,\n\nMme Sylvie RICHARD, née le 19/02/2001, est en arrêt maladie "
                f"du {START:%d/%m/%Y} au {END:%d/%m/%Y}.\nLa mairie de Barjac\n\nCordialement,\nLe service RH\n")


def arret_pdf() -> bytes:
    return make_text_pdf("arret_travail", random.Random(16), first_name="SYLVIE", last_name="RICHARD",
                         birth_date=date(2001, 2, 19), start=START, end=END, sex=2, nir="2010248101962")


def pieces(sender: str, reference: str | None) -> bytes:
    subject = f"[{reference}] " if reference else ""
    return mail(sender, subject + "Pièces pour Mme RICHARD",
                "Bonjour,\n\nVeuillez trouver ci-joint l'arrêt de travail de Mme Sylvie RICHARD, née le 19/02/2001.\n"
                "La mairie de Barjac\n", [("arret_travail.pdf", arret_pdf(), "application/pdf")])


@pytest.fixture
def handler(intake, monkeypatch):
    """A gestionnaire of C48018 with an API token, and the desk served over real HTTP."""
    from argon2 import PasswordHasher

    import intake.web.accounts as users

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", lambda: cheap)
    with intake.factory() as session:
        add_user(session, email="gest@cdg.fr", role="gestionnaire", password="correct horse battery")
        assign(session, "gest@cdg.fr", ["C48018"])
        token = create_token(session, "gest@cdg.fr")
        session.commit()
    with desk_server(intake.settings) as base:
        yield base, {"Authorization": f"Bearer {token}"}


def _claim(intake) -> Claim:
    with intake.factory() as session:
        [claim] = session.scalars(select(Claim)).all()
        _ = (claim.documents, claim.periods)  # loaded before the session closes
        return claim


def _audit(intake, claim_id: int) -> list[tuple[str, str]]:
    with intake.factory() as session:
        return [(e.actor, e.action) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "claim", AuditEntry.entity_id == claim_id)
            .order_by(AuditEntry.id))]


@pytest.mark.parametrize("with_reference", [True, False], ids=["reference-in-subject", "no-reference"])
def test_an_outsider_proposes_a_handler_applies(intake, handler, with_reference) -> None:
    base, headers = handler
    intake.exchange(declaration())
    claim = _claim(intake)
    assert claim.missing_documents == ["arret_travail"] and claim.status == "brouillon"
    confirmed = httpx.post(f"{base}/api/claims/{claim.reference}/confirm", headers=headers, timeout=30)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "brouillon"
    history = _audit(intake, claim.id)

    [reply] = intake.exchange(pieces(OUTSIDER, claim.reference if with_reference else None), sender=OUTSIDER)
    text = _text(reply)
    for personal in PERSONAL:
        assert personal not in text, personal  # the outsider learns nothing of the claim either
    after = _claim(intake)
    assert after.missing_documents == ["arret_travail"] and after.status == "brouillon"
    assert after.documents == [] or [d.kind for d in after.documents] == [d.kind for d in claim.documents]
    assert _audit(intake, claim.id) == history  # nothing changed, not even a link
    with intake.factory() as session:
        outsider_message = session.scalars(select(Message).where(Message.from_addr == OUTSIDER)).one()
        assert outsider_message.outcome == "a_verifier"

    listed = httpx.get(f"{base}/api/pending", headers=headers, timeout=30).json()
    [proposal] = listed
    assert proposal["claim"] == claim.reference and proposal["sender"] == OUTSIDER
    assert any("arret_travail" in line for line in proposal["description"])
    applied = httpx.post(f"{base}/api/pending/{proposal['id']}/apply", headers=headers, timeout=30)
    assert applied.status_code == 200 and applied.json()["status"] == "applique"
    again = httpx.post(f"{base}/api/pending/{proposal['id']}/apply", headers=headers, timeout=30)
    assert again.status_code == 409 and "déjà été traitée" in again.json()["detail"]

    final = _claim(intake)
    assert final.missing_documents == [] and final.status == "ouvert"
    assert _audit(intake, claim.id)[-1] == ("gest@cdg.fr", "appliquer_a_verifier")
    assert httpx.get(f"{base}/api/pending", headers=headers, timeout=30).json() == []


def test_a_replayed_proposal_is_not_proposed_twice(intake) -> None:
    from intake.pipeline.runner import drain, replay
    from intake.store.blobs import FileBlobStore
    from intake.store.pending import PendingChange

    intake.exchange(declaration())
    claim = _claim(intake)
    intake.exchange(pieces(OUTSIDER, claim.reference), sender=OUTSIDER)
    with intake.factory() as session:
        message_id = session.scalars(select(Message.id).where(Message.from_addr == OUTSIDER)).one()
    assert replay(intake.factory, message_id)
    drain(intake.factory, FileBlobStore(intake.settings.data_dir), settings=intake.settings)
    with intake.factory() as session:
        assert len(session.scalars(select(PendingChange)).all()) == 1


def test_the_collectivites_own_address_still_completes_its_claim(intake) -> None:
    intake.exchange(declaration())
    claim = _claim(intake)
    intake.exchange(pieces(REGISTERED, claim.reference))
    after = _claim(intake)
    assert after.missing_documents == [] and [d.kind for d in after.documents] == ["arret_travail"]
    assert _audit(intake, claim.id)[-1] == ("intake", "message")


def test_an_outsiders_new_declaration_is_still_drafted_for_handlers(intake) -> None:
    [reply] = intake.exchange(declaration(OUTSIDER), sender=OUTSIDER)
    for personal in PERSONAL:
        assert personal not in _text(reply), personal
    claim = _claim(intake)
    assert claim.status == "brouillon" and claim.collectivite_id is not None


def test_an_outsiders_declaration_sent_again_joins_its_claim_but_another_outsiders_copy_does_not(intake) -> None:
    """The same declaration resent under another Message-ID repeats what its sender already put on the
    claim: it joins it (as a registered sender's would), nothing « à vérifier ». The same words from
    another outsider address are only proposed: that address never wrote about this claim."""
    from intake.store.claims import ClaimMessage
    from intake.store.pending import PendingChange

    intake.exchange(declaration(OUTSIDER), sender=OUTSIDER)
    intake.exchange(declaration(OUTSIDER), sender=OUTSIDER)
    other = "secretariat.barjac@gmail.example"
    intake.exchange(declaration(other), sender=other)
    claim = _claim(intake)
    with intake.factory() as session:
        linked = session.scalars(select(Message.from_addr).join(ClaimMessage, ClaimMessage.message_id == Message.id)
                                 .where(ClaimMessage.claim_id == claim.id)).all()
        proposed = session.scalars(select(PendingChange.sender)).all()
        outcomes = session.scalars(select(Message.outcome).order_by(Message.id)).all()
    assert linked == [OUTSIDER, OUTSIDER] and proposed == [other]
    assert outcomes == ["claims", "claims", "a_verifier"]
    assert len(claim.periods) == 1


def test_the_desk_lists_and_applies_a_proposal(intake, handler) -> None:
    base, _headers = handler
    intake.exchange(declaration())
    claim = _claim(intake)
    intake.exchange(pieces(OUTSIDER, claim.reference), sender=OUTSIDER)
    with httpx.Client(base_url=base, timeout=30) as browser:
        login = browser.get("/login")
        csrf = login.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        assert browser.post("/login", data={"email": "gest@cdg.fr", "password": "correct horse battery",
                                            "csrf": csrf, "next": "/"}).status_code == 303
        page = browser.get("/a-verifier").text
        assert claim.reference in page and OUTSIDER in page and "arret_travail.pdf" in page
        csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        pending_id = page.split('action="/a-verifier/', 1)[1].split("/", 1)[0]
        done = browser.post(f"/a-verifier/{pending_id}/appliquer", data={"csrf": csrf})
        assert done.status_code == 303
    assert _claim(intake).missing_documents == []
    assert _audit(intake, claim.id)[-1] == ("gest@cdg.fr", "appliquer_a_verifier")


@pytest.mark.parametrize("name, data, subtype", [
    ("arret\u202egnp.exe", b"MZ\x90\x00" + bytes(range(256)) * 8, "application/octet-stream"),
    ("arret_de_travail.pdf", b"%PDF-1.4 not really a pdf" + bytes(200), "application/pdf"),
], ids=["bidi-exe", "broken-pdf"])
def test_a_file_name_alone_satisfies_no_piece(intake, name, data, subtype) -> None:
    intake.exchange(declaration())
    claim = _claim(intake)
    intake.exchange(mail(REGISTERED, f"[{claim.reference}] arrêt de travail de Mme RICHARD",
                         "Bonjour,\n\nCi-joint l'arrêt de travail de Mme Sylvie RICHARD, née le 19/02/2001.\n",
                         [(name, data, subtype)]))
    after = _claim(intake)
    assert after.missing_documents == ["arret_travail"]
    [document] = after.documents
    assert document.kind == "autre" and any("nom du fichier" in e for e in document.evidence)


def test_intake_parse_counts_no_piece_from_a_file_name(tmp_path) -> None:
    """The contract's missing_documents agrees with the desk: the name alone satisfies nothing."""
    from intake.identify.match import Registry
    from intake.mail.read import read_message
    from intake.pipeline.parse import analyse_read
    from support import REGISTRY

    raw = mail(REGISTERED, "Arrêt maladie de Mme RICHARD",
               "Bonjour,\n\nMme Sylvie RICHARD, née le 19/02/2001, est en arrêt maladie "
               f"du {START:%d/%m/%Y} au {END:%d/%m/%Y}.\nLa mairie de Barjac\n",
               [("arret\u202egnp.exe", b"MZ\x90\x00" + bytes(range(256)) * 8, "application/octet-stream")])
    from intake.rules import get_rules

    [claim] = analyse_read(read_message(raw), registry=Registry.from_csv_dir(REGISTRY), rules=get_rules())["claims"]
    assert claim["missing_documents"] == ["arret_travail"] and claim["documents"][0]["kind"] == "autre"
