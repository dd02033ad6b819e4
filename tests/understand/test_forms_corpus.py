"""The form reader on the shared document generator's cerfa layouts (stacked, inline, dematerialised)."""

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from corpus.doc_facts import random_facts  # noqa: E402
from corpus.documents import make_scan, make_text_pdf  # noqa: E402
from intake.documents import read_document  # noqa: E402
from intake.understand.forms import read_forms  # noqa: E402


def _case(i: int):
    rng = random.Random(i)
    kind = ("arret_travail", "certificat_at_mp")[i % 2]
    nature = rng.choice(("initial", "prolongation", "rechute") if kind == "certificat_at_mp" else ("initial", "prolongation"))
    f = random_facts(random.Random(1000 + i))
    pdf = make_text_pdf(kind, rng, nature=nature, last_name=f.last_name, first_name=f.first_name, nir=f.nir,
                        start=f.start, end=f.end)
    return rng, nature, f, pdf


def test_text_forms_every_field():
    wrong = []
    for i in range(12):
        _, nature, f, pdf = _case(i)
        (ff,) = read_forms(read_document("f.pdf", pdf), reference=f.start)
        got = (ff.last_name, (ff.first_name or "").replace(" ", ""), ff.nir, ff.start, ff.end, nature in ff.boxes)
        want = (f.last_name, f.first_name.replace(" ", ""), f.nir[:13], f.start, f.end, True)
        if got != want:
            wrong.append((i, got, want))
    assert wrong == []


@pytest.mark.slow
def test_scanned_forms_never_give_a_wrong_nir_or_name():
    read = 0
    for i in range(2):
        rng, _, f, pdf = _case(i)
        forms = read_forms(read_document("scan.pdf", make_scan(pdf, rng)), reference=f.start)
        for ff in forms:
            assert ff.nir in (None, f.nir[:13])
            read += ff.nir is not None
            if ff.last_name and ff.last_name.isupper():
                assert ff.last_name in (f.last_name,) or f.last_name not in ff.last_name
    assert read >= 0  # recall on scans is measured in the report, not asserted here
