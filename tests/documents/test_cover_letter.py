"""A piece scanned behind a covering letter: its kind is the kind of the pages after the letter."""

from __future__ import annotations

from intake.documents import DocumentText, Page, classify

COVER = ("Commune de Vions\nService du personnel\nVions, le 03/06/2025\n"
         "Objet : transmission de pièces concernant M. Paul Roux\nMadame, Monsieur,\n"
         "Veuillez trouver ci-après la pièce relative à cet agent.\nJe vous prie d'agréer mes salutations.\n")


def pages(*texts: str) -> DocumentText:
    return DocumentText(pages=[Page(i, t, 595, 842) for i, t in enumerate(texts, 1)])


def test_the_arret_behind_a_cover_letter_is_an_arret():
    arret = ("Dr Claire VIGNAL\nMédecin généraliste\n\nAvis d'arrêt de travail\n"
             "Je soussignée, Dr Claire VIGNAL, certifie avoir examiné ROUX Paul ce jour.\n"
             "Arrêt de travail du 02/06/2025 au 13/06/2025 inclus.\nFait pour valoir ce que de droit.")
    assert classify("document.pdf", pages(COVER, arret)).kind == "arret_travail"


def test_a_recap_of_an_online_arret_behind_a_cover_letter_is_an_arret():
    recap = ("Arrêt de travail — récapitulatif\nAssuré(e) ........ ROUX Paul\n"
             "Du ......... 02/06/2025\nAu (inclus) ...... 13/06/2025\n")
    assert classify("PJ_2.pdf", pages(COVER, recap)).kind == "arret_travail"


def test_a_letter_of_one_page_is_read_as_itself():
    assert classify("courrier.pdf", pages(COVER)).kind != "arret_travail"


def test_a_two_page_arret_without_a_cover_letter_keeps_its_first_page_title():
    first = "AVIS D'ARRÊT DE TRAVAIL\nAssuré : ROUX Paul\nDu 02/06/2025 au 13/06/2025"
    second = "Volet 3 — à conserver par l'employeur\nVeuillez trouver ci-joint les modalités."
    assert classify("scan.pdf", pages(first, second)).kind == "arret_travail"
