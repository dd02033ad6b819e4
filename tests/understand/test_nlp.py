"""spaCy fallback: loaded once, finds names the patterns cannot (Prénom Nom without civilité)."""

import time

from intake.understand.nlp import LOAD_SECONDS, person_names, pipeline


def test_pipeline_is_built_once_and_finds_names():
    started = time.perf_counter()
    first = pipeline()
    assert pipeline() is first
    names = [t for t, _, _ in person_names("Je vous informe que Julien Trouillas s'est blessé. Mme Odile ROCHE aussi.")]
    assert "Julien Trouillas" in names and "Odile ROCHE" in names
    # Measured, not asserted tightly: the load is reported (about 5 s on the shared 2-core box).
    assert LOAD_SECONDS["fr_core_news_sm"] < 30 and time.perf_counter() - started < 60
