"""NIRs as written: spaced, boxed, with and without key, OCR confusions, Corsica."""

import pytest
from stdnum.fr import nir as stdnir

from intake.understand.nir import confirmed_in, find_nirs, key_of, normalise


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


def test_corsicas_letter_read_as_a_digit_is_restored_by_the_key():
    """Boxes re-read as digits give 2B as 28 and 2A as 24: the key as read fails and holds with the letter."""
    for nir13 in ("184112B031207", "27509" + "2A" + "117053"):
        key = key_of(nir13)
        read = nir13[:6] + {"B": "8", "A": "4"}[nir13[6]] + nir13[7:]
        assert _values(f"{read[:1]} {read[1:3]} {read[3:5]} {read[5:7]} {read[7:10]} {read[10:]} {key}") == [(nir13, key)]
    # A mainland département 28 or 24 whose key holds stays as it is read.
    mainland = "1830528117045"
    assert _values(f"NIR {mainland} {key_of(mainland)}") == [(mainland, key_of(mainland))]
    # Neither reading's key holds: no NIR.
    wrong = f"{(int(key_of('184112B031207')) + 1) % 97:02d}"
    assert _values(f"NIR 1841128031207 {wrong}") == []


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


@pytest.mark.parametrize(
    "text, value, key",
    [
        # The next word's first letter is one the run accepts as an OCR confusion (a, o, S, l).
        ("mme esteve - n° ss : 2 95 04 75 109 743 a ete victime", "2950475109743", None),
        ("NIR 2 70 04 67 231 640 sera", "2700467231640", None),
        # The key apart: after a slash, a dash, « clé ».
        ("Anthony Fabre (1990930082001 / 23) bénéficie", "1990930082001", "23"),
        ("n° SS : 2 70 04 67 231 640 clé 56", "2700467231640", "56"),
        ("(2700467231640 - 56)", "2700467231640", "56"),
    ],
)
def test_run_ends_and_keys_apart(text, value, key):
    assert _values(text) == [(value, key)]


def test_a_wrong_key_apart_is_not_taken_as_the_key():
    assert _values("NIR 2700467231640 / 12") == [("2700467231640", None)]


def test_a_damaged_box_line_confirms_only_the_nir_held():
    line = "N° d'immatriculation.| 2|[0|121|11101|1619|13|315 1/0/2||71/2"
    assert confirmed_in(line, "2021069335102") == "2|[0|121|11101|1619|13|315 1/0/2"
    assert confirmed_in(line, "2021069335103") is None
    assert confirmed_in("Tél 2|[0|121|11101|1619|13|315 1/0/2", "2021069335102") is None  # no label
    # Too many stray characters between the digits: any number would fit.
    assert confirmed_in("NIR 2 0 " + "1 " * 30 + "2 1 0 6 9 3 3 5 1 0 2", "2021069335102") is None


def test_letters_ocr_made_of_digits_are_allowed_only_when_asked():
    line = "N° immatriculation | 2 ][ 6 4110/91!}13 GIE o[1 01719"
    assert confirmed_in(line, "2640938301079") is None
    assert confirmed_in(line, "2640938301079", unread=2) == "2 ][ 6 4110/91!}13 GIE o[1 01719"
    assert confirmed_in(line, "2640938301079", unread=1) is None
    # The label's own letters (« immatriculation »: l, o) are not read as the NIR's first digits.
    assert confirmed_in("N° d'immatriculation 1 0 3 0 2 1 2 3 0 4 7 8 4", "1030212304784") == "1 0 3 0 2 1 2 3 0 4 7 8 4"


def test_a_certificates_n_dassure_is_a_label():
    """« (n° d'assuré 1 98 05 69 192 180) » without its key: labelled, so sure enough to be lent by a piece."""
    (n,) = find_nirs("M. Paul DURAND (n° d'assuré 1 98 05 69 192 180), dont l'état de santé")
    assert (n.value, n.key, n.confidence) == ("1980569192180", None, 0.9)


def test_a_boxed_nir_with_a_stray_character_keeps_corsicas_letter():
    """Boxes re-read as digits: one character too many (an edge read as a digit) before Corsica's letter,
    and a speck after the key read as letters; the one reading whose key is right is the NIR."""
    from intake.understand.nir import repair_with_key

    nir = "184072A004123"
    written = f"1840722A 004123{key_of(nir)} ve"
    assert repair_with_key(written) == (nir, key_of(nir))
    wrong_key = f"{int(key_of(nir)) % 97 + 1:02d}"
    assert repair_with_key(f"1840722A 004123{wrong_key}") is None


def test_a_speck_after_the_key_does_not_hide_the_nir():
    """Sixteen characters whose only reading with a right key is the first 15: the last is a speck."""
    nir = "1880577112233"
    (n,) = find_nirs("N° de sécurité sociale " + nir + key_of(nir) + "7")
    assert (n.value, n.key) == (nir, key_of(nir))


def test_a_collision_found_by_search_is_rejected():
    """One character too many in the boxes: its first 15 may have a right key by chance (once in 97) while
    dropping the stray one gives the NIR really written. With two readings, nothing is read alone."""
    for sex_year in ("1880", "2910", "1750"):
        for tail in range(100, 999):
            nir = f"{sex_year}577{tail:03d}233"
            for extra in "0123456789":
                run = nir[:5] + extra + nir[5:] + key_of(nir)
                if _plausible_pair(run, nir):
                    assert find_nirs("NIR : " + run) == []
                    return
    raise AssertionError("no colliding run found")


def _plausible_pair(run: str, nir: str) -> bool:
    first = run[:15]
    return first[:13] != nir and first[0] in "12" and 1 <= int(first[3:5]) <= 12 and key_of(first[:13]) == first[13:]


def test_a_registry_nir_printed_above_its_label_is_confirmed():
    """Forms that print each label in small type under its value: the NIR stands on the line above."""
    page = "Maëlys\nPrénom\nPERRIN\nNom de l'assuré(e)\n1 84 11 2B 107 093\nN° d'immatriculation\nDate de naissance"
    assert confirmed_in(page, "18411" + "2B107093") == "1 84 11 2B 107 093"
    assert confirmed_in(page, "1841120107093") is None  # another number
    # Two lines above is another field's value, not the NIR's.
    assert confirmed_in("1 84 11 2B 107 093\nNé le 03/11/1984\nN° d'immatriculation\n", "184112B107093") is None


def test_corsicas_letter_read_as_a_digit_still_confirms_the_registry_nir():
    # A re-reading of boxes restricted to digits makes 8 of B and 4 of A.
    assert confirmed_in("N° de sécurité sociale 2710828107551 64", "2710" + "82B107551") is not None
    assert confirmed_in("N° de sécurité sociale 2710824107551 64", "2710" + "82A107551") is not None
    assert confirmed_in("N° de sécurité sociale 2710827107551 64", "2710" + "82B107551") is None


def test_one_box_misread_in_a_whole_nir_with_its_key_still_confirms_the_registry_nir():
    from intake.understand.nir import misread_once_in

    nir13 = "1790544109871"
    whole = nir13 + key_of(nir13)
    once = whole[:6] + ("3" if whole[6] != "3" else "4") + whole[7:]
    assert find_nirs("Immatriculation " + once) == []  # the key fails: not read alone
    assert misread_once_in("N° d'immatriculation " + once + "\nNé le", nir13) == once
    twice = once[:10] + ("5" if once[10] != "5" else "6") + once[11:]
    assert misread_once_in("N° d'immatriculation " + twice, nir13) is None
    assert misread_once_in("N° d'immatriculation " + whole[:13], nir13) is None  # no key: nothing to go by


def test_a_label_spoiled_by_ocr_still_labels_the_line():
    from intake.understand.nir import LABEL_RE

    for line in ("n°d'immatreulation", "n° de securite sociole", "nir :", "n° ss"):
        assert LABEL_RE.search(line), line
    assert not LABEL_RE.search("date de naissance")
    assert confirmed_in("2680371752678 03/03/1968\nN°d'immatreulation Datedenaissance", "2680371752678")


def test_corsicas_departement_read_as_digits_is_told_from_another_number():
    from intake.understand.nir import corsica_read_as_digit

    assert corsica_read_as_digit("1880424051307", "188042A051307")
    assert corsica_read_as_digit("2651128017722", "265112B017722")
    assert not corsica_read_as_digit("2651128017723", "265112B017722")  # another digit differs too
    assert not corsica_read_as_digit("1880424051307", "1880424051307")  # Dordogne is Dordogne
