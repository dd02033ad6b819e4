"""The corpus labels a piece as stating a birth date or NIR exactly when its text does, line wraps included."""

from __future__ import annotations

import random
from datetime import date

from corpus.claims_docs import Person, _states, make_piece, text_of
from corpus.doc_facts import long_date

PERSON = Person(1, "Jean-Christophe", "DE LA FONTAINE-BERTRAND", date(1980, 8, 10), "180086912345611",
                "12 rue des Lilas 07000 Privas")


def test_a_date_or_nir_cut_by_a_line_break_is_still_stated():
    text = "est décédé à Privas, Jean-Christophe DE LA FONTAINE-BERTRAND, né le 10\r\naoût 1980, domicilié(e)"
    assert _states(text, PERSON) == (False, True)
    assert _states("Né(e) le 10/08/\n1980 – N° SS 1 80 08\r\n69 123 456 11", PERSON) == (True, True)


def test_another_date_or_nir_is_not_theirs():
    # a homonym's birth date or NIR must not resolve the agent the mail speaks of
    assert _states("né le 10 août 1981, N° SS 1 81 08 69 123 456", PERSON) == (False, False)
    assert _states("né le 10/08/1981", PERSON) == (False, False)


def test_every_death_certificate_states_the_birth_date():
    """The acte de décès always gives the birth date; long names make the paragraph wrap inside it on some pages."""
    wrapped = 0
    for seed in range(24, 40):
        piece = make_piece("acte_deces", random.Random(seed), PERSON, category="deces", nature=None,
                           employer="Mairie de Privas", commune="Privas", event=date(2025, 3, 1), start=date(2025, 2, 1),
                           end=date(2025, 2, 14), medium="text", owner=0, when=date(2025, 3, 5))
        assert piece.states_birth, seed
        wrapped += long_date(PERSON.birth_date) not in text_of(piece.data)
    assert wrapped  # the case this guards against did occur
