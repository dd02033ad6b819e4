"""Arrêts that come by fax or in layouts other than « label : value »: values printed over their labels, a
form on two pages (the person on one, the stop on the other), a certificate in sentences, the wordings a
low-resolution reading leaves of the labels. Pages are built word by word (made-up names and dates)."""

from __future__ import annotations

from datetime import date

from test_formreader import Sheet, _words

from intake.documents.formgeom import find_labels, lines_of, values_of
from intake.documents.model import DocumentText, Page
from intake.understand.formreader import F, label_re, read_page
from intake.understand.forms import prose_stop, read_forms

REF = date(2025, 6, 1)


def _page(rows: list[tuple[float, float, str]], number: int = 1, size: float = 10) -> Page:
    """rows: (x, y, text); the page's text is its rows top to bottom."""
    words = [w for x, y, s in rows for w in _words(s, y, x, size)]
    text = "\n".join(s for _, _, s in sorted(rows, key=lambda r: (r[1], r[0])))
    return Page(number, text, 600, 800, words, ocr=True)


def _grid_over_labels(last: str, first: str, start: str, end: str, initial: str | None = None) -> Page:
    """A form whose values stand on rules with their captions in small type under them, two columns."""
    rows = [(200, 40, "CERTIFICAT D'ARRÊT DE TRAVAIL"),
            (40, 80, last), (320, 80, first),
            (40, 100, "Nom de l'assuré(e)"), (320, 100, "Prénom"),
            (320, 120, "14/02/1979"),
            (40, 140, "N° de sécurité sociale"), (320, 140, "Date de naissance"),
            (40, 160, "Mairie de Lurcy"), (320, 160, "Lurcy"),
            (40, 180, "Employeur"), (320, 180, "Commune")]
    y = 200
    if initial:
        rows += [(40, y, initial), (40, y + 20, "Date de l'arrêt initial")]
        y += 40
    rows += [(40, y, start), (320, y, end),
             (40, y + 20, "Arrêt de travail à compter du"), (320, y + 20, "jusqu'au (inclus)"),
             (40, y + 40, "☒ Sorties autorisées ☐ Sorties non autorisées")]
    return _page(rows)


def test_values_printed_over_their_labels_are_read_above_them():
    got = read_page(_grid_over_labels("BERTHOLET", "Agnès", "03/05/2025", "17/05/2025", initial="12/04/2025"), REF).fields
    assert (got[F.LAST].value, got[F.FIRST].value) == ("BERTHOLET", "Agnès")
    assert got[F.BIRTH_DATE].value == date(1979, 2, 14)
    # Each date is the one over its own label, not the next row's.
    assert (got[F.INITIAL_START].value, got[F.START].value, got[F.END].value) == \
        (date(2025, 4, 12), date(2025, 5, 3), date(2025, 5, 17))


def test_a_grid_of_labels_over_values_is_still_read_below():
    rows = [(40, 80, "Nom de l'assuré(e)"), (320, 80, "Prénom"),
            (40, 100, "BERTHOLET"), (320, 100, "Agnès"),
            (40, 120, "Date de début"), (320, 120, "Date de fin"),
            (40, 140, "03/05/2025"), (320, 140, "17/05/2025"),
            (40, 200, "Fait à Lurcy, le 03/05/2025")]
    got = read_page(_page(rows), REF).fields
    assert (got[F.LAST].value, got[F.FIRST].value) == ("BERTHOLET", "Agnès")
    assert (got[F.START].value, got[F.END].value) == (date(2025, 5, 3), date(2025, 5, 17))


def test_a_value_right_of_its_label_stops_at_the_next_column():
    # Two pages printed side by side on one sheet: the left page's value is not run on with the right's words.
    rows = [(40, 100, "Nom d'usage : PRALONG"), (400, 100, "☐ initial ☒ de prolongation")]
    page = _page(rows)
    lines = lines_of(page)
    (hit,) = [h for h in find_labels(lines, label_re(F.LAST)) if h.text.lower().startswith("nom")]
    assert values_of(lines, hit, {0: {0, 1}})[0].text == "PRALONG"
    assert read_page(page, REF).fields[F.LAST].value == "PRALONG"
    # A colon read as a letter before a value far right of its label is no value of its own.
    got = read_page(_page([(40, 100, "Arrêt de travail du i"), (400, 100, "24/07/2025")]), REF).fields
    assert got[F.START].value == date(2025, 7, 24)


def test_end_labels_as_a_fax_reads_them():
    for label in ("Au (inclus) :", "Au {inclus}:", "jusqu'a (inclus)", "jusqu'aü (inclus) :"):
        got = read_page(_page([(40, 100, f"Arrêt du : 02/05/2025 {label} 09/05/2025")]), REF).fields
        assert (got[F.START].value, got[F.END].value) == (date(2025, 5, 2), date(2025, 5, 9)), label
    got = read_page(_page([(40, 100, "1er jour de l'arrêt initial : 20/03/2025")]), REF).fields
    assert got[F.INITIAL_START].value == date(2025, 3, 20)
    got = read_page(_page([(40, 100, "Nom : TARDY"), (40, 120, "Prénon : Gilles")]), REF).fields
    assert got[F.FIRST].value == "Gilles"
    got = read_page(_page([(40, 100, "Assuré(e)} : VUARAND Nadège")]), REF).fields
    assert (got[F.LAST].value, got[F.FIRST].value) == ("VUARAND", "Nadège")


def test_a_form_on_two_pages_gives_one_form_with_the_person_and_the_stop():
    header = "12/05/2025 10:02 DE: +33 4 11 22 33 44 P.00{}/002"
    one = _page([(20, 10, header.format(1)), (200, 40, "AVIS D'ARRÊT DE TRAVAIL 1/2"),
                 (40, 80, "Nom d'usage : MONTMASSON"), (40, 100, "Prénom : Lucas"),
                 (40, 120, "Employeur : Mairie de Lurcy"), (40, 160, "Suite au verso.")], number=1)
    two = _page([(20, 10, header.format(2)), (200, 40, "AVIS D'ARRÊT DE TRAVAIL 2/2"),
                 (40, 80, "☐ initial ☒ de prolongation"), (40, 100, "Date de l'arrêt initial : 02/04/2025"),
                 (40, 120, "Arrêt du : 10/05/2025"), (40, 140, "Au (inclus) : 24/05/2025")], number=2)
    (f,) = read_forms(DocumentText(pages=[one, two]), reference=REF)
    assert (f.page, f.last_name, f.first_name) == (1, "MONTMASSON", "Lucas")
    assert (f.start, f.end, f.initial_start) == (date(2025, 5, 10), date(2025, 5, 24), date(2025, 4, 2))
    assert "prolongation" in f.boxes
    assert "page 2" in f.evidence["arrêt"]
    # The stop page first, the person's after: joined the same way.
    (g,) = read_forms(DocumentText(pages=[two, one]), reference=REF)
    assert (g.last_name, g.start, g.end) == ("MONTMASSON", date(2025, 5, 10), date(2025, 5, 24))


def test_two_forms_of_two_people_stay_two():
    a = _page([(200, 40, "AVIS D'ARRÊT DE TRAVAIL"), (40, 80, "Nom : MONTMASSON Lucas"),
               (40, 100, "Arrêt du : 10/05/2025"), (40, 120, "Au (inclus) : 24/05/2025")], number=1)
    b = _page([(200, 40, "AVIS D'ARRÊT DE TRAVAIL"), (40, 80, "Nom : PRALONG Inès"),
               (40, 100, "Arrêt du : 11/05/2025"), (40, 120, "Au (inclus) : 20/05/2025")], number=2)
    got = read_forms(DocumentText(pages=[a, b]), reference=REF)
    assert [(f.last_name, f.start) for f in got] == [("MONTMASSON", date(2025, 5, 10)), ("PRALONG", date(2025, 5, 11))]


def test_a_certificate_prescribing_an_initial_stop_in_a_sentence():
    lines = ["AVIS D'ARRÊT DE TRAVAIL", "Je soussignée, Docteur Irène VAUTHIER, certifie avoir examiné ce jour",
             "Monsieur Paul REVIL et prescris un arrêt de travail initial du 3 mars 2025 au",
             "14 mars 2025 inclus.", "Fait à Lurcy, le 3 mars 2025"]
    page = _page([(40, 40 + 20 * i, s) for i, s in enumerate(lines)])
    doc = DocumentText(pages=[page])
    # A title over sentences: nothing read as a form (no name, no stop by labels), its sentences tell the stop.
    assert not any(f.last_name or f.nir or f.start or f.end for f in read_forms(doc, reference=REF))
    (f,) = prose_stop(doc, reference=REF)
    assert (f.start, f.end, f.initial_start) == (date(2025, 3, 3), date(2025, 3, 14), None)
    # A prolongation's certificate: the initial stop's dates are the earlier stop's, never this one's.
    lines[2] = "Monsieur Paul REVIL : prolongation de l'arrêt de travail initial du 3 mars 2025 au"
    (f,) = prose_stop(DocumentText(pages=[_page([(40, 40 + 20 * i, s) for i, s in enumerate(lines)])]), reference=REF)
    assert f.start is None and f.initial_start == date(2025, 3, 3)


def test_the_nature_a_certificate_gives_its_stop_in_the_sentence():
    page = _page([(200, 40, "AVIS D'ARRÊT DE TRAVAIL"), (40, 80, "N° INSEE : 1 85 03 69 123 456 18"),
                  (40, 100, "prescris une prolongation du 10 mai 2025 au 24 mai 2025 inclus")])
    got = read_page(page, REF).fields
    assert (got[F.START].value, got[F.END].value, got[F.NATURE].value) == \
        (date(2025, 5, 10), date(2025, 5, 24), "prolongation")


def test_a_date_a_fax_blurred_into_an_impossible_one_is_read_with_one_look_alike_digit():
    got = read_page(_page([(40, 100, "Date de début 02/09/2025"), (40, 120, "Date de fin 30/69/2025"),
                           (40, 140, "Prénom : Gilles"), (40, 160, "Nom : TARDY"),
                           (40, 180, "Date de naissance : 60/06/1970")]), REF).fields
    assert got[F.END].value == date(2025, 9, 30)
    # No single look-alike makes « 60/06 » a date: none is read (a guess would be a wrong date).
    assert F.BIRTH_DATE not in got


def test_the_initial_stop_with_an_l_read_for_an_i():
    from intake.understand.dates import Role, scan

    got = read_page(_page([(40, 100, "faisant suite à l'arrêt initlal du 12 avril 2025")]), REF).fields
    assert got[F.INITIAL_START].value == date(2025, 4, 12)
    found, _ = scan("prolongée, après l'arrêt initlal du 12/04/2025.", REF)
    assert [d.role for d in found] == [Role.INITIAL_STOP]


def test_a_fax_whose_name_labels_are_blurred_gives_its_person_by_the_words_and_its_stop_by_the_form():
    from email.message import EmailMessage

    from intake.identify.match import Registry
    from intake.identify.message import understand_message
    from intake.mail.read import read_message
    from support import SAMPLES

    reg = Registry.from_csv_dir(SAMPLES / "registry")
    pool = reg.agents_of("C48061")
    lasts = [a.last_name.upper() for a in pool]
    a = next(a for a in pool if lasts.count(a.last_name.upper()) == 1)
    s = Sheet()
    s.text(20, 20, "14/03/2025 09:12 DE: +33 4 11 22 33 44 P.001/001", 8)
    s.text(200, 60, "AVIS D'ARRÊT DE TRAVAIL", 14)
    s.text(40, 100, a.last_name.upper(), 11)
    s.text(320, 100, a.first_name.title(), 11)
    s.text(40, 114, "Nm de lasure(e)", 7)  # the caption as a blurred fax reads it: no label
    s.text(320, 114, "Prénom", 7)
    s.text(40, 140, "03/03/2025", 11)
    s.text(320, 140, "16/03/2025", 11)
    s.text(40, 154, "Arrêt de travail à compter du", 7)
    s.text(320, 154, "jusqu'au (inclus)", 7)
    s.text(40, 180, "Accident causé par un tiers   État pathologique lié à la grossesse", 8)
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "fax@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr", "Télécopie"
    m["Date"], m["Message-ID"] = "Fri, 14 Mar 2025 09:13:00 +0100", "<fax1@example.org>"
    m.set_content("Vous avez reçu une télécopie.\n\nPages : 1\n")
    m.add_attachment(s.bytes(), maintype="application", subtype="pdf", filename="fax.pdf")
    u = understand_message(read_message(m.as_bytes()), reg)
    (c,) = u.claims
    assert c.agent.matricule == a.matricule
    assert (c.arret_start.value, c.arret_end.value) == (date(2025, 3, 3), date(2025, 3, 16))
    assert c.category is None or c.category.value != "maternite"  # an option printed, not ticked
