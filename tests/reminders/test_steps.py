"""Each reminder step once, through a real relay; none once complete, closed or past the deadline."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from intake.reminders import PIECES_HORS_DELAI, reminders_for_claim, sweep
from intake.store.audit import AuditEntry
from intake.store.claims import Claim
from intake.store.outbox import OutboxMail
from reminders.desk import text_of

D = date(2026, 3, 2)
SENDER = "rh@test-sur-lot.fr"


def run(desk, day: date) -> list:
    return sweep(desk.factory, desk.settings, today=day)


def test_each_step_once_then_the_forfeiture_flag(desk) -> None:
    ref = desk.declare("lozere", 0, declared_on=D, start=D - timedelta(days=3), end=D + timedelta(days=200),
                       sender=SENDER)
    assert run(desk, D + timedelta(days=14)) == [] and desk.deliver() == []

    [first] = run(desk, D + timedelta(days=15))
    assert (first.reference, first.step, first.to) == (ref, "relance_1", SENDER)
    assert first.missing_documents == ("arret_travail",)
    [mail] = desk.deliver()
    assert desk.relay.recipients[-1] == [SENDER]
    assert f"[{ref}]" in mail["Subject"] and "Relance" in mail["Subject"]
    body = text_of(mail)
    assert "DURAND Léa" in body and "avis d'arrêt de travail" in body.lower()
    assert "31 mai 2026" in body  # pieces due: declared 2 March + 90 days
    assert "forclos" not in body
    assert ref.lower() in mail["Reply-To"].addresses[0].addr_spec.lower()  # the claim's plus-address: replies thread

    for day in (15, 16, 44):  # the same day again, and the days before the next step: nothing
        assert run(desk, D + timedelta(days=day)) == []
    assert desk.deliver() == []

    assert [i.step for i in run(desk, D + timedelta(days=45))] == ["relance_2"]
    [last] = run(desk, D + timedelta(days=75))
    assert last.step == "relance_3" and last.states_forfeiture and last.pieces_due == date(2026, 5, 31)
    second, third = desk.deliver()
    assert "forclos" not in text_of(second)
    assert "Dernière relance" in text_of(third) and "forclos" in text_of(third) and "31 mai 2026" in text_of(third)

    assert run(desk, D + timedelta(days=90)) == []  # the deadline day itself: in time, steps all sent
    assert desk.claim(ref).flags.count(PIECES_HORS_DELAI) == 0
    assert run(desk, D + timedelta(days=91)) == [] and run(desk, D + timedelta(days=92)) == []
    assert desk.deliver() == []
    claim = desk.claim(ref)
    assert PIECES_HORS_DELAI in claim.flags
    with desk.factory() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == claim.id,
                                                                  AuditEntry.action != "creation")
                                  .order_by(AuditEntry.id)).all()
        assert [a for a in actions if a in ("relance", PIECES_HORS_DELAI)] == ["relance"] * 3 + [PIECES_HORS_DELAI]
        view = reminders_for_claim(session, session.get(Claim, claim.id), today=D + timedelta(days=92))
    assert [s["step"] for s in view["sent"]] == ["relance_1", "relance_2", "relance_3"]
    assert all(s["status"] == "sent" and s["to"] == SENDER for s in view["sent"])
    assert view["due"] is None and view["forfeited"]


def test_a_late_first_sweep_sends_only_the_latest_step(desk) -> None:
    """Service down from day 10 to day 50: relance_2 goes, relance_1 never does."""
    ref = desk.declare("lozere", 1, declared_on=D, start=D, end=None, sender=SENDER)
    assert [(i.reference, i.step) for i in run(desk, D + timedelta(days=50))] == [(ref, "relance_2")]
    assert run(desk, D + timedelta(days=51)) == []


def test_no_reminder_once_complete_closed_or_rejected(desk) -> None:
    complete = desk.declare("lozere", 0, declared_on=D, start=D, end=None, sender=SENDER)
    closed = desk.declare("lozere", 1, declared_on=D, start=D, end=None, sender=SENDER)
    rejected = desk.declare("lozere", 2, declared_on=D, start=D, end=None, sender=SENDER)
    desk.add_piece(complete, "arret_travail")
    assert desk.claim(complete).missing_documents == []
    desk.set_status(closed, "clos")
    desk.set_status(rejected, "rejete")
    assert run(desk, D + timedelta(days=15)) == [] and run(desk, D + timedelta(days=100)) == []
    assert desk.deliver() == [] and desk.count() == 0
    assert all(PIECES_HORS_DELAI not in desk.claim(r).flags for r in (complete, closed, rejected))


def test_pieces_arriving_between_steps_stop_the_next_ones(desk) -> None:
    ref = desk.declare("lozere", 0, declared_on=D, start=D, end=None, category="accident_service", sender=SENDER)
    assert len(desk.claim(ref).missing_documents) == 3
    [first] = run(desk, D + timedelta(days=15))
    assert len(first.missing_documents) == 3
    desk.add_piece(ref, "declaration_accident")
    [second] = run(desk, D + timedelta(days=45))
    assert second.missing_documents == ("certificat_at_mp", "enquete_administrative")
    desk.add_piece(ref, "certificat_at_mp")
    desk.add_piece(ref, "enquete_administrative")
    assert run(desk, D + timedelta(days=75)) == []
    with desk.factory() as session:
        view = reminders_for_claim(session, session.scalar(select(Claim).where(Claim.reference == ref)),
                                   today=D + timedelta(days=75))
    assert [s["step"] for s in view["sent"]] == ["relance_1", "relance_2"] and view["due"] is None


def test_the_contract_delay_moves_the_forfeiture_date(desk) -> None:
    """The second employer's contract gives 120 days for the pieces."""
    ref = desk.declare("rhone", 0, declared_on=D, start=D, end=None, sender=None)
    [item] = run(desk, D + timedelta(days=75))
    assert item.step == "relance_3" and item.pieces_due == D + timedelta(days=120)
    assert item.to == "sivom.val@exemple-fai.fr"  # no declaration sender: the registry's contact address
    assert run(desk, D + timedelta(days=100)) == []
    assert PIECES_HORS_DELAI not in desk.claim(ref).flags


def test_handlers_see_the_next_step_due(desk) -> None:
    ref = desk.declare("lozere", 0, declared_on=D, start=D, end=None, sender=SENDER)
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == ref))
        view = reminders_for_claim(session, claim, today=D + timedelta(days=3))
        assert view["sent"] == [] and view["due"]["step"] == "relance_1"
        assert view["due"]["date"] == (D + timedelta(days=15)).isoformat()
        assert view["pieces_due"] == (D + timedelta(days=90)).isoformat() and not view["forfeited"]
    run(desk, D + timedelta(days=16))
    with desk.factory() as session:
        claim = session.scalar(select(Claim).where(Claim.reference == ref))
        view = reminders_for_claim(session, claim, today=D + timedelta(days=16))
        assert [s["step"] for s in view["sent"]] == ["relance_1"] and view["sent"][0]["status"] == "pending"
        assert view["due"]["step"] == "relance_2" and view["due"]["date"] == (D + timedelta(days=45)).isoformat()
        markers = session.scalars(select(OutboxMail).where(OutboxMail.claim_id == claim.id,
                                                           OutboxMail.kind == "relance")).all()
        assert [m.status for m in markers] == ["grouped"] and markers[0].raw == ""
