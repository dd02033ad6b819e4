"""French names and employers for the labelled claims corpus: accents, hyphens, particles, Corsica."""

from __future__ import annotations

import unicodedata

FIRST_F = ["Sophie", "Nathalie", "Isabelle", "Sylvie", "Hélène", "Aurélie", "Émilie", "Chloé", "Léa", "Maëlle",
           "Brigitte", "Céline", "Virginie", "Agnès", "Mireille", "Noémie", "Zoé", "Inès", "Marie-Hélène",
           "Anne-Sophie", "Marie-Claire", "Bérénice", "Anaïs", "Élodie", "Géraldine", "Laëtitia", "Joëlle",
           "Valérie", "Sandrine", "Christelle", "Corinne", "Fanny", "Manon", "Pauline", "Solène", "Aïcha",
           "Françoise", "Josiane", "Ghislaine", "Marie-Thérèse", "Séverine", "Nadège", "Patricia", "Dominique"]
FIRST_M = ["Jean-Pierre", "Frédéric", "Hervé", "Stéphane", "Thierry", "Jérôme", "Benoît", "François", "Laurent",
           "Mathieu", "Rémi", "Sébastien", "Olivier", "Grégory", "Yannick", "Loïc", "Karim", "Théo", "Noël",
           "Jean-François", "Pierre-Yves", "Gaëtan", "Jérémy", "Cédric", "Anthony", "Ludovic", "Régis", "Hugues",
           "Jean-Marc", "Éric", "Bruno", "Pascal", "Julien", "Romain", "Mickaël", "Raphaël", "Joël", "André",
           "Christophe", "Didier", "Fabrice", "Kévin", "Mehdi", "Dominique"]
LAST = ["MARTIN", "BERNARD", "DUBOIS", "LEFÈVRE", "MOREAU", "GIRARD", "ROUSSEAU", "BONNET", "FRANÇOIS", "MERCIER",
        "LACROIX", "PERRET", "FERREIRA", "KOWALSKI", "NGUYEN", "CHEVALIER", "BOUVIER", "FAURE", "ROCHE", "VIDAL",
        "TEISSIER", "BRUNEL", "PAGÈS", "MAURIN", "BRESSON", "OLLIER", "PLANCHON", "GARNIER", "CHAMBON", "ROUVIÈRE",
        "MÉNARD", "HÉBERT", "CHRÉTIEN", "PRÉVOST", "ESTÈVE", "CLÉMENT", "NOËL", "BÉRARD", "GÉRARD", "THÉRON",
        "JOUBERT", "ARNAUD", "BLANCHARD", "COURTIAL", "DELORME", "FABRE", "GRANGER", "JULLIEN", "MASSON", "PEYRON",
        "RIBEYRE", "SABATIER", "TARDY", "VALETTE", "BOYER", "CHAPUIS", "DUMAS", "ESCOFFIER", "FOURNIER", "GAUTHIER",
        "MARTIN-DUPUIS", "LEROY-BEAULIEU", "SAINT-JEAN", "BAILLY-SALINS", "PONS-GRIMAL", "DUPONT-AIGNAN",
        "DE LA FONTAINE", "DE SOUSA", "D'ALMEIDA", "D'ARGENSON", "LE GOFF", "LE BRIS", "LE ROUX", "DU PLESSIS",
        "DE OLIVEIRA", "DOS SANTOS", "DE MONTCLAR", "LA ROCCA", "SANTONI", "CASANOVA", "BARTOLI", "PIETRI",
        "LUCCIONI", "PAOLI", "N'DIAYE", "BENSAÏD", "HAMDI", "OUÉDRAOGO", "MÜLLER", "SCHNEIDER", "KIEFFER",
        "BOISSONNADE", "TRAUCHESSAC", "AUZOLLE", "CHASTAGNIER", "VERDIER", "PEYRACHE", "ROUCHON", "SOUBEYRAN"]
CORSICAN = {"SANTONI", "CASANOVA", "BARTOLI", "PIETRI", "LUCCIONI", "PAOLI", "LA ROCCA"}

# Where agents were born: department code and a few commune numbers (INSEE), 99 = abroad (country code).
BIRTH_DEPTS = [("07", [10, 186, 330, 204]), ("43", [51, 157]), ("30", [7, 189]), ("15", [14]), ("12", [145, 202]),
               ("69", [123, 381]), ("13", [55]), ("75", [112, 115, 120]), ("26", [362]), ("42", [218])]
CORSICA_DEPTS = [("2A", [4, 247]), ("2B", [33, 96])]
ABROAD = [("99", [350, 139, 352])]  # Maroc, Portugal, Algérie

# Employers: (code, name, commune, emails on own domains, contact addresses on shared providers, matricule form).
EMPLOYERS = [
    ("C07186", "Mairie de Privas", "Privas", ["mairie-privas.fr"], [], "M{n:05d}"),
    ("S07186", "CCAS de Privas", "Privas", [], ["ccas.privas@orange.fr"], "CC{n:04d}"),
    ("C07330", "Mairie de Vals-les-Bains", "Vals-les-Bains", ["vals-les-bains.fr"], [], "{n:06d}"),
    ("C07204", "Mairie de Saint-Agrève", "Saint-Agrève", [], ["mairie.saintagreve@wanadoo.fr", "compta.st-agreve@orange.fr"], "SA-{n:04d}"),
    ("E30189", "EHPAD Les Cèdres de Saint-Hippolyte-du-Fort", "Saint-Hippolyte-du-Fort", ["ehpad-lescedres.fr"], [], "E189-{n:05d}"),
    ("C2A004", "Mairie d'Ajaccio", "Ajaccio", ["ville-ajaccio.fr"], [], "AJ{n:05d}"),
    ("S2B033", "CCAS de Bastia", "Bastia", [], ["ccas.bastia@laposte.net"], "B{n:04d}"),
    ("C15014", "Mairie d'Aurillac", "Aurillac", ["aurillac.fr", "mairie-aurillac.fr"], [], "{n:07d}"),
    ("C43051", "Mairie du Chambon-sur-Lignon", "Le Chambon-sur-Lignon", [], ["mairie.chambon-sur-lignon@orange.fr"], "M{n:04d}"),
    ("Y07001", "Syndicat intercommunal des eaux du Haut-Vivarais", "Lamastre", ["sie-hautvivarais.fr"], [], "SIE{n:03d}"),
    ("C30007", "Mairie d'Alès", "Alès", ["ville-ales.fr"], [], "AL-{n:05d}"),
    ("G12145", "Communauté de communes de Millau Grands Causses", "Millau", [], ["rh.cc-millau@free.fr"], "CCMGC{n:04d}"),
]
# Towns that employ nobody in the registry: agents' home addresses, so that a commune named in an address is not an employer.
HOME_TOWNS = [("Lalevade-d'Ardèche", "07380"), ("Coux", "07000"), ("Flaviac", "07000"), ("Lyas", "07000"),
              ("Ucel", "07200"), ("Désaignes", "07570"), ("Arlanc", "63220"), ("Yssingeaux", "43200"),
              ("Anduze", "30140"), ("Arpajon-sur-Cère", "15130"), ("Creissels", "12100"), ("Alata", "20167"),
              ("Furiani", "20600"), ("Saint-Christol-lez-Alès", "30380")]
PROVIDERS = ["orange.fr", "wanadoo.fr", "laposte.net", "free.fr", "gmail.com", "sfr.fr", "hotmail.fr", "outlook.fr"]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """The comparison key of a name: no accents, no case, no punctuation (how the corpus decides homonymy)."""
    return " ".join("".join(c if c.isalnum() else " " for c in strip_accents(text).upper()).split())


def title_name(last: str) -> str:
    """'DE LA FONTAINE' → 'de La Fontaine', 'MARTIN-DUPUIS' → 'Martin-Dupuis', "D'ALMEIDA" → "d'Almeida"."""
    out = []
    for i, word in enumerate(last.split(" ")):
        if word in ("DE", "DU", "DES", "LA") and i == 0 and len(last.split(" ")) > 1 and word != "LA":
            out.append(word.lower())
            continue
        parts = []
        for piece in word.split("-"):
            if piece.startswith(("D'", "N'")) and len(piece) > 2:
                parts.append(piece[0].lower() + "'" + piece[2:].capitalize() if piece[0] == "D" else "N'" + piece[2:].capitalize())
            else:
                parts.append(piece.capitalize())
        out.append("-".join(parts))
    return " ".join(out)
