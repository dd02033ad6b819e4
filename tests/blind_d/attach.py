"""Which pieces a claim carries, their content (from the truth) and their file names."""

from __future__ import annotations

import random
from datetime import date, timedelta

from . import pieces as P
from .pieces import d
from .registry import strip_accents
from .truth import MANDATORY, Claim, Piece

DOCTORS = ["Dr Anne-Sophie KERVRAN", "Dr Gilles DESMET", "Docteur Hélène CASTEL", "Dr Mathieu PAYET",
           "Dr Saïd ANLI", "Docteure Claire DUPLOUY", "Dr Thomas VIDAL-ROUX"]
LESIONS = ["entorse de la cheville droite", "lombalgie aiguë après port de charge", "plaie de la main gauche",
           "contusion de l'épaule", "traumatisme du genou", "tendinite de l'épaule droite",
           "syndrome du canal carpien bilatéral"]
PLACES = ["aux ateliers municipaux", "dans la cuisine centrale", "sur la voie publique lors d'une patrouille",
          "dans la chambre d'un résident", "à la déchèterie", "dans la cour de l'école", "au bassin de la piscine"]


def choose_kinds(rng: random.Random, c: Claim, intent: str) -> list[str]:
    """Attached kinds: usually everything mandatory, sometimes a piece missing, sometimes optional extras."""
    if intent == "documents":
        # no certificate here: a certificate prints a stop, which would make the mail a declaration
        pool = [alts[0] for alts in MANDATORY[c.category]["initial"] if alts[0] != "certificat_at_mp"]
        k = rng.randint(1, max(1, len(pool) - 1)) if len(pool) > 1 else 1
        kinds = rng.sample(pool, k)
        if c.category in ("accident_service", "accident_trajet") and rng.random() < 0.3:
            kinds.append("temoignage" if c.category == "accident_service" else "plan_trajet")
        return kinds
    reqs = MANDATORY[c.category].get(c.nature, [])
    kinds = []
    for alts in reqs:
        if rng.random() < 0.85:
            kinds.append(alts[0] if len(alts) == 1 or rng.random() < 0.6 else alts[1])
    if c.category in ("accident_service", "accident_trajet") and c.nature == "initial" and rng.random() < 0.35:
        kinds.append(rng.choice(["temoignage", "plan_trajet"] if c.category == "accident_trajet" else
                                ["temoignage"]))
    if c.category in ("accident_service", "accident_trajet", "maladie_professionnelle") and \
            c.nature == "initial" and rng.random() < 0.2:
        kinds.append("arrete")
    return kinds


def content(rng: random.Random, c: Claim, kind: str, employer_name: str, nir: bool, birth: bool) -> list:
    a = c.agent
    name = f"{a.last} {a.first}" if rng.random() < 0.6 else f"{a.first} {a.last}"
    civ = "Madame" if a.sex == 2 else "Monsieur"
    nir_s = a.nir13 if nir else None
    bd = a.birth_date if birth else None
    doc = rng.choice(DOCTORS)
    idl = [f"Agent : {civ} {name}"] + ([f"Né(e) le {d(a.birth_date)}"] if birth else []) + \
          ([f"N° de sécurité sociale : {P.spaced_nir(a.nir13, False)}"] if nir else [])
    cat = c.category
    if kind == "arret_travail":
        nat = "prolongation" if c.nature == "prolongation" else "initial"
        return P.arret(rng, {"name": name, "nir": nir_s, "birth": bd, "start": c.start, "end": c.end,
                             "nature": nat, "initial_start": c.initial_start, "employer": employer_name,
                             "doctor": doc, "layout": rng.choice(["volet3", "ameli", "letter"])})
    if kind == "certificat_at_mp":
        return P.cert_atmp(rng, {"name": name, "nir": nir_s, "employer": employer_name, "event": c.survenance,
                                 "nature": c.nature or "initial", "start": c.start, "end": c.end,
                                 "lesion": c.extra.get("lesion", rng.choice(LESIONS)), "doctor": doc})
    if kind == "declaration_accident":
        what = "de trajet" if cat == "accident_trajet" else "de service"
        return P.simple(f"DÉCLARATION D'ACCIDENT {what.upper()}", idl + [
            f"Emploi : {a.job}", f"Date de l'accident : {d(c.survenance)} à {rng.randint(7, 17)} h "
                                 f"{rng.choice(['00', '15', '30', '45'])}",
            f"Lieu : {c.extra.get('place', rng.choice(PLACES))}",
            f"Circonstances : {c.extra.get('circ', 'chute lors de l’exécution du service')}",
            f"Nature des lésions : {c.extra.get('lesion', rng.choice(LESIONS))}",
            "Témoin(s) : oui" if rng.random() < 0.5 else "Témoin(s) : aucun",
            "Signature de l'agent                Visa de l'autorité territoriale"], sub=employer_name)
    if kind == "enquete_administrative":
        return P.simple("RAPPORT HIÉRARCHIQUE", [
            "Enquête administrative consécutive à un accident",
            f"Agent concerné : {name}", f"Date des faits : {d(c.survenance)}",
            "Le supérieur hiérarchique soussigné atteste que l'agent était en service au moment des faits et "
            "que les circonstances décrites sont conformes à ses constatations.",
            "Avis sur l'imputabilité au service : favorable", "Le chef de service (signature)"], sub=employer_name)
    if kind == "temoignage":
        return P.simple("ATTESTATION DE TÉMOIN", [
            f"Je soussigné(e) {rng.choice(['Pascal ROPARS', 'Nadia BENALI', 'Marc DELVAL', 'Lucie ESTEBAN'])}, "
            f"collègue de travail, atteste avoir vu {civ} {name} se blesser le {d(c.survenance)}.",
            "Fait pour servir et valoir ce que de droit."])
    if kind == "plan_trajet":
        return P.simple("PLAN DU TRAJET HABITUEL DOMICILE – TRAVAIL", [
            f"Agent : {name}", "Domicile ———————→ rond-point ———→ lieu de travail",
            f"Lieu de l'accident (X) : carrefour, le {d(c.survenance)}", "Trajet habituel : 6,4 km"])
    if kind == "declaration_maladie_professionnelle":
        return P.simple("DÉCLARATION DE MALADIE PROFESSIONNELLE", idl + [
            f"Emploi : {a.job}",
            f"Maladie déclarée : {c.extra.get('lesion', 'tendinite de l’épaule droite')}",
            f"Date de la première constatation médicale : {d(c.survenance)}",
            "Demande de reconnaissance de l'imputabilité au service", "Signature de l'agent"], sub=employer_name)
    if kind == "arrete":
        what = {"longue_maladie": "portant placement en congé de longue maladie",
                "longue_duree": "portant placement en congé de longue durée",
                "grave_maladie": "portant placement en congé de grave maladie"}.get(
            cat, "portant reconnaissance de l'imputabilité au service (CITIS)")
        return P.simple(f"ARRÊTÉ N° {c.survenance.year}-RH-{rng.randint(10, 399)}", [
            what, f"Le Maire / le Président de {employer_name},", "Vu le code général de la fonction publique,",
            "ARRÊTE", f"Article 1 : {civ} {name}, {a.job}, est placé(e) en congé à compter du "
                      f"{d(c.initial_start or c.start or c.survenance)}.",
            "Article 2 : le présent arrêté sera notifié à l'intéressé(e)."], sub=employer_name)
    if kind == "avis_conseil_medical":
        cong = {"longue_maladie": "congé de longue maladie", "longue_duree": "congé de longue durée",
                "grave_maladie": "congé de grave maladie"}.get(cat, "congé")
        return P.simple("AVIS DU CONSEIL MÉDICAL DÉPARTEMENTAL", [
            f"Séance du {d((c.start or c.survenance) - timedelta(days=rng.randint(3, 20)))}",
            f"Dossier de {civ} {name} — {employer_name}",
            f"Avis : favorable à l'octroi d'un {cong} du {d(c.start)} au {d(c.end)}.",
            "Le secrétariat du conseil médical"])
    if kind == "certificat_grossesse":
        dpa = c.start + timedelta(days=rng.randint(40, 44))
        return P.simple("DÉCLARATION DE GROSSESSE", idl + [
            f"Date présumée de l'accouchement : {d(dpa)}",
            f"Date des dernières règles : {d(dpa - timedelta(days=280))}", f"Médecin ou sage-femme : {doc}"])
    if kind == "acte_naissance":
        born = c.start - timedelta(days=rng.randint(0, 2))
        return P.simple("EXTRAIT D'ACTE DE NAISSANCE", [
            f"Le {d(born)} est né(e) {rng.choice(['Elouan', 'Maïwenn', 'Nino', 'Inaya', 'Kélian'])} {a.last}",
            f"fils/fille de {a.first} {a.last}, {a.job}", "Délivré par l'officier de l'état civil"])
    if kind == "justificatif_adoption":
        return P.simple("ATTESTATION DE PLACEMENT EN VUE D'ADOPTION", [
            f"Placement de l'enfant au foyer de {a.first} {a.last} à compter du {d(c.start)}",
            "Service de l'aide sociale à l'enfance du département"])
    if kind == "demande_agent":
        what = {"paternite": f"un congé de paternité et d'accueil de l'enfant du {d(c.start)} au {d(c.end)}",
                "adoption": f"un congé d'adoption du {d(c.start)} au {d(c.end)}"}.get(
            cat, f"un temps partiel thérapeutique à compter du {d(c.start or c.survenance)}")
        return P.simple("DEMANDE DE L'AGENT", [
            f"Je soussigné(e) {a.first} {a.last}, {a.job}, sollicite {what}.",
            f"Fait le {d((c.start or c.survenance) - timedelta(days=rng.randint(1, 15)))}", "Signature"],
            sub=f"À l'attention de l'autorité territoriale — {employer_name}")
    if kind == "certificat_medical":
        return P.simple("CERTIFICAT MÉDICAL", [
            f"Je soussigné(e) {doc}, certifie que l'état de santé de {civ} {name} justifie la reprise du travail "
            f"à temps partiel thérapeutique à {rng.choice(['50', '60', '80'])} %",
            f"du {d(c.start)} au {d(c.end)} inclus.", "Signature et cachet"])
    if kind == "acte_deces":
        return P.simple("ACTE DE DÉCÈS", [
            f"Le {d(c.survenance)} est décédé(e) {a.first} {a.last}",
            f"né(e) le {d(a.birth_date)}", "Dressé par l'officier de l'état civil"])
    if kind == "bulletin_salaire":
        m = c.survenance.replace(day=1) - timedelta(days=1)
        return P.simple(f"BULLETIN DE PAIE — {m.strftime('%m/%Y')}", [
            f"Salarié : {name}", f"Emploi : {a.job}", *([f"N° SS : {a.nir13}"] if nir else []),
            f"Traitement brut indiciaire : {rng.randint(1800, 2900)},{rng.randint(10, 99)} €",
            "Net à payer avant impôt : voir détail"], sub=employer_name)
    raise ValueError(kind)


STEM = {"arret_travail": ["Arret de travail", "AT", "arrêt", "Avis arret", "Volet 3"],
        "certificat_at_mp": ["Certificat AT", "certif medical AT", "CMI", "certificat initial"],
        "declaration_accident": ["Declaration accident", "Déclaration AS", "decla AT"],
        "enquete_administrative": ["Rapport hierarchique", "Enquête administrative", "rapport chef de service"],
        "temoignage": ["Temoignage", "attestation témoin"], "plan_trajet": ["Plan trajet", "plan"],
        "declaration_maladie_professionnelle": ["Declaration MP", "déclaration maladie pro"],
        "arrete": ["Arrete", "arrêté placement"], "avis_conseil_medical": ["Avis conseil medical", "avis CM"],
        "certificat_grossesse": ["Declaration grossesse", "certificat grossesse"],
        "acte_naissance": ["Acte de naissance", "extrait naissance"],
        "justificatif_adoption": ["Attestation placement adoption"],
        "demande_agent": ["Demande agent", "courrier agent"], "certificat_medical": ["Certificat TPT",
                                                                                   "certificat médical"],
        "acte_deces": ["Acte de deces"], "bulletin_salaire": ["Bulletin de paie", "fiche de paie"]}


def filename(rng: random.Random, kind: str, medium: str, last: str, when: date, used: set[str]) -> tuple[str, str]:
    """(file name, fname tag)."""
    t = f"{rng.randint(8, 17):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"
    ymd = when.strftime("%Y%m%d")
    if medium == "photo":
        opts = [(f"{ymd}_{t}.jpg", "fname-samsung"), (f"IMG_{rng.randint(1000, 9999)}.JPG", "fname-iphone"),
                (f"IMG-{ymd}-WA{rng.randint(1, 80):04d}.jpg", "fname-whatsapp"),
                (f"Image ({rng.randint(1, 9)}).jpg", "fname-outlook-mobile")]
        name, tag = rng.choice(opts)
    elif medium in ("scanpdf", "scanjpg"):
        ext = "pdf" if medium == "scanpdf" else "jpg"
        opts = [(f"Scan_{when.isoformat()}_{t[:2]}-{t[2:4]}-{t[4:]}.{ext}", "fname-scanner"),
                (f"CamScanner {when.strftime('%d-%m-%Y')} {t[:2]}.{t[2:4]}.{ext}", "fname-camscanner"),
                (f"BRN3C2AF4E1D{rng.randint(0, 9)}_{rng.randint(100000, 999999)}.{ext}", "fname-scanner"),
                (f"Xerox Scan_{when.strftime('%m%d%Y')}{t}.{ext}", "fname-scanner"),
                (f"SCN_{rng.randint(1, 999):04d}.{ext}", "fname-scanner")]
        if rng.random() < 0.35:
            opts = [(f"{rng.choice(STEM[kind])} {strip_accents(last) if rng.random() < 0.5 else last}.{ext}",
                     "fname-says")]
        name, tag = rng.choice(opts)
    else:
        r = rng.random()
        if r < 0.6:
            stem = rng.choice(STEM[kind])
            name, tag = rng.choice([(f"{stem} {last}.pdf", "fname-says"),
                                    (f"{stem.replace(' ', '_')}_{strip_accents(last).replace(' ', '_')}_{ymd}.pdf",
                                     "fname-says")])
        else:
            name, tag = rng.choice([(f"Document_{when.isoformat()}.pdf", "fname-generic"),
                                    (f"doc{rng.randint(10000, 99999)}.pdf", "fname-generic"),
                                    (f"{rng.randint(100000, 999999)}.pdf", "fname-generic"),
                                    (f"PJ_{rng.randint(1, 9)}.pdf", "fname-generic")])
    base, i = name, 2
    while name.lower() in used:
        stem, dot, ext = base.rpartition(".")
        name = f"{stem} ({i}).{ext}"
        i += 1
    used.add(name.lower())
    return name, tag


def build_pieces(rng: random.Random, c: Claim, kinds: list[str], employer_name: str, town: str, writer: str,
                 when: date, used: set[str], tags: set[str], media_bias: str = "any") -> None:
    """Fill c.pieces with rendered pieces. The NIR and birth date printed on each piece are recorded."""
    homonym_hidden = c.extra.get("hide_separators", False)
    for kind in kinds:
        if media_bias == "phone":
            medium = rng.choice(["photo", "photo", "scanjpg", "pdf"])
        else:
            medium = rng.choices(["pdf", "scanpdf", "scanjpg", "photo", "cover"], [44, 24, 8, 14, 10])[0]
        if medium == "cover" and kind not in ("arret_travail", "certificat_at_mp", "declaration_accident",
                                              "enquete_administrative", "arrete"):
            medium = "pdf"
        identity_kind = kind in ("arret_travail", "certificat_at_mp", "declaration_accident", "certificat_grossesse",
                                 "declaration_maladie_professionnelle", "bulletin_salaire")
        nir = identity_kind and not homonym_hidden and rng.random() < 0.7
        birth = (kind in ("arret_travail", "declaration_accident", "declaration_maladie_professionnelle",
                          "certificat_grossesse") and not homonym_hidden and rng.random() < 0.4) or \
            kind == "acte_deces"
        pages = content(rng, c, kind, employer_name, nir, birth)
        kind_pages = pages
        if medium == "cover":
            kind_pages = [P.cover_letter(employer_name, writer, f"{c.agent.first} {c.agent.last}", town, when)] + pages
            data = P.render_pdf(kind_pages, when)
            tags.add("att-cover-letter-first")
            fmedium = "pdf"
        elif medium == "pdf":
            data = P.render_pdf(pages, when)
            tags.add("att-pdf")
            fmedium = "pdf"
        elif medium in ("scanpdf", "scanjpg"):
            data = P.scan(rng, pages, medium == "scanpdf", when)
            tags.add("att-" + medium)
            fmedium = medium
        else:
            exif = rng.random() < 0.4
            data = P.photo(rng, pages[0], exif)
            tags.add("att-photo")
            if exif:
                tags.add("att-exif-rotated")
            fmedium = "photo"
        fname, ftag = filename(rng, kind, fmedium, c.agent.last, when, used)
        tags.add(ftag)
        c.pieces.append(Piece(kind, fmedium if medium != "cover" else "cover", fname, data, nir,
                              birth))
