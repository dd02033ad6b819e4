"""A certificate under a form's title telling its stop in sentences, its person read under a label (the NIR
in « immatriculé(e) sous le n° … »): the page's sentences date that person's form."""

from datetime import date

from intake.identify.message import _stop_from_sentences
from intake.understand.forms import FormFacts


def _person(page: int = 1) -> FormFacts:
    return FormFacts(form="10170", page=page, nir="2840512345678", nir_has_key=True)


def _told(page: int, start: date, end: date) -> FormFacts:
    return FormFacts(form="10170", page=page, start=start, end=end, evidence={"arrêt": f"{start} au {end}"})


def test_the_pages_one_stop_dates_the_form_without_one():
    form = _person()
    _stop_from_sentences([form], [_told(1, date(2025, 2, 3), date(2025, 2, 14))])
    assert (form.start, form.end) == (date(2025, 2, 3), date(2025, 2, 14)) and "arrêt" in form.evidence


def test_another_pages_stop_or_two_stops_date_nothing():
    form = _person(page=2)
    _stop_from_sentences([form], [_told(1, date(2025, 2, 3), date(2025, 2, 14))])
    assert form.start is None and form.end is None
    form = _person()
    _stop_from_sentences([form], [_told(1, date(2025, 2, 3), date(2025, 2, 14)),
                                  _told(1, date(2025, 3, 3), date(2025, 3, 14))])
    assert form.start is None and form.end is None


def test_a_form_with_its_own_stop_keeps_it():
    form = _person()
    form.end = date(2025, 2, 20)
    _stop_from_sentences([form], [_told(1, date(2025, 2, 3), date(2025, 2, 14))])
    assert (form.start, form.end) == (None, date(2025, 2, 20))
