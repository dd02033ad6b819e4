"""One mail per collectivité and day listing all its claims awaiting pieces; the date de reprise asked for."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select, update

from intake.cli import main
from intake.reminders import sweep
from intake.store.messages import Message
from intake.store.outbox import OutboxMail, OutboxStatus
from reminders.desk import text_of

D = date(2026, 3, 2)


def run(desk, day: date, **kwargs) -> list:
    return sweep(desk.factory, desk.settings, today=day, **kwargs)


def test_several_claims_of_one_collectivite_make_one_mail(desk) -> None:
    a = desk.declare("lozere", 0, declared_on=D, start=D, end=None, sender="rh@test-sur-lot.fr")
    b = desk.declare("lozere", 1, declared_on=D, start=D, end=None, category="accident_trajet",
                     sender="paie@test-sur-lot.fr")
    c = desk.declare("lozere", 2, declared_on=D + timedelta(days=10), start=D, end=None,
                     sender="paie@test-sur-lot.fr")  # declared later: no step due yet, still listed
    other = desk.declare("rhone", 0, declared_on=D, start=D, end=None, sender=None)
    items = run(desk, D + timedelta(days=15))
    assert sorted((i.reference, i.step) for i in items) == sorted([(a, "relance_1"), (b, "relance_1"),
                                                                    (other, "relance_1")])
    mails = desk.deliver()
    assert len(mails) == 2
    by_to = {m["To"].addresses[0].addr_spec: m for m in mails}
    assert set(by_to) == {"paie@test-sur-lot.fr", "sivom.val@exemple-fai.fr"}  # latest declaration's sender
    digest = by_to["paie@test-sur-lot.fr"]
    body = text_of(digest)
    assert "Commune de Test-sur-Lot" in digest["Subject"] and "3 dossiers" in digest["Subject"]
    for ref, agent in ((a, "DURAND Léa"), (b, "PETIT Marc")):
        assert ref in body and agent in body
    assert body.index("Autres dossiers") < body.index(c)  # c has no step today: listed apart, by reference
    assert "Déclaration d'accident" in body or "déclaration d'accident" in body.lower()
    assert "Comment nous répondre" in body and "référence" in body and "dans l'objet" in body
    assert "31 mai 2026" in body and "10 juin 2026" in body  # each claim's own pieces deadline
    html = digest.get_body(("html",)).get_content()
    assert a in html and "PETIT Marc" in html and c in html
    assert digest["Auto-Submitted"] == "auto-generated"
    with desk.factory() as session:
        [row] = session.scalars(select(OutboxMail).where(OutboxMail.kind == "digest",
                                                         OutboxMail.to_addr == "paie@test-sur-lot.fr")).all()
        assert row.status == "sent" and row.claim_id is None
        markers = session.scalars(select(OutboxMail).where(OutboxMail.collectivite_id == row.collectivite_id,
                                                           OutboxMail.kind == "relance")).all()
        assert sorted(m.dedupe_key for m in markers) == sorted(
            f"relance:{m.claim_id}:{D.isoformat()}:relance_1" for m in markers) and len(markers) == 2
        assert {m.details["digest_id"] for m in markers} == {row.id} and {m.status for m in markers} == {"grouped"}
        assert {m.to_addr for m in markers} == {""}  # markers never count against an address's daily cap
    assert run(desk, D + timedelta(days=15)) == [] and desk.deliver() == []


def test_the_date_de_reprise_is_asked_once_per_period_end_and_per_rules_interval(desk) -> None:
    ref = desk.declare("lozere", 0, declared_on=D, start=D, end=D + timedelta(days=9), kinds=("arret_travail",),
                       sender="rh@test-sur-lot.fr")
    assert run(desk, D + timedelta(days=9)) == []  # the last day off work: not ended yet
    [item] = run(desk, D + timedelta(days=10))
    assert (item.reference, item.step, item.missing_documents) == (ref, "demande_reprise", ())
    [mail] = desk.deliver()
    assert f"[{ref}]" in mail["Subject"] and "reprise" in mail["Subject"].lower()
    assert "11 mars 2026" in text_of(mail) and "date de reprise" in text_of(mail).lower()
    assert run(desk, D + timedelta(days=11)) == [] and run(desk, D + timedelta(days=39)) == []
    assert [i.step for i in run(desk, D + timedelta(days=40))] == ["demande_reprise"]  # repeter_tous_les: 30
    desk.set_status(ref, "clos")
    assert run(desk, D + timedelta(days=80)) == []


def test_remind_dry_run_prints_the_contract_json_and_writes_nothing(desk, capsys) -> None:
    a = desk.declare("lozere", 0, declared_on=D, start=D, end=None, sender="rh@test-sur-lot.fr")
    b = desk.declare("rhone", 1, declared_on=D, start=D, end=None, category="maternite", sender=None)
    capsys.readouterr()
    assert main(["remind", "--now", (D + timedelta(days=46)).isoformat(), "--dry-run"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(lines, key=lambda o: o["reference"]) == sorted([
        {"reference": a, "step": "relance_2", "to": "rh@test-sur-lot.fr", "missing_documents": ["arret_travail"],
         "pieces_due": "2026-05-31"},
        {"reference": b, "step": "relance_2", "to": "sivom.val@exemple-fai.fr",
         "missing_documents": ["certificat_grossesse"], "pieces_due": "2026-06-30"},
    ], key=lambda o: o["reference"])
    assert desk.count() == 0
    assert main(["remind", "--now", (D + timedelta(days=46)).isoformat()]) == 0
    assert "2 relance(s)" in capsys.readouterr().out and desk.count(OutboxMail.kind == "digest") == 2
    assert main(["remind", "--now", "2026-13-01"]) == 1


def test_an_address_that_bounced_is_passed_over_for_the_next_registered_one(desk) -> None:
    """Was: the next relance went to the address the last digest bounced from, and never arrived."""
    a = desk.declare("lozere", 0, declared_on=D, start=D, end=None, sender="rh@test-sur-lot.fr")
    b = desk.declare("lozere", 1, declared_on=D, start=D, end=None, sender="paie@test-sur-lot.fr")
    with desk.factory() as session:  # paie@ declared last: it gets the digest
        session.execute(update(Message).where(Message.from_addr == "paie@test-sur-lot.fr")
                        .values(received_at=datetime(2026, 3, 2, 10, tzinfo=timezone.utc)))
        session.execute(update(Message).where(Message.from_addr == "rh@test-sur-lot.fr")
                        .values(received_at=datetime(2026, 3, 2, 9, tzinfo=timezone.utc)))
        session.commit()
    assert {i.to for i in run(desk, D + timedelta(days=15))} == {"paie@test-sur-lot.fr"}
    [digest] = desk.deliver()
    with desk.factory() as session:  # the delivery report came back (mail/bounced.py marks the row so)
        row = session.scalars(select(OutboxMail).where(OutboxMail.kind == "digest")).one()
        row.status = OutboxStatus.BOUNCED
        session.commit()
    items = run(desk, D + timedelta(days=45))
    assert sorted((i.reference, i.step, i.to) for i in items) == sorted(
        [(a, "relance_2", "rh@test-sur-lot.fr"), (b, "relance_2", "rh@test-sur-lot.fr")])
    [second] = desk.deliver()
    assert second["To"] == "rh@test-sur-lot.fr"
    items = run(desk, D + timedelta(days=75))  # a mail to rh@ went through since: it stays the recipient
    assert {i.to for i in items} == {"rh@test-sur-lot.fr"}
def test_a_copiers_no_reply_address_that_declared_never_gets_the_digest(desk) -> None:
    # The office copier (noreply-scan@ on the collectivité's domain) sent the latest declaration; a person
    # sent an older one: the digest goes to the person, who reads mail.
    desk.declare("lozere", 0, declared_on=D, start=D, end=None, sender="rh@test-sur-lot.fr")
    desk.declare("lozere", 1, declared_on=D + timedelta(days=1), start=D, end=None, sender="noreply-scan@test-sur-lot.fr")
    run(desk, D + timedelta(days=16))
    assert {m["To"].addresses[0].addr_spec for m in desk.deliver()} == {"rh@test-sur-lot.fr"}
