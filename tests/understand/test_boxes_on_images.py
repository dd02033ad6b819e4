"""A nature box read by OCR on a scan or a photo gives way to a prolongation or a rechute the mail's words
name (a mark is easily tied to its neighbour's label there); a box of a text-layer form does not."""

import pytest

from intake.understand.nature import nature_of

_RELAPSING = {"accident_service", "accident_trajet", "maladie_professionnelle"}


@pytest.mark.parametrize(("words", "box", "said"), [
    ("Mme Justine ROCHE rechute de son accident de service de 2023 : arrêt du 02/06 au 30/06.", "prolongation", "rechute"),
    ("L'arrêt de M. Cyril AUBANEL (accident de trajet du 3 avril) est prolongé jusqu'au 18 mai.", "rechute", "prolongation"),
    ("Renouvellement de l'arrêt de Mme Inès PAGÈS jusqu'au 12/09.", "initial", "prolongation"),
])
def test_the_words_outweigh_a_box_read_on_an_image(words, box, said) -> None:
    got = nature_of(words, relapsing=_RELAPSING, boxes={box}, category="accident_service", boxes_read_on_image=True)
    assert got.nature == said
    assert "image" in got.evidence[-1]


def test_a_box_of_a_text_form_outweighs_the_words() -> None:
    words = "Mme Justine ROCHE rechute de son accident de service : arrêt du 02/06 au 30/06."
    got = nature_of(words, relapsing=_RELAPSING, boxes={"prolongation"}, category="accident_service")
    assert got.nature == "prolongation"


def test_words_naming_no_nature_leave_the_box_read_on_an_image() -> None:
    words = "Voici l'arrêt de M. Cyril AUBANEL, reçu ce matin."
    got = nature_of(words, relapsing=_RELAPSING, boxes={"rechute"}, category="accident_trajet", boxes_read_on_image=True)
    assert got.nature == "rechute"
