"""Issue 18: each period declared on its own — its deadline from its own first day and its own receipt, its own
pieces, its own late flag — read in the French the collectivité receives."""

from __future__ import annotations

import random
from datetime import date

from corpus.documents import make_text_pdf
from intake.reminders import reminders_for_claim, sweep
from intake.store.claims import Claim
from periods.conftest import ORGANISATION, text_of


def arret(seed: int, start: date, end: date, *, first: str = "Paul", last: str = "MARTIN",
          nature: str = "initial") -> bytes:
    return make_text_pdf("arret_travail", random.Random(seed), first_name=first, last_name=last,
                         birth_date=date(1982, 3, 8), start=start, end=end, sex=1, nir="1820338185012", nature=nature)


def test_rechute_of_a_2022_accident_declared_the_day_after_is_on_time(town) -> None:
    """Was « prescription biennale … ne peut malheureusement pas être prise en charge »: the deadline counted
    from the accident of 2022, not from the rechute."""
    [ack] = town.send("Bonjour,\nNous vous déclarons l'accident de service de Mme Sophie DURAND survenu le 10/05/2022 "
                      "sur son lieu de travail : arrêt de travail du 10/05/2022 au 30/06/2022.\nCordialement",
                      on=date(2022, 5, 11), subject="Accident de service")
    reference = ack["Subject"].split("[", 1)[1].split("]", 1)[0]
    [noted] = town.send("Bonjour,\nMme DURAND a repris le travail le 01/07/2022.\nCordialement", on=date(2022, 7, 4),
                        reply_to=ack)
    assert "reprise du travail le 1er juillet 2022" in text_of(noted)

    [reply] = town.send("Bonjour,\nNous vous déclarons une rechute de l'accident de service de Mme Sophie DURAND : "
                        "arrêt de travail du 03/03/2025 au 31/03/2025.\nCordialement",
                        on=date(2025, 3, 4), subject="Rechute accident de service")
    text = text_of(reply)
    assert reference in reply["Subject"] and "Accusé de réception" in reply["Subject"]
    assert "prescription" not in text and "après le délai" not in text
    assert "nature de la période : rechute" in text
    assert "certificat médical d'accident du travail" in text and "au plus tard le 2 juin 2025" in text
    with town.factory() as session:
        [claim] = town.claims(session)
        initial, rechute = claim.periods
        assert (rechute.nature, rechute.declared_on, rechute.hors_delai, rechute.prescrit) == \
            ("rechute", date(2025, 3, 4), False, False)
        assert rechute.declaration_due == date(2025, 6, 1) and rechute.cover_start == date(2025, 3, 3)
        assert rechute.missing_documents == ["certificat_at_mp"]
        assert "hors_delai" not in claim.flags and "prescrit" not in claim.flags


def test_a_prolongation_received_on_5_may_has_its_own_piece_and_its_own_date(town) -> None:
    """Was « au plus tard le 8 avril 2025 » (the initial stop's date) and nothing missing (one arrêt on file)."""
    [first] = town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 08/01/2025 au 30/04/2025. "
                        "Veuillez trouver son arrêt ci-joint.\nCordialement", on=date(2025, 1, 9),
                        attachments=(("arret_martin.pdf", arret(1, date(2025, 1, 8), date(2025, 4, 30))),))
    assert "dossier est complet" in text_of(first)
    [reply] = town.send("Bonjour,\nL'arrêt maladie de M. Paul MARTIN est prolongé du 01/05/2025 au 31/05/2025. "
                        "L'avis suivra.\nCordialement", on=date(2025, 5, 5), subject="Prolongation")
    text = text_of(reply)
    assert "nature de la période : prolongation" in text
    assert "avis d'arrêt de travail" in text and "au plus tard le 3 août 2025" in text
    assert "8 avril" not in text and "complet" not in text
    with town.factory() as session:
        [claim] = town.claims(session)
        initial, prolongation = claim.periods
        assert initial.missing_documents == [] and prolongation.missing_documents == ["arret_travail"]
        assert prolongation.pieces_due == date(2025, 8, 3) and claim.missing_documents == ["arret_travail"]
        [document] = claim.documents
        assert document.period_id == initial.id  # the initial arrêt justifies the initial stop only


def test_a_late_prolongation_is_flagged_and_covered_from_its_receipt(town) -> None:
    """Was never flagged: a late period is recorded, flagged, and the letter states its deadline."""
    town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 08/01/2025 au 31/01/2025. Son arrêt est joint.\n"
              "Cordialement", on=date(2025, 1, 9),
              attachments=(("arret_janvier.pdf", arret(2, date(2025, 1, 8), date(2025, 1, 31))),))
    [reply] = town.send("Bonjour,\nVeuillez trouver la prolongation de l'arrêt maladie de M. Paul MARTIN du 01/02/2025 "
                        "au 30/06/2025.\nCordialement", on=date(2025, 6, 2), subject="Prolongation arrêt MARTIN",
                        attachments=(("prolongation.pdf", arret(3, date(2025, 2, 1), date(2025, 6, 30),
                                                                nature="prolongation")),))
    text = text_of(reply)
    assert "hors délai" in reply["Subject"]
    assert "la date limite était le 2 mai 2025" in text
    assert "à compter du 2 juin 2025" in text and "pas d'un refus" in text
    with town.factory() as session:
        [claim] = town.claims(session)
        initial, late = claim.periods
        assert not initial.hors_delai and late.hors_delai and late.cover_start == date(2025, 6, 2)
        assert "hors_delai" in claim.flags and claim.status == "brouillon" and claim.missing_documents == []


def test_a_prolongation_with_no_stated_start_starts_the_day_after_the_previous_end(town) -> None:
    """Issue 17 point 4: « … jusqu'au 20/12/2025 » added no period and the reply said « dossier complet »."""
    [first] = town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 03/11/2025 au 30/11/2025, arrêt joint.\n"
                        "Cordialement", on=date(2025, 11, 4),
                        attachments=(("arret_novembre.pdf", arret(4, date(2025, 11, 3), date(2025, 11, 30))),))
    reference = first["Subject"].split("[", 1)[1].split("]", 1)[0]
    [reply] = town.send("Bonjour,\nL'arrêt de M. Paul MARTIN est prolongé jusqu'au 20/12/2025.\nCordialement",
                        on=date(2025, 12, 1), subject="Prolongation")
    text = text_of(reply)
    assert reference in reply["Subject"]
    assert "du 1er décembre 2025 au 20 décembre 2025" in text
    assert "complet" not in text and "avis d'arrêt de travail" in text
    with town.factory() as session:
        [claim] = town.claims(session)
        assert [(p.start, p.end, p.nature) for p in claim.periods][-1] == \
            (date(2025, 12, 1), date(2025, 12, 20), "prolongation")


def test_the_signature_names_the_organisation_and_the_collectivite_has_its_article(town) -> None:
    [reply] = town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 08/01/2025 au 17/01/2025.\nCordialement",
                        on=date(2025, 1, 9))
    text = text_of(reply)
    assert "pour la Mairie de Testville" in text
    assert ORGANISATION in text
    with town.factory() as session:
        assert session.query(Claim).count() == 1


def test_pieces_of_earlier_periods_keep_their_own_date_and_a_past_one_is_said_past(town) -> None:
    town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 08/01/2025 au 30/04/2025.\nCordialement",
              on=date(2025, 1, 9))
    [reply] = town.send("Bonjour,\nL'arrêt maladie de M. Paul MARTIN est prolongé du 01/05/2025 au 31/05/2025.\n"
                        "Cordialement", on=date(2025, 5, 5), subject="Prolongation")
    text = text_of(reply)
    mine, earlier = text.split("Pour les périodes précédentes", 1)
    assert "avis d'arrêt de travail" in mine and "au plus tard le 3 août 2025" in mine
    assert "avis d'arrêt de travail (délai dépassé depuis le 9 avril 2025)" in earlier
    assert "au plus tard le 9 avril" not in text


def test_the_readme_worked_example(town) -> None:
    """README « A claim made of periods »: an accident, a prolongation, a rechute three years later, a late
    prolongation — one claim, four periods, each with its own dates; only the last is late."""
    def certificate(seed: int, start: date, end: date, nature: str) -> bytes:
        return make_text_pdf("certificat_at_mp", random.Random(seed), first_name="Sophie", last_name="DURAND",
                             birth_date=date(1978, 5, 12), start=start, end=end, sex=2, nir="2780569123045",
                             nature=nature)

    [ack] = town.send("Bonjour,\nNous vous déclarons l'accident de service de Mme Sophie DURAND survenu le 10/05/2022 "
                      "sur son lieu de travail : arrêt de travail du 10/05/2022 au 30/06/2022.\nCordialement",
                      on=date(2022, 5, 11), subject="Accident de service")
    assert "au plus tard le 9 août 2022" in text_of(ack) and ack["Subject"].startswith("[SIN-2022-")
    [second] = town.send("Bonjour,\nL'arrêt de Mme Sophie DURAND (accident de service) est prolongé du 01/07/2022 au "
                         "31/07/2022, certificat de prolongation ci-joint.\nCordialement", on=date(2022, 6, 20),
                         subject="Prolongation accident de service",
                         attachments=(("prolongation.pdf", certificate(21, date(2022, 7, 1), date(2022, 7, 31),
                                                                       "prolongation")),))
    text = text_of(second)
    assert "Accusé de réception" in second["Subject"]
    assert "Toutes les pièces de cette période sont en notre possession" in text
    assert "enquête administrative ou rapport hiérarchique (au plus tard le 9 août 2022)" in text
    [third] = town.send("Bonjour,\nNous vous déclarons une rechute de l'accident de service de Mme Sophie DURAND : "
                        "arrêt de travail du 03/03/2025 au 31/03/2025.\nCordialement", on=date(2025, 3, 4),
                        subject="Rechute accident de service")
    assert "Accusé de réception" in third["Subject"] and "au plus tard le 2 juin 2025" in text_of(third)
    [late] = town.send("Bonjour,\nL'arrêt de Mme Sophie DURAND (rechute de son accident de service) est prolongé du "
                       "01/04/2025 au 31/07/2025.\nCordialement", on=date(2025, 7, 15),
                       subject="Prolongation accident de service")
    text = text_of(late)
    assert "hors délai" in late["Subject"]
    assert "la date limite était le 30 juin 2025" in text and "à compter du 15 juillet 2025" in text
    assert "au plus tard le 13 octobre 2025" in text
    with town.factory() as session:
        [claim] = town.claims(session)
        assert claim.reference.startswith("SIN-2022-")
        assert [(p.nature, p.hors_delai, p.declaration_due) for p in claim.periods] == [
            ("initial", False, date(2022, 8, 8)), ("prolongation", False, date(2022, 9, 29)),
            ("rechute", False, date(2025, 6, 1)), ("prolongation", True, date(2025, 6, 30))]
        assert claim.periods[1].missing_documents == [] and claim.periods[3].cover_start == date(2025, 7, 15)


def test_pieces_sent_for_one_period_are_acknowledged_and_the_others_asked_once(town) -> None:
    town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 06/01/2025 au 31/01/2025.\nCordialement",
              on=date(2025, 1, 7))
    [ack] = town.send("Bonjour,\nL'arrêt maladie de M. Paul MARTIN est prolongé du 01/02/2025 au 28/02/2025.\n"
                      "Cordialement", on=date(2025, 2, 3), subject="Prolongation")
    [reply] = town.send("Bonjour,\nSuite à votre demande, voici l'avis d'arrêt de travail de M. Paul MARTIN.\n"
                        "Cordialement",
                        on=date(2025, 2, 10), reply_to=ack,
                        attachments=(("arret.pdf", arret(41, date(2025, 1, 6), date(2025, 1, 31))),))
    text = text_of(reply)
    assert "Pièces reçues" in reply["Subject"]
    assert text.count("  - avis d'arrêt de travail") == 2  # received, and still awaited once (the other period)
    assert "Pour les périodes précédentes" not in text
    with town.factory() as session:
        [claim] = town.claims(session)
        initial, prolongation = claim.periods
        [document] = claim.documents
        assert document.period_id == initial.id and prolongation.missing_documents == ["arret_travail"]


def test_a_period_more_than_two_years_after_its_own_first_day_is_prescribed(town) -> None:
    [reply] = town.send("Bonjour,\nM. Paul MARTIN a été en arrêt maladie du 10/01/2023 au 20/01/2023.\nCordialement",
                        on=date(2025, 3, 4))
    text = text_of(reply)
    assert "prescription" in reply["Subject"]
    assert "Le premier jour de la période déclarée remonte à plus de deux ans" in text
    with town.factory() as session:
        [claim] = town.claims(session)
        [period] = claim.periods
        assert period.prescrit and period.cover_start is None and "prescrit" in claim.flags


def test_a_prolongation_declared_later_is_chased_from_the_first_step_again(town) -> None:
    """Was: the relance steps spent on the first period covered the whole claim, so the pieces of a
    prolongation declared two months later were never chased (its relance_1 counted as already sent)."""
    town.send("Bonjour,\nM. Paul MARTIN est en arrêt maladie du 08/01/2025 au 28/02/2025. L'avis suivra.\n"
              "Cordialement", on=date(2025, 1, 9))
    first = sweep(town.factory, town.settings, today=date(2025, 1, 24))
    assert [(i.step, i.missing_documents) for i in first] == [("relance_1", ("arret_travail",))]
    town.send("Bonjour,\nL'arrêt maladie de M. Paul MARTIN est prolongé du 01/03/2025 au 31/03/2025. "
              "L'avis suivra.\nCordialement", on=date(2025, 3, 3), subject="Prolongation")
    assert sweep(town.factory, town.settings, today=date(2025, 3, 10)) == []  # 7 days: not yet
    again = sweep(town.factory, town.settings, today=date(2025, 3, 18))
    assert [(i.step, i.pieces_due) for i in again] == [("relance_1", date(2025, 6, 1))]
    assert sweep(town.factory, town.settings, today=date(2025, 3, 19)) == []  # once per step and period
    with town.factory() as session:
        [claim] = town.claims(session)
        seen = reminders_for_claim(session, claim, today=date(2025, 3, 19))
        assert [s["step"] for s in seen["sent"]] == ["relance_1", "relance_1"]
        assert seen["due"]["step"] == "relance_2" and seen["due"]["date"] == "2025-04-17"
        assert seen["pieces_due"] == "2025-06-01"
