"""The aligned fold keeps every offset, whatever the characters, and folds each one the same way."""

import random

from intake.documents.textnorm import _fold_char, fold, fold_aligned


def test_fold_aligned_folds_accents_quotes_dashes_and_spaces():
    assert fold_aligned("Arrêt d’ŒUVRE – Éloïse\u00a0N°") == "arret d'ouvre - eloise n°"


def test_fold_aligned_keeps_the_length_of_any_text():
    rng = random.Random(7)
    samples = ["İstanbul", "ǅemal", "ﬁn", "e\u0301te\u0301", "ß", "\U0001f600 ok", "ᾈ"]
    samples += ["".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(200)) for _ in range(20)]
    for text in samples:
        folded = fold_aligned(text)
        assert len(folded) == len(text)
        assert folded == "".join(_fold_char(c) for c in text)


def test_fold_for_matching_spells_ligatures_out():
    assert fold("  SŒUR   N° 3 ") == "soeur no 3"
