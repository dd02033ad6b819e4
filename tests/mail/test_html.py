"""HTML bodies as readable text."""

from __future__ import annotations

from intake.mail.html import html_to_text


def test_outlook_msonormal_paragraphs_and_nbsp() -> None:
    html = ("<html><head><style>p.MsoNormal{margin:0}</style></head><body><div class=WordSection1>"
            "<p class=MsoNormal>Bonjour,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
            "<p class=MsoNormal>Arr&ecirc;t&nbsp;du 12/03/2025<o:p></o:p></p></div></body></html>")
    assert html_to_text(html) == "Bonjour,\n\nArrêt du 12/03/2025"


def test_br_lists_tables_and_skipped_parts() -> None:
    html = ("<script>var x=1;</script><div>Ligne 1<br>Ligne 2</div><ul><li>un</li><li>deux</li></ul>"
            "<ol><li>premier</li><li>second</li></ol>"
            "<table><tr><th>Nom</th><th>Date</th></tr><tr><td>DUPONT</td><td>12/03</td></tr></table>")
    assert html_to_text(html) == "Ligne 1\nLigne 2\n- un\n- deux\n1. premier\n2. second\nNom\tDate\nDUPONT\t12/03"


def test_blockquote_becomes_quote_marks_and_signature_gets_delimiter() -> None:
    html = ('<div>Réponse</div><div class="moz-signature">Jean</div>'
            '<div class="moz-cite-prefix">Le 12/03/2025 à 10:02, X a écrit :</div>'
            '<blockquote type="cite"><div>Question ?</div><blockquote>Plus ancien</blockquote></blockquote>')
    assert html_to_text(html).split("\n") == ["Réponse", "-- ", "Jean", "Le 12/03/2025 à 10:02, X a écrit :",
                                              "> Question ?", "> > Plus ancien"]


def test_broken_html_never_raises() -> None:
    assert "texte" in html_to_text("<div><p>texte<table><td>cellule</b></i></div></blockquote></html><<<>")
    assert html_to_text("") == ""
