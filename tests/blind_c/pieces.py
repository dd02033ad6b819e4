"""The pieces of family C, as page blocks (see render.py) in layouts of our own: values above their labels,
grids, two-page forms, a prescriber's prose, ticked boxes drawn ☑ / ■ / [x] / (X); administrative pieces
(arrêtés, avis, rapports) in their usual prose. Each builder returns the blocks and what it prints (NIR,
birth date), so that the labels follow what is on the page, not the other way round."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .frdates import MONTHS
from .registry import Agent, Coll, nir_key

DOCTORS = ["Dr Anne-Laure BOCHET", "Dr Philippe MOLLIER", "Docteur Jean VIALLET", "Dr Samira HADDOU",
           "Dr Olivier PERROTIN", "Dr Claire GUILLOT-RAVIER", "Docteur Marc ANSELME"]
CABINETS = ["Maison médicale du Lac, Aix-les-Bains", "Cabinet médical des Allues, Moûtiers",
            "Centre de santé de Cluses", "Cabinet du Dr, 4 rue de la Poste, Nantua", "Pôle santé de Chamonix"]
CAUSES = {
    "accident_service": ["glissade sur une plaque de verglas dans la cour des services techniques",
                         "chute d'une échelle en changeant un luminaire de la salle polyvalente",
                         "coupure profonde à la main avec une débroussailleuse",
                         "lombalgie aiguë en soulevant un résident lors d'un transfert",
                         "entorse de la cheville en descendant du camion de collecte"],
    "accident_trajet": ["collision avec un véhicule au rond-point en se rendant au travail",
                        "chute à vélo sur le trajet domicile–travail, chaussée mouillée",
                        "chute dans l'escalier de la gare en rentrant du service"],
    "maladie_professionnelle": ["tendinite de la coiffe des rotateurs de l'épaule droite (tableau 57)",
                                "syndrome du canal carpien bilatéral (tableau 57)",
                                "lombalgie chronique liée à la manutention de charges (tableau 98)"],
}


@dataclass
class Facts:
    """What a piece speaks of, taken from the truth."""
    agent: Agent
    coll: Coll
    category: str
    nature: str | None
    start: date | None
    end: date | None
    initial_start: date | None
    surv: date | None
    cause: str = ""
    issued: date | None = None  # date printed as the piece's own date


def d(x: date) -> str:
    return x.strftime("%d/%m/%Y")


def dlong(x: date) -> str:
    return f"{x.day if x.day > 1 else '1er'} {MONTHS[x.month - 1]} {x.year}"


def nir_print(a: Agent, rng: random.Random) -> str:
    full = a.nir + f"{nir_key(a.nir):02d}"
    return rng.choice([a.nir, full, f"{full[0]} {full[1:3]} {full[3:5]} {full[5:7]} {full[7:10]} {full[10:13]} "
                                    f"{full[13:]}", f"{a.nir} {full[13:]}"])


def boxes_nir(a: Agent) -> str:
    full = a.nir + f"{nir_key(a.nir):02d}"
    return f"{full[0]} {full[1:3]} {full[3:5]} {full[5:7]} {full[7:10]} {full[10:13]} {full[13:]}"


def _who(f: Facts) -> tuple[str, str]:
    return f.agent.last, f.agent.first


# --- arrêt de travail --------------------------------------------------------------------------------------

def arret(f: Facts, rng: random.Random, layout: str, glyphs: str, show_nir: bool, show_birth: bool) -> list[tuple]:
    last, first = _who(f)
    prol = f.nature == "prolongation"
    doc = rng.choice(DOCTORS)
    nir = nir_print(f.agent, rng) if show_nir else ""
    birth = d(f.agent.birth) if show_birth else ""
    issued = f.issued or f.start
    if layout == "above":
        b = [("title", "AVIS D'ARRÊT DE TRAVAIL"), ("sub", "Volet 3 — à adresser par l'assuré à son employeur"),
             ("above", [(last, "Nom de l'assuré(e)"), (first, "Prénom")]),
             ("above", [(nir or " ", "N° d'immatriculation"), (birth or " ", "Date de naissance")]),
             ("above", [(f.coll.name, "Employeur"), (f.coll.town, "Commune")]),
             ("check", [("Arrêt initial", not prol), ("Prolongation", prol)], glyphs)]
        if prol:
            b.append(("above", [(d(f.initial_start), "Date de l'arrêt initial")]))
        b += [("above", [(d(f.start), "Arrêt de travail à compter du"), (d(f.end), "jusqu'au (inclus)")]),
              ("check", [("Sorties autorisées", True), ("Sorties non autorisées", False)], glyphs),
              ("sign", f"Fait le {d(issued)}\n{doc}")]
        return b
    if layout == "grid":
        rows = [["Rubrique", "Renseignement"], ["Nom", last], ["Prénom", first]]
        if nir:
            rows.append(["N° de sécurité sociale", nir])
        if birth:
            rows.append(["Né(e) le", birth])
        rows += [["Employeur", f.coll.name], ["Nature de l'arrêt", "Prolongation" if prol else "Initial"]]
        if prol:
            rows.append(["1er jour de l'arrêt initial", d(f.initial_start)])
        rows += [["Date de début", d(f.start)], ["Date de fin", d(f.end)]]
        return [("title", "Arrêt de travail"), ("sub", "Certificat établi par le médecin traitant"), ("table", rows),
                ("sign", f"{doc}\nle {d(issued)}")]
    if layout == "twopage":
        b = [("title", "AVIS D'ARRÊT DE TRAVAIL — 1/2"), ("sub", "Identification de l'assuré et de l'employeur"),
             ("kv", "Nom d'usage :", last), ("kv", "Prénom :", first)]
        if nir:
            b.append(("boxes", "N° d'immatriculation", boxes_nir(f.agent)))
        if birth:
            b.append(("kv", "Date de naissance :", birth))
        b += [("kv", "Employeur :", f.coll.name), ("kv", "Adresse :", f"{f.coll.cp} {f.coll.town}"),
              ("text", "Suite au verso."), ("page",),
              ("title", "AVIS D'ARRÊT DE TRAVAIL — 2/2"), ("sub", "Prescription"),
              ("check", [("initial", not prol), ("de prolongation", prol)], glyphs)]
        if prol:
            b.append(("kv", "Date de l'arrêt initial :", d(f.initial_start)))
        b += [("kv", "Arrêt du :", d(f.start)), ("kv", "Au (inclus) :", d(f.end)), ("sign", f"{doc} — {d(issued)}")]
        return b
    if layout == "prose":
        civ = "Madame" if f.agent.sex == "F" else "Monsieur"
        txt = (f"Je soussigné(e), {doc}, certifie avoir examiné ce jour {civ} {first} {last}"
               + (f", né(e) le {birth}" if birth else "")
               + (f", immatriculé(e) sous le n° {nir}" if nir else "")
               + f", agent de {f.coll.name}, et prescris un arrêt de travail ")
        if prol:
            txt += (f"de prolongation du {dlong(f.start)} au {dlong(f.end)} inclus, faisant suite à l'arrêt "
                    f"initial du {dlong(f.initial_start)}.")
        else:
            txt += f"initial du {dlong(f.start)} au {dlong(f.end)} inclus."
        return [("title", "AVIS D'ARRÊT DE TRAVAIL"), ("sub", rng.choice(CABINETS)), ("space",), ("text", txt),
                ("text", "Certificat remis en main propre à l'intéressé(e) pour faire valoir ce que de droit."),
                ("sign", f"Fait à {f.coll.town}, le {dlong(issued)}\n{doc}")]
    # "checks": a list of labelled lines with ticked boxes
    b = [("title", "Avis d'arrêt de travail"), ("sub", "Volet destiné à l'employeur"),
         ("kv", "Assuré(e) :", f"{last} {first}")]
    if nir:
        b.append(("kv", "N° sécurité sociale :", nir))
    if birth:
        b.append(("kv", "Date de naissance :", birth))
    b += [("kv", "Employeur :", f.coll.name),
          ("check", [("Initial", not prol), ("Prolongation", prol), ("Rechute", False)], glyphs)]
    if prol:
        b.append(("kv", "Date de l'arrêt initial :", d(f.initial_start)))
    b += [("kv", "Arrêt de travail du :", d(f.start)), ("kv", "jusqu'au :", d(f.end)),
          ("check", [("Temps complet", True), ("Temps partiel thérapeutique", False)], glyphs),
          ("sign", f"Signature et cachet du médecin\n{doc}")]
    return b


# --- certificat AT/MP --------------------------------------------------------------------------------------

def certificat_at_mp(f: Facts, rng: random.Random, layout: str, glyphs: str, show_nir: bool) -> list[tuple]:
    last, first = _who(f)
    nat = f.nature or "initial"
    mp = f.category == "maladie_professionnelle"
    doc = rng.choice(DOCTORS)
    nir = nir_print(f.agent, rng) if show_nir else ""
    lab_date = "Date de la 1re constatation médicale" if mp else "Date de l'accident"
    if layout == "grid":
        rows = [["Victime", f"{last} {first}"]]
        if nir:
            rows.append(["N° d'immatriculation", nir])
        rows += [["Employeur", f.coll.name], ["Objet", "Maladie professionnelle" if mp else "Accident du travail"],
                 [lab_date, d(f.surv)], ["Certificat", {"initial": "Initial", "prolongation": "De prolongation",
                                                        "rechute": "De rechute"}[nat]]]
        if f.start:
            rows += [["Arrêt de travail du", d(f.start)], ["au", d(f.end)]]
        return [("title", "CERTIFICAT MÉDICAL ACCIDENT DU TRAVAIL / MALADIE PROFESSIONNELLE"), ("table", rows),
                ("text", "Constatations détaillées : " + (f.cause or "voir dossier")), ("sign", doc)]
    if layout == "prose":
        civ = "Mme" if f.agent.sex == "F" else "M."
        what = (f"la maladie professionnelle constatée pour la première fois le {d(f.surv)}" if mp else
                f"l'accident du travail survenu le {d(f.surv)}")
        word = {"initial": "des suites de", "prolongation": "une prolongation des soins et de l'arrêt consécutifs à",
                "rechute": "une rechute de"}[nat]
        txt = f"Je soussigné(e) {doc} certifie que {civ} {first} {last}"
        if nir:
            txt += f" (n° SS {nir})"
        txt += f" présente {word} {what}"
        txt += f", et prescris un arrêt de travail du {d(f.start)} au {d(f.end)}." if f.start else "."
        return [("title", "Certificat médical AT / MP"), ("sub", "Accident du travail — maladie professionnelle"),
                ("text", txt), ("sign", f"{doc}, le {d(f.issued or f.start or f.surv)}")]
    b = [("title", "CERTIFICAT MÉDICAL"), ("sub", "Accident du travail ou maladie professionnelle"),
         ("check", [("Accident du travail", not mp), ("Maladie professionnelle", mp)], glyphs),
         ("check", [("Initial", nat == "initial"), ("Prolongation", nat == "prolongation"),
                    ("Rechute", nat == "rechute"), ("Final", False)], glyphs),
         ("kv", "Nom, prénom :", f"{last} {first}")]
    if nir:
        b.append(("boxes", "N° immatriculation", boxes_nir(f.agent)))
    b += [("kv", lab_date + " :", d(f.surv)), ("kv", "Employeur :", f.coll.name)]
    if f.start:
        b += [("kv", "Arrêt de travail du :", d(f.start)), ("kv", "jusqu'au :", d(f.end))]
    b += [("text", "Lésions : " + (f.cause or "")), ("sign", doc)]
    return b


# --- the other pieces --------------------------------------------------------------------------------------

def declaration_accident(f: Facts, rng: random.Random, show_nir: bool, show_birth: bool) -> list[tuple]:
    last, first = _who(f)
    trajet = f.category == "accident_trajet"
    b = [("title", "DÉCLARATION D'ACCIDENT " + ("DE TRAJET" if trajet else "DE SERVICE")),
         ("sub", f"{f.coll.name} — à transmettre sous 48 heures"), ("kv", "Agent :", f"{last} {first}")]
    if show_nir:
        b.append(("kv", "N° de sécurité sociale :", nir_print(f.agent, rng)))
    if show_birth:
        b.append(("kv", "Date de naissance :", d(f.agent.birth)))
    b += [("kv", "Date de l'accident :", d(f.surv)), ("kv", "Heure :", f"{rng.randint(7, 17)} h {rng.choice(['00', '15', '30', '45'])}"),
          ("kv", "Lieu :", "trajet domicile – travail" if trajet else rng.choice(["atelier municipal", "cuisine",
                                                                                  "voirie, rue du Lac", "unité de vie"])),
          ("text", "Circonstances : " + f.cause), ("text", "Siège des lésions : " + rng.choice(
              ["main gauche", "cheville droite", "dos", "épaule", "genou gauche"])),
          ("sign", f"Fait le {d(f.issued or f.surv)}\nL'agent et l'autorité territoriale")]
    return b


def enquete(f: Facts, rng: random.Random) -> list[tuple]:
    last, first = _who(f)
    return [("title", "RAPPORT HIÉRARCHIQUE — ENQUÊTE ADMINISTRATIVE"), ("sub", f.coll.name),
            ("text", f"Objet : accident du {d(f.surv)} de {f.agent.civ} {first} {last}"),
            ("text", f"Le {d(f.surv)}, l'agent a été victime d'un accident : {f.cause}. Les faits ont été "
                     "portés à ma connaissance le jour même. Aucun élément ne permet de les détacher du service."),
            ("text", "Avis du supérieur hiérarchique : favorable à la reconnaissance de l'imputabilité."),
            ("sign", "Le responsable de service")]


def temoignage(f: Facts, rng: random.Random) -> list[tuple]:
    last, first = _who(f)
    w = rng.choice(["Paul GENOUD", "Linda BEAUQUIS", "Hugo TRONCHET", "Eva DUCLOZ"])
    return [("title", "ATTESTATION DE TÉMOIN"),
            ("text", f"Je soussigné(e) {w}, collègue de {first} {last}, atteste avoir assisté à l'accident du "
                     f"{d(f.surv)} : {f.cause}."), ("sign", w)]


def plan_trajet(f: Facts, rng: random.Random) -> list[tuple]:
    return [("title", "PLAN DU TRAJET DOMICILE – TRAVAIL"),
            ("table", [["Étape", "Lieu"], ["Départ", "domicile de l'agent"], ["1", "route départementale"],
                       ["2", "lieu de l'accident (croix)"], ["Arrivée", f.coll.name]]),
            ("text", f"Accident du {d(f.surv)} — trajet habituel, sans détour.")]


def declaration_mp(f: Facts, rng: random.Random, show_nir: bool) -> list[tuple]:
    last, first = _who(f)
    b = [("title", "DÉCLARATION DE MALADIE PROFESSIONNELLE"), ("sub", "Demande de reconnaissance par l'agent"),
         ("kv", "Nom, prénom :", f"{last} {first}")]
    if show_nir:
        b.append(("kv", "N° SS :", nir_print(f.agent, rng)))
    b += [("kv", "Maladie :", f.cause), ("kv", "1re constatation médicale :", d(f.surv)),
          ("kv", "Employeur :", f.coll.name), ("sign", "Signature de l'agent")]
    return b


ARRETE_OBJ = {"longue_maladie": "plaçant {civ} {name} en congé de longue maladie",
              "longue_duree": "plaçant {civ} {name} en congé de longue durée",
              "grave_maladie": "plaçant {civ} {name} en congé de grave maladie",
              "temps_partiel_therapeutique": "autorisant {civ} {name} à exercer ses fonctions à temps partiel "
                                             "pour raison thérapeutique",
              "accident_service": "reconnaissant l'imputabilité au service de l'accident de {civ} {name}",
              "accident_trajet": "reconnaissant l'imputabilité au service de l'accident de trajet de {civ} {name}",
              "maladie_professionnelle": "reconnaissant l'imputabilité au service de la maladie de {civ} {name}"}


def arrete(f: Facts, rng: random.Random) -> list[tuple]:
    last, first = _who(f)
    num = f"{(f.issued or f.start or f.surv).year}-{rng.randint(12, 480):03d}"
    obj = ARRETE_OBJ.get(f.category, "portant congé de {civ} {name}").format(civ=f.agent.civ, name=f"{first} {last}")
    art = (f"Article 1er : {f.agent.civ} {first} {last} est placé(e) dans la position ci-dessus "
           f"du {d(f.start)} au {d(f.end)}." if f.start else
           f"Article 1er : l'accident du {d(f.surv)} est reconnu imputable au service.")
    return [("title", f"ARRÊTÉ N° {num}"), ("sub", obj), ("text", f"Le Maire / Président de {f.coll.name},"),
            ("text", "Vu le code général de la fonction publique ; Vu l'avis du conseil médical ;"),
            ("text", "ARRÊTE"), ("text", art), ("text", "Article 2 : le présent arrêté sera notifié à l'intéressé(e)."),
            ("sign", f"Fait à {f.coll.town}, le {d(f.issued or f.start or f.surv)}")]


def avis_cm(f: Facts, rng: random.Random) -> list[tuple]:
    last, first = _who(f)
    what = {"longue_maladie": "un congé de longue maladie", "longue_duree": "un congé de longue durée",
            "grave_maladie": "un congé de grave maladie"}.get(f.category, "le congé demandé")
    return [("title", "CONSEIL MÉDICAL DÉPARTEMENTAL"), ("sub", f"Séance du {d(f.issued or f.start)} — formation restreinte"),
            ("kv", "Agent :", f"{last} {first}"), ("kv", "Collectivité :", f.coll.name),
            ("text", f"Le conseil médical émet un AVIS FAVORABLE à l'octroi de {what} du {d(f.start)} au {d(f.end)}."),
            ("sign", "Le secrétariat du conseil médical")]


def grossesse(f: Facts, rng: random.Random, show_nir: bool) -> list[tuple]:
    last, first = _who(f)
    dpa = f.start + timedelta(days=42)  # congé prénatal: six weeks before the presumed date
    b = [("title", "CERTIFICAT DE GROSSESSE"), ("kv", "Nom :", last), ("kv", "Prénom :", first)]
    if show_nir:
        b.append(("kv", "N° SS :", nir_print(f.agent, rng)))
    b += [("text", f"Je certifie que Madame {first} {last} est enceinte. Date présumée de l'accouchement : "
                   f"{d(dpa)}."), ("sign", rng.choice(DOCTORS))]
    return b


def acte(f: Facts, rng: random.Random, kind: str) -> list[tuple]:
    last, first = _who(f)
    if kind == "acte_naissance":
        child = rng.choice(["Lucas", "Jade", "Louise", "Gabriel", "Inès", "Tom", "Rose"])
        return [("title", "EXTRAIT D'ACTE DE NAISSANCE"), ("sub", f"Mairie de {f.coll.town} — état civil"),
                ("text", f"Le {dlong(f.surv)} est né(e) {child} {last}, fils/fille de {first} {last}."),
                ("sign", "L'officier de l'état civil")]
    if kind == "acte_deces":
        return [("title", "ACTE DE DÉCÈS"), ("sub", "Extrait des registres de l'état civil"),
                ("text", f"Le {dlong(f.surv)} est décédé(e) {first} {last}, né(e) le {dlong(f.agent.birth)}."),
                ("sign", "L'officier de l'état civil")]
    # justificatif_adoption
    return [("title", "JUGEMENT D'ADOPTION — EXTRAIT"), ("sub", "Tribunal judiciaire de Chambéry"),
            ("text", f"Prononce l'adoption plénière au bénéfice de {first} {last}. Placement en vue d'adoption "
                     f"le {dlong(f.surv)}."), ("sign", "Le greffier")]


def demande(f: Facts, rng: random.Random) -> list[tuple]:
    last, first = _who(f)
    what = {"paternite": "un congé de paternité et d'accueil de l'enfant",
            "adoption": "un congé d'adoption",
            "temps_partiel_therapeutique": "l'autorisation d'exercer mes fonctions à temps partiel thérapeutique"
            }.get(f.category, "un congé")
    return [("title", "DEMANDE DE L'AGENT"), ("text", f"Je soussigné(e) {first} {last}, agent de {f.coll.name}, "
                                                      f"sollicite {what} du {d(f.start)} au {d(f.end)}."),
            ("sign", f"Le {d(f.issued or f.start)}, {first} {last}")]


def certificat_tpt(f: Facts, rng: random.Random) -> list[tuple]:
    last, first = _who(f)
    q = rng.choice(["50 %", "60 %", "80 %"])
    prol = f.nature == "prolongation"
    txt = (f"Je soussigné(e) certifie que l'état de santé de {f.agent.civ} {first} {last} justifie "
           f"{'le renouvellement d’un' if prol else 'une reprise à'} temps partiel thérapeutique à {q} "
           f"du {d(f.start)} au {d(f.end)}.")
    if prol:
        txt += f" Temps partiel thérapeutique initial accordé à compter du {d(f.initial_start)}."
    return [("title", "CERTIFICAT MÉDICAL"), ("sub", "Temps partiel thérapeutique"), ("text", txt),
            ("sign", rng.choice(DOCTORS))]


def bulletin(f: Facts, rng: random.Random, show_nir: bool) -> list[tuple]:
    last, first = _who(f)
    m = f.surv
    rows = [["Libellé", "Base", "Montant"], ["Traitement brut indiciaire", "", f"{rng.randint(1900, 3200)},00"],
            ["NBI", "", f"{rng.randint(0, 90)},50"], ["Retenue CNRACL", "11,10 %", "-245,12"]]
    b = [("title", "BULLETIN DE PAIE"), ("sub", f"{f.coll.name} — période : {MONTHS[m.month - 1]} {m.year}"),
         ("kv", "Agent :", f"{last} {first}")]
    if show_nir:
        b.append(("kv", "N° SS :", nir_print(f.agent, rng)))
    b += [("table", rows), ("text", "Net à payer : voir relevé")]
    return b
