"""Recap tables (one row per agent) are read row by row: each person keeps the dates of their row."""

from datetime import date

import pytest

from intake.understand.dates import Role, find_dates, find_periods
from intake.understand.tables import rows_as_lines

REF = date(2025, 9, 1)


@pytest.mark.parametrize("sep", ["\t", ";", " | "])
def test_each_row_becomes_one_line_with_its_range(sep):
    header = sep.join(["Nom", "Prénom", "Nature", "Début", "Fin"])
    rows = [sep.join(["ROUX", "Line", "Maladie", "04/08/2025", "15/08/2025"]),
            sep.join(["FAVRE", "Noël", "Prolongation", "11/08/2025", "29/08/2025"])]
    text = "Bonjour,\n\n" + "\n".join([header, *rows]) + "\n\nMerci."
    out = rows_as_lines(text)
    assert "- ROUX Line, Maladie, du 04/08/2025, au 15/08/2025" in out
    assert "- FAVRE Noël, Prolongation, du 11/08/2025, au 29/08/2025" in out
    periods = [(p.start, p.end) for p in find_periods(out, REF)]
    assert periods == [(date(2025, 8, 4), date(2025, 8, 15)), (date(2025, 8, 11), date(2025, 8, 29))]


def test_a_table_drawn_in_text_keeps_its_rule_and_skips_dash_cells():
    text = ("| Nom | Prénom | Matricule | Origine | Du | Au |\n|-----|-----|-----|-----|-----|-----|\n"
            "| PETIT | Rémi | X77 | — | 01/07/2025 | 09/07/2025 |\n")
    out = rows_as_lines(text)
    assert "- PETIT Rémi, matricule X77, du 01/07/2025, au 09/07/2025" in out


def test_tables_without_a_person_or_without_both_dates_are_left_alone():
    plain = "Date\tObjet\tMontant\n01/07/2025\tFacture\t120\n"
    assert rows_as_lines(plain) == plain
    no_person = "Service\tDu\tAu\nVoirie\t01/07/2025\t09/07/2025"
    assert rows_as_lines(no_person) == no_person


def test_an_initial_cell_dates_the_first_stop():
    found = find_dates("- FAVRE Noël, Prolongation, initial 02/06/2025, du 11/08/2025 au 29/08/2025", REF)
    assert found[0].role == Role.INITIAL_STOP
