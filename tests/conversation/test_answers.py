"""Answers that were wrong or missing, through `intake serve` (issue 17, points 4 and 5): an unreadable PDF
is asked for again, an announced attachment that did not come is reported, pieces for a claim we do not
have are said back, and one mail about several claims gets one reply."""

from __future__ import annotations

import random
from datetime import date, timedelta

from serving import body, recipients, serving
from sqlalchemy import select
from test_threaded_pieces import SENDER, mail

from corpus.documents import make_text_pdf
from intake.store.claims import Claim

DAMAGED = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n\x00\x13garbage" * 20


def test_wrong_or_missing_answers(settings_env, tmp_path) -> None:
    today = date.today()
    start, end = today - timedelta(days=3), today + timedelta(days=8)
    with serving(settings_env, tmp_path) as town:
        # A damaged avis d'arrêt: not received, asked for again, never « dossier complet ».
        [damaged] = town.exchange(mail(
            f"Bonjour,\n\nMme Sylvie RICHARD, née le 19/02/2001, est en arrêt maladie du {start:%d/%m/%Y} au "
            f"{end:%d/%m/%Y}. Ci-joint l'avis d'arrêt.\n\nCordialement", subject="Arrêt maladie RICHARD",
            attachments=[("avis_arret_richard.pdf", DAMAGED)]))
        text = body(damaged)
        assert "« avis_arret_richard.pdf » n'a pas pu être lu" in text and "complet" not in text
        assert "- avis d'arrêt de travail" in text  # still listed as missing
        with town.factory() as session:
            [claim] = session.scalars(select(Claim)).all()
            assert "arret_travail" in claim.missing_documents and [d.kind for d in claim.documents] == ["autre"]

        # « voir PJ » and nothing attached.
        [forgotten] = town.exchange(mail("Bonjour,\n\nVoir PJ.\n\nCordialement", subject="Document"))
        assert recipients(forgotten) == [SENDER]
        assert "aucun fichier ne nous est parvenu" in body(forgotten)

        # Pieces for a claim we do not have: said so, with what was understood.
        payslip = make_text_pdf("bulletin_salaire", random.Random(11), first_name="Virginie", last_name="BRUNET",
                                birth_date=date(1980, 9, 11), sex=2)
        [unknown_claim] = town.exchange(mail("Bonjour,\n\nVeuillez trouver ci-joint le bulletin de salaire de Mme "
                                             "Virginie BRUNET.\n\nCordialement", subject="Bulletin de salaire",
                                             attachments=[("bulletin_brunet.pdf", payslip)]))
        text = body(unknown_claim)
        assert "aucun dossier en cours" in text and "BRUNET" in text and "bulletin de salaire" in text

        # One mail, two agents: one reply covering both references.
        replies = town.exchange(mail(
            f"Bonjour,\n\nMme Sylvie RICHARD, née le 19/02/2001, est en arrêt maladie du {end + timedelta(days=20):%d/%m/%Y}"
            f" au {end + timedelta(days=25):%d/%m/%Y}.\nM. Camille BONNAL, né le 12/03/2000, est en arrêt maladie du "
            f"{start:%d/%m/%Y} au {end:%d/%m/%Y}.\n\nCordialement", subject="Deux arrêts"))
        with town.factory() as session:
            references = [c.reference for c in session.scalars(select(Claim).order_by(Claim.id))][1:]
    assert len(replies) == 1 and len(references) == 2
    for reference in references:
        assert reference in replies[0]["Subject"] and f"Dossier {reference}" in body(replies[0])
