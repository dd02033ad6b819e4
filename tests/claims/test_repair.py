"""Repair actions on the claim service (SQLite and PostgreSQL): attach a message, move a piece, merge two
claims, add and remove a period; each refused in French when it must be, each in the audit log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from intake.claims import repair, service
from intake.claims.service import ActionRefused, StoredFile
from intake.domain import ClaimStatus
from intake.rules import get_rules
from intake.store.audit import AuditEntry
from intake.store.claims import ClaimMessage
from intake.store.messages import Message
from intake.store.models import Agent, Collectivite

HANDLER = "gest@cdg.fr"
ARRET = StoredFile("arret.pdf", "arret_travail", "a" * 64, 10, "application/pdf", False)
OTHER_PIECE = StoredFile("scan.pdf", "arret_travail", "b" * 64, 10, "application/pdf", False)


@pytest.fixture
def world(session):
    """Two collectivités, two agents in the first, one in the second; a message factory."""
    t1, t2 = Collectivite(code="R1", name="Mairie R1"), Collectivite(code="R2", name="Mairie R2")
    session.add_all([t1, t2])
    session.flush()
    agents = {name: Agent(collectivite_id=coll.id, matricule=name, nir=f"1800101{i:06d}", last_name=name.upper(),
                          first_name="Test", birth_date=date(1980, 1, 1), regime="CNRACL", status="titulaire")
              for i, (name, coll) in enumerate([("a1", t1), ("a2", t1), ("b1", t2)])}
    session.add_all(agents.values())
    session.flush()
    counter = iter(range(1, 1000))

    def message(code: str | None = "R1") -> Message:
        n = next(counter)
        m = Message(message_id=f"<m{n}@test>", sha256=f"{n:064x}", size=1, source="smtp",
                    analysis={"collectivite": code} if code else None)
        session.add(m)
        session.flush()
        return m

    def claim(coll=t1, agent="a1", start=date(2025, 3, 3), end=date(2025, 3, 20), files=(ARRET,)):
        m = message(coll.code)
        c = service.create(session, collectivite_id=coll.id, agent=agents[agent], declared_on=date(2025, 3, 4),
                           category="maladie_ordinaire", event_date=start, facts={}, message_id=m.id)
        service.add_period(session, c, start=start, end=end, nature="initial", message_id=m.id, rules=get_rules())
        service.attach(session, c, list(files), message_id=m.id, rules=get_rules())
        service.refresh(session, c, get_rules())
        session.flush()
        return c

    return {"t1": t1, "t2": t2, "message": message, "claim": claim}


def _actions(session, claim) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == claim.id)
                                .order_by(AuditEntry.id)))


def test_attach_a_message_brings_its_pieces_and_recomputes_missing(session, world):
    rules = get_rules()
    claim = world["claim"](files=())
    assert "arret_travail" in claim.missing_documents
    other = world["message"]("R1")
    added = repair.attach_message(session, claim=claim, message=other, files=[ARRET], by=HANDLER, rules=rules)
    assert added == 1 and "arret_travail" not in claim.missing_documents
    assert session.scalar(select(ClaimMessage.role).where(ClaimMessage.claim_id == claim.id,
                                                          ClaimMessage.message_id == other.id)) == "documents"
    entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == claim.id)
                            .order_by(AuditEntry.id.desc())).first()
    assert (entry.actor, entry.action) == (HANDLER, repair.RepairAction.RATTACHER_MESSAGE)
    assert "arret_travail" in entry.before["missing_documents"] and entry.after["documents"] == ["arret_travail"]


def test_a_message_of_another_collectivite_is_refused(session, world):
    claim = world["claim"](files=())
    for foreign in (world["message"]("R2"), world["message"](None)):
        with pytest.raises(ActionRefused, match="collectivité du sinistre"):
            repair.attach_message(session, claim=claim, message=foreign, files=[ARRET], by=HANDLER, rules=get_rules())
    assert claim.documents == []


def test_move_a_piece_between_claims_of_one_collectivite(session, world):
    rules = get_rules()
    source = world["claim"]()
    target = world["claim"](agent="a2", files=())
    document = source.documents[0]
    repair.move_document(session, document=document, target=target, by=HANDLER, rules=rules)
    session.flush()
    assert [d.id for d in target.documents] == [document.id] and source.documents == []
    assert "arret_travail" in source.missing_documents and "arret_travail" not in target.missing_documents
    assert document.period_id == target.periods[0].id
    assert _actions(session, source)[-1] == repair.RepairAction.DEPLACER_PIECE
    assert _actions(session, target)[-1] == repair.RepairAction.RECEVOIR_PIECE


def test_moving_a_piece_is_refused_across_collectivites_and_onto_its_copy(session, world):
    source = world["claim"]()
    foreign = world["claim"](coll=world["t2"], agent="b1", files=())
    with pytest.raises(ActionRefused, match="collectivité"):
        repair.move_document(session, document=source.documents[0], target=foreign, by=HANDLER, rules=get_rules())
    copy = world["claim"](agent="a2")  # the same file (same sha256) on file already
    with pytest.raises(ActionRefused, match="a déjà cette pièce"):
        repair.move_document(session, document=source.documents[0], target=copy, by=HANDLER, rules=get_rules())


def test_merge_two_claims_of_one_agent(session, world):
    rules = get_rules()
    target = world["claim"](start=date(2025, 3, 3), end=date(2025, 3, 20), files=())
    source = world["claim"](start=date(2025, 3, 10), end=date(2025, 4, 10), files=(ARRET, OTHER_PIECE))
    service.audit(session, source, actor="intake", action="creer", before=None, reason="brouillon rédigé")
    assert repair.duplicates_of(session, [target, source]) == {target.id: [source.reference],
                                                              source.id: [target.reference]}
    repair.merge(session, source=source, target=target, by=HANDLER, rules=rules)
    session.flush()
    assert source.status == ClaimStatus.REJETE and source.reject_reason == f"fusionné dans {target.reference}"
    assert len(target.periods) == 2 and source.periods == [] and source.documents == []
    assert sorted(d.sha256 for d in target.documents) == sorted([ARRET.sha256, OTHER_PIECE.sha256])
    assert len(session.scalars(select(ClaimMessage).where(ClaimMessage.claim_id == target.id)).all()) == 2
    assert repair.RepairAction.FUSIONNER in _actions(session, target)
    assert "rejeter" in _actions(session, source) and repair.RepairAction.FUSIONNE_DANS in _actions(session, source)
    # The source's history, copied onto the target, names where it came from.
    copied = session.scalars(select(AuditEntry.reason).where(AuditEntry.entity_id == target.id)).all()
    assert f"[{source.reference}] brouillon rédigé" in copied
    assert repair.duplicates_of(session, [target]) == {}


def test_merge_is_refused_for_two_agents_or_two_collectivites(session, world):
    one, two = world["claim"](), world["claim"](agent="a2")
    with pytest.raises(ActionRefused, match="même agent"):
        repair.merge(session, source=two, target=one, by=HANDLER, rules=get_rules())
    foreign = world["claim"](coll=world["t2"], agent="b1")
    with pytest.raises(ActionRefused, match="collectivités différentes"):
        repair.merge(session, source=foreign, target=one, by=HANDLER, rules=get_rules())
    with pytest.raises(ActionRefused, match="lui-même"):
        repair.merge(session, source=one, target=one, by=HANDLER, rules=get_rules())


def test_add_and_remove_a_period_recomputes_its_deadlines_and_pieces(session, world):
    rules = get_rules()
    claim = world["claim"]()
    assert claim.missing_documents == [] or "arret_travail" not in claim.missing_documents
    period = repair.add_period(session, claim=claim, start=date(2025, 3, 21), end=date(2025, 4, 5),
                               nature="prolongation", by=HANDLER, rules=rules)
    assert period.declaration_due is not None and period.pieces_due is not None
    assert "arret_travail" in period.missing_documents and "arret_travail" in claim.missing_documents
    assert _actions(session, claim)[-1] == repair.RepairAction.AJOUTER_PERIODE
    with pytest.raises(ActionRefused, match="chevauche"):
        repair.add_period(session, claim=claim, start=date(2025, 4, 1), end=None, nature="prolongation",
                          by=HANDLER, rules=rules)
    with pytest.raises(ActionRefused, match="précède"):
        repair.add_period(session, claim=claim, start=date(2025, 6, 1), end=date(2025, 5, 1), nature="initial",
                          by=HANDLER, rules=rules)
    repair.remove_period(session, claim=claim, period_id=period.id, by=HANDLER, rules=rules)
    session.flush()
    assert len(claim.periods) == 1 and "arret_travail" not in claim.missing_documents
    assert _actions(session, claim)[-1] == repair.RepairAction.RETIRER_PERIODE
    with pytest.raises(ActionRefused, match="seule période"):
        repair.remove_period(session, claim=claim, period_id=claim.periods[0].id, by=HANDLER, rules=rules)
