"""Weighted patterns per document kind: the classifier's knowledge, as data (edited here, compiled once)."""

# Regular expressions run on folded text (lower case, no accents, plain quotes and dashes: textnorm.fold),
# line by line so ^ and $ anchor on a line. OCR mangles words, so patterns allow a stray character where
# it often happens (missing apostrophe, l/1).
#   title: only the first lines of the first page (where a form or a letter names itself)
#   body:  anywhere in the text
#   name:  the file name (weak evidence: low weights)
#   fuzzy: title phrases matched with rapidfuzz on OCR'd text when no title regex of the kind matched
# A document gets the kind with the highest total; below MIN_SCORE it is "autre".

from __future__ import annotations

MIN_SCORE = 3.0

KINDS: dict[str, dict[str, list[tuple[float, str]]]] = {
    "arret_travail": {
        "title": [
            (8, r"avis d.?arr[eè]t de travail"),
            (5, r"arr[eè]t de travail"),
            (4, r"prolongation d.?arr[eè]t de travail"),
        ],
        "body": [
            (8, r"\b10170\s*[*x]?\s*\d{0,2}"),
            (3, r"a adresser par l.?assure"),
            (2, r"volet [123]\b"),
            (2, r"sorties (non )?autorisees"),
            (2, r"accident cause par un tiers"),
            (1, r"elements d.?ordre medical"),
            (2, r"arret de travail du \d"),
        ],
        "fuzzy": [
            (6, r"avis d'arret de travail"),
        ],
        "name": [
            (1.5, r"\barr[eè]t\b|\bat\b|\baat\b|10170|prolong"),
        ],
    },
    "certificat_at_mp": {
        "title": [
            (7, r"certificat medical.{0,20}accident du travail"),
            (5, r"accident du travail.{0,6}maladie professionnelle"),
        ],
        "body": [
            (8, r"\b11138\s*[*x]?\s*\d{0,2}"),
            (2, r"constatations detaillees"),
            (2, r"1re constatation medicale"),
            (2, r"\bvictime\b"),
            (2, r"(certificat|x)\W{0,3}(initial|de prolongation|de rechute)"),
            (1, r"soins sans arret"),
        ],
        "fuzzy": [
            (5, r"certificat medical accident du travail maladie professionnelle"),
        ],
        "name": [
            (1.5, r"certificat.{0,12}(at|mp)\b|11138|\bcmi\b|rechute"),
        ],
    },
    "certificat_final": {
        "title": [
            (7, r"certificat (medical )?final"),
        ],
        "body": [
            (9, r"(\[?x\]?|\bx|\u2612|\u2713|\u2714)\s*final\b"),
            (4, r"date de (la )?(guerison|consolidation)"),
            (3, r"\b(guerison|consolidation)\b"),
            (3, r"(avec|sans) sequelles"),
            (2, r"reprise (du travail|d.?activite) le"),
            (2, r"taux d.?(ipp|incapacite)"),
        ],
        "fuzzy": [
            (5, r"certificat medical final"),
        ],
        "name": [
            (1.5, r"final|guerison|consolidation"),
        ],
    },
    "certificat_medical": {
        "title": [
            (4, r"^certificat medical$"),
            (3, r"certificat medical"),
            (3, r"medecin agree"),
        ],
        "body": [
            (4, r"temps partiel (pour raison )?therapeutique"),
            (2, r"je soussigne.{0,30}(docteur|dr\b|medecin)"),
            (2, r"(docteur|dr\b|medecin).{0,80}certifie"),
            (2, r"reprise .{0,40}temps partiel"),
            (2, r"(apte|aptitude|inapte)"),
            (1, r"valoir ce que de droit"),
            (2, r"\brpps\b"),
        ],
        "fuzzy": [
            (3, r"certificat medical"),
        ],
        "name": [
            (1, r"certif|medical|tpt|therapeutique"),
        ],
    },
    "certificat_grossesse": {
        "title": [
            (8, r"(declaration|certificat|attestation|constatation)( medical| medicale)? de (la )?grossesse"),
            (5, r"premier examen (medical )?prenatal"),
        ],
        "body": [
            (6, r"date presumee (de l.?|d.?)?accouchement"),
            (4, r"debut (presume )?de (la )?grossesse"),
            (3, r"semaines d.?amenorrhee|\b\d{1,2} ?sa\b"),  # « 12 SA », never the possessive « sa »
            (3, r"est enceinte|etat de grossesse"),
            (2, r"conge (pre|post)natal|conge de maternite"),
        ],
        "fuzzy": [
            (6, r"declaration de grossesse"),
        ],
        "name": [
            (1.5, r"grossesse|maternite|enceinte"),
        ],
    },
    "declaration_accident": {
        "title": [
            (8, r"declaration d.?accident"),
            (4, r"accident de (service|trajet|travail)"),
        ],
        "body": [
            (3, r"circonstances (detaillees|de l.?accident)"),
            (3, r"(siege|nature) (et nature )?des lesions"),
            (2, r"heure de l.?accident|\bheure\b"),
            (2, r"lieu de l.?accident"),
            (1, r"la victime"),
            (1, r"tiers (responsable|en cause|identifie)"),
        ],
        "fuzzy": [
            (6, r"declaration d'accident de service"),
        ],
        "name": [
            (1.5, r"declaration.{0,10}(at|accident)|\bdat\b"),
        ],
    },
    "declaration_maladie_professionnelle": {
        "title": [
            (9, r"declaration de (la )?maladie professionnelle"),
            (7, r"(demande de )?reconnaissance (d.?une |de la )?maladie professionnelle"),
            (5, r"maladie (contractee en service|professionnelle)"),
        ],
        "body": [
            (4, r"tableau (n.? ?)?\d{1,3}"),
            (3, r"imputabilite au service d.?une maladie"),
            (3, r"exposition (professionnelle|au risque)"),
            (2, r"date de (la )?premiere constatation"),
            (2, r"travaux (effectues|exposant)"),
        ],
        "fuzzy": [
            (6, r"declaration de maladie professionnelle"),
        ],
        "name": [
            (1.5, r"\bmp\b|maladie.?pro"),
        ],
    },
    "enquete_administrative": {
        "title": [
            (8, r"enquete administrative"),
            (8, r"rapport (hierarchique|du (superieur|responsable) hierarchique|circonstancie)"),
        ],
        "body": [
            (3, r"avis (du responsable|du superieur|de la hierarchie|hierarchique)"),
            (3, r"imputabilite au service"),
            (2, r"agent concerne"),
            (2, r"(l.?enquete|auditionne|entendu)"),
            (2, r"detacher l.?accident du service|lien avec le service"),
        ],
        "fuzzy": [
            (6, r"enquete administrative"),
            (6, r"rapport hierarchique"),
        ],
        "name": [
            (1.5, r"enquete|rapport"),
        ],
    },
    "temoignage": {
        "title": [
            (8, r"(temoignage|attestation de temoin|attestation (de )?temoignage)"),
        ],
        "body": [
            (7, r"\b11527\b"),
            (4, r"(j.?ai ete|etre|avoir ete) (le )?temoin"),
            (3, r"j.?ai (vu|constate|assiste)"),
            (2, r"(lien|relation) (de parente|avec les parties)"),
            (2, r"produite en justice|fausse attestation"),
            (1, r"atteste sur l.?honneur"),
        ],
        "fuzzy": [
            (6, r"attestation de temoin"),
        ],
        "name": [
            (1.5, r"temoin|temoignage"),
        ],
    },
    "constat_amiable": {
        "title": [
            (9, r"constat amiable"),
            (7, r"proces.?verbal"),
            (6, r"(gendarmerie|police) nationale"),
            (5, r"(depot de plainte|main courante|recepisse)"),
        ],
        "body": [
            (4, r"vehicule a\b.{0,400}vehicule b\b"),
            (2, r"(brigade|commissariat|officier de police judiciaire|\bopj\b)"),
            (2, r"(assureur|societe d.?assurance).{0,60}(contrat|police) n"),
            (2, r"(immatriculation|conducteur).{0,200}(conducteur|immatriculation)"),
        ],
        "fuzzy": [
            (6, r"constat amiable d'accident automobile"),
        ],
        "name": [
            (1.5, r"constat|pv\b|proces|plainte"),
        ],
    },
    "plan_trajet": {
        "title": [
            (8, r"plan (du|des|de) (trajet|parcours|lieux)"),
            (6, r"(trajet|itineraire|parcours) habituel"),
        ],
        "body": [
            (3, r"\bdomicile\b"),
            (3, r"lieu de (travail|l.?accident)"),
            (2, r"\b(itineraire|trajet|parcours)\b"),
            (1, r"\b\d+([.,]\d)? ?km\b"),
            (1, r"\b(nord|echelle|legende)\b"),
        ],
        "fuzzy": [
            (6, r"plan du trajet"),
        ],
        "name": [
            (2, r"plan|trajet|itineraire|carte"),
        ],
    },
    "arrete": {
        "title": [
            (8, r"^arrete\b"),
            (6, r"arrete (n|no|municipal|du president|portant)\b"),
        ],
        "body": [
            (6, r"^arrete\s*:?$"),
            (3, r"^vu (le|la|les|l.?)\b"),
            (3, r"^considerant\b"),
            (4, r"^article (1|1er|premier)\b"),
            (2, r"^article [2-9]\b"),
            (2, r"(ampliation|charge de l.?execution|present arrete)"),
        ],
        "fuzzy": [
            (4, r"arrete portant"),
        ],
        "name": [
            (1.5, r"arrete"),
        ],
    },
    "avis_conseil_medical": {
        "title": [
            (7, r"(conseil|comite) medical"),
            (7, r"commission (departementale )?de reforme"),
            (4, r"^avis\b"),
        ],
        "body": [
            (4, r"seance du"),
            (4, r"(emet|rend) un avis"),
            (3, r"apres en avoir delibere"),
            (3, r"avis (favorable|defavorable)"),
            (2, r"formation (restreinte|pleniere)"),
            (2, r"(conseil|comite) medical (departemental|superieur|interdepartemental)"),
        ],
        "fuzzy": [
            (5, r"conseil medical departemental"),
            (5, r"commission de reforme"),
        ],
        "name": [
            (1.5, r"avis|comite|conseil.?med|reforme|\bcm\b"),
        ],
    },
    "acte_naissance": {
        "title": [
            (9, r"acte de naissance"),
            (3, r"etat civil"),
        ],
        "body": [
            (4, r"(est ne|est nee)\b"),
            (3, r"officier de l.?etat civil"),
            (2, r"copie integrale|extrait"),
            (2, r"(fils|fille) de"),
            (1, r"de sexe (masculin|feminin)"),
        ],
        "fuzzy": [
            (7, r"extrait d'acte de naissance"),
        ],
        "name": [
            (1.5, r"naissance|etat.?civil|livret"),
        ],
    },
    "justificatif_adoption": {
        "title": [
            (9, r"(jugement|decision) (d.?|prononcant l.?)adoption"),
            (8, r"placement en vue d.?(l.?)?adoption"),
        ],
        "body": [
            (6, r"adoption (pleniere|simple)"),
            (4, r"\badopt"),
            (3, r"(aide sociale a l.?enfance|pupille de l.?etat|\base\b)"),
            (2, r"tribunal judiciaire|chambre du conseil"),
            (2, r"(agrement|confie en vue)"),
        ],
        "fuzzy": [
            (6, r"placement en vue d'adoption"),
        ],
        "name": [
            (2, r"adopt"),
        ],
    },
    "acte_deces": {
        "title": [
            (9, r"acte de deces"),
            (5, r"certificat de deces"),
        ],
        "body": [
            (5, r"(est decede|est decedee|deces de)"),
            (3, r"officier de l.?etat civil"),
            (2, r"(veuf|veuve|epoux|epouse) de"),
        ],
        "fuzzy": [
            (7, r"extrait d'acte de deces"),
        ],
        "name": [
            (2, r"deces"),
        ],
    },
    "demande_agent": {
        "title": [
            (6, r"objet\s*:?\s*(demande|sollicitation)"),
            (4, r"^(madame|monsieur) (le|la) (maire|president|presidente|directeur|directrice)"),
        ],
        "body": [
            (5, r"(j.?ai l.?honneur de|je souhaite|je sollicite|je vous demande|je demande).{0,60}(solliciter|beneficier|demander|conge|temps partiel|reprise)"),
            (3, r"je vous prie (d.?agreer|de croire)"),
            (2, r"veuillez agreer"),
            (2, r"demande de (conge|temps partiel|mise|reprise)"),
        ],
        "fuzzy": [
            (4, r"j'ai l'honneur de solliciter"),
        ],
        "name": [
            (2, r"demande|courrier|lettre"),
        ],
    },
    "bulletin_salaire": {
        "title": [
            (9, r"bulletin de (paie|paye|salaire)"),
        ],
        "body": [
            (5, r"net a payer"),
            (3, r"traitement (de base|brut|indiciaire)"),
            (3, r"(indice (brut|majore)|\bnbi\b)"),
            (2, r"net imposable|cotisations|\bcsg\b|\bcrds\b"),
            (2, r"(retenue|pension) cnracl|\bircantec\b"),
        ],
        "fuzzy": [
            (6, r"bulletin de paie"),
        ],
        "name": [
            (2, r"paie|salaire|bulletin|\bbs\b|\bbp\b"),
        ],
    },
    "facture": {
        "title": [
            (9, r"note d.?honoraires"),
            (8, r"^facture\b|facture n"),
            (6, r"feuille de soins"),
        ],
        "body": [
            (4, r"(total|montant) (ttc|ht|a regler|du|regle|a payer)"),
            # « Total 129,04 EUR », « Montant : 45,00 € »: an amount after its word anchors an invoice whose
            # only title is the single word « FACTURE » (a single word alone anchors no kind); it weighs
            # almost nothing itself, as a budget or a report states totals too
            (0.5, r"(total|montant)\s*(ttc|ht)?\s*:?\s*\d+[.,]\d{2}\s?(eur|euros|\u20ac)"),
            (3, r"seances? d[e']\s?(kinesitherapie|kine|reeducation|osteopathie|orthophonie|soins|psychotherapie)"),
            (3, r"(acquittee|regle le|mode de reglement|tva)"),
            (3, r"(honoraires|consultation|acte[s]? (medicaux|technique)|pharmacie|kinesitherapie|radiologie)"),
            (2, r"\d+[.,]\d{2} ?(eur|euros|\u20ac)"),
        ],
        "fuzzy": [
            (6, r"note d'honoraires"),
        ],
        "name": [
            (2, r"facture|honoraires|devis|soins"),
        ],
    },
}
