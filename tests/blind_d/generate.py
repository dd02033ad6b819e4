"""Family D blind corpus: `python -m blind_d.generate --seed 31 --n 300 --out DIR`.

Every mail is a pure function of (seed, index): the truth is drawn first, then written by a writer and a
mail client. Seeds ≥ 32 are reserved (untouched) and refused here."""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from . import attach
from . import mime as M
from .pieces import logo_png
from .registry import Agent, Employer, Registry, is_homonym, strip_accents
from .truth import Claim, draw_dates, pick_category, pick_nature
from .writing import claim_text, fd, name_of

MAILBOX = "prestations@cdg-exemple.fr"
TOWN = {"C29212": "Plouzané", "I29015": "Plabennec", "E56120": "Pontivy", "C22050": "Lanvollon",
        "C59295": "Hazebrouck", "S62498": "Liévin", "I80021": "Moreuil", "C34108": "Frontignan",
        "C31291": "Saint-Félix-Lauragais", "C97416": "Saint-Pierre", "S97101": "Les Abymes", "C97611": "Mamoudzou"}
TZ = {"974": 4, "971": -4, "976": 3}
WRITERS = [("Gaëlle", "Rolland", "Gestionnaire RH"), ("Jean-Luc", "Wattebled", "Responsable du service du personnel"),
           ("Sandrine", "Castagné", "Secrétaire générale"), ("Murielle", "Hoarau", "Service carrière-paie"),
           ("Anli", "Combo", "Chargé des ressources humaines"), ("Nathalie", "Delpierre", "Assistante RH"),
           ("Erwan", "Le Floch", "Directeur général des services"), ("Fatima", "Ouali", "Cadre de santé")]
ELUS = [("Jean-Pierre", "Kerjean", "Maire"), ("Bernard", "Lemaire", "Premier adjoint au maire"),
        ("Christiane", "Azaïs", "Maire"), ("Daniel", "Thénor", "Président du CCAS"),
        ("Marie-Thérèse", "Dufour", "Adjointe au personnel")]
PLACES = {"mairie": ["aux ateliers municipaux", "dans la cour de l'école maternelle", "sur la voie publique lors "
                     "d'une patrouille", "au cimetière communal"],
          "interco": ["sur la tournée de collecte", "à la déchèterie de Kerlouan", "au bord du bassin de la piscine"],
          "ehpad": ["dans la chambre d'un résident", "dans la lingerie", "en cuisine"],
          "ccas": ["au domicile d'une bénéficiaire", "dans l'escalier d'un immeuble"],
          "syndicat": ["dans le réfectoire", "en descendant du car scolaire"]}
CIRCS = ["chute en glissant sur un sol mouillé", "port d'une charge lourde", "coupure avec un outil",
         "chute d'une échelle", "heurt contre une porte", "mouvement brusque lors d'un transfert",
         "agression verbale et bousculade lors d'une interpellation"]
LESIONS = ["entorse de la cheville droite", "lombalgie aiguë", "plaie profonde à la main gauche",
           "contusion de l'épaule", "traumatisme du genou droit"]
MP_LESIONS = ["tendinopathie de la coiffe des rotateurs", "syndrome du canal carpien", "lombosciatique chronique",
              "épicondylite du coude droit"]
PERSONAL = ["gmail.com", "hotmail.fr", "yahoo.fr", "laposte.net", "outlook.fr", "free.fr", "bbox.fr", "orange.fr"]

# ------------------------------------------------------------------------------------------------- clients
CLIENTS = {
    "outlook16": {"hdr": [("X-Mailer", "Microsoft Outlook 16.0")], "html": "outlook", "bnd": "outlook"},
    "outlook_en": {"hdr": [("X-Mailer", "Microsoft Outlook 16.0"), ("Content-Language", "en-US")],
                   "html": "outlook", "bnd": "outlook"},
    "outlook_mobile": {"hdr": [], "html": "div", "bnd": "outlook", "sig": ["Obtenir Outlook pour Android",
                                                                           "Get Outlook for iOS"]},
    "samsung": {"hdr": [], "html": "div", "bnd": "samsung", "sig": ["Envoyé depuis mon smartphone Samsung Galaxy."]},
    "thunderbird": {"hdr": [("User-Agent", "Mozilla Thunderbird")], "html": None, "bnd": "tb"},
    "sogo": {"hdr": [("User-Agent", "SOGoMail 5.10.0")], "html": None, "bnd": "web"},
    "bluemind": {"hdr": [("X-Mailer", "BlueMind webmail 4")], "html": "div", "bnd": "web"},
}


def quote(client: str, rng, frm: tuple[str, str], to: str, when: datetime, subject: str, body: str,
          forward: bool = False) -> str:
    """The older message under the new text, as each client writes it."""
    name, email = frm
    wd = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"][when.weekday()]
    mo = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"][when.month - 1]
    if client == "outlook_en":
        en_wd = when.strftime("%A")
        head = (("-----Original Message-----\n" if rng.random() < 0.3 else "") +
                f"From: {name} <{email}>\nSent: {en_wd}, {when.strftime('%B')} {when.day}, {when.year} "
                f"{when.strftime('%I:%M %p')}\nTo: {to}\nSubject: {subject}\n\n")
        return "\n\n" + "_" * 32 + "\n" + head + body
    if client in ("outlook16", "outlook_mobile"):
        head = f"De : {name} <{email}>\nEnvoyé : {wd} {when.day} {mo} {when.year} {when.strftime('%H:%M')}\n" \
               f"À : {to}\nObjet : {subject}\n\n"
        return "\n\n" + "_" * 32 + "\n" + head + body
    if client == "samsung":
        head = (f"-------- Message d'origine --------\nDe : {name} <{email}>\nDate : "
                f"{when.strftime('%d/%m/%Y %H:%M')} (GMT+01:00)\nÀ : {to}\nObjet : {subject}\n\n")
        return "\n\n\n" + head + body
    if client == "sogo":
        head = (f"-------- Message original --------\nSujet: {subject}\nDe: {name} <{email}>\n"
                f"Date: {when.strftime('%d/%m/%Y %H:%M')}\nÀ: {to}\n\n")
        return "\n\n" + head + body
    if forward:
        head = (f"-------- Message transféré --------\nSujet : \t{subject}\nDate : \t{wd[:3]}. {when.day} {mo[:4]}. "
                f"{when.year} {when.strftime('%H:%M:%S')} +0100\nDe : \t{name} <{email}>\nPour : \t{to}\n\n")
        return "\n\n" + head + body
    lead = f"Le {when.strftime('%d/%m/%Y')} à {when.strftime('%H:%M')}, {name} a écrit :\n" if client == "thunderbird" \
        else f"Le {wd} {when.day} {mo} {when.year} {when.strftime('%H:%M')}, {name} <{email}> a écrit :\n"
    return "\n\n" + lead + "\n".join("> " + x if x else ">" for x in body.split("\n"))


# ------------------------------------------------------------------------------------------------- the mail

class Mail:
    def __init__(self, rng: random.Random, seed: int, index: int) -> None:
        self.rng, self.seed, self.index = rng, seed, index
        self.tags: set[str] = set()
        self.claims: list[Claim] = []
        self.extras: list[tuple[str, str, bytes, bool]] = []  # (filename, ctype, data, inline) kind autre
        self.cid_image: bytes | None = None
        self.extra_headers: list[tuple[str, str]] = []
        self.used: set[str] = set()
        self.intent = "declaration"
        self.collectivite: str | None = None
        self.client = "outlook16"
        self.subject = ""
        self.body = ""
        self.from_name, self.from_email = "", ""
        self.charset = "utf-8"


def new_claim(rng, emp: Employer, agent: Agent, mail_day: date, cat: str | None = None,
              nature: str | None = None, allowed: set[str] | None = None) -> Claim:
    cat = cat or pick_category(rng, agent, allowed)
    nature = nature or pick_nature(rng, cat)
    dates = draw_dates(rng, cat, nature, mail_day)
    c = Claim(agent, emp, cat, nature, dates["survenance"], dates["start"], dates["end"], dates["initial_start"],
              dates["prev_end"])
    c.extra["place"] = rng.choice(PLACES[emp.kind])
    c.extra["circ"] = rng.choice(CIRCS)
    c.extra["lesion"] = rng.choice(MP_LESIONS if cat == "maladie_professionnelle" else LESIONS)
    return c


def pick_agent(rng, emp: Employer, tags: set[str], c_hint: dict) -> Agent:
    r = rng.random()
    if r < 0.05 and emp.new_hires:
        tags.add("new-hire")
        return rng.choice(emp.new_hires)
    homs = [a for a in emp.agents if is_homonym(emp, a)]
    if r < 0.15 and homs:
        tags.add("homonym")
        a = rng.choice(homs)
        if rng.random() < 0.4:
            c_hint["hide"] = True
            tags.add("homonym-unresolved")
        return a
    cands = [a for a in emp.agents if not is_homonym(emp, a)]
    return rng.choice(cands)


def de(short: str) -> str:
    """« de » + the employer as written in a sentence: « du CCAS », « de la mairie », « de l'EHPAD »."""
    if short.startswith("le "):
        return "du " + short[3:]
    return "de " + short


def registered_sender(rng, emp: Employer) -> str:
    if emp.contacts:
        return rng.choice(emp.contacts)
    local = rng.choice(["rh", "drh", "secretariat.general", "service.personnel", "paie", "carrieres"])
    return f"{local}@{emp.domains[0]}"


def signature(rng, who: tuple[str, str, str], emp: Employer) -> str:
    first, last, role = who
    lines = ["-- " if rng.random() < 0.4 else "", f"{first} {last}", role, emp.name,
             f"{rng.randint(1, 40)} rue {rng.choice(['de la Mairie', 'Jean Jaurès', 'du Général de Gaulle', 'de Brest'])}"
             f" – {TOWN[emp.code]}"]
    if rng.random() < 0.5:
        lines.append(f"Tél. {rng.choice(['02', '03', '04', '0262', '0590', '0269'])} "
                     f"{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
    if rng.random() < 0.3:
        lines.append("Ce message et ses pièces jointes sont confidentiels et destinés exclusivement à leurs "
                     "destinataires.")
    return "\n".join(x for x in lines if x is not None)


def decl_body(rng, m: Mail, emp: Employer, c: Claim, mail_day: date, style: str, writer) -> str:
    tele = style in ("telegraphic", "elu_phone")
    who = name_of(rng, c, emp, m.tags)
    core = claim_text(rng, c, who, mail_day, m.tags, tele)
    pj = "Pièces jointes : " + ", ".join(p.filename for p in c.pieces) + "." if c.pieces and rng.random() < 0.3 \
        else ("Vous trouverez les justificatifs en pièce jointe." if c.pieces else
              "Les pièces justificatives suivront.")
    if style == "formal":
        return (f"Madame, Monsieur,\n\n{core[0].upper() + core[1:]}\n\n{pj}\n\nJe vous prie d'agréer, Madame, "
                f"Monsieur, l'expression de mes salutations distinguées.\n\n{signature(rng, writer, emp)}")
    if style == "narrative":
        job = c.agent.job
        return (f"Bonjour,\n\nJe me permets de vous écrire au sujet de l'un de nos agents, {job} dans notre "
                f"collectivité depuis plusieurs années. {core[0].upper() + core[1:]} Nous avons été prévenus par "
                f"téléphone par sa famille puis avons reçu le document ce matin au secrétariat.\n\n{pj} N'hésitez pas "
                f"à me recontacter si quelque chose manque au dossier, je suis présente les lundis, mardis et "
                f"jeudis.\n\nBien cordialement,\n\n{signature(rng, writer, emp)}")
    if style == "telegraphic":
        return f"Bjr,\n{core}\ncf PJ\nCdt\n{writer[0][0]}. {writer[1]}"
    if style == "keyvalue":
        a = c.agent
        lines = [f"Agent ........ : {who}", f"Emploi ....... : {a.job}",
                 "Motif ........ : " + {"maladie_ordinaire": "maladie ordinaire", "accident_service": "accident de "
                                        "service", "accident_trajet": "accident de trajet",
                                        "maladie_professionnelle": "maladie professionnelle",
                                        "longue_maladie": "congé de longue maladie", "longue_duree":
                                        "congé de longue durée", "grave_maladie": "congé de grave maladie",
                                        "maternite": "congé de maternité", "paternite": "congé de paternité",
                                        "adoption": "congé d'adoption", "temps_partiel_therapeutique":
                                        "temps partiel thérapeutique", "deces": "décès"}[c.category],
                 ]
        if c.category not in ("deces", "paternite", "adoption", "maternite"):
            lines.append("Nature ....... : " + {"initial": "arrêt initial", "prolongation": "prolongation",
                                                "rechute": "rechute"}[c.nature])
        if c.category in ("accident_service", "accident_trajet"):
            lines.append(f"Date de l'accident : {fd(rng, c.survenance, mail_day, m.tags, 'dmy')}")
        if c.category == "maladie_professionnelle":
            lines.append(f"1re constatation médicale : {fd(rng, c.survenance, mail_day, m.tags, 'dmy')}")
        if c.category == "deces":
            lines.append(f"Date du décès : {fd(rng, c.survenance, mail_day, m.tags, 'dmy')}")
        if c.nature == "prolongation":
            lines.append(f"Arrêt initial du : {fd(rng, c.initial_start, mail_day, m.tags, 'dmy')}")
        if c.start:
            lines += [f"Début ........ : {fd(rng, c.start, mail_day, m.tags, 'dmy')}",
                      f"Fin (incluse)  : {fd(rng, c.end, mail_day, m.tags, 'dmy')}"]
        return ("Bonjour,\n\nMerci d'enregistrer la déclaration suivante :\n\n" + "\n".join(lines) +
                f"\n\n{pj}\n\nCordialement,\n{signature(rng, writer, emp)}")
    if style == "interim":
        return (f"Bonjour,\n\nJ'assure l'intérim du secrétariat de mairie pendant l'absence de la titulaire du poste, "
                f"excusez-moi si la démarche n'est pas tout à fait la bonne.\n{core[0].upper() + core[1:]}\n{pj}\n\n"
                f"Cordialement,\n{writer[0]} {writer[1]}\nSecrétaire de mairie (intérim)\n{emp.name}")
    if style == "elu_phone":
        return (f"{core}\n{'Pièces en PJ.' if c.pieces else 'Le secrétariat envoie les papiers.'}\n"
                f"{writer[0]} {writer[1]}, {writer[2].lower()} – {emp.name}")
    if style == "cadre":
        return (f"Bonjour,\n\nJe vous informe de la situation suivante concernant le personnel soignant : "
                f"{core[0].lower() + core[1:]}\n\n{pj}\n\nBien à vous,\n{signature(rng, writer, emp)}")
    if style == "hrsoft":
        a = c.agent
        # the notification names the agent its own way: what name_of() wrote is not in this body
        c.body_nir = c.body_birth = False
        c.name_form = "full"
        c.body_matricule = bool(a.registered)
        for t in [t for t in m.tags if t.startswith(("name-", "body-"))]:
            m.tags.discard(t)
        lines = ["----- Notification Ciril GRH – Absences -----", f"Agent : {a.last} {a.first}"
                 + (f" (mat. {a.matricule})" if a.registered else ""),
                 "Motif : " + {"maladie_ordinaire": "CMO – maladie ordinaire", "accident_service": "CITIS – "
                               "accident de service", "accident_trajet": "CITIS – accident de trajet",
                               "maladie_professionnelle": "CITIS – maladie professionnelle"}.get(c.category,
                                                                                                 c.category),
                 "Type : " + {"initial": "Initial", "prolongation": "Prolongation", "rechute": "Rechute"}[c.nature]]
        if c.category in ("accident_service", "accident_trajet", "maladie_professionnelle"):
            lines.append(f"Date de l'événement : {c.survenance.strftime('%d/%m/%Y')}")
        if c.nature == "prolongation":
            lines.append(f"Début de l'absence initiale : {c.initial_start.strftime('%d/%m/%Y')}")
        lines += [f"Du : {c.start.strftime('%d/%m/%Y')}", f"Au : {c.end.strftime('%d/%m/%Y')}",
                  "Statut : saisie validée", "---------------------------------------------"]
        m.tags.add("name-hrsoft")
        return ("Bonjour,\n\nCi-dessous l'absence saisie dans notre logiciel, pour déclaration. "
                + ("Le justificatif est joint." if c.pieces else "Le justificatif suivra.") + "\n\n"
                + "\n".join(lines) + f"\n\nCordialement,\n{writer[0]} {writer[1]}")
    raise ValueError(style)


def sc_single(rng, m: Mail, reg: Registry, mail_dt: datetime, style: str | None = None) -> None:
    emp = rng.choice(reg.employers)
    mail_day = mail_dt.date()
    hint: dict = {}
    agent = pick_agent(rng, emp, m.tags, hint)
    allowed = None
    if style == "hrsoft":
        allowed = {"maladie_ordinaire", "accident_service", "accident_trajet", "maladie_professionnelle"}
    if style is None:
        style = rng.choice(["formal", "narrative", "telegraphic", "keyvalue", "interim", "cadre" if emp.kind ==
                            "ehpad" else "formal"])
    c = new_claim(rng, emp, agent, mail_day, allowed=allowed)
    if style == "hrsoft" and c.category in ("deces",):
        style = "formal"
    if hint.get("hide"):
        c.extra["hide_separators"] = True
    m.tags.add("writer-" + style)
    kinds = attach.choose_kinds(rng, c, "declaration")
    writer = rng.choice(ELUS if style == "elu_phone" else WRITERS)
    attach.build_pieces(rng, c, kinds, emp.name, TOWN[emp.code], f"{writer[0]} {writer[1]}", mail_day, m.used,
                        m.tags, "phone" if style == "elu_phone" else "any")
    m.claims.append(c)
    m.collectivite = emp.code
    m.from_email = registered_sender(rng, emp)
    m.from_name = f"{writer[0]} {writer[1]}"
    if style == "elu_phone":
        m.client = rng.choice(["samsung", "outlook_mobile"])
        if rng.random() < 0.5:
            local = strip_accents(f"{writer[0].lower().replace('-', '.')}.{writer[1].lower()}")
            m.from_email = f"{local}{rng.randint(1, 99)}@{rng.choice(PERSONAL)}"
            m.tags.add("unknown-sender")
        m.body = decl_body(rng, m, emp, c, mail_day, style, writer)
    else:
        m.client = rng.choice(list(CLIENTS))
        m.body = decl_body(rng, m, emp, c, mail_day, style, writer)
    m.subject = rng.choice([subject_for(c), subject_for(c).upper(), "", "Déclaration", "Envoi " + subject_for(c)])


def subject_for(c: Claim) -> str:
    a = c.agent
    lab = {"maladie_ordinaire": "Arrêt maladie", "accident_service": "Accident de service",
           "accident_trajet": "Accident de trajet", "maladie_professionnelle": "Maladie professionnelle",
           "longue_maladie": "CLM", "longue_duree": "CLD", "grave_maladie": "CGM", "maternite": "Congé maternité",
           "paternite": "Congé paternité", "adoption": "Congé adoption", "temps_partiel_therapeutique": "TPT",
           "deces": "Décès"}[c.category]
    if c.nature == "prolongation":
        lab = "Prolongation " + lab
    if c.nature == "rechute":
        lab = "Rechute " + lab
    return f"{lab} {a.last}"


def sc_self(rng, m: Mail, reg: Registry, mail_dt: datetime) -> None:
    """The agent writes about their own stop from a personal address; the employer is named in the text."""
    emp = rng.choice(reg.employers)
    agent = rng.choice([a for a in emp.agents if not is_homonym(emp, a)])
    mail_day = mail_dt.date()
    c = new_claim(rng, emp, agent, mail_day, allowed={"maladie_ordinaire", "accident_service", "accident_trajet",
                                                      "maternite", "paternite", "temps_partiel_therapeutique"})
    kinds = [k for k in attach.choose_kinds(rng, c, "declaration") if k not in ("enquete_administrative", "arrete")]
    attach.build_pieces(rng, c, kinds[:2], emp.name, TOWN[emp.code], f"{agent.first} {agent.last}", mail_day,
                        m.used, m.tags, "phone")
    c.name_form = "full"
    m.tags.update({"writer-agent-self", "unknown-sender"})
    me = {"maladie_ordinaire": "mon médecin m'a arrêté(e)", "accident_service": "j'ai eu un accident de service",
          "accident_trajet": "j'ai eu un accident de trajet en venant au travail",
          "maternite": "je commence mon congé de maternité",
          "paternite": "je prends mon congé de paternité", "temps_partiel_therapeutique":
          "je reprends à temps partiel thérapeutique"}[c.category]
    t = set()
    sp = f"du {fd(rng, c.start, mail_day, t)} au {fd(rng, c.end, mail_day, t)}"
    m.tags.update(t)
    if c.category in ("accident_service", "accident_trajet"):
        ev = fd(rng, c.survenance, mail_day, m.tags)
        if c.nature == "initial":
            what = f"{me} le {ev} ({c.extra['circ']}) et je suis en arrêt {sp}"
        elif c.nature == "prolongation":
            what = (f"mon arrêt pour l'accident ({'trajet' if c.category == 'accident_trajet' else 'de service'}) "
                    f"du {ev} est prolongé {sp} (premier arrêt le {fd(rng, c.initial_start, mail_day, m.tags)})")
        else:
            what = (f"j'ai fait une rechute de mon accident "
                    f"{'de trajet' if c.category == 'accident_trajet' else 'de service'} du {ev}, arrêt {sp}")
    elif c.nature == "prolongation":
        lab = "maladie" if c.category == "maladie_ordinaire" else "temps partiel thérapeutique"
        what = (f"mon arrêt {lab} qui a commencé le {fd(rng, c.initial_start, mail_day, m.tags)} est prolongé "
                f"{sp}" if c.category == "maladie_ordinaire" else
                f"mon {lab} (depuis le {fd(rng, c.initial_start, mail_day, m.tags)}) est prolongé {sp}")
    else:
        what = f"{me} {sp}"
    intro = rng.choice([f"Je suis {agent.job} {'au ' + emp.short[3:] if emp.short.startswith('le ') else 'à ' + emp.short}.", f"Je travaille comme {agent.job} pour {emp.short}."])
    long_ = rng.random() < 0.5
    body = (f"Bonjour,\n\n{intro} " + ("Ma secrétaire de mairie m'a dit que je pouvais vous envoyer directement mes "
                                      "papiers, j'espère que c'est bien à vous qu'il faut les envoyer. " if long_ else "")
            + f"Je vous informe que {what}. " + ("Vous trouverez le document en photo, désolé(e) pour la qualité."
                                                   if c.pieces else "Je vous enverrai le papier dès que possible.")
            + f"\n\nCordialement\n{agent.first} {agent.last}")
    m.claims.append(c)
    m.collectivite = emp.code
    m.from_email = (f"{agent.first.lower()}.{agent.last.lower()}".replace(" ", "").replace("'", "")
                    .replace("é", "e").replace("è", "e").replace("ë", "e").replace("ï", "i").replace("ô", "o")
                    + f"{rng.randint(1, 99)}@{rng.choice(PERSONAL)}")
    m.from_email = strip_accents(m.from_email).encode("ascii", "ignore").decode()
    m.from_name = f"{agent.first} {agent.last.title()}"
    m.client = rng.choice(["samsung", "outlook_mobile", "thunderbird"])
    m.body = body
    m.subject = rng.choice(["mon arrêt", "Arret de travail", "envoi arret", f"{agent.last} {agent.first}", ""])


def sc_multi(rng, m: Mail, reg: Registry, mail_dt: datetime) -> None:
    emp = rng.choice([e for e in reg.employers if len(e.agents) > 10])
    mail_day = mail_dt.date()
    n = rng.choice([2, 2, 3])
    agents = rng.sample([a for a in emp.agents if not is_homonym(emp, a)], n)
    writer = rng.choice(WRITERS)
    lines = []
    for a in agents:
        c = new_claim(rng, emp, a, mail_day, cat="maladie_ordinaire" if rng.random() < 0.7 else None,
                      allowed={"maladie_ordinaire", "accident_service", "temps_partiel_therapeutique"})
        kinds = attach.choose_kinds(rng, c, "declaration")
        if c.category == "accident_service" and c.nature == "initial":
            kinds = kinds[:2]
        attach.build_pieces(rng, c, kinds, emp.name, TOWN[emp.code], f"{writer[0]} {writer[1]}", mail_day, m.used,
                            m.tags)
        who = f"{a.last} {a.first}"
        c.name_form = "full"
        lines.append("- " + claim_text(rng, c, who, mail_day, m.tags, True))
        m.claims.append(c)
    m.tags.add("multi-agent")
    intro = rng.choice(["Bonjour,\n\nVoici les arrêts de la semaine :", "Bonjour,\n\nRécapitulatif des absences à "
                        "déclarer :", "Bonjour à toutes et à tous,\nPour info et déclaration :"])
    m.body = intro + "\n\n" + "\n".join(lines) + "\n\nLes justificatifs sont en PJ (un fichier par agent)." \
        + f"\n\nBonne journée,\n{signature(rng, writer, emp)}"
    m.collectivite = emp.code
    m.from_email = registered_sender(rng, emp)
    m.from_name = f"{writer[0]} {writer[1]}"
    m.client = rng.choice(["outlook16", "outlook_en", "thunderbird", "bluemind", "sogo"])
    m.subject = rng.choice(["Arrêts de la semaine", "Déclarations absences", f"Arrêts {mail_day.strftime('%d/%m')}"])


def sc_documents(rng, m: Mail, reg: Registry, mail_dt: datetime) -> None:
    emp = rng.choice(reg.employers)
    mail_day = mail_dt.date()
    agent = rng.choice([a for a in emp.agents if not is_homonym(emp, a)])
    cat = rng.choice(["accident_service", "accident_service", "accident_trajet", "maladie_professionnelle"])
    c = new_claim(rng, emp, agent, mail_day, cat=cat, nature="initial")
    c.survenance = mail_day - timedelta(days=rng.randint(10, 60))
    c.nature, c.start, c.end = None, None, None
    kinds = attach.choose_kinds(rng, c, "documents")
    writer = rng.choice(WRITERS)
    attach.build_pieces(rng, c, kinds, emp.name, TOWN[emp.code], f"{writer[0]} {writer[1]}", mail_day, m.used,
                        m.tags)
    who = name_of(rng, c, emp, m.tags)
    ev = fd(rng, c.survenance, mail_day, m.tags)
    what = {"accident_service": f"l'accident de service du {ev}", "accident_trajet": f"l'accident de trajet du {ev}",
            "maladie_professionnelle": f"la maladie professionnelle (1re constatation médicale le {ev})"}[cat]
    m.body = rng.choice([
        f"Bonjour,\n\nPour compléter le dossier de {who} concernant {what}, déjà déclaré, veuillez trouver les pièces "
        f"manquantes en pièce jointe.\n\nCordialement,\n{signature(rng, writer, emp)}",
        f"Bonjour,\nComme suite à votre demande, voici le complément pour {what} de {who} (dossier déjà "
        f"transmis le mois dernier).\nBien cordialement\n{writer[0]} {writer[1]}"])
    m.tags.add("scenario-documents")
    m.intent = "documents"
    m.claims.append(c)
    m.collectivite = emp.code
    m.from_email = registered_sender(rng, emp)
    m.from_name = f"{writer[0]} {writer[1]}"
    m.client = rng.choice(list(CLIENTS))
    m.subject = rng.choice([f"Complément dossier {agent.last}", f"RE: Pièces manquantes – {agent.last}",
                            "pièces complémentaires"])


def sc_thread(rng, m: Mail, reg: Registry, mail_dt: datetime) -> None:
    """A reply in an older thread: our acknowledgement of the initial stop is quoted; the new text declares its
    prolongation (stating the initial first day) with the new arrêt."""
    emp = rng.choice(reg.employers)
    mail_day = mail_dt.date()
    agent = rng.choice([a for a in emp.agents if not is_homonym(emp, a)])
    c = new_claim(rng, emp, agent, mail_day, cat="maladie_ordinaire", nature="prolongation")
    writer = rng.choice(WRITERS)
    attach.build_pieces(rng, c, ["arret_travail"] if rng.random() < 0.85 else [], emp.name, TOWN[emp.code],
                        f"{writer[0]} {writer[1]}", mail_day, m.used, m.tags)
    who = name_of(rng, c, emp, m.tags)
    core = claim_text(rng, c, who, mail_day, m.tags, False)
    m.client = rng.choice(["outlook16", "outlook_en", "outlook_mobile", "samsung", "thunderbird", "sogo"])
    old_dt = datetime.combine(c.initial_start + timedelta(days=3), datetime.min.time()).replace(hour=14, minute=7)
    a0, e0 = c.initial_start.strftime("%d/%m/%Y"), c.prev_end.strftime("%d/%m/%Y")
    ours = (f"Bonjour,\n\nNous accusons réception de la déclaration d'arrêt de travail de {agent.last} {agent.first}"
            f" (du {a0} au {e0}).\nLe dossier est enregistré sous la référence SIN-{rng.randint(10000, 99999)}.\n\n"
            "Le service prestations – Centre de gestion")
    m.body = (f"Bonjour,\n\n{core[0].upper() + core[1:]}\n\nCordialement,\n{writer[0]} {writer[1]}"
              + quote(m.client, rng, ("Service prestations", MAILBOX), m_from := registered_sender(rng, emp), old_dt,
                      f"Accusé de réception – {agent.last}", ours))
    m.tags.update({"scenario-thread-reply", "quoted-ack"})
    m.claims.append(c)
    m.collectivite = emp.code
    m.from_email = m_from
    m.from_name = f"{writer[0]} {writer[1]}"
    m.subject = rng.choice(["RE: ", "Re: ", "RE : ", "AW: "]) + f"Accusé de réception – {agent.last}"
    if m.subject.startswith("AW"):
        m.tags.add("subject-aw")


def sc_correction(rng, m: Mail, reg: Registry, mail_dt: datetime) -> None:
    """« Erreur dans mon précédent mail »: the new text restates the whole stop with the right end; the wrong one
    survives only in the quote."""
    emp = rng.choice(reg.employers)
    mail_day = mail_dt.date()
    agent = rng.choice([a for a in emp.agents if not is_homonym(emp, a)])
    c = new_claim(rng, emp, agent, mail_day, cat="maladie_ordinaire", nature="initial")
    if c.start > mail_day - timedelta(days=1):
        c.start = c.survenance = mail_day - timedelta(days=2)
        c.end = c.start + timedelta(days=9)
    writer = rng.choice(WRITERS)
    wrong_end = c.end - timedelta(days=rng.choice([3, 5, 7, 10]))
    if wrong_end < c.start:
        wrong_end = c.end + timedelta(days=4)
    attach.build_pieces(rng, c, ["arret_travail"] if rng.random() < 0.7 else [], emp.name, TOWN[emp.code],
                        f"{writer[0]} {writer[1]}", mail_day, m.used, m.tags)
    who = f"{agent.first} {agent.last}"
    c.name_form = "full"
    s, e, w = (fd(rng, x, mail_day, m.tags, "dmy") for x in (c.start, c.end, wrong_end))
    m.client = rng.choice(["outlook16", "thunderbird", "sogo", "bluemind"])
    frm = registered_sender(rng, emp)
    old_dt = mail_dt.replace(tzinfo=None) - timedelta(hours=rng.randint(2, 30))
    old = (f"Bonjour,\n\nJe vous déclare l'arrêt maladie de {who} du {s} au {w}.\n\nCordialement,\n"
           f"{writer[0]} {writer[1]}")
    top = rng.choice([
        f"Bonjour,\n\nErreur dans mon précédent mail : l'arrêt maladie de {who} court du {s} au {e} inclus (et non "
        f"jusqu'au {w}). " + ("Je vous joins l'arrêt." if c.pieces else "") + "\nToutes mes excuses.",
        f"Bonjour,\nRectificatif : la date de fin de l'arrêt maladie de {who} (début le {s}) est le {e}, pas le {w}."
        + (" Arrêt en PJ." if c.pieces else "")])
    m.body = top + f"\n\n{writer[0]} {writer[1]}" + quote(m.client, rng, (f"{writer[0]} {writer[1]}", frm), MAILBOX,
                                                          old_dt, f"Arrêt maladie {agent.last}", old)
    m.tags.update({"scenario-correction", "quoted-own"})
    m.claims.append(c)
    m.collectivite = emp.code
    m.from_email, m.from_name = frm, f"{writer[0]} {writer[1]}"
    m.subject = rng.choice(["RE: Arrêt maladie ", "Rectificatif : arrêt ", "ERRATUM arrêt maladie "]) + agent.last


def sc_cancel(rng, m: Mail, reg: Registry, mail_dt: datetime) -> None:
    emp = rng.choice(reg.employers)
    agent = rng.choice(emp.agents)
    writer = rng.choice(WRITERS)
    frm = registered_sender(rng, emp)
    m.client = rng.choice(["outlook16", "thunderbird", "samsung"])
    who = f"{'Mme' if agent.sex == 2 else 'M.'} {agent.last}"
    old_dt = mail_dt.replace(tzinfo=None) - timedelta(hours=rng.randint(1, 20))
    st = (mail_dt.date() - timedelta(days=rng.randint(1, 10))).strftime("%d/%m/%Y")
    old = f"Bonjour,\n\nCi-joint l'arrêt maladie de {who} à compter du {st}.\n\nCordialement"
    m.body = rng.choice([
        f"Bonjour,\n\nMerci de ne pas tenir compte de mon précédent envoi concernant {who} : le document a été "
        f"transmis par erreur. Aucune déclaration n'est à enregistrer.\n\nDésolée pour le dérangement.\n"
        f"{writer[0]} {writer[1]}",
        f"Bonjour,\nAnnulation : le mail envoyé ce matin pour {who} est à supprimer, l'agent n'a finalement pas été "
        f"arrêté (erreur de notre part).\nCordialement\n{writer[0]} {writer[1]}"]) + \
        quote(m.client, rng, (f"{writer[0]} {writer[1]}", frm), MAILBOX, old_dt, f"Arrêt {agent.last}", old)
    m.intent = "other"
    m.tags.add("scenario-cancellation")
    m.collectivite = emp.code
    m.from_email, m.from_name = frm, f"{writer[0]} {writer[1]}"
    m.subject = rng.choice(["Annulation ", "A ANNULER : ", "Erreur d'envoi – "]) + f"arrêt {agent.last}"


def sc_question(rng, m: Mail, reg: Registry, mail_dt: datetime) -> None:
    emp = rng.choice(reg.employers)
    agent = rng.choice(emp.agents)
    who = f"{'Mme' if agent.sex == 2 else 'M.'} {agent.first} {agent.last}"
    if rng.random() < 0.35:
        m.tags.update({"writer-union", "unknown-sender"})
        m.from_email = rng.choice(["cgt.territoriaux@gmail.com", "fo.services.publics@orange.fr",
                                   "sud.ct.section@laposte.net", "cfdt-interco@free.fr"])
        m.from_name = "Section syndicale"
        m.body = (f"Bonjour,\n\nEn qualité de représentant du personnel, je me permets de vous interroger sur la "
                  f"situation de {who}, agent {de(emp.short)} : son accident survenu il y a plusieurs mois a-t-il bien "
                  "été pris en charge par l'assureur ? L'agent s'inquiète d'une retenue sur son traitement.\n\n"
                  "Pouvez-vous nous indiquer où en est le dossier ?\n\nSalutations syndicales,\nLe délégué")
        m.subject = "Demande d'information – dossier d'un agent"
    else:
        m.tags.add("writer-registered")
        m.from_email = registered_sender(rng, emp)
        writer = rng.choice(WRITERS)
        m.from_name = f"{writer[0]} {writer[1]}"
        m.body = rng.choice([
            "Bonjour,\n\nUn agent contractuel recruté pour trois mois est-il couvert par le contrat en cas "
            "d'accident de service ? Faut-il une démarche particulière ?\n\nMerci d'avance,\n",
            f"Bonjour,\nPouvez-vous me dire si le remboursement des indemnités pour {who} a été effectué ? Je ne "
            "le retrouve pas sur nos relevés.\nMerci\n",
            "Bonjour,\n\nQuel est le délai pour vous transmettre un arrêt de prolongation ? Nous avons reçu un "
            "arrêt avec plusieurs semaines de retard.\n\nCordialement\n",
            "Bjr, c'est quoi le formulaire à utiliser pour une rechute AT ? merci\n"]) + \
            f"{writer[0]} {writer[1]}\n{emp.name}"
        m.subject = rng.choice(["Question", "Demande de renseignement", "question remboursement", "info"])
    m.intent = "question"
    m.tags.add("scenario-question")
    m.collectivite = emp.code
    m.client = rng.choice(list(CLIENTS))


def sc_auto(rng, m: Mail, reg: Registry, mail_dt: datetime) -> None:
    emp = rng.choice(reg.employers)
    m.collectivite = emp.code
    m.intent = "auto_reply"
    writer = rng.choice(WRITERS)
    back = (mail_dt.date() + timedelta(days=rng.randint(3, 20))).strftime("%d/%m/%Y")
    kind = rng.choice(["ooo_en", "ooo_fr", "ack"])
    m.tags.add("auto-" + kind)
    if kind == "ack":
        m.from_email = f"ne-pas-repondre@{emp.domains[0]}" if emp.domains else emp.contacts[0]
        m.from_name = emp.name
        m.body = (f"Bonjour,\n\nVotre message a bien été reçu par les services de {emp.name}. Il sera traité dans "
                  "les meilleurs délais.\n\nCeci est un message automatique, merci de ne pas y répondre.")
        m.subject = "Accusé de réception automatique"
        m.extra_headers = [("Auto-Submitted", "auto-generated")]
    else:
        m.from_email = registered_sender(rng, emp)
        m.from_name = f"{writer[0]} {writer[1]}"
        if kind == "ooo_en":
            m.subject = "Automatic reply: Pièces manquantes"
            m.body = (f"Bonjour,\nJe suis absente du bureau jusqu'au {back} inclus. Pour toute urgence, merci de "
                      f"contacter le secrétariat général.\n\nI am out of the office until {back}.")
        else:
            m.subject = "Réponse automatique : Relance dossier"
            m.body = (f"Bonjour,\n\nJe suis en congés jusqu'au {back}. Votre message sera traité à mon retour.\n\n"
                      f"{writer[0]} {writer[1]}")
        m.extra_headers = [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")]
    m.client = rng.choice(["outlook16", "outlook_en", "bluemind"])
    m.tags.add("scenario-auto-reply")


def sc_other(rng, m: Mail, reg: Registry, mail_dt: datetime) -> None:
    kind = rng.choice(["contact_change", "webinar", "thanks"])
    m.intent = "other"
    m.tags.add("other-" + kind)
    if kind == "webinar":
        m.collectivite = None
        m.from_email, m.from_name = "info@prevention-territoriale.fr", "Prévention Territoriale"
        m.subject = "Webinaire : prévenir les TMS et les accidents de service"
        m.body = ("Bonjour,\n\nNous organisons le 14 du mois prochain un webinaire gratuit sur la prévention des "
                  "troubles musculo-squelettiques et des accidents de service dans les collectivités.\n\nInscription "
                  "en ligne.\n\nPour vous désinscrire, répondez STOP.")
    else:
        emp = rng.choice(reg.employers)
        writer = rng.choice(WRITERS)
        m.collectivite = emp.code
        m.from_email, m.from_name = registered_sender(rng, emp), f"{writer[0]} {writer[1]}"
        if kind == "thanks":
            m.subject = "RE: Accusé de réception"
            m.body = f"Merci beaucoup pour votre retour rapide, bonne journée.\n{writer[0]}"
        else:
            m.subject = "Changement d'interlocuteur RH"
            m.body = (f"Bonjour,\n\nÀ compter du 1er du mois prochain, les dossiers d'assurance statutaire de "
                      f"{emp.name} seront suivis par {writer[0]} {writer[1]}. Merci de mettre à jour vos contacts."
                      f"\n\nCordialement\n{signature(rng, writer, emp)}")
    m.client = rng.choice(list(CLIENTS))


SCENARIOS = [(lambda r, m, g, d: sc_single(r, m, g, d), 120, "single"),
             (lambda r, m, g, d: sc_single(r, m, g, d, "elu_phone"), 15, "elu-phone"),
             (lambda r, m, g, d: sc_single(r, m, g, d, "hrsoft"), 12, "hr-software"),
             (sc_self, 20, "agent-self"), (sc_multi, 16, "multi"), (sc_documents, 22, "documents"),
             (sc_thread, 16, "thread-prolongation"), (sc_correction, 12, "correction"), (sc_cancel, 8, "cancel"),
             (sc_question, 18, "question"), (sc_auto, 14, "auto"), (sc_other, 10, "other")]


# ------------------------------------------------------------------------------------------------- assembly

def mail_datetime(rng, reg: Registry) -> datetime:
    day = date(2025, 1, 13) + timedelta(days=rng.randint(0, 320))
    off = 2 if 4 <= day.month <= 10 else 1
    return datetime(day.year, day.month, day.day, rng.randint(7, 18), rng.randint(0, 59), rng.randint(0, 59),
                    tzinfo=timezone(timedelta(hours=off)))


def build(seed: int, index: int, reg: Registry) -> tuple[bytes, dict, list[str]]:
    rng = random.Random(f"blind-d-{seed}-{index}")
    m = Mail(rng, seed, index)
    mail_dt = mail_datetime(rng, reg)
    fn, _, name = rng.choices(SCENARIOS, [w for _, w, _ in SCENARIOS])[0]
    m.tags.add("scenario-" + name)
    fn(rng, m, reg, mail_dt)
    if m.collectivite:
        emp = reg.by_code[m.collectivite]
        m.tags.add("region-" + emp.region)
        m.tags.add("employer-" + emp.kind)
        if emp.region in TZ and rng.random() < 0.7:
            mail_dt = mail_dt.astimezone(timezone(timedelta(hours=TZ[emp.region])))
            m.tags.add("overseas-tz")
    m.tags.add("client-" + m.client)
    for c in m.claims:
        m.tags.add(c.category)
        if c.nature:
            m.tags.add(c.nature)
        if is_homonym(c.employer, c.agent):
            m.tags.add("homonym")
        if c.agent.nir13[5:7] == "97":
            m.tags.add("nir-overseas")
    # signature extras: an inline logo (named or not) or a vCard
    cl = CLIENTS[m.client]
    r = rng.random()
    if m.intent in ("declaration", "documents", "question") and cl["html"] == "outlook" and r < 0.4:
        if rng.random() < 0.5:
            m.extras.append(("image001.png", "image/png", logo_png(rng, m.from_name or "Mairie"), True))
            m.tags.add("sig-logo-named")
        else:
            m.cid_image = logo_png(rng, m.from_name or "Mairie")
            m.tags.add("sig-logo-unnamed")
    elif m.client == "thunderbird" and r < 0.35 and m.intent in ("declaration", "documents"):
        first, _, last = m.from_name.partition(" ")
        vcf = (f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:{m.from_name}\r\nN:{last};{first};;;\r\nEMAIL:{m.from_email}"
               f"\r\nEND:VCARD\r\n").encode()
        m.extras.append((f"{m.from_name.lower().replace(' ', '_')}.vcf", "text/vcard; charset=utf-8", vcf, False))
        m.tags.add("sig-vcard")
    sig = cl.get("sig")
    body = m.body
    if sig:
        body = body.split("\n\n_____")[0].split("\n\n\n-------- Message d'origine")[0]
        rest = m.body[len(body):]
        body = body + "\n\n" + rng.choice(sig) + rest
    charset = "windows-1252" if rng.random() < 0.2 else ("iso-8859-1" if rng.random() < 0.1 else "utf-8")
    m.tags.add("charset-" + charset)
    cte = rng.choice(["quoted-printable", "8bit", "base64"] if charset == "utf-8" else ["quoted-printable", "8bit"])
    text = M.text_part(body, charset, cte)
    if cl["html"]:
        html = M.text_part(M.to_html(body, cl["html"]), "utf-8", "quoted-printable", "html")
        core = M.multipart("alternative", [text, html], M.boundary(rng, cl["bnd"]))
    else:
        core = text
    if m.cid_image:
        cid = f"image001.png@01DB{rng.randint(1000, 9999)}.{rng.randint(10000, 99999)}"
        core = M.multipart("related", [core, M.attachment_part(None, "image/png", m.cid_image, cid=cid)],
                           M.boundary(rng, cl["bnd"]), '; type="multipart/alternative"')
    parts = []
    for name, ctype, data, inline in m.extras:
        parts.append(M.attachment_part(name, ctype, data, inline=inline, cid=f"{name}@sig" if inline else None))
    fstyle = rng.choice(["2231", "2047"])
    for c in m.claims:
        for p in c.pieces:
            ctype = "application/pdf" if p.filename.lower().endswith(".pdf") else "image/jpeg"
            parts.append(M.attachment_part(p.filename, ctype, p.data, fstyle))
    if parts:
        core = M.multipart("mixed", [core] + parts, M.boundary(rng, cl["bnd"]))
    dom = m.from_email.split("@")[1]
    h = "".join(rng.choice("0123456789abcdef") for _ in range(16))
    msgid = {"outlook16": f"<PR3P192MB{h.upper()}@PR3P192MB{h[:6].upper()}.EURP192.PROD.OUTLOOK.COM>",
             "samsung": f"<{h}.{index}@email.android.com>"}.get(m.client, f"<{h[:8]}-{h[8:12]}-{index:04d}@{dom}>")
    hdr = [("From", M.addr(m.from_name, m.from_email)), ("To", MAILBOX), ("Subject", M.enc_header(m.subject)),
           ("Date", M.date_header(mail_dt)), ("Message-ID", msgid), ("MIME-Version", "1.0")] + cl["hdr"] + \
        m.extra_headers
    raw = M.headers(hdr) + core
    expected = {"message_id": msgid, "from": m.from_email, "collectivite": m.collectivite, "intent": m.intent,
                "claims": [c.expected() for c in m.claims] if m.intent in ("declaration", "documents") else [],
                "attachments": [{"filename": n, "kind": "autre", "ocr": False} for n, _, _, _ in m.extras] +
                [{"filename": p.filename, "kind": p.kind, "ocr": p.ocr} for c in m.claims for p in c.pieces]}
    for c in expected["claims"]:
        if c["nir"]:
            m.tags.add("nir")
        else:
            m.tags.add("no-nir")
        if not c["documents"]:
            m.tags.add("body-only")
        if c["agent"] is None:
            m.tags.add("agent-null")
    return raw, expected, sorted(m.tags)


def generate(seed: int, n: int, out: Path) -> None:
    if seed >= 32:
        raise SystemExit("seeds 32 and above are reserved for untouched sets: not generated here")
    out.mkdir(parents=True, exist_ok=True)
    reg = Registry(seed)
    (out / "registry").mkdir(exist_ok=True)
    for what, text in reg.csvs(seed).items():
        (out / "registry" / f"{what}.csv").write_text(text, encoding="utf-8")
    for i in range(1, n + 1):
        raw, exp, tags = build(seed, i, reg)
        (out / f"{i:04d}.eml").write_bytes(raw)
        (out / f"{i:04d}.expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n",
                                                    encoding="utf-8")
        (out / f"{i:04d}.tags.json").write_text(json.dumps(tags, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--out", type=Path, required=True)
    a = p.parse_args(argv)
    generate(a.seed, a.n, a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
