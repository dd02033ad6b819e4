"""NIRs as written: spaced, boxed, with and without key, OCR confusions, Corsica."""

import pytest
from stdnum.fr import nir as stdnir

from intake.understand.nir import find_nirs, key_of, normalise


def _values(text):
    return [(n.value, n.key) for n in find_nirs(text)]


@pytest.mark.parametrize(
    "text, value, key",
    [
        ("n° de sécurité sociale 2 70 04 67 231 640", "2700467231640", None),
        ("NIR : 2700467231640", "2700467231640", None),
        ("(n° SS : 1 98 05 69 192 180)", "1980569192180", None),
        ("n° 2900769210108 38 le", "2900769210108", "38"),
        ("n° 1.98.05.69.192.180.35", "1980569192180", "35"),
        ("N° d'immatriculation      1     9 8      0 5     6 9      1 9 2      1 8 0    3 5", "1980569192180", "35"),
        ("2 | 8 5 | 0 3 | 4 8 | 0 9 5 | 0 1 2", "2850348095012", None),
        ("NIR : 2 63 05 2B 214 534 26", "263052B214534", "26"),
        ("sécu 1 65 08 2A 147 141", "165082A147141", None),
        ("n° SS 1 98 O5 69 l92 180 35", "1980569192180", "35"),
        ("NIR 1 98 05 69 192 180 35 12/03/2025", "1980569192180", "35"),
        # the run stops at its last digit, not at the next word's first letter (« a » read as 4)
        ("DURAND PAUL - NIR 1 98 05 69 192 180 35 - a été blessé", "1980569192180", "35"),
    ],
)
def test_written_forms(text, value, key):
    assert _values(text) == [(value, key)]


def test_wrong_key_is_rejected():
    good = "2700467231640"
    bad_key = f"{(int(key_of(good)) + 1) % 97:02d}"
    assert _values(f"NIR {good} {bad_key}") == []
    assert _values("NIR : 2 63 05 2B 214 534 27") == []


def test_confusions_without_key_need_a_label():
    assert _values("2 70 O4 67 231 640") == []
    assert [n.corrected for n in find_nirs("NIR : 2 70 O4 67 231 640")] == [True]


@pytest.mark.parametrize(
    "text",
    [
        "Tél. : 04 66 30 64 74",
        "SIRET 21480610002134",
        "N° RPPS 10916473179",
        "TBI de 312 000 EUR",
        "2 70 13 67 231 640",  # month 13 without a key
    ],
)
def test_not_nirs(text):
    assert _values(text) == []


def test_keys_agree_with_stdnum():
    for n in ("2700467231640", "263052B214534", "165082A147141"):
        stdnir.validate(n + key_of(n))


def test_registry_cells():
    assert normalise("2 75 12 38 213 086") == "2751238213086"
    assert normalise("282023003663285") == "2820230036632"
    assert normalise("263052B214534") == "263052B214534"
    assert normalise("282023003663286") is None  # wrong key
    assert normalise("") is None
    assert normalise("12345") is None


def test_spans():
    text = "Mme X (n° 2 70 04 67 231 640) est"
    (n,) = find_nirs(text)
    assert text[n.start : n.end] == "2 70 04 67 231 640"


def test_a_certificates_n_dassure_is_a_label():
    """« (n° d'assuré 1 98 05 69 192 180) » without its key: labelled, so sure enough to be lent by a piece."""
    (n,) = find_nirs("M. Paul DURAND (n° d'assuré 1 98 05 69 192 180), dont l'état de santé")
    assert (n.value, n.key, n.confidence) == ("1980569192180", None, 0.9)
