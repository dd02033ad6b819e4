"""Administrative pieces: declarations, inquiries, witness statements, arrêtés, avis, actes, letters, others."""

from __future__ import annotations

import random
from datetime import timedelta

from corpus.doc_facts import Facts, fr_date, long_date
from corpus.doc_layout import Doc

PLACES = ["parking de la mairie", "atelier municipal", "cuisine du restaurant scolaire", "escalier de l'EHPAD",
          "voirie communale, route de la Gare", "salle polyvalente", "déchetterie intercommunale", "école maternelle"]
FACTS_AT = ["a chuté dans l'escalier en portant des cartons", "s'est coupé(e) avec une débroussailleuse",
            "a glissé sur un sol mouillé", "s'est brûlé(e) avec une plaque de cuisson",
            "a été heurté(e) par un véhicule en traversant", "s'est bloqué le dos en soulevant un résident",
            "a reçu une charge sur le pied lors d'un déchargement"]


def _head(d: Doc, f: Facts) -> None:
    d.letterhead([f.employer.upper() if d.rng.random() < 0.5 else f.employer, f.employer_address,
                  f"Tél. 04 {d.rng.randint(10, 99)} {d.rng.randint(10, 99)} {d.rng.randint(10, 99)} {d.rng.randint(10, 99)}"],
                 republic=d.rng.random() < 0.6)


def declaration_accident(d: Doc, f: Facts, rng: random.Random) -> None:
    _head(d, f)
    trajet = rng.random() < 0.35
    d.title(rng.choice(["Déclaration d'accident de service ou de trajet", "Déclaration d'accident de service",
                        "Déclaration d'accident de trajet" if trajet else "Déclaration d'accident du travail",
                        "Formulaire de déclaration d'accident"]),
            rng.choice(["Fonction publique territoriale – à transmettre à l'assureur statutaire", None]))
    d.section("LA VICTIME")
    d.fields([("Nom", f.last_name), ("Prénom", f.first_name), ("Date de naissance", fr_date(f.birth_date)),
              ("N° de sécurité sociale", f.nir if rng.random() < 0.6 else ""), ("Grade / emploi", f.grade)])
    d.section("L'ACCIDENT")
    d.boxes(["accident de service", "accident de trajet"], {"accident de trajet" if trajet else "accident de service"})
    d.fields([("Date de l'accident", fr_date(f.event_date)), ("Heure", f"{rng.randint(6, 19)}h{rng.choice(['00', '15', '30', '45'])}"),
              ("Lieu", rng.choice(PLACES))])
    d.line("Circonstances détaillées :", "B")
    d.para(f"{f.civility} {f.last_name} {rng.choice(FACTS_AT)}.")
    d.fields([("Siège et nature des lésions", rng.choice(["entorse cheville droite", "plaie de la main", "lombalgie"])),
              ("Témoin(s)", rng.choice(["aucun", "Mme Sandrine COSTE", "M. Alain VIDAL"])),
              ("Arrêt de travail", rng.choice(["oui", "non"]))])
    d.signature(f.city, fr_date(f.signed), f.signatory)


def declaration_maladie_professionnelle(d: Doc, f: Facts, rng: random.Random) -> None:
    if rng.random() < 0.5:
        _head(d, f)
    d.title(rng.choice(["Déclaration de maladie professionnelle",
                        "Demande de reconnaissance d'une maladie professionnelle",
                        "Déclaration de maladie professionnelle ou à caractère professionnel",
                        "Demande de reconnaissance de maladie professionnelle (imputabilité au service)"]))
    d.fields([("Agent", f"{f.civility} {f.full_name}"), ("Grade", f.grade), ("Date de naissance", fr_date(f.birth_date)),
              ("Date de la première constatation médicale", fr_date(f.event_date)),
              ("Maladie", rng.choice(["syndrome du canal carpien bilatéral", "tendinopathie de l'épaule droite",
                                      "lombalgie chronique", "surdité professionnelle"])),
              ("Tableau de maladie professionnelle", f"n° {rng.choice([57, 69, 79, 98, 42])}")])
    d.para(f"Description des travaux exposant au risque : {rng.choice(['gestes répétitifs de saisie', 'port de charges lourdes', 'travaux de désherbage mécanique', 'manutention de résidents'])} "
           f"depuis {rng.randint(2, 25)} ans. Exposition professionnelle quotidienne.")
    d.signature(f.city, fr_date(f.signed), f"{f.full_name}" if rng.random() < 0.5 else f.signatory)


def enquete_administrative(d: Doc, f: Facts, rng: random.Random) -> None:
    _head(d, f)
    d.title(rng.choice(["Enquête administrative", "Rapport hiérarchique", "Rapport du supérieur hiérarchique",
                        "Rapport circonstancié", "Enquête administrative – accident de service"]),
            f"Accident de {f.civility} {f.full_name} survenu le {fr_date(f.event_date)}")
    d.para(f"Agent concerné : {f.civility} {f.last_name} {f.first_name}, {f.grade}.")
    d.para(f"Le {long_date(f.event_date)}, vers {rng.randint(7, 18)}h{rng.choice(['05', '20', '40'])}, {f.civility} "
           f"{f.last_name} {rng.choice(FACTS_AT)}. Les faits se sont produits au lieu suivant : {rng.choice(PLACES)}.")
    d.para(rng.choice(["L'agent a immédiatement informé son responsable hiérarchique.",
                       "Le collègue présent a été entendu le lendemain.", "Aucun témoin direct n'a assisté aux faits."]))
    d.para(rng.choice(["Aucun élément de l'enquête ne permet de détacher l'accident du service : il est survenu dans "
                       "le temps et sur le lieu du service, dans l'exercice des fonctions.",
                       "Les circonstances relatées sont cohérentes avec les missions de l'agent."]))
    d.para("Avis du responsable : " + rng.choice(["favorable à la reconnaissance de l'imputabilité au service.",
                                                  "favorable.", "réservé, une expertise est souhaitée."]))
    d.signature(f.city, fr_date(f.signed), rng.choice(["Le Directeur général des services", "Le chef de service",
                                                        "La responsable des ressources humaines"]))


def temoignage(d: Doc, f: Facts, rng: random.Random) -> None:
    witness = f"{rng.choice(['Mme', 'M.'])} {rng.choice(['Sandrine', 'Alain', 'Patrick', 'Julie'])} {rng.choice(['COSTE', 'VIDAL', 'BRUNEL', 'OLLIER'])}"
    if rng.random() < 0.35:
        d.line("cerfa N° 11527*03", "B")
    d.title(rng.choice(["Attestation de témoin", "Témoignage", "Attestation de témoignage", "Attestation"]))
    d.para(f"Je soussigné(e) {witness}, demeurant {f.address}, {rng.choice(['collègue de travail', 'agent de la collectivité', 'passant'])}, "
           f"atteste avoir été témoin des faits suivants :")
    d.para(f"Le {fr_date(f.event_date)}, j'ai vu {f.civility} {f.full_name} qui {rng.choice(FACTS_AT)}. "
           f"{rng.choice(['Je lui ai porté secours.', 'Il/elle se tenait la jambe et ne pouvait plus marcher.', 'J’ai prévenu le responsable.'])}")
    d.para(rng.choice(["Je n'ai aucun lien de parenté avec les parties.",
                       "Je sais que cette attestation est établie en vue de sa production en justice et qu'une fausse "
                       "attestation de ma part m'expose à des sanctions pénales."]))
    d.signature(f.city, fr_date(f.signed), witness)


def constat_amiable(d: Doc, f: Facts, rng: random.Random) -> None:
    variant = rng.choice(["constat", "pv", "plainte"])
    if variant == "constat":
        d.title(rng.choice(["Constat amiable d'accident automobile", "Constat européen d'accident – constat amiable"]),
                "À signer obligatoirement par les deux conducteurs")
        d.fields([("1. Date de l'accident", fr_date(f.event_date)), ("2. Lieu", rng.choice(PLACES))], boxed=True)
        for side, name in (("VÉHICULE A", f.full_name), ("VÉHICULE B", "Paul GIRAUD")):
            d.section(side)
            d.fields([("Conducteur", name), ("Immatriculation", f"{rng.choice('ABCDEF')}{rng.choice('GHJK')}-{rng.randint(100, 999)}-{rng.choice('LMNP')}{rng.choice('QRST')}"),
                      ("Société d'assurance", rng.choice(["MAIF", "MACIF", "Groupama", "AXA"])),
                      ("Contrat n°", str(rng.randint(10**7, 10**8)))])
        d.line("Observations : choc arrière au feu rouge.")
    elif variant == "pv":
        d.line(rng.choice(["GENDARMERIE NATIONALE", "POLICE NATIONALE"]), "B")
        d.line(rng.choice([f"Brigade territoriale de {f.city}", f"Commissariat de {f.city}"]))
        d.title(rng.choice(["Procès-verbal", "Procès-verbal de renseignement administratif",
                            "Procès-verbal d'accident de la circulation"]), f"PV n° {rng.randint(100, 9999)}/{f.event_date.year}")
        d.para(f"Le {long_date(f.event_date)}, nous, officier de police judiciaire, constatons un accident de la circulation "
               f"impliquant {f.civility} {f.full_name}, circulant à {rng.choice(['scooter', 'vélo', 'bord de son véhicule'])}.")
        d.para("Les conducteurs ont été entendus. Le dépistage d'alcoolémie s'est révélé négatif.")
    else:
        d.line(rng.choice(["POLICE NATIONALE", "GENDARMERIE NATIONALE"]), "B")
        d.title(rng.choice(["Récépissé de dépôt de plainte", "Main courante – récépissé"]))
        d.para(f"{f.civility} {f.full_name}, né(e) le {fr_date(f.birth_date)}, a déposé plainte le {fr_date(f.signed)} "
               f"pour des faits de {rng.choice(['violences volontaires', 'agression', 'menaces'])} survenus le {fr_date(f.event_date)} "
               f"sur son lieu de travail.")
    d.signature(f.city, fr_date(f.signed), rng.choice(["L'officier de police judiciaire", "Les conducteurs A et B", "L'agent"]))


def arrete(d: Doc, f: Facts, rng: random.Random) -> None:
    _head(d, f)
    subject = rng.choice([
        ("portant placement en congé de longue maladie", "est placé(e) en congé de longue maladie"),
        ("portant placement en congé de longue durée", "est placé(e) en congé de longue durée"),
        ("portant placement en congé de grave maladie", "est placé(e) en congé de grave maladie"),
        ("portant reconnaissance de l'imputabilité au service d'un accident", "bénéficie d'un congé pour invalidité temporaire imputable au service (CITIS)"),
        ("portant octroi d'un temps partiel thérapeutique", "est autorisé(e) à exercer ses fonctions à temps partiel pour raison thérapeutique"),
        ("accordant un congé de maternité", "bénéficie d'un congé de maternité"),
        ("portant maintien en congé de maladie ordinaire à demi-traitement", "est maintenu(e) en congé de maladie ordinaire"),
    ])
    number = f"{f.signed.year}-{rng.randint(1, 400):03d}"
    d.title(rng.choice([f"Arrêté n° {number}", f"ARRÊTÉ N°{number}", "Arrêté"]), f"{subject[0]} de {f.civility} {f.full_name}")
    d.para(f"{rng.choice(['Le Maire de la commune de', 'Le Président de', 'La Présidente de'])} {f.city},")
    d.para("Vu le code général de la fonction publique, et notamment ses articles L. 822-1 et suivants ;")
    d.para("Vu le décret n° 87-602 du 30 juillet 1987 modifié relatif à l'organisation des conseils médicaux ;")
    if rng.random() < 0.6:
        d.para(f"Vu l'avis du conseil médical en date du {fr_date(f.signed - timedelta(days=10))} ;")
    if rng.random() < 0.5:
        d.para(f"Considérant le certificat médical du {fr_date(f.start)} ;")
    d.line(rng.choice(["ARRÊTE :", "ARRÊTE", "A R R Ê T E :"]), "B", align=rng.choice(["L", "C"]))
    d.space(3)
    d.para(f"{rng.choice(['Article 1', 'Article 1er', 'Article premier', 'ARTICLE 1'])} : {f.civility} {f.full_name}, {f.grade}, "
           f"{subject[1]} du {fr_date(f.start)} au {fr_date(f.end)} inclus.")
    d.para(f"{rng.choice(['Article 2', 'ARTICLE 2'])} : l'intéressé(e) conserve l'intégralité de son traitement dans les conditions prévues par la réglementation.")
    d.para(f"{rng.choice(['Article 3', 'ARTICLE 3'])} : le Directeur général des services est chargé de l'exécution du présent arrêté, "
           "qui sera notifié à l'intéressé(e) et dont ampliation sera adressée au Centre de gestion.")
    d.signature(f.city, fr_date(f.signed), rng.choice(["Le Maire", "Le Président", "Pour le Maire et par délégation"]))


def avis_conseil_medical(d: Doc, f: Facts, rng: random.Random) -> None:
    body = rng.choice(["CONSEIL MÉDICAL DÉPARTEMENTAL", "Conseil médical départemental", "COMITÉ MÉDICAL DÉPARTEMENTAL",
                       "COMMISSION DE RÉFORME", "Conseil médical en formation plénière", "Commission départementale de réforme"])
    d.line(f"{body} {rng.choice(['DE LA LOZÈRE', 'DU RHÔNE', ''])}".strip(), "B", d.style.size + 2, "C")
    d.line(rng.choice(["Formation restreinte", "Formation plénière", "Secrétariat : Centre de gestion"]), "", align="C")
    d.line(f"Séance du {fr_date(f.signed)}", align="C")
    d.title(rng.choice(["Avis", "Procès-verbal d'avis", "Avis du conseil médical", "Avis de la commission"]))
    d.fields([("Agent", f"{f.civility} {f.full_name}"), ("Né(e) le", fr_date(f.birth_date)), ("Collectivité", f.employer),
              ("Objet de la saisine", rng.choice(["octroi d'un congé de longue maladie", "prolongation de congé de longue durée",
                                                  "imputabilité au service", "temps partiel thérapeutique", "octroi d'un congé de grave maladie"]))])
    d.para(f"Le conseil médical, après en avoir délibéré, émet un avis {rng.choice(['favorable', 'défavorable'])} "
           f"pour la période du {fr_date(f.start)} au {fr_date(f.end)}.")
    d.para("Cet avis est transmis à l'autorité territoriale, qui prend la décision.")
    d.signature(rng.choice(["Mende", "Lyon"]), fr_date(f.signed), "Le Président")


def _civil_head(d: Doc, f: Facts) -> None:
    d.line("RÉPUBLIQUE FRANÇAISE", "B", align="C")
    d.line(f"Mairie de {f.city} – Service de l'état civil", align="C")


def acte_naissance(d: Doc, f: Facts, rng: random.Random) -> None:
    _civil_head(d, f)
    child = rng.choice(["Léo", "Jade", "Louise", "Gabriel", "Nina", "Arthur"])
    d.title(rng.choice(["Extrait d'acte de naissance", "Copie intégrale d'acte de naissance", "Acte de naissance"]),
            f"N° {rng.randint(1, 900)}/{f.event_date.year}")
    d.para(f"Le {long_date(f.event_date)}, à {rng.randint(0, 23)} h {rng.randint(0, 59):02d}, est né{'e' if child in ('Jade', 'Louise', 'Nina') else ''} "
           f"à {f.city} : {child} {f.last_name}, de sexe {rng.choice(['masculin', 'féminin'])}, "
           f"fils/fille de {f.full_name}, né(e) le {long_date(f.birth_date)}.")
    d.para(f"Extrait délivré le {long_date(f.signed)}.")
    d.signature(f.city, fr_date(f.signed), "L'officier de l'état civil")


def acte_deces(d: Doc, f: Facts, rng: random.Random) -> None:
    _civil_head(d, f)
    d.title(rng.choice(["Extrait d'acte de décès", "Acte de décès", "Copie intégrale d'acte de décès"]),
            f"N° {rng.randint(1, 400)}/{f.event_date.year}")
    d.para(f"Le {long_date(f.event_date)}, à {rng.randint(0, 23)} heures, est décédé{'e' if f.sex == 2 else ''} à {f.city}, "
           f"{f.full_name}, {f.grade}, né{'e' if f.sex == 2 else ''} le {long_date(f.birth_date)}, domicilié(e) {f.address}.")
    d.para(rng.choice(["Dressé sur la déclaration de son conjoint.", "Époux/épouse de Jean DUPONT.", ""]) or "Sans autre mention.")
    d.signature(f.city, fr_date(f.signed), "L'officier de l'état civil")


def justificatif_adoption(d: Doc, f: Facts, rng: random.Random) -> None:
    if rng.random() < 0.5:
        d.line(f"TRIBUNAL JUDICIAIRE DE {rng.choice(['LYON', 'MENDE', 'NÎMES'])}", "B", align="C")
        d.title(rng.choice(["Jugement d'adoption", "Jugement prononçant l'adoption plénière", "Extrait de jugement"]),
                f"Chambre du conseil – RG n° {rng.randint(10, 99)}/{rng.randint(1000, 9999)}")
        d.para(f"Le tribunal, statuant en chambre du conseil, prononce l'adoption {rng.choice(['plénière', 'simple'])} "
               f"de l'enfant {rng.choice(['Malo', 'Awa', 'Lina'])} par {f.full_name}, demeurant {f.address}.")
    else:
        d.line("Département – Direction de l'enfance et de la famille", "B")
        d.line("Service de l'aide sociale à l'enfance")
        d.title(rng.choice(["Attestation de placement en vue d'adoption", "Décision de placement en vue de l'adoption"]))
        d.para(f"Nous attestons que l'enfant {rng.choice(['Malo', 'Awa', 'Lina'])}, pupille de l'État, a été confié en vue "
               f"d'adoption à {f.full_name} à compter du {fr_date(f.event_date)}, titulaire de l'agrément n° {rng.randint(100, 999)}.")
    d.signature(f.city, fr_date(f.signed), rng.choice(["Le greffier", "Le Président du Conseil départemental"]))


def demande_agent(d: Doc, f: Facts, rng: random.Random) -> None:
    d.line(f.full_name)
    d.line(f.address)
    d.space(5)
    boss = rng.choice(["Monsieur le Maire", "Madame la Maire", "Monsieur le Président", "Madame la Directrice"])
    d.right(f"à {boss}\n{f.employer}\n{f.employer_address}")
    d.space(5)
    d.right(f"{f.city}, le {long_date(f.signed)}")
    request = rng.choice([
        ("demande de congé de paternité et d'accueil de l'enfant",
         f"Suite à la naissance de mon enfant le {long_date(f.event_date)}, j'ai l'honneur de solliciter un congé de "
         f"paternité et d'accueil de l'enfant du {fr_date(f.start)} au {fr_date(f.end)} inclus."),
        ("demande de temps partiel thérapeutique",
         f"J'ai l'honneur de solliciter le bénéfice d'un temps partiel pour raison thérapeutique à compter du "
         f"{fr_date(f.start)}, conformément au certificat médical ci-joint."),
        ("demande de congé d'adoption",
         f"Je vous informe de l'arrivée au foyer de l'enfant que nous adoptons le {fr_date(f.event_date)} et je souhaite "
         f"bénéficier d'un congé d'adoption du {fr_date(f.start)} au {fr_date(f.end)}."),
        ("demande de reconnaissance d'imputabilité",
         f"Je vous demande de bien vouloir reconnaître l'imputabilité au service de l'accident dont j'ai été victime le "
         f"{fr_date(f.event_date)}."),
    ])
    d.space(4)
    d.line(f"Objet : {request[0]}", "B")
    d.space(4)
    d.para(f"{boss},")
    d.para(request[1])
    d.para(rng.choice(["Vous trouverez ci-joint les justificatifs nécessaires.", "Je reste à votre disposition pour tout complément."]))
    d.para(rng.choice([f"Je vous prie d'agréer, {boss}, l'expression de mes salutations respectueuses.",
                       f"Veuillez agréer, {boss}, l'expression de ma considération distinguée."]))
    d.right(f.full_name)


def autre(d: Doc, f: Facts, rng: random.Random) -> None:
    variant = rng.choice(["ordonnance", "rib", "convocation", "note", "bordereau", "attestation_employeur"])
    if variant == "ordonnance":
        d.letterhead([f.doctor, "Médecine générale", f"RPPS {f.rpps}"], republic=False)
        d.title("Ordonnance")
        d.para(f"{f.civility} {f.full_name}")
        for drug in rng.sample(["Paracétamol 1 g : 1 cp 3 fois par jour pendant 5 jours", "Ibuprofène 400 mg si douleur",
                                "Kétoprofène gel : 2 applications par jour", "Séances de rééducation : 10"], 3):
            d.line(drug)
    elif variant == "rib":
        d.title(rng.choice(["Relevé d'identité bancaire", "RIB"]))
        d.fields([("Titulaire du compte", f.full_name), ("IBAN", f"FR76 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(100, 999)}"),
                  ("BIC", rng.choice(["CCBPFRPPXXX", "AGRIFRPP835", "PSSTFRPPMON"])), ("Domiciliation", f"Agence de {f.city}")])
    elif variant == "convocation":
        _head(d, f)
        d.title(rng.choice(["Convocation", "Convocation à un entretien"]))
        d.para(f"{f.civility} {f.full_name}, vous êtes invité(e) à vous présenter le {fr_date(f.start)} à 10 h au service "
               "des ressources humaines pour un entretien relatif à l'organisation de votre poste.")
        d.signature(f.city, fr_date(f.signed), f.signatory)
    elif variant == "note":
        _head(d, f)
        d.title(rng.choice(["Note de service", "Note d'information"]))
        d.para("Les agents sont informés que le planning des congés d'été doit être transmis avant le 31 mars. "
               "Les demandes seront examinées par ordre d'arrivée.")
        d.signature(f.city, fr_date(f.signed), f.signatory)
    elif variant == "bordereau":
        _head(d, f)
        d.title(rng.choice(["Bordereau d'envoi", "Bordereau de transmission"]))
        d.para(f"Objet : dossier de {f.civility} {f.full_name}. Pièces jointes : copie du dossier administratif, "
               "fiche de poste, planning du service.")
        d.signature(f.city, fr_date(f.signed), f.signatory)
    else:
        _head(d, f)
        d.title(rng.choice(["Attestation employeur", "Attestation de travail"]))
        d.para(f"Je soussigné(e), {f.signatory}, atteste que {f.civility} {f.full_name} est employé(e) par {f.employer} "
               f"en qualité de {f.grade} depuis le {fr_date(f.start - timedelta(days=rng.randint(400, 8000)))}.")
        d.signature(f.city, fr_date(f.signed), f.signatory)
