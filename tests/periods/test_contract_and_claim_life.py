"""Issue 18: the contract in force on the first day, formula 9, TPT, IRCANTEC's CGM, CLM after a reprise; the
claim's life by mail (reprise, requalification, third party); private-life accidents."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from corpus.documents import make_text_pdf
from intake.store.claims import Claim
from periods.conftest import text_of


def test_no_contract_in_force_on_the_first_day_is_not_covered(town) -> None:
    """Was « the regime's only contract » whatever its dates: T003's contract ended on 31/12/2024."""
    [reply] = town.send("Bonjour,\nMme Anne ROUX est en arrêt maladie du 10/02/2025 au 28/02/2025.\nCordialement",
                        on=date(2025, 2, 11), sender="rh@eaux-plateau.fr")
    text = text_of(reply)
    assert "non couverte" in reply["Subject"]
    assert "Aucun contrat d'assurance statutaire de votre collectivité n'était en vigueur" in text
    with town.factory() as session:
        [claim] = town.claims(session)
        assert claim.contract_id is None and {"non_couvert", "sans_contrat"} <= set(claim.flags)


def test_a_stop_begun_under_a_contract_stays_covered_after_it_ends(town) -> None:
    town.send("Bonjour,\nMme Anne ROUX est en arrêt maladie du 02/12/2024 au 31/12/2024.\nCordialement",
              on=date(2024, 12, 3), sender="rh@eaux-plateau.fr")
    [reply] = town.send("Bonjour,\nL'arrêt maladie de Mme Anne ROUX est prolongé du 01/01/2025 au 31/01/2025.\n"
                        "Cordialement", on=date(2025, 1, 2), sender="rh@eaux-plateau.fr", subject="Prolongation")
    assert "Accusé de réception" in reply["Subject"] and "non couverte" not in text_of(reply)
    with town.factory() as session:
        [claim] = town.claims(session)
        assert claim.contract.contract_number == "2021-CNR-T003" and "non_couvert" not in claim.flags
        assert [p.nature for p in claim.periods] == ["initial", "prolongation"]


def test_formula_9_covers_the_medical_costs_only(town) -> None:
    """Was a normal acknowledgement, then « dossier complet », no flag."""
    [reply] = town.send("Bonjour,\nM. Marc PETIT a été victime d'un accident de service le 03/03/2025 sur son lieu "
                        "de travail : arrêt de travail du 03/03/2025 au 14/03/2025.\nCordialement",
                        on=date(2025, 3, 4), sender="rh@ccas-formuleneuf.fr", subject="Accident de service")
    text = text_of(reply)
    assert "Frais médicaux seuls" in reply["Subject"]
    assert "seuls les frais médicaux sont couverts" in text and "salaires" in text
    assert "complet" not in text
    assert "pour le CCAS de Formuleneuf" in text
    with town.factory() as session:
        [claim] = town.claims(session)
        assert "frais_medicaux" in claim.flags and "non_couvert" not in claim.flags


def test_a_tpt_follows_the_illness_it_comes_from(town) -> None:
    """Was always « couvert » and linked to nothing. T004's formula 2 insures everything but maladie ordinaire."""
    town.send("Bonjour,\nM. Louis GARNIER est en arrêt maladie du 06/01/2025 au 28/02/2025.\nCordialement",
              on=date(2025, 1, 7), sender="rh@mairie-centvingt.fr")
    [reply] = town.send("Bonjour,\nM. Louis GARNIER reprendra ses fonctions en temps partiel thérapeutique du "
                        "01/03/2025 au 31/05/2025.\nCordialement", on=date(2025, 3, 2), sender="rh@mairie-centvingt.fr",
                        subject="Temps partiel thérapeutique")
    text = text_of(reply)
    assert "non couverte" in reply["Subject"]
    assert "période de temps partiel thérapeutique : du 1er mars 2025 au 31 mai 2025" in text
    assert "arrêt" not in text.split("Voici ce que nous avons compris", 1)[1].split("Si l'un", 1)[0]
    with town.factory() as session:
        illness, tpt = town.claims(session)
        assert tpt.category == "temps_partiel_therapeutique" and tpt.origin_claim_id == illness.id
        assert "non_couvert" in tpt.flags


def test_an_ircantec_agent_in_conge_de_longue_maladie_is_in_conge_de_grave_maladie(town) -> None:
    """Was a flat « non couvert »: formula 12 covers the congé de grave maladie of a contractuel."""
    [reply] = town.send("Bonjour,\nMme Julie LEROY est placée en congé de longue maladie du 01/04/2025 au "
                        "30/09/2025.\nCordialement", on=date(2025, 4, 2), subject="Congé de longue maladie")
    text = text_of(reply)
    assert "Accusé de réception" in reply["Subject"]
    assert "congé de grave maladie (CGM)" in text and "avis du conseil médical" in text
    with town.factory() as session:
        [claim] = town.claims(session)
        assert claim.category == "grave_maladie" and "non_couvert" not in claim.flags


def test_a_new_clm_period_after_a_return_to_work_continues_the_same_claim(town) -> None:
    [ack] = town.send("Bonjour,\nMme Hélène FONTAINE est placée en congé de longue maladie du 06/01/2025 au "
                      "30/06/2025.\nCordialement", on=date(2025, 1, 7), subject="CLM")
    town.send("Bonjour,\nMme FONTAINE a repris le travail le 01/07/2025.\nCordialement", on=date(2025, 7, 2),
              reply_to=ack)
    [reply] = town.send("Bonjour,\nMme Hélène FONTAINE est de nouveau placée en congé de longue maladie du "
                        "01/10/2025 au 31/12/2025.\nCordialement", on=date(2025, 10, 2), subject="CLM")
    assert ack["Subject"].split("]")[0] in reply["Subject"]
    with town.factory() as session:
        [claim] = town.claims(session)
        assert [(p.start, p.nature) for p in claim.periods] == [(date(2025, 1, 6), "initial"),
                                                                 (date(2025, 10, 1), "initial")]
        assert claim.status == "brouillon" and claim.reprise is None  # the new period runs


def test_a_reprise_by_mail_closes_the_period_on_a_draft_and_stops_reprise_requests(town) -> None:
    """Was classed « other » and nothing recorded; reminders still asked for the reprise."""
    from intake.reminders.plan import make_plan
    from intake.rules import get_rules

    [ack] = town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie à compter du 03/03/2025.\nCordialement",
                      on=date(2025, 3, 4))
    [reply] = town.send("Bonjour,\nM. MARTIN a repris le travail le 22/03/2025.\nCordialement", on=date(2025, 3, 24),
                        reply_to=ack)
    assert "Date de reprise enregistrée" in reply["Subject"]
    assert "reprise du travail le 22 mars 2025 est enregistrée" in text_of(reply)
    with town.factory() as session:
        [claim] = town.claims(session)
        assert claim.status == "brouillon" and claim.reprise == date(2025, 3, 22)
        assert [(p.start, p.end) for p in claim.periods] == [(date(2025, 3, 3), date(2025, 3, 21))]
        plan = make_plan(session, get_rules(), today=date(2025, 4, 25))
        assert not [i for i in plan.items if i.claim_id == claim.id and i.step == "demande_reprise"]


def test_a_requalification_request_requalifies_the_claim_it_names(town) -> None:
    """Was a second, overlapping claim flagged hors délai."""
    [ack] = town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 06/01/2025 au 30/06/2025.\nCordialement",
                      on=date(2025, 1, 7))
    reference = ack["Subject"].split("[", 1)[1].split("]", 1)[0]
    rng = random.Random(8)
    pieces = (("arrete_clm.pdf", make_text_pdf("arrete", rng, first_name="Paul", last_name="MARTIN")),
              ("avis_conseil.pdf", make_text_pdf("avis_conseil_medical", rng, first_name="Paul", last_name="MARTIN")))
    [reply] = town.send("Bonjour,\nSuite à l'avis du conseil médical, nous vous demandons la requalification de "
                        "l'arrêt de M. Paul MARTIN du 06/01/2025 au 30/06/2025 en CLM. Vous trouverez ci-joint "
                        "l'arrêté et l'avis.\nCordialement", on=date(2025, 7, 15),
                        subject=f"[{reference}] Demande de requalification en CLM", attachments=pieces)
    text = text_of(reply)
    assert reference in reply["Subject"] and "requalification" in reply["Subject"]
    assert "requalifié de maladie ordinaire (CMO) en congé de longue maladie (CLM)" in text
    with town.factory() as session:
        [claim] = town.claims(session)
        assert claim.category == "longue_maladie" and "hors_delai" not in claim.flags
        assert len(claim.periods) == 1 and {"arrete", "avis_conseil_medical"} <= {d.kind for d in claim.documents}


def test_private_life_accidents_are_maladie_ordinaire(town) -> None:
    """Were accidents de service, asking for an enquête administrative."""
    for n, (words, agent) in enumerate([("suite à une chute dans l'escalier chez elle", "Mme Sophie DURAND"),
                                        ("suite à une fracture pendant ses vacances au ski", "M. Paul MARTIN")]):
        [reply] = town.send(f"Bonjour,\n{agent} est en arrêt de travail du 0{n + 3}/02/2025 au 28/02/2025 {words}.\n"
                            "Cordialement", on=date(2025, 2, 4 + n))
        text = text_of(reply)
        assert "maladie ordinaire (CMO)" in text and "enquête" not in text
    with town.factory() as session:
        assert [c.category for c in town.claims(session)] == ["maladie_ordinaire", "maladie_ordinaire"]


def test_the_third_party_box_is_kept(town) -> None:
    town.send("Bonjour,\nMme Sophie DURAND a été renversée par un véhicule sur le chemin du travail le 05/03/2025 : "
              "accident de trajet causé par un tiers, arrêt de travail du 05/03/2025 au 20/03/2025.\nCordialement",
              on=date(2025, 3, 6), subject="Accident de trajet")
    with town.factory() as session:
        [claim] = session.scalars(select(Claim)).all()
        assert claim.category == "accident_trajet" and claim.recours_tiers


def test_a_final_certificate_is_recorded_on_the_claim_it_answers(town) -> None:
    [ack] = town.send("Bonjour,\nNous vous déclarons l'accident de service de Mme Sophie DURAND survenu le 03/02/2025 "
                      "sur son lieu de travail : arrêt de travail du 03/02/2025 au 28/02/2025.\nCordialement",
                      on=date(2025, 2, 4), subject="Accident de service")
    final = make_text_pdf("certificat_final", random.Random(11), first_name="Sophie", last_name="DURAND",
                          birth_date=date(1978, 5, 12), sex=2)
    [reply] = town.send("Bonjour,\nVeuillez trouver ci-joint le certificat médical final.\nCordialement",
                        on=date(2025, 3, 3), reply_to=ack, attachments=(("certificat_final.pdf", final),))
    assert "certificat médical final" in text_of(reply)
    with town.factory() as session:
        [claim] = town.claims(session)
        assert claim.final_certificate == date(2025, 3, 3)
        assert [d.kind for d in claim.documents] == ["certificat_final"]


def test_a_reply_to_a_reprise_request_is_understood(town) -> None:
    """Issue 17 point 8: « il a repris le travail le 08/10/2025 » in reply to the digest was not understood."""
    from datetime import datetime, timezone

    from intake.mail.send import deliver_due
    from intake.reminders import sweep

    town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 01/09/2025 au 07/10/2025. Son arrêt est joint.\n"
              "Cordialement", on=date(2025, 9, 2),
              attachments=(("arret.pdf", make_text_pdf("arret_travail", random.Random(31), first_name="Paul",
                                                       last_name="MARTIN", birth_date=date(1982, 3, 8),
                                                       start=date(2025, 9, 1), end=date(2025, 10, 7), sex=1,
                                                       nir="1820338185012")),))
    before = len(town.relay.messages)
    items = sweep(town.factory, town.settings, today=date(2025, 10, 9),
                  now=datetime(2025, 10, 9, 6, 0, tzinfo=timezone.utc))
    assert [i.step for i in items] == ["demande_reprise"]
    deliver_due(town.factory, town.settings)
    [digest] = town.relay.messages[before:]
    [noted] = town.send("Bonjour,\nil a repris le travail le 08/10/2025.\nCordialement", on=date(2025, 10, 10),
                        reply_to=digest)
    assert "reprise du travail le 8 octobre 2025 est enregistrée" in text_of(noted)
    with town.factory() as session:
        [claim] = town.claims(session)
        assert claim.reprise == date(2025, 10, 8) and claim.periods[0].end == date(2025, 10, 7)
    assert sweep(town.factory, town.settings, today=date(2025, 11, 9), dry_run=True) == []


def test_a_prolongation_naming_a_planned_return_is_a_prolongation(town) -> None:
    [ack] = town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 03/03/2025 au 16/03/2025.\nCordialement",
                      on=date(2025, 3, 4))
    [reply] = town.send("Bonjour,\nL'arrêt de M. Paul MARTIN est prolongé du 17/03/2025 au 30/03/2025, date de reprise "
                        "prévue le 31/03/2025.\nCordialement", on=date(2025, 3, 18), reply_to=ack)
    assert "Date de reprise" not in reply["Subject"]
    with town.factory() as session:
        [claim] = town.claims(session)
        assert claim.reprise is None and [p.nature for p in claim.periods] == ["initial", "prolongation"]


def test_the_third_party_box_ticked_on_the_arret_is_kept(town) -> None:
    """Issue 18: the form's « accident causé par un tiers » box was read, then dropped."""
    # Seed 102 of the corpus ticks that box (10 % of generated arrêts do).
    form = make_text_pdf("arret_travail", random.Random(102), nature="initial", first_name="Sophie", last_name="DURAND",
                         birth_date=date(1978, 5, 12), start=date(2025, 3, 5), end=date(2025, 3, 20), sex=2,
                         nir="2780569123045")
    town.send("Bonjour,\nVeuillez trouver l'arrêt de travail de Mme Sophie DURAND du 05/03/2025 au 20/03/2025.\n"
              "Cordialement", on=date(2025, 3, 6), attachments=(("arret_durand.pdf", form),))
    with town.factory() as session:
        [claim] = town.claims(session)
        assert claim.recours_tiers and [d.kind for d in claim.documents] == ["arret_travail"]
