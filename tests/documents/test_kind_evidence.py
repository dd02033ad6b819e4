"""A document kind needs evidence from the document's own words or form: one short word, a short OCR
fragment or a file name never gives one (issue 15: « sa » made a newsletter a certificat de grossesse)."""

from __future__ import annotations

import pytest

from intake.documents import DocumentText, Page, classify


def doc(text: str, *, ocr: bool = False) -> DocumentText:
    return DocumentText(pages=[Page(1, text, 595, 842, ocr=ocr)])


@pytest.mark.parametrize(
    "text",
    [
        "Lettre d'information\nChaque agent indique sa période de congés avant le 15 mai.",
        "Compte rendu\nLe conseil a voté l'adoption du budget.",
        "Note de service\nMerci de signaler votre heure d'arrivée.",
        "Annonce\nLe domicile de l'association change.",
    ],
)
def test_one_common_word_gives_no_kind(text: str) -> None:
    guess = classify("lettre.pdf", doc(text))
    assert guess.kind == "autre", guess


def test_weeks_of_amenorrhea_still_count_beside_a_title() -> None:
    guess = classify("scan.pdf", doc("DECLARATION DE GROSSESSE\nTerme : 12 SA\nDate présumée d'accouchement : 02/10/2026"))
    assert guess.kind == "certificat_grossesse"


@pytest.mark.parametrize("fragment", ["IL", "Il a", "AT", "avis"])
def test_short_ocr_fragments_never_match_a_title(fragment: str) -> None:
    assert classify("capture.png", doc(fragment, ocr=True)).kind == "autre"


def test_a_damaged_ocr_title_still_matches_fuzzily() -> None:
    guess = classify("scan.jpg", doc("AVIS D ARRFT DE TRAVA1L\nNom prénom de l'assuré", ocr=True))
    assert guess.kind == "arret_travail"


@pytest.mark.parametrize(
    "filename",
    ["AT_2026.mp3", "arret de travail.exe", "certificat AT.bin", "declaration grossesse.docx"],
)
def test_a_file_name_alone_gives_no_kind(filename: str) -> None:
    guess = classify(filename, DocumentText(unreadable="type de fichier non pris en charge"))
    assert guess.kind == "autre"


def test_the_name_hint_is_shown_to_the_handler() -> None:
    guess = classify("arret_travail.exe", DocumentText(unreadable="type de fichier non pris en charge"))
    assert guess.evidence and "arret_travail" in guess.evidence[0]


def test_the_name_only_agrees_with_the_content() -> None:
    # A name that speaks of a stop adds nothing to a document that does not.
    assert classify("arret.pdf", doc("Menu de la cantine\nLundi : poisson")).kind == "autre"
    with_title = classify("arret.pdf", doc("AVIS D'ARRET DE TRAVAIL\nDu 02/03 au 13/03"))
    without_name = classify("scan.pdf", doc("AVIS D'ARRET DE TRAVAIL\nDu 02/03 au 13/03"))
    assert with_title.kind == without_name.kind == "arret_travail"
    assert any("nom du fichier" in e for e in with_title.evidence)
