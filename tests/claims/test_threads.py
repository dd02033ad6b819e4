"""Which claim a message answers: its reference in the subject, our Message-ID, the signed plus-address;
never a claim of another collectivité."""

from __future__ import annotations

from datetime import date

from intake.claims.service import create
from intake.claims.threads import explicit_thread
from intake.mail.tokens import plus_address
from intake.store.messages import Message
from intake.store.models import Collectivite

MAILBOX = "prestations@cdg-exemple.fr"


def _claim(session, code: str):
    collectivite = Collectivite(code=code, name=f"Mairie {code}")
    message = Message(message_id=f"<{code}@test>", sha256=code[-1] * 64, size=1, source="smtp")
    session.add_all([collectivite, message])
    session.flush()
    claim = create(session, collectivite_id=collectivite.id, agent=None, declared_on=date(2025, 3, 3),
                   category="maladie_ordinaire", event_date=date(2025, 3, 1), facts={}, message_id=message.id)
    return collectivite.id, claim


def _thread(session, collectivite_id, *, subject="", recipients=()):
    return explicit_thread(session, subject=subject, message_ids=[], recipients=list(recipients), mailbox=MAILBOX,
                           collectivite_id=collectivite_id)


def test_the_reference_in_the_subject_whatever_its_case(session):
    own, claim = _claim(session, "T1")
    thread = _thread(session, own, subject=f"RE: pièces du dossier [{claim.reference.lower()}]")
    assert thread is not None and thread.claim_id == claim.id
    assert thread.reason == f"référence {claim.reference} dans l'objet"


def test_another_collectivites_reference_is_no_thread(session):
    _, claim = _claim(session, "T2")
    other, _ = _claim(session, "T3")
    assert _thread(session, other, subject=f"RE: {claim.reference}") is None


def test_the_signed_plus_address_and_not_a_forged_one(session, settings_env):
    own, claim = _claim(session, "T4")
    signed = plus_address(MAILBOX, claim.reference)
    thread = _thread(session, own, recipients=[f"Service prestations <{signed}>"])
    assert thread is not None and thread.claim_id == claim.id
    forged = signed.replace("+", "+x", 1)
    assert _thread(session, own, recipients=[forged]) is None
