"""A stop written as labelled lines (a bulleted list of fields): its dates and its nature are the fields'."""

from datetime import date

import pytest

from intake.understand.dates import Role, find_periods
from intake.understand.nature import nature_of

REF = date(2025, 6, 10)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("- Intéressé : Paul Martin\n- Date de début : 2 juin 2025\n- Date de fin : 13 juin 2025\n",
         date(2025, 6, 2), date(2025, 6, 13)),
        ("* Début de l'arrêt : lundi 2 juin\n* Fin de l'arrêt : vendredi 6 juin", date(2025, 6, 2), date(2025, 6, 6)),
        ("Du : 28/05/2025\nAu : 04/06/2025", date(2025, 5, 28), date(2025, 6, 4)),
        # an accident's date on the line before is not the stop's start
        ("• Date de l'accident : 30-05-2025\n• Début : 31-05-2025\n• Fin : 09-06-2025",
         date(2025, 5, 31), date(2025, 6, 9)),
    ],
)
def test_labelled_start_and_end_lines_make_one_stop(text, start, end):
    periods = [p for p in find_periods(text, REF) if p.how == "range"]
    assert [(p.start, p.end) for p in periods] == [(start, end)]
    assert periods[0].about == Role.STOP


def test_unlabelled_dates_on_consecutive_lines_stay_apart():
    text = "Date de l'accident : 30/05/2025\nDate de naissance : 04/06/1980"
    assert not [p for p in find_periods(text, REF) if p.how == "range"]


@pytest.mark.parametrize(
    "text, nature",
    [
        ("- Nature : arrêt initial\n- Début : 02/06/2025", "initial"),
        ("- Type d'arrêt : prolongation\n- Date de l'arrêt initial : 12/05/2025", "prolongation"),
        ("• Nature : rechute\n• Date de l'accident : 03/02/2024", "rechute"),
        ("Prolongation de l'arrêt initial du 12/05", "prolongation"),  # no field: the words decide
    ],
)
def test_a_nature_field_says_the_nature(text, nature):
    assert nature_of(text, relapsing={"accident_service"}, category="accident_service").nature == nature
