"""Kinds told by the way a piece is worded, whatever its file is called: the agent's own request (a form
headed « demande de l'agent », a « je soussigné… sollicite » letter), the AT/MP certificate as a titled form
with ticked boxes or as prose, and an OCR-spoiled title. The content wins over a lying or empty name."""

from __future__ import annotations

import pytest

from intake.documents import DocumentText, Page, classify


def doc(text: str, *, ocr: bool = False) -> DocumentText:
    return DocumentText(pages=[Page(1, text, 595, 842, ocr=ocr)])


@pytest.mark.parametrize(
    "text",
    [
        # a request form for a therapeutic part-time: must not become the doctor's certificate
        "DEMANDE DE L'INTÉRESSÉE\nJe soussignée Odile MARCHAND, adjointe administrative au SIVOM du Val,\n"
        "sollicite l'autorisation de reprendre à temps partiel thérapeutique du 03/02/2026 au 02/05/2026.\n"
        "Fait le 28/01/2026",
        # a paternity request, title on its own, wording on two lines
        "Demande de congé de paternité et d'accueil de l'enfant\nJe soussigné Karim BENALI, agent de la\n"
        "commune de Vions, sollicite un congé du 12/03/2026 au 05/04/2026.",
        # no title at all, only the letter's sentence
        "Je soussigné Paul ROUX, adjoint technique, sollicite le bénéfice d'un congé d'adoption\n"
        "à compter du 01/06/2026.\nSignature",
    ],
)
def test_the_agents_own_request_is_a_demande_agent(text: str) -> None:
    assert classify("scan0003.pdf", doc(text)).kind == "demande_agent"


def test_a_request_named_as_a_payslip_is_still_a_request() -> None:
    text = "DEMANDE DE L'AGENT\nJe soussignée Lina FAURE, agent de la mairie, sollicite un congé d'adoption."
    assert classify("Bulletin de paie mars.pdf", doc(text)).kind == "demande_agent"


@pytest.mark.parametrize("mark", ["☑", "■", "☒", "[x]", "(X)"])
def test_a_titled_at_mp_certificate_with_ticked_boxes(mark: str) -> None:
    text = (f"CERTIFICAT MÉDICAL\nAccident du travail ou maladie professionnelle\n{mark} Accident du travail ☐ Maladie "
            f"professionnelle\n☐ Initial {mark} Prolongation ☐ Rechute ☐ Final\nNom, prénom : VIAL Bruno\n"
            "Date de l'accident : 02/01/2026\nArrêt de travail du : 03/02/2026 jusqu'au : 20/02/2026")
    assert classify("Bulletin de paie.pdf", doc(text)).kind == "certificat_at_mp"


def test_an_at_mp_certificate_in_prose_is_not_a_plain_arret() -> None:
    text = ("Certificat médical AT / MP\nJe soussignée Docteure Anne PIC certifie que Mme Rose LAMY présente une\n"
            "rechute de l'accident de service du 04/09/2025 et lui prescris un arrêt de travail du 10/01/2026\n"
            "au 31/01/2026.\nFait à Annecy")
    assert classify("PJ.pdf", doc(text)).kind == "certificat_at_mp"


def test_an_at_mp_certificate_read_by_ocr_with_spoiled_words() -> None:
    text = ("CERTIFICAT MEDICAL\nAcident du travall ou rnaladie professionelle\nO Accident du travaii % Maladie "
            "professionnelle\n() Initial ® Prolongation () Rechüte () Final\nNom, prénom : CORET Alain")
    assert classify("IMG_0042.jpg", doc(text, ocr=True)).kind == "certificat_at_mp"


def test_a_plain_medical_certificate_stays_one() -> None:
    text = ("CERTIFICAT MÉDICAL\nJe soussigné Docteur Luc BRUN certifie que M. Henri PONS peut reprendre\n"
            "ses fonctions à temps partiel thérapeutique du 01/03/2026 au 31/05/2026.")
    assert classify("certificat.pdf", doc(text)).kind == "certificat_medical"


def test_a_speck_inside_an_ocr_title_still_names_the_stop() -> None:
    text = "Arrêt. de travail\nCertificat établi par le médecin traitant\nNom DUVAL\nDate de début 02/02/2026"
    assert classify("PXL_2026.jpg", doc(text, ocr=True)).kind == "arret_travail"


def test_a_witness_who_attests_without_a_title() -> None:
    text = ("Je soussigné Marc TISSOT, demeurant à Thônes, atteste avoir assisté à la chute de ma collègue\n"
            "dans l'escalier de la médiathèque le 05/01/2026 vers 10 h.\nFait pour servir et valoir")
    assert classify("IMG_5521.jpg", doc(text, ocr=True)).kind == "temoignage"


def test_evidence_of_a_title_over_two_lines_is_shown_on_one() -> None:
    guess = classify("x.pdf", doc("CERTIFICAT MÉDICAL\nAccident du travail\n☒ Initial ☐ Prolongation ☐ Rechute"))
    assert guess.kind == "certificat_at_mp"
    assert all("\n" not in e for e in guess.evidence)


def test_an_arret_whose_title_the_photo_cut_off_is_told_by_its_captions() -> None:
    text = ("Nom d'usage\nPrénom\nN° de sécurité sociale\nEmployeur\nDébut de l'arrêt\n14/09/2026\n"
            "Fin de l'arrêt (incluse)\n27/09/2026\nMédecin\nDr M. AUDOUARD")
    assert classify("IMG_20260915_081204.jpg", doc(text, ocr=True)).kind == "arret_travail"


def test_a_payslip_naming_the_start_of_a_stop_is_no_arret() -> None:
    text = ("BULLETIN DE PAIE\nPériode du 01/09/2026 au 30/09/2026\nAbsence maladie\nDébut de l'arrêt : 14/09/2026\n"
            "Salaire de base 1 850,00\nNet à payer 1 402,17")
    assert classify("document.pdf", doc(text)).kind == "bulletin_salaire"
