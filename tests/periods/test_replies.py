"""Issue 18, replies: what the collectivité reads for a death, a maternity, a paternity, a délais question,
an RI question, and the base de l'assurance."""

from __future__ import annotations

from datetime import date

from intake.identify.registry import import_registry_file
from intake.reminders.plan import make_plan
from intake.rules import get_rules
from periods.conftest import text_of


def test_a_death_gets_condolences_and_no_nature_of_stop(town) -> None:
    """Was « nature de l'arrêt : arrêt initial / période : non précisée », no condolences."""
    [reply] = town.send("Bonjour,\nNous avons la tristesse de vous informer du décès de M. Luc BERNARD survenu le "
                        "12/02/2025.\nCordialement", on=date(2025, 2, 13), subject="Décès d'un agent")
    text = text_of(reply)
    assert "condoléances" in text and "BERNARD" in text
    assert "date du décès : 12 février 2025" in text
    assert "nature" not in text and "période" not in text and "arrêt" not in text.split("référence", 1)[1]


def test_a_maternity_leave_is_not_called_arret(town) -> None:
    [reply] = town.send("Bonjour,\nMme Julie LEROY est en congé de maternité du 03/03/2025 au 23/06/2025.\n"
                        "Cordialement", on=date(2025, 3, 4), subject="Congé de maternité")
    understood = text_of(reply).split("Voici ce que nous avons compris", 1)[1].split("Si l'un", 1)[0]
    assert "période de congé : du 3 mars 2025 au 23 juin 2025" in understood
    assert "arrêt" not in understood


def test_no_reprise_request_for_a_paternity_leave(town) -> None:
    """Was asked for a reprise date a month after the leave, like an illness."""
    town.send("Bonjour,\nM. Luc BERNARD est en congé de paternité et d'accueil de l'enfant du 03/03/2025 au "
              "30/03/2025.\nCordialement", on=date(2025, 3, 4), subject="Congé de paternité")
    town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 03/03/2025 au 30/03/2025.\nCordialement",
              on=date(2025, 3, 4))
    with town.factory() as session:
        paternity, illness = town.claims(session)
        assert paternity.category == "paternite" and illness.category == "maladie_ordinaire"
        plan = make_plan(session, get_rules(), today=date(2025, 4, 15))
        asked = {item.claim_id for item in plan.items if item.step == "demande_reprise"}
        assert asked == {illness.id}


def test_the_delais_answer_quotes_the_collectivite_s_contract(town) -> None:
    """Was 90 days to a collectivité whose contract says 120."""
    [reply] = town.send("Bonjour,\nQuel est le délai pour déclarer un arrêt de travail ? Merci.",
                        on=date(2025, 3, 4), sender="rh@mairie-centvingt.fr", subject="Question délai")
    text = text_of(reply)
    assert "Délais prévus par votre contrat" in text and "120 jours" in text and "90 jours" not in text
    assert "pour la Mairie de Centvingt" in text
    assert "peut être forclos" in text and "est forclos" not in text


def test_the_ri_answer_divides_the_ri_by_the_tbi(town) -> None:
    """Was « Plafond RI : 100 % du TBI »: the RI named first took the TBI's amount."""
    [reply] = town.send("Bonjour,\nQuel plafond de RI pouvons-nous déclarer pour un TBI de 312 000 EUR et un régime "
                        "indemnitaire de 21 840 EUR ?\nCordialement", on=date(2025, 3, 4), subject="Base de l'assurance")
    text = text_of(reply)
    assert "Plafond régime indemnitaire (RI) : 7 % du TBI." in text and "100 %" not in text
    assert "dans la limite de 25 %" in text


def test_a_claim_is_flagged_until_its_contract_has_the_year_s_base(town, tmp_path) -> None:
    town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 03/03/2025 au 14/03/2025.\nCordialement",
              on=date(2025, 3, 4))
    path = tmp_path / "bases.csv"
    path.write_text("contract_number,year,tbi,nbi,sft,indemnite_residence,regime_indemnitaire,charges_patronales\n"
                    "2020-CNR-T001,2025,312 000,,,,21 840,\n", encoding="utf-8")
    summary = import_registry_file("bases", path, url=town.settings.database_url)
    assert (summary.created, summary.updated) == (1, 0)
    town.send("Bonjour,\nM. Luc BERNARD est en arrêt maladie du 03/03/2025 au 14/03/2025.\nCordialement",
              on=date(2025, 3, 4))
    with town.factory() as session:
        before, after = town.claims(session)
        assert "base_absente" in before.flags and "base_absente" not in after.flags
