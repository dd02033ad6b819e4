"""Medical and social-security forms: cerfa 10170, 11138 (initial…final), pregnancy, TPT, bills, payslips."""

from __future__ import annotations

import random
from datetime import timedelta

from corpus.doc_facts import Facts, fr_date
from corpus.doc_layout import Doc

NATURES = ["initial", "prolongation", "rechute"]


def _cerfa_head(d: Doc, number: str, title: str, subtitle: str) -> None:
    pdf = d.pdf
    x0, y0 = pdf.get_x(), pdf.get_y()
    d.font("B", 9)
    pdf.rect(x0, y0, 30, 12)
    pdf.set_xy(x0 + 1, y0 + 1)
    pdf.cell(28, 5, "cerfa")
    d.font("", 7)
    pdf.set_xy(x0 + 1, y0 + 6)
    pdf.cell(28, 5, d.t(f"N° {number}"))
    d.font("B", 13)
    pdf.set_xy(x0 + 32, y0)
    pdf.cell(d.width - 70, 7, d.t(title), align="C")
    d.font("I", 8)
    pdf.set_xy(x0 + 32, y0 + 7)
    pdf.cell(d.width - 70, 5, d.t(subtitle), align="C")
    pdf.set_fill_color(0, 80, 160)
    pdf.rect(pdf.w - pdf.r_margin - 34, y0, 34, 12, style="F")
    pdf.set_text_color(255, 255, 255)
    d.font("B", 7)
    pdf.set_xy(pdf.w - pdf.r_margin - 33, y0 + 1)
    pdf.cell(32, 5, d.t("l'Assurance"))
    pdf.set_xy(pdf.w - pdf.r_margin - 33, y0 + 6)
    pdf.cell(32, 5, "Maladie")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(x0, y0 + 16)
    d.font()


def _identity(d: Doc, f: Facts, who: str) -> None:
    d.section(who)
    d.fields([("Nom de famille (de naissance) suivi du nom d'usage", f.last_name), ("Prénom(s)", f.first_name)], boxed=True)
    d.digit_boxes("N° d'immatriculation", f.nir)
    d.fields([("Adresse", f.address)], boxed=True)
    d.section("EMPLOYEUR")
    d.fields([("Nom ou raison sociale", f.employer), ("N° SIRET", f.siret), ("Adresse", f.employer_address)], boxed=True)


def _prescriber(d: Doc, f: Facts) -> None:
    d.section("MÉDECIN PRESCRIPTEUR")
    d.fields([("Identification du prescripteur", f.doctor), ("N° RPPS", f.rpps)], boxed=True)
    d.line(f"Date : {fr_date(f.signed)}        Signature du médecin")


def arret_travail(d: Doc, f: Facts, rng: random.Random, nature: str | None = None) -> None:
    nature = nature or rng.choice(["initial", "prolongation"])
    variant = rng.choice(["cerfa", "cerfa", "ameli"])
    if variant == "cerfa":
        volet = rng.choice(["2", "3"])
        _cerfa_head(d, f"10170*0{rng.choice([6, 7])}", "avis d'arrêt de travail",
                    f"volet {volet} – à adresser par l'assuré(e) à son employeur")
        _identity(d, f, "ASSURÉ(E)")
        d.section("ARRÊT DE TRAVAIL")
        d.boxes(["initial", "prolongation"], {nature})
        d.line(f"Arrêt de travail du {fr_date(f.start)} au {fr_date(f.end)} inclus", "B")
        d.boxes(["ALD (affection de longue durée)", "accident causé par un tiers"],
                {"accident causé par un tiers"} if rng.random() < 0.1 else set())
        if rng.random() < 0.5:
            d.boxes(["état pathologique résultant de la grossesse"], set())
        d.boxes(["sorties autorisées", "sorties non autorisées"], {rng.choice(["sorties autorisées", "sorties non autorisées"])})
        d.line("Les éléments d'ordre médical figurent sur le volet 1, destiné au service du contrôle médical.", "I", 8)
        _prescriber(d, f)
        d.line("Cet imprimé doit être envoyé dans les 48 heures. Toute fausse déclaration expose à des sanctions.", "", 7)
    else:
        d.line("l'Assurance Maladie – ameli.fr", "B")
        d.title(rng.choice(["Avis d'arrêt de travail", "Arrêt de travail – avis à l'employeur",
                            "Avis d'arrêt de travail (volet employeur)"]),
                rng.choice(["Document établi par télétransmission (arrêt de travail dématérialisé)", None]))
        d.fields([("Assuré(e)", f"{f.civility} {f.full_name}"), ("Numéro de sécurité sociale", f.nir),
                  ("Employeur", f.employer), ("Nature", "Arrêt initial" if nature == "initial" else "Prolongation"),
                  ("Arrêt de travail", f"du {fr_date(f.start)} au {fr_date(f.end)} inclus"),
                  ("Prescripteur", f"{f.doctor} – RPPS {f.rpps}"), ("Date de prescription", fr_date(f.signed))])
        d.para("Sorties autorisées sans restriction d'horaire : " + rng.choice(["oui", "non"]) + ". "
               "Ce document est à transmettre à votre employeur dans les 48 heures.")


def certificat_at_mp(d: Doc, f: Facts, rng: random.Random, nature: str | None = None, final: bool = False) -> None:
    _cerfa_head(d, f"11138*0{rng.choice([5, 6])}", "certificat médical", "accident du travail – maladie professionnelle")
    ticked = {"final"} if final else {nature or rng.choice(NATURES)}
    labels = {"initial": "initial", "prolongation": "de prolongation", "rechute": "de rechute", "final": "final"}
    d.boxes([labels[k] for k in ("initial", "prolongation", "rechute", "final")], {labels[k] for k in ticked},
            prefix="Certificat :")
    _identity(d, f, "VICTIME")
    d.section("ACCIDENT OU MALADIE")
    d.fields([("Date de l'accident du travail ou de la 1re constatation médicale de la maladie professionnelle",
               fr_date(f.event_date))], boxed=True)
    lesions = rng.choice(["entorse de la cheville droite", "lombalgie aiguë", "coupure profonde de l'index gauche",
                          "contusion de l'épaule", "tendinite du poignet droit", "fracture du poignet gauche"])
    d.line(f"Constatations détaillées (siège, nature des lésions ou de la maladie) : {lesions}")
    if final:
        if rng.random() < 0.5:
            d.line(f"Guérison apparente avec possibilité de rechute ultérieure le {fr_date(f.end)}.")
        else:
            d.line(f"Consolidation avec séquelles à la date du {fr_date(f.end)}. Séquelles : raideur résiduelle.")
        d.line(f"Reprise du travail le {fr_date(f.end + timedelta(days=1))}")
    else:
        d.line(f"Conséquences : arrêt de travail du {fr_date(f.start)} au {fr_date(f.end)} inclus", "B")
        d.boxes(["soins sans arrêt de travail", "sorties autorisées"], {"sorties autorisées"})
    _prescriber(d, f)


def certificat_final_letter(d: Doc, f: Facts, rng: random.Random) -> None:
    d.letterhead([f.doctor, rng.choice(["Médecine générale", "Médecin traitant", "Chirurgie orthopédique"]),
                  f"RPPS {f.rpps}"], republic=False)
    d.title(rng.choice(["Certificat médical final", "Certificat final descriptif", "Certificat médical final de guérison",
                        "Certificat médical final – consolidation"]))
    outcome = rng.choice([
        f"est guéri(e) à la date du {fr_date(f.end)}, sans séquelles",
        f"est consolidé(e) à la date du {fr_date(f.end)}, avec séquelles (taux d'incapacité à apprécier)",
        f"présente une guérison apparente au {fr_date(f.end)} avec possibilité de rechute ultérieure",
    ])
    d.para(f"Je soussigné(e) {f.doctor}, certifie que {f.civility} {f.full_name}, victime d'un accident "
           f"{rng.choice(['de service', 'de trajet', 'du travail'])} le {fr_date(f.event_date)}, {outcome}.")
    d.para(f"Date de consolidation / guérison : {fr_date(f.end)}. Reprise du travail le {fr_date(f.end + timedelta(days=1))}.")
    d.signature(f.city, fr_date(f.signed), f.doctor)


def certificat_medical(d: Doc, f: Facts, rng: random.Random) -> None:
    d.letterhead([f.doctor, rng.choice(["Médecine générale", "Médecin agréé", "Psychiatre", "Rhumatologue"]),
                  f.address, f"RPPS {f.rpps}"], republic=False)
    variant = rng.choice(["tpt", "tpt", "agree", "clm", "aptitude"])
    if variant == "tpt":
        d.title(rng.choice(["Certificat médical", "Prescription de temps partiel thérapeutique",
                            "Certificat médical – reprise à temps partiel"]))
        d.para(f"Je soussigné(e) {f.doctor}, certifie que l'état de santé de {f.civility} {f.full_name}, "
               f"né(e) le {fr_date(f.birth_date)}, justifie une reprise de ses fonctions à temps partiel pour raison "
               f"thérapeutique, à hauteur de {rng.choice([50, 60, 70, 80])} %, du {fr_date(f.start)} au {fr_date(f.end)} inclus.")
    elif variant == "agree":
        d.title(rng.choice(["Certificat du médecin agréé", "Rapport du médecin agréé", "Certificat médical"]),
                "Expertise médicale réalisée à la demande de l'autorité territoriale")
        d.para(f"Je soussigné(e) {f.doctor}, médecin agréé, certifie avoir examiné ce jour {f.civility} {f.full_name}, "
               f"{f.grade}. Son état de santé {rng.choice(['est compatible avec', 'ne permet pas encore'])} "
               f"une reprise de ses fonctions à compter du {fr_date(f.start)}.")
    elif variant == "clm":
        d.title("Certificat médical")
        d.para(f"Je soussigné(e) {f.doctor}, certifie que l'état de santé de {f.civility} {f.full_name} nécessite "
               f"l'octroi d'un congé de {rng.choice(['longue maladie', 'longue durée', 'grave maladie'])} "
               f"à compter du {fr_date(f.start)}. Les éléments médicaux sont adressés sous pli confidentiel au conseil médical.")
    else:
        d.title(rng.choice(["Certificat médical d'aptitude", "Certificat médical de reprise"]))
        d.para(f"Je soussigné(e) {f.doctor}, certifie que {f.civility} {f.full_name} est apte à reprendre ses fonctions "
               f"à compter du {fr_date(f.start)}{rng.choice(['', ' avec aménagement de poste'])}.")
    d.para("Certificat établi à la demande de l'intéressé(e) et remis en main propre pour servir et valoir ce que de droit.")
    d.signature(f.city, fr_date(f.signed), f.doctor)


def certificat_grossesse(d: Doc, f: Facts, rng: random.Random) -> None:
    due = f.start + timedelta(days=rng.randint(100, 200))
    if rng.random() < 0.5:
        _cerfa_head(d, "12483*05" if rng.random() < 0.5 else "10112*02", "Déclaration de grossesse",
                    "premier examen médical prénatal")
        d.section("L'ASSURÉE")
        d.fields([("Nom", f.last_name), ("Prénom", f.first_name), ("N° d'immatriculation", f.nir),
                  ("Adresse", f.address)], boxed=True)
        d.section("CONSTATATION DE LA GROSSESSE")
        d.fields([("Date du premier examen prénatal", fr_date(f.signed)),
                  ("Date présumée de début de grossesse", fr_date(f.start - timedelta(days=70))),
                  ("Date présumée de l'accouchement", fr_date(due)),
                  ("Grossesse multiple", rng.choice(["non", "oui"]))], boxed=True)
        _prescriber(d, f)
    else:
        d.letterhead([f.doctor, rng.choice(["Gynécologie-obstétrique", "Sage-femme", "Médecine générale"]),
                      f"RPPS {f.rpps}"], republic=False)
        d.title(rng.choice(["Certificat de grossesse", "Certificat médical de grossesse", "Attestation de grossesse"]))
        d.para(f"Je soussigné(e) {f.doctor}, certifie que {f.full_name}, née le {fr_date(f.birth_date)}, est enceinte "
               f"de {rng.randint(8, 30)} semaines d'aménorrhée. La date présumée d'accouchement est fixée au {fr_date(due)}.")
        d.signature(f.city, fr_date(f.signed), f.doctor)


def bulletin_salaire(d: Doc, f: Facts, rng: random.Random) -> None:
    d.line(f.employer, "B")
    d.line(f.employer_address)
    d.title(rng.choice(["Bulletin de paie", "Bulletin de salaire", "Bulletin de paye"]),
            f"Période : {f.start.strftime('%m/%Y')}")
    d.fields([("Agent", f"{f.last_name} {f.first_name}"), ("Matricule", f"M{rng.randint(10, 99999):05d}"),
              ("Grade", f.grade), ("Indice majoré", str(rng.randint(360, 560))),
              ("N° sécurité sociale", f.nir), ("Statut", rng.choice(["titulaire", "stagiaire", "contractuel"]))])
    brut = rng.randint(1700, 2900) + rng.randint(0, 99) / 100
    rows = [["Traitement brut indiciaire", f"{brut:.2f}"], ["Indemnité de résidence", f"{brut * 0.01:.2f}"],
            ["Supplément familial de traitement", f"{rng.choice([0, 2.29, 73.79]):.2f}"],
            ["RIFSEEP – IFSE", f"{rng.randint(80, 400):.2f}"], ["Retenue pension CNRACL", f"-{brut * 0.111:.2f}"],
            ["CSG déductible", f"-{brut * 0.068:.2f}"], ["CSG/CRDS non déductible", f"-{brut * 0.029:.2f}"]]
    d.table(["Libellé", "Montant (€)"], rows, [3, 1])
    d.line(f"NET À PAYER : {brut * 0.8:.2f} €", "B")
    d.line(f"Net imposable : {brut * 0.82:.2f} €")


def facture(d: Doc, f: Facts, rng: random.Random) -> None:
    who = rng.choice([f.doctor, "Cabinet de kinésithérapie des Tilleuls", "Pharmacie du Centre",
                      "Centre de radiologie de " + f.city, "Laboratoire d'analyses médicales"])
    d.letterhead([who, f.address, f"N° FINESS / RPPS {f.rpps}"], republic=False)
    d.title(rng.choice(["Note d'honoraires", f"Facture n° {rng.randint(1000, 99999)}", "Facture", "Note d'honoraires acquittée"]))
    d.line(f"Patient : {f.civility} {f.full_name} – N° SS {f.nir}")
    d.line(f"Date des soins : {fr_date(f.start)}")
    acts = rng.sample([("Consultation", 30.0), ("Séance de kinésithérapie", 18.5), ("Radiographie du poignet", 45.2),
                       ("Attelle de poignet", 32.9), ("Pansements", 12.4), ("Échographie", 56.7), ("Béquilles", 24.0)], 3)
    d.table(["Acte", "Qté", "Montant"], [[a, str(q := rng.randint(1, 4)), f"{p * q:.2f} €"] for a, p in acts], [4, 1, 2])
    total = sum(p for _, p in acts)
    d.line(f"Total TTC : {total:.2f} €", "B")
    d.line(rng.choice(["Acquittée le " + fr_date(f.signed), "Mode de règlement : carte bancaire",
                       "Montant à régler à réception"]))


def plan_trajet(d: Doc, f: Facts, rng: random.Random) -> None:
    d.title(rng.choice(["Plan du trajet", "Plan du trajet domicile – travail", "Plan des lieux de l'accident",
                        "Croquis du parcours habituel"]),
            f"Accident de trajet de {f.civility} {f.full_name} du {fr_date(f.event_date)}")
    pdf = d.pdf
    x0, y0 = pdf.l_margin + 5, pdf.get_y() + 5
    w, h = d.width - 10, 150
    pdf.rect(x0, y0, w, h)
    pdf.set_draw_color(150, 150, 150)
    for _ in range(rng.randint(6, 12)):  # streets
        if rng.random() < 0.5:
            yy = y0 + rng.uniform(5, h - 5)
            pdf.line(x0, yy, x0 + w, yy)
        else:
            xx = x0 + rng.uniform(5, w - 5)
            pdf.line(xx, y0, xx, y0 + h)
    home = (x0 + rng.uniform(10, w / 3), y0 + rng.uniform(10, h - 20))
    work = (x0 + rng.uniform(2 * w / 3, w - 30), y0 + rng.uniform(10, h - 20))
    mid = ((home[0] + work[0]) / 2 + rng.uniform(-15, 15), (home[1] + work[1]) / 2 + rng.uniform(-20, 20))
    pdf.set_draw_color(200, 0, 0)
    pdf.set_line_width(1.2)
    pdf.polyline([home, (home[0], mid[1]), mid, (work[0], mid[1]), work])
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    d.font("B", 10)
    for (px, py), label in ((home, "Domicile"), (work, "Lieu de travail"), (mid, "Lieu de l'accident")):
        pdf.circle(px - 2, py - 2, 4, style="F")
        pdf.set_xy(px + 3, py - 3)
        pdf.cell(40, 6, d.t(label))
    d.font("", 8)
    for street in rng.sample(["rue Pasteur", "av. de la Gare", "D 806", "rond-point des Sports", "pont Neuf",
                              "rue Jean Jaurès", "bd Gambetta"], 4):
        pdf.set_xy(x0 + rng.uniform(5, w - 40), y0 + rng.uniform(5, h - 10))
        pdf.cell(35, 5, d.t(street))
    pdf.set_y(y0 + h + 6)
    d.font()
    d.line(f"Trajet habituel : {rng.randint(2, 35)} km – durée {rng.randint(5, 45)} min. Légende : trait rouge = itinéraire.")
    d.line(f"Domicile : {f.address}")
    d.line(f"Lieu de travail : {f.employer_address}")
