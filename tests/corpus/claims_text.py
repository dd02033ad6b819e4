"""French wording of the claims corpus: what a secretary writes for each category and nature, and the mail around it."""

from __future__ import annotations

import random

# Slots: {who} agent, {period} stop period, {event} accident / finding / death day, {initial} first day of the
# initial stop, {circ} circumstances, {e} feminine ending, {il} pronoun, {disease}, {child} birth/arrival day.
DECLARE: dict[tuple[str, str], list[str]] = {
    ("maladie_ordinaire", "initial"): [
        "{who} est en arrêt maladie {period}.",
        "Veuillez trouver ci-joint l'arrêt de travail de {who} {period}.",
        "Je vous transmets l'arrêt maladie de {who} {period}.",
        "{who} est absent{e} {period} pour maladie ordinaire.",
        "Nous vous déclarons un congé de maladie ordinaire pour {who}, {period}.",
        "Arrêt de travail initial de {who} {period}.",
        "{who} nous a fait parvenir un avis d'arrêt de travail {period}.",
        "Déclaration CMO : {who}, arrêt {period}.",
        "Je vous informe que {who} est en congé de maladie {period}.",
        "Merci d'enregistrer l'arrêt de {who} {period}.",
    ],
    ("maladie_ordinaire", "prolongation"): [
        "L'arrêt maladie de {who} (arrêt initial du {initial}) est prolongé {period}.",
        "Veuillez trouver ci-joint la prolongation de l'arrêt de travail de {who} {period}, suite de l'arrêt initial du {initial}.",
        "Prolongation d'arrêt pour {who} {period} (arrêt initial débuté le {initial}).",
        "{who} : prolongation {period}. Pour rappel, l'arrêt initial a débuté le {initial}.",
        "Suite de l'arrêt du {initial} : {who} est de nouveau arrêté{e} {period}, en prolongation.",
        "Je vous transmets le certificat de prolongation de {who} {period} ; son arrêt maladie a commencé le {initial}.",
    ],
    ("longue_maladie", "initial"): [
        "{who} est placé{e} en congé de longue maladie {period}.",
        "Nous vous déclarons le CLM de {who} {period}, après avis du conseil médical.",
        "Veuillez trouver ci-joint le dossier de congé de longue maladie de {who} {period}.",
    ],
    ("longue_maladie", "prolongation"): [
        "Le congé de longue maladie de {who}, débuté le {initial}, est prolongé {period}.",
        "Prolongation du CLM de {who} {period} (CLM accordé depuis le {initial}).",
    ],
    ("longue_duree", "initial"): [
        "{who} est placé{e} en congé de longue durée {period}.",
        "Déclaration d'un CLD pour {who} {period}, sur avis favorable du conseil médical.",
    ],
    ("longue_duree", "prolongation"): [
        "Le congé de longue durée de {who}, accordé à compter du {initial}, est prolongé {period}.",
        "Prolongation du CLD de {who} {period} ; premier jour du CLD : {initial}.",
    ],
    ("grave_maladie", "initial"): [
        "{who}, agent contractuel, bénéficie d'un congé de grave maladie {period}.",
        "Nous vous déclarons le CGM de {who} {period}.",
    ],
    ("grave_maladie", "prolongation"): [
        "Le congé de grave maladie de {who} (débuté le {initial}) est prolongé {period}.",
    ],
    ("accident_service", "initial"): [
        "Nous vous déclarons l'accident de service dont a été victime {who} le {event} : {circ}. Arrêt de travail {period}.",
        "{who} a eu un accident du travail le {event} ({circ}) ; {il} est en arrêt {period}.",
        "Déclaration d'AT : {who}, accident survenu le {event}, {circ}. Arrêt {period}.",
        "Le {event}, {who} {circ_service}. {il_cap} est arrêté{e} {period}.",
        "Je vous signale l'accident de service de {who} survenu le {event} : {circ}. Son arrêt court {period}.",
    ],
    ("accident_trajet", "initial"): [
        "Nous vous déclarons l'accident de trajet de {who} survenu le {event} : {circ}. Arrêt de travail {period}.",
        "Le {event}, {who} {circ_trajet}. {il_cap} est en arrêt {period}.",
        "{who} a été victime d'un accident de trajet le {event} ({circ}). Arrêt {period}.",
    ],
    ("maladie_professionnelle", "initial"): [
        "Nous vous transmettons la déclaration de maladie professionnelle de {who} ({disease}), première constatation médicale le {event}. Arrêt {period}.",
        "{who} a déposé une demande de reconnaissance de maladie professionnelle pour {disease} constatée le {event} ; {il} est en arrêt {period}.",
    ],
    ("accident_service", "prolongation"): [
        "Veuillez trouver ci-joint le certificat de prolongation pour l'accident de service de {who} du {event} : arrêt prolongé {period}.",
        "Prolongation de l'arrêt de {who} suite à son accident du travail du {event} : {period}.",
    ],
    ("accident_trajet", "prolongation"): [
        "Prolongation de l'arrêt de {who} (accident de trajet du {event}) {period}.",
    ],
    ("maladie_professionnelle", "prolongation"): [
        "La maladie professionnelle de {who} (première constatation le {event}) donne lieu à une prolongation d'arrêt {period}.",
    ],
    ("accident_service", "rechute"): [
        "Veuillez trouver ci-joint un certificat de rechute concernant l'accident de service de {who} du {event}. Nouvel arrêt {period}.",
        "{who} fait une rechute de son accident du travail du {event} : arrêt {period}.",
    ],
    ("accident_trajet", "rechute"): [
        "Rechute de l'accident de trajet du {event} de {who} : nouvel arrêt {period}.",
        "Je vous transmets le certificat de rechute de {who} pour l'accident de trajet survenu le {event}, arrêt {period}.",
    ],
    ("maladie_professionnelle", "rechute"): [
        "Rechute de la maladie professionnelle de {who} (première constatation médicale le {event}) : arrêt {period}.",
    ],
    ("maternite", "initial"): [
        "{who} est en congé de maternité {period}.",
        "Congé maternité de {who} {period}.",
        "{who} est arrêtée pour grossesse pathologique {period}.",
        "Nous vous déclarons le congé pathologique lié à la grossesse de {who}, {period}.",
        "{who} bénéficie d'un arrêt pour état pathologique résultant de la grossesse {period}.",
    ],
    ("paternite", "initial"): [
        "{who} bénéficie d'un congé de paternité et d'accueil de l'enfant {period} (naissance le {child}).",
        "Suite à la naissance de son enfant le {child}, {who} prend son congé paternité {period}.",
        "Congé de paternité de {who} {period}.",
    ],
    ("adoption", "initial"): [
        "{who} bénéficie d'un congé d'adoption {period}, l'enfant étant arrivé au foyer le {child}.",
        "Nous vous déclarons le congé d'adoption de {who} {period}.",
    ],
    ("temps_partiel_therapeutique", "initial"): [
        "{who} reprendra ses fonctions en temps partiel thérapeutique {period}.",
        "{who} reprend en mi-temps thérapeutique {period}.",
        "Nous vous déclarons un TPT à 50 % pour {who} {period}.",
        "{who} est autorisé{e} à travailler à temps partiel pour raison thérapeutique {period}.",
    ],
    ("temps_partiel_therapeutique", "prolongation"): [
        "Le temps partiel thérapeutique de {who}, en cours depuis le {initial}, est prolongé {period}.",
        "Prolongation du TPT de {who} {period} (TPT initial à compter du {initial}).",
    ],
    ("deces", "initial"): [
        "Nous avons la tristesse de vous informer du décès de {who}, survenu le {event}.",
        "{who} est décédé{e} le {event}. Nous vous transmettons les pièces pour le capital décès.",
        "Nous vous informons du décès de notre agent {who} le {event}.",
    ],
}
OPEN_ENDED = ["{who} est en arrêt maladie depuis le {start}, l'arrêt suit.", "{who} est arrêté{e} depuis le {start} pour maladie."]

CIRC_SERVICE = ["a chuté dans l'escalier de la mairie pendant son service", "s'est coupé{e} avec une débroussailleuse lors de l'entretien des espaces verts",
                "s'est bloqué le dos en soulevant un résident pendant son service", "a glissé sur le sol mouillé de la cantine pendant son service",
                "s'est blessé{e} à la main à l'atelier municipal en service", "a été mordu{e} par un chien lors de sa tournée"]
CIRC_TRAJET = ["a été renversé{e} par une voiture en venant au travail", "a chuté à vélo sur le trajet domicile-travail",
               "a eu un accident de scooter en rentrant du travail", "a glissé sur le verglas en se rendant à son poste"]
DISEASES = ["syndrome du canal carpien", "tendinopathie de l'épaule droite", "lombalgie chronique", "surdité professionnelle"]

DOCUMENTS: dict[str, list[str]] = {
    "accident_service": ["Veuillez trouver ci-joint {pieces} pour l'accident de service de {who} du {event}.",
                         "Suite à votre demande, voici {pieces} concernant l'AT de {who} survenu le {event}.",
                         "Complément au dossier de {who} (accident de service du {event}) : {pieces}."],
    "accident_trajet": ["Veuillez trouver ci-joint {pieces} pour l'accident de trajet de {who} du {event}.",
                        "Complément au dossier de {who} (accident de trajet du {event}) : {pieces}."],
    "maladie_professionnelle": ["Ci-joint {pieces} pour la maladie professionnelle de {who} (première constatation le {event})."],
    "deces": ["Comme suite à notre déclaration, et pour compléter le dossier de capital décès de {who}, décédé{e} le {event}, veuillez trouver {pieces}.",
              "Le décès de {who} (survenu le {event}) vous a déjà été déclaré : voici {pieces} pour compléter le dossier."],
}
PIECE_WORDS = {
    "arret_travail": "l'arrêt de travail", "certificat_at_mp": "le certificat médical AT/MP",
    "certificat_final": "le certificat final", "certificat_medical": "le certificat médical",
    "certificat_grossesse": "le certificat de grossesse", "declaration_accident": "la déclaration d'accident",
    "declaration_maladie_professionnelle": "la déclaration de maladie professionnelle",
    "enquete_administrative": "l'enquête administrative signée", "temoignage": "le témoignage",
    "constat_amiable": "le constat", "plan_trajet": "le plan du trajet", "arrete": "l'arrêté",
    "avis_conseil_medical": "l'avis du conseil médical", "acte_naissance": "l'acte de naissance",
    "justificatif_adoption": "le jugement d'adoption", "acte_deces": "l'acte de décès",
    "demande_agent": "la demande de l'agent", "bulletin_salaire": "le dernier bulletin de salaire",
    "facture": "la facture", "autre": "un document complémentaire",
}
GREETINGS = ["Bonjour,", "Bonjour Madame, Monsieur,", "Madame, Monsieur,", "Bonjour à vous,", "Bonjour Madame,", "Bonjour,"]
CLOSINGS = ["Cordialement,", "Bien cordialement,", "Je vous remercie par avance.\nCordialement,", "Bonne journée,",
            "Sincères salutations,", "Merci d'avance,\nBien à vous,", "Restant à votre disposition,\nCordialement,"]
PIECES_FOLLOW = ["Les documents suivent par courrier.", "L'arrêt suit.", "Les pièces vous seront transmises dès réception.", ""]
TITLES = ["Gestionnaire RH", "Secrétaire de mairie", "Adjoint administratif", "Responsable paie-carrière",
          "Service des ressources humaines", "Directrice", "Assistante RH"]
OPENING_HOURS = ["Accueil du public : lundi, mardi, jeudi 8h30-12h / 13h30-17h", "Accueil ouvert du lundi au vendredi de 9h à 12h",
                 "Horaires : mardi et vendredi 14h-17h"]
DISCLAIMER = ("Ce message et ses pièces jointes sont confidentiels et destinés exclusivement à leurs destinataires. "
              "Pensez à l'environnement avant d'imprimer ce courriel.")

QUESTIONS = [
    "Pouvez-vous me confirmer si le congé de paternité est pris en charge par notre contrat ?",
    "Quel est le délai pour vous déclarer un accident de service ? Faut-il attendre l'enquête administrative ?",
    "Où en est le remboursement du dossier de {who} ? Nous n'avons rien reçu depuis notre envoi du {date}.",
    "Faut-il vous transmettre les arrêts de travail des agents contractuels relevant de l'IRCANTEC ?",
    "Pourriez-vous m'envoyer le formulaire de déclaration d'accident à jour ?",
    "Nous avons reçu votre relance du {date} concernant {who}. Pouvez-vous nous préciser quelles pièces manquent ?",
    "Un agent en disponibilité peut-il bénéficier du capital décès ? Merci de votre éclairage.",
    "Comment déclarer la base de l'assurance pour 2026 ? Le portail ne me laisse pas saisir le TBI.",
]
OTHERS = [
    ("Lettre RH n° {n} – actualités statutaires", "Dans ce numéro :\n\n- Revalorisation du point d'indice au 1er janvier\n- Congé de paternité : rappel des règles\n- Webinaire « Prévenir l'absentéisme » le {date} à 10h\n\nPour vous désinscrire, cliquez ici."),
    ("Merci", "Merci pour votre retour rapide, bonne journée."),
    ("Changement d'adresse", "Bonjour,\n\nÀ compter du {date}, merci d'utiliser la nouvelle adresse du service RH pour vos envois.\n\nCordialement,"),
    ("Invitation réunion des secrétaires de mairie", "Bonjour,\n\nLa prochaine réunion du réseau des secrétaires de mairie aura lieu le {date} à 14h en salle du conseil.\n\nCordialement,"),
    ("Votre boîte de réception est pleine", "Votre boîte aux lettres a atteint sa limite. Cliquez ici pour valider votre compte avant le {date}."),
    ("Offre fournitures de bureau", "Profitez de -20 % sur les ramettes de papier jusqu'au {date} ! Commandez sur notre site."),
    ("Compte rendu", "Bonjour,\n\nVeuillez trouver ci-dessous le compte rendu du conseil d'administration du {date} : vote du budget, travaux de voirie.\n\nBien à vous,"),
]
OOO = [
    "Bonjour,\n\nJe suis absente du {a} au {b} inclus. En cas d'urgence, merci de contacter le secrétariat.\n\nCordialement",
    "Je suis actuellement absent et je n'aurai pas accès à mes courriels. Je prendrai connaissance de votre message à mon retour le {b}.",
    "Ceci est une réponse automatique. Votre message a bien été reçu et sera traité dans les meilleurs délais.",
    "Bonjour,\nJe suis en congés jusqu'au {b}. Votre message ne sera pas transféré.",
]


def fill(template: str, rng: random.Random, **slots: str) -> str:
    sex_f = slots.get("e") == "e"
    slots.setdefault("il", "elle" if sex_f else "il")
    slots.setdefault("il_cap", slots["il"].capitalize())
    if "{circ" in template:
        slots.setdefault("circ_service", rng.choice(CIRC_SERVICE).replace("{e}", slots.get("e", "")))
        slots.setdefault("circ_trajet", rng.choice(CIRC_TRAJET).replace("{e}", slots.get("e", "")))
    out = template.format(**slots)
    return out[0].upper() + out[1:]


def pieces_phrase(kinds: list[str]) -> str:
    words = [PIECE_WORDS[k] for k in kinds]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]
