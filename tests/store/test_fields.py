"""Registry cell validators: the one NIR rule, shared by the import and by understanding's normalise."""

from __future__ import annotations

import pytest

from intake.store.fields import nir
from intake.understand.nir import normalise


def test_a_nir_with_non_ascii_digits_is_refused_by_the_import():
    """Regression: "８" (fullwidth) matched \\d, so the import stored a NIR no mail could ever match."""
    with pytest.raises(ValueError, match="mal formé"):
        nir("185011234567８")


@pytest.mark.parametrize("written", ["1 85 01 12 345 678", "1.85.01.12.345.678 66", "1 85 01 12 345 678 00", "2850175123456"])
def test_import_and_understanding_read_a_nir_alike(written):
    try:
        expected = nir(written)[0]
    except ValueError:
        expected = None
    assert normalise(written) == expected
