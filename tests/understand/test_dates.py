"""French dates and periods: each phrasing people use, year inference and roles."""

from datetime import date

import pytest

from intake.understand.dates import Role, find_dates, find_periods, nearest_year, scan

REF = date(2025, 3, 20)


def _period(text, ref=REF):
    ps = find_periods(text, ref)
    assert ps, f"no period in {text!r}"
    return ps[0].start, ps[0].end


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Arrêt de travail du 12/03/2025 au 25/03/2025.", date(2025, 3, 12), date(2025, 3, 25)),
        ("arrêt 12.03.25 - 25.03.25", date(2025, 3, 12), date(2025, 3, 25)),
        ("arrêt du 12-03-2025 au 25-03-2025", date(2025, 3, 12), date(2025, 3, 25)),
        ("en arrêt du 12 au 25 mars", date(2025, 3, 12), date(2025, 3, 25)),
        ("du 12/03 au 25/03/2025", date(2025, 3, 12), date(2025, 3, 25)),
        ("à compter du 12 mars jusqu'au 25 mars inclus", date(2025, 3, 12), date(2025, 3, 25)),
        ("à partir du 1er mars jusqu’au 3 avril", date(2025, 3, 1), date(2025, 4, 3)),
        ("du lundi 10 mars au vendredi 14 mars 2025", date(2025, 3, 10), date(2025, 3, 14)),
        ("arrêté du 2025-03-12 au 2025-03-25", date(2025, 3, 12), date(2025, 3, 25)),
        ("prolongé du 10 janvier 2025 au 24 janvier 2025", date(2025, 1, 10), date(2025, 1, 24)),
        ("du 28 février au 3 mars", date(2025, 2, 28), date(2025, 3, 3)),
        ("Arrêt de travail du 7 au 27 mai.", date(2025, 5, 7), date(2025, 5, 27)),
        ("du 25 février au 2 mars", date(2025, 2, 25), date(2025, 3, 2)),
    ],
)
def test_ranges(text, start, end):
    assert _period(text) == (start, end)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("arrêt pour 14 jours à compter du 12/03", date(2025, 3, 12), date(2025, 3, 25)),
        ("à compter du 12/03 pour 14 jours", date(2025, 3, 12), date(2025, 3, 25)),
        ("pour trois jours à partir du 16 mars", date(2025, 3, 16), date(2025, 3, 18)),
        ("pour une durée de 2 semaines à compter du 3 mars", date(2025, 3, 3), date(2025, 3, 16)),
        ("CLM pour 6 mois à compter du 15/01/2025", date(2025, 1, 15), date(2025, 7, 14)),
    ],
)
def test_durations_end_inclusive(text, start, end):
    assert _period(text) == (start, end)


def test_year_crossing_range_takes_the_next_year_for_the_end():
    assert _period("en TPT à compter du 17 octobre 2025 jusqu'au 16 janvier inclus", date(2025, 10, 8)) == (
        date(2025, 10, 17),
        date(2026, 1, 16),
    )
    assert _period("congé pour 25 jours à compter du 20/12", date(2024, 12, 29)) == (
        date(2024, 12, 20),
        date(2025, 1, 13),
    )


def test_yearless_date_takes_the_year_nearest_the_message():
    assert nearest_year(28, 12, date(2025, 1, 5)) == date(2024, 12, 28)
    assert nearest_year(3, 1, date(2024, 12, 20)) == date(2025, 1, 3)
    assert nearest_year(29, 2, date(2025, 3, 1)) == date(2024, 2, 29)
    (d,) = find_dates("accident du 01/03", date(2025, 4, 8))
    assert d.value == date(2025, 3, 1) and not d.year_given


def test_open_periods():
    (p,) = find_periods("en arrêt à compter du 12 mars", REF)
    assert (p.start, p.end, p.how) == (date(2025, 3, 12), None, "from")
    (p,) = find_periods("son arrêt est prolongé jusqu'au 30 mars", REF)
    assert (p.start, p.end, p.how) == (None, date(2025, 3, 30), "until")


@pytest.mark.parametrize(
    "text, role",
    [
        ("Mme X, née le 12/03/1985", Role.BIRTH),
        ("né(e) le 02/04/1970", Role.BIRTH),
        ("Fait à Mende, le 14/03/2025", Role.SIGNATURE),
        ("Barjac, le 2 décembre 2024", Role.SIGNATURE),
        ("Date : 16/11/2025", Role.SIGNATURE),
        ("dossier n° 12/03", Role.REFERENCE),
        ("l'accident de service de M. X du 05/01/2025", Role.ACCIDENT),
        ("victime d'une chute le 8 septembre 2025", Role.ACCIDENT),
        ("décès survenu le 12/03/2025", Role.DEATH),
        ("naissance de mon enfant le 17 décembre 2024", Role.CHILDBIRTH),
        ("reprise prévue le 02/04/2025", Role.REPRISE),
        ("l'arrêt initial du 14/12/2024", Role.INITIAL_STOP),
        ("1re constatation médicale le 03/02/2025", Role.FIRST_FINDING),
        ("lundi 12 mars", Role.UNKNOWN),
    ],
)
def test_roles(text, role):
    (d,) = find_dates(text, REF)
    assert d.role == role


def test_two_digit_years_and_birth_dates():
    (d,) = find_dates("né le 12.03.85", REF)
    assert d.value == date(1985, 3, 12) and d.role == Role.BIRTH


def test_spans_point_into_the_original_text():
    text = "Arrêt de l’agente du 12 février au 25 février 2025"
    dates, periods = scan(text, REF)
    assert [text[d.start : d.end] for d in dates] == ["12 février", "25 février 2025"]
    assert text[periods[0].span[0] : periods[0].span[1]] == "12 février au 25 février 2025"


@pytest.mark.parametrize(
    "text",
    [
        "Accueil : lundi 8h30-12h / 13h30-17h",
        "Tél. : 04 66 30 64 74",
        "un TBI de 312 000 EUR et 12.5 % de RI",
        "N° 275/2024",
        "version 3.2.1",
    ],
)
def test_not_dates(text):
    assert [d for d in find_dates(text, REF) if d.role != Role.REFERENCE] == []


def test_invalid_calendar_dates_are_skipped():
    assert find_dates("le 31/02/2025 et le 45/03/2025", REF) == []


def test_stop_dates_beside_accident_and_birth_dates():
    text = (
        "Nous vous déclarons l'AT dont a été victime M. X le 8 septembre 2025 : chute. "
        "Arrêt de travail du 08/09/2025 au 07/10/2025. Agent né le 06/08/1965."
    )
    dates, periods = scan(text, date(2025, 9, 25))
    roles = [(d.value.isoformat(), d.role) for d in dates]
    assert roles == [
        ("2025-09-08", Role.ACCIDENT),
        ("2025-09-08", Role.STOP_START),
        ("2025-10-07", Role.STOP_END),
        ("1965-08-06", Role.BIRTH),
    ]
    assert [(p.start, p.end) for p in periods] == [(date(2025, 9, 8), date(2025, 10, 7))]


# --- issue 14, class 3: dates as other writers put them ------------------------------------------------


@pytest.mark.parametrize(
    "text, ref, start, end",
    [
        # weekday + day without a year: the nearest year where the weekday matches, not the nearest year
        ("Arrêt du jeudi 17 avril au jeudi 1 mai.", date(2026, 1, 10), date(2025, 4, 17), date(2025, 5, 1)),
        ("arrêt du mardi 30 décembre au lundi 5 janvier", date(2026, 1, 3), date(2025, 12, 30), date(2026, 1, 5)),
        ("du vendredi 3 janvier au vendredi 17 janvier", date(2024, 12, 20), date(2025, 1, 3), date(2025, 1, 17)),
        # the return to work closes an open stop the day before
        ("en arrêt à compter du 3 mars, reprise le 15 mars", REF, date(2025, 3, 3), date(2025, 3, 14)),
        ("Reprise prévue le 15/03 ; arrêt à compter du 03/03", REF, date(2025, 3, 3), date(2025, 3, 14)),
        # an end said excluded, a bare end day whose month is the start's
        ("arrêt du 3 au 15 mars exclu", REF, date(2025, 3, 3), date(2025, 3, 14)),
        ("arrêté à compter du 3 mars jusqu'au 14 inclus", REF, date(2025, 3, 3), date(2025, 3, 14)),
        ("à compter du 25 février jusqu'au 3, reprise le 4", REF, date(2025, 2, 25), date(2025, 3, 3)),
        # abbreviations, 1er / premier, two-digit years written in words' dates
        ("arrêt du 3 janv. au 14 févr. 2025", REF, date(2025, 1, 3), date(2025, 2, 14)),
        ("arrêt du 3 JANV 2025 au 14 FÉVR 2025", REF, date(2025, 1, 3), date(2025, 2, 14)),
        ("arrêt du premier mars au 12 mars", REF, date(2025, 3, 1), date(2025, 3, 12)),
        ("arrêt du 12 mars 25 au 20 mars 25", REF, date(2025, 3, 12), date(2025, 3, 20)),
        ("arrêt du 28 déc. 24 au 5 janv. 25", REF, date(2024, 12, 28), date(2025, 1, 5)),
    ],
)
def test_other_writers_dates(text, ref, start, end):
    assert _period(text, ref) == (start, end)


def test_a_stop_begun_on_a_day_is_an_open_period_of_the_initial_stop():
    ps = find_periods("Mme X est en arrêt maladie débuté le 21 mai 2025.", date(2025, 6, 2))
    assert [(p.start, p.end, p.how, p.about) for p in ps] == [(date(2025, 5, 21), None, "from", Role.INITIAL_STOP)]


def test_a_two_digit_number_after_a_date_is_not_its_year():
    ps = find_periods("arrêt à compter du 12 mars 10 jours durant", REF)
    assert ps[0].start == date(2025, 3, 12)
    assert find_dates("le 3 mars 15 agents étaient absents", REF)[0].value == date(2025, 3, 3)


def test_weekday_that_matches_no_near_year_falls_back_to_the_nearest():
    # 17 April is a Thursday in 2025 and 2031 only: within two years, 2025 it is.
    assert nearest_year(17, 4, date(2025, 3, 1), weekday=3) == date(2025, 4, 17)
    assert nearest_year(17, 4, date(2025, 3, 1), weekday=6) == date(2025, 4, 17)  # no Sunday near: the nearest


@pytest.mark.parametrize("text, start, end", [
    ("en arrêt maladie débutant le 10 mars 2025 et se terminant le 16 mars 2025.", date(2025, 3, 10), date(2025, 3, 16)),
    ("congé débutant le 3 et se terminant le 14 mars", date(2025, 3, 3), date(2025, 3, 14)),
    ("TPT débutant le 20/02 et se terminant le 18/05, certificat joint", date(2025, 2, 20), date(2025, 5, 18)),
    ("arrêt débutant le lundi 24 février et prenant fin le mardi 4 mars.", date(2025, 2, 24), date(2025, 3, 4)),
    # an open start and an open end of one sentence are one stop
    ("l'arrêt maladie débuté le 18.03.2025 de Mme X (née Y), avec une fin prévue le 21/03/2025 inclus.",
     date(2025, 3, 18), date(2025, 3, 21)),
])
def test_start_and_end_in_words(text, start, end):
    assert [(p.start, p.end) for p in find_periods(text, REF) if p.start and p.end] == [(start, end)]


@pytest.mark.parametrize("text, initial, start, end", [
    ("L'arrêt de M. X, initialement du 03/02/2025 au 16/02/2025 (inclus), est prolongé jusqu'au 02/03/2025 inclus.",
     date(2025, 2, 3), date(2025, 2, 17), date(2025, 3, 2)),
    ("Son arrêt, initialement à compter du lundi 27 janvier jusqu'au jeudi 13 février inclus, est prolongé "
     "jusqu'au mercredi 5 mars inclus.", date(2025, 1, 27), date(2025, 2, 14), date(2025, 3, 5)),
])
def test_a_prolongation_starts_the_day_after_the_period_it_extends(text, initial, start, end):
    found, periods = scan(text, REF)
    assert [(p.start, p.end) for p in periods if p.about == Role.STOP] == [(start, end)]
    assert [d.value for d in found if d.role == Role.INITIAL_STOP] == [initial]


def test_an_open_start_then_a_prolongation_end_stay_apart():
    """« débuté le 18 novembre, celui-ci est prolongé jusqu'au 5 janvier »: the start is the initial stop's,
    the prolongation's own start is not told."""
    _, periods = scan("l'arrêt de M. X débuté le 18/11/2024, celui-ci est prolongé jusqu'au 05/01/2025.", REF)
    assert not [p for p in periods if p.start and p.end]


def test_a_date_set_between_commas_is_what_the_sentence_tells():
    found = find_dates("Marie Durand, le 26 février 2025, s'est blessée à l'épaule. Arrêt à compter du 27/02/2025.", REF)
    assert [(d.value, d.role) for d in found][0] == (date(2025, 2, 26), Role.ACCIDENT)


def test_the_initial_start_of_a_prolongation_is_not_joined_to_its_end():
    _, periods = scan("Prolongation de l'arrêt de Mme X débuté le 4 mars, avec une fin prévue le 28 mars.", REF)
    assert not [p for p in periods if p.start and p.end]


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("absente pour vingt et un jours à compter du 2 mars", date(2025, 3, 2), date(2025, 3, 22)),
        ("un arrêt de soixante-dix jours débutant le 1er février", date(2025, 2, 1), date(2025, 4, 11)),
        ("à compter du 1er janvier pour quatre-vingt-dix jours", date(2025, 1, 1), date(2025, 3, 31)),
        ("prescription de trente-cinq jours à partir du 10/02/2025", date(2025, 2, 10), date(2025, 3, 16)),
    ],
)
def test_durations_written_in_compound_words(text, start, end):
    assert _period(text) == (start, end)


# A Wednesday, as a mail's Date: header; relative words count from it.
WED = date(2025, 3, 19)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("mon fils est arrêté à partir du 11 courant jusqu'au 28/03", date(2025, 3, 11), date(2025, 3, 28)),
        ("arrêt du 4 au 21 courant", date(2025, 3, 4), date(2025, 3, 21)),
        ("il est arrêté depuis hier", date(2025, 3, 18), None),
        ("arrêté depuis avant-hier et jusqu'au 30 mars", date(2025, 3, 17), date(2025, 3, 30)),
        ("elle est en arrêt à compter d'aujourd'hui pour une semaine", date(2025, 3, 19), date(2025, 3, 25)),
        ("en arrêt depuis ce matin jusqu'au 23 mars inclus", date(2025, 3, 19), date(2025, 3, 23)),
        ("arrêtée depuis lundi", date(2025, 3, 17), None),
        ("en congé maladie depuis vendredi dernier", date(2025, 3, 14), None),
        ("arrêt à compter de mardi prochain jusqu'au 4 avril", date(2025, 3, 25), date(2025, 4, 4)),
        ("en arrêt depuis le 27", date(2025, 2, 27), None),
        ("en arrêt depuis le 5", date(2025, 3, 5), None),
        ("absent à compter du 24, reprise le 31 mars", date(2025, 3, 24), date(2025, 3, 30)),
        ("arrêtée depuis le 26 du mois dernier", date(2025, 2, 26), None),
        ("arrêt à compter du 1er du mois prochain pour quinze jours", date(2025, 4, 1), date(2025, 4, 15)),
    ],
)
def test_dates_relative_to_the_message(text, start, end):
    assert _period(text, WED) == (start, end)


def test_a_day_of_the_message_dates_nothing_outside_a_stop():
    # « reçu ce jour », « je vous ai appelé hier »: the mail's own days, no date of the claim.
    assert find_dates("Je vous transmets l'arrêt reçu ce jour, comme dit au téléphone hier.", WED) == []


def test_a_relative_day_dates_the_event_it_tells():
    (d,) = find_dates("L'agent a glissé hier sur le parking des services techniques.", WED)
    assert (d.value, d.role) == (date(2025, 3, 18), Role.ACCIDENT)
    (d,) = find_dates("Elle s'est coupée à la main jeudi dernier.", WED)
    assert (d.value, d.role) == (date(2025, 3, 13), Role.ACCIDENT)


def test_a_yearless_date_after_depuis_is_never_to_come():
    # A mail of October about a stop « depuis le 20 novembre » would be nonsense: the previous November.
    (p,) = find_periods("en maladie depuis le 20 novembre", date(2025, 10, 2))
    assert p.start == date(2024, 11, 20)


@pytest.mark.parametrize(
    "text, initial, start, end",
    [
        ("en arrêt depuis le 02/02/2025, son arrêt est prolongé du 3 au 16 mars.",
         date(2025, 2, 2), date(2025, 3, 3), date(2025, 3, 16)),
        ("Absent depuis le 10 février. Le médecin a prolongé l'arrêt pour deux semaines à compter du 1er mars.",
         date(2025, 2, 10), date(2025, 3, 1), date(2025, 3, 14)),
    ],
)
def test_an_open_stop_told_before_its_prolongation_is_the_initial_one(text, initial, start, end):
    dates, periods = scan(text, REF)
    assert [d.value for d in dates if d.role == Role.INITIAL_STOP] == [initial]
    assert [(p.start, p.end) for p in periods if p.about != Role.INITIAL_STOP] == [(start, end)]


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("absent 10-14 mars", date(2025, 3, 10), date(2025, 3, 14)),
        ("arrêt du 27 - 2 mars", date(2025, 2, 27), date(2025, 3, 2)),
        ("absente les 6 et 7 mars", date(2025, 3, 6), date(2025, 3, 7)),
        ("absent entre le 4 et le 9 mars", date(2025, 3, 4), date(2025, 3, 9)),
    ],
)
def test_two_days_sharing_one_month(text, start, end):
    assert _period(text) == (start, end)


def test_two_days_apart_are_not_one_stop():
    assert find_periods("absente les 6 et 13 mars (rendez-vous)", REF) == []


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Arrêt du 4 mars ; reprise du travail le mardi 11 mars.", date(2025, 3, 4), date(2025, 3, 10)),
        ("arrêté du 02/03/2025, il reprendra le 09/03/2025", date(2025, 3, 2), date(2025, 3, 8)),
    ],
)
def test_a_stop_told_by_du_ends_the_day_before_the_return(text, start, end):
    assert _period(text) == (start, end)


def test_a_letter_date_before_a_return_is_no_stop():
    assert find_periods("Suite à notre courrier du 4 mars, reprise le 11 mars.", REF) == []


def test_a_return_told_relative_to_the_message():
    (d,) = find_dates("Bonne nouvelle : M. Roux reprend son poste demain.", WED)
    assert (d.value, d.role) == (date(2025, 3, 20), Role.REPRISE)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("arrêt maladie 03/03/2025-14/03/2025", date(2025, 3, 3), date(2025, 3, 14)),
        ("arrêt 3/3-14/3", date(2025, 3, 3), date(2025, 3, 14)),
        ("absence 03.03.2025-14.03.2025", date(2025, 3, 3), date(2025, 3, 14)),
    ],
)
def test_a_hyphen_without_spaces_joins_two_dates(text, start, end):
    assert _period(text) == (start, end)
