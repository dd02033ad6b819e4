"""People named in a message: civilité + names, UPPERCASE last names, "née X", and registry names spotted."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from intake.understand.dates import MONTH_RE, written_date
from intake.understand.mentions import KnownName, PersonMention
from intake.understand.text import fold, name_key, slips

_UP = r"A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
_LO = r"a-zàâäçéèêëîïôöùûüÿæœ"
_UPPER_WORD = rf"(?:[{_UP}][’']|[{_UP}]{{1,3}}[ \t])?[{_UP}][{_UP}]+(?:[-’'][{_UP}]+)*"
_CAP_WORD = rf"(?:[{_UP}][’'])?[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)*"  # "N'Diaye", "Jean-Marc"
# (« Da Costa », « Dos Santos », « Van Damme »: the Portuguese, Italian and Dutch particles are written too; left
# out, « M. Thierry Da Costa » read as a person named « Da » beside the « DA COSTA » of the subject line.)
_PARTICLE = r"(?:(?:[Dd]e|[Dd]u|[Dd]es|[Ll]e|[Ll]a|[Dd]a|[Dd]os|[Dd]as|[Dd]i|[Dd]el|[Vv]an|[Vv]on)[ \t]|[Dd][’'])"
# The civilité, and the first name's initial that may follow it (« Mme M. ROUX »: the « M. » is no Monsieur).
_CIV = (rf"\b(?P<civ>M\.|M(?=[ \t]+[{_UP}])|Mr\.?|Monsieur|Mme\.?|Madame|Mlle\.?|Mademoiselle)"
        rf"(?:[ \t]+[{_UP}]\.(?:-?[{_UP}]\.)?(?=[ \t]))?")
_UPPERS = rf"{_UPPER_WORD}(?:[ \t]{_UPPER_WORD})*"
_CAPS = rf"{_CAP_WORD}(?:[ \t]{_CAP_WORD})?"

# Order matters: the most specific shapes first. Spaces inside a name never cross a line.
# The verbs a sentence about an agent's stop opens with after their name (« X est arrêtée », « X s'est blessé »).
_SUBJECT_VERB = r"est|sera|se trouve|bénéficie|beneficie|reprendra|a été|a ete|s[’']est"
_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (shape, re.compile(rx))
    for shape, rx in (
        ("civ_upper_cap", rf"{_CIV}[ \t]+(?P<last>{_PARTICLE}?{_UPPERS})[ \t]+(?P<first>{_CAPS})\b"),
        ("civ_cap_upper", rf"{_CIV}[ \t]+(?P<first>{_CAPS})[ \t]+(?P<last>{_PARTICLE}?{_UPPERS})\b"),
        ("civ_upper", rf"{_CIV}[ \t]+(?P<last>{_PARTICLE}?{_UPPERS})\b"),
        ("civ_cap_cap", rf"{_CIV}[ \t]+(?P<first>{_CAP_WORD})[ \t]+(?P<last>{_PARTICLE}{{0,2}}{_CAP_WORD})\b"),
        ("civ_cap", rf"{_CIV}[ \t]+(?P<last>{_PARTICLE}?{_CAP_WORD})\b"),
        ("upper_cap", rf"(?<![\w’'-])(?P<last>{_UPPERS})[ \t]+(?P<first>{_CAPS})\b"),
        ("cap_upper", rf"(?<![\w’'-])(?P<first>{_CAPS})[ \t]+(?P<last>{_UPPERS})\b"),
        # "Pascal N'Diaye est arrêté…", « Anaïs Moulin s'est blessée… »: first and last name opening a line, the
        # subject of the sentence.
        ("cap_cap_subject", rf"(?m:^)[ \t]*(?:-[ \t]*)?(?P<first>{_CAP_WORD})[ \t]+(?P<last>{_PARTICLE}?{_CAP_WORD})"
                            rf"(?=[ \t]+(?:a|{_SUBJECT_VERB})\b)"),
        # « - Océane Fournier (NIR …) : prolongation du … », « Hervé Lévêque : arrêt du … »: first and last name
        # opening a line (a list's item), then a bracket or a colon and, on that line, a NIR or a date.
        ("cap_cap_item", rf"(?m:^)[ \t]*(?:[-•*][ \t]*)?(?P<first>{_CAP_WORD})[ \t]+(?P<last>{_PARTICLE}?{_CAP_WORD})"
                         rf"(?=[ \t]*[(:][^\n]*?(?:\b(?i:nir)\b|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}(?:er)?[ \t]+(?i:{MONTH_RE})))"),
    )
)
_SHAPE_CONFIDENCE = {"civ_upper_cap": 0.95, "civ_cap_upper": 0.95, "civ_upper": 0.85, "civ_cap_cap": 0.7,
                     "civ_cap": 0.7, "upper_cap": 0.8, "cap_upper": 0.8, "cap_cap_subject": 0.6,
                     "cap_cap_item": 0.6}
# "DUPONT née MARTIN": MARTIN is the birth name; "MARTIN épouse DUPONT": DUPONT is the name in use.
_BIRTH_NAME_RE = re.compile(r"^[ \t,]*\(?(?P<how>nee?|nom de naissance\s*:?|epouse|ep\.)[ \t]+(?!le\s+\d|le\s+1er|l'|le\s*[,.;:(]|le\s*$)"
                            r"(?P<n>[\w'’ -]+?)(?=[ \t,).;:]|$)")
# « née le 12/03/1985 », « date de naissance : … », and a whole date in brackets right after the name
# (« Jérôme Da Silva (13/09/1970) est en arrêt… »): a birth date when its year is one no working agent's stop
# falls in (_born_in_brackets).
_BORN_RE = re.compile(r"^(?:[^.\n]{0,40}?(?:\bnee?\s*(?:\(e\))?\s*le|\bdate de naissance\s*:?)\s+"
                      r"|(?P<paren>[ \t]*\([ \t]*)(?=\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d[ \t]*\)))"
                      rf"(?P<d>\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\d{{1,2}}(?:er)?\s+(?:{MONTH_RE})\s+(?:19|20)\d\d)")

_YOUNGEST_AGE = 15  # years: no one younger works for a collectivité


def _birth_date(bd: re.Match) -> date | None:
    """The birth date _BORN_RE found; a bare date in brackets only when it is at least _YOUNGEST_AGE years old
    (a recent one, « (12/03/2025) », dates a stop or a letter)."""
    born = written_date(bd.group("d"))
    if born is not None and bd.group("paren") is not None and born.year > date.today().year - _YOUNGEST_AGE:
        return None
    return born


# « DUPONT Anne (matricule 4521) », « M. MARTIN, matricule : AB-102 », « (mat. NAN88044) »: the employer's
# number for the agent.
_MATRICULE_RE = re.compile(r"^[^.\n]{0,30}?\b(?:matricule|matr?\.)\s*(?:n[°o]\s*)?:?\s*(?P<m>[a-z0-9][a-z0-9-]{0,14}[0-9])\b")


def _matricule_after(folded_after: str) -> str | None:
    m = _MATRICULE_RE.match(folded_after)
    return m.group("m").upper() if m else None

# Uppercase words that are not names (acronyms of the trade, mail words).
_NOT_NAMES = frozenset(
    fold(w).upper()
    for w in (
        "AT MP CMO CLM CLD CGM TPT RH DRH CCAS CIAS EHPAD NIR SS DGS ALD CITIS PDF EUR RI TBI NBI SFT CNRACL "
        "IRCANTEC CDG PJ RE TR FW FWD URGENT OBJET IJ CPAM SIRET RPPS MAIRIE ARRET ARRÊT AVIS CERFA ASSURE ASSURÉ "
        "EMPLOYEUR VICTIME CONGE CONGÉ DECLARATION DÉCLARATION ACCIDENT SERVICE TRAJET MALADIE SOS OK PS CV "
        "DOSSIER RELANCE COMPLEMENT PIECES PIÈCES PROLONGATION RECHUTE DECES DÉCÈS CAPITAL SUITE DEMANDE INITIAL "
        "N° NO TEL TÉL FAX CP BP CEDEX FRANCE RÉPUBLIQUE REPUBLIQUE FRANÇAISE FRANCAISE ETAT ÉTAT CIVIL DR "
        # Labels of a form, printed in capitals beside the value they announce.
        "NOM NOMS FAMILLE PRENOM PRÉNOM PRENOMS PRÉNOMS NUMERO NUMÉRO SECURITE SÉCURITÉ SOCIALE NAISSANCE DATE "
        "ADRESSE SIGNATURE CACHET IMMATRICULATION IDENTIFICATION MEDECIN MÉDECIN PRESCRIPTEUR ORGANISME CODE "
        "POSTAL TELEPHONE TÉLÉPHONE NATURE MOTIF PERIODE PÉRIODE SEXE USAGE SITUATION RENSEIGNEMENTS CADRE "
        # Organisations and protocols: what a signature or a footer names, never a person.
        "IBM SNCF EDF GDF SFR SA SAS SARL EURL GIE HTTP HTTPS MIME SMTP IMAP URL HTML API PC "
        # Categories and their abbreviations, as a subject line puts them beside the name: « Maternité DUPONT »,
        # « AM DUPONT Anne » (arrêt maladie)
        "AM MATERNITE MATERNITÉ PATERNITE PATERNITÉ ADOPTION GROSSESSE LONGUE GRAVE DUREE DURÉE TEMPS PARTIEL "
        "THERAPEUTIQUE THÉRAPEUTIQUE PROFESSIONNELLE ORDINAIRE"
    ).split()
)
_NOT_FIRST = frozenset(
    name_key(w)
    for w in (
        "Maire Président Presidente Directeur Directrice Madame Monsieur Bonjour Cordialement Mairie Objet "
        "Service Secrétaire Adjoint Adjointe Responsable Docteur Médecin Arrêt Accident Congé Veuillez Je Nous "
        "Le La Les Un Une Merci Ci Pièces Pièce Déclaration Certificat Agent Agente Tél Tel Accueil Rue Place "
        "Dr Pr Me Avenue Chemin Boulevard Impasse Route Allée Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche "
        # Words of a subject line or a heading that stand beside a name: "Dossier DUPONT", "DUPONT Relance".
        "Dossier Dossiers Complément Compléments Relance Suite Transmission Envoi Demande Prolongation Rechute "
        "Capital Décès Maladie Arrêts Situation Concerne Référence Réf Nouvel Nouvelle Reprise Documents Document "
        "Pour Mme Mlle Mr Madame Monsieur Urgent Retour Réponse Rappel Information Informations Fin Début "
        "Maternité Paternité Adoption Grossesse Naissance Trajet Longue Grave Ordinaire Professionnelle"
    ).split()
)
_ROLE_BEFORE_RE = re.compile(r"(?:\bdr\.?|docteur|temoin(?:s|\(s\))?|medecin|prescripteur|signe|responsable|\bpar)\s*:?\s*$")


@dataclass(frozen=True, slots=True)
class PersonFound:
    mention: PersonMention
    start: int
    end: int
    text: str
    shape: str


def _civility(civ: str | None) -> str | None:
    if not civ:
        return None
    c = civ.lower().rstrip(".,")
    return "M" if c in ("m", "mr", "monsieur") else "F"


def _clean_last(s: str) -> str:
    return " ".join(s.replace("’", "'").split())


# A first name is no common word of English or French: « MIME Testing », « HTTP Authentication » are not people.
_NOT_FIRST_ENDING = re.compile(r"(?:ing|tion|ness|ware|ship)$")


def _words_ok(last: str, first: str | None) -> bool:
    lw = [fold(w).upper() for w in re.split(r"[\s]+", last) if w]
    if any(not re.search(r"[AEIOUY]", w) and len(w) > 2 for w in lw):
        return False  # an acronym ("HTTP", "SMTP"): no surname is written without a vowel
    if first and any(_NOT_FIRST_ENDING.search(fold(w)) for w in first.split()):
        return False
    if not lw or all(w.strip("'-") in _NOT_NAMES for w in lw):
        return False
    if any(w.strip("'-") in _NOT_NAMES for w in lw):
        return False
    core = [w for w in name_key(last).split() if w not in ("de", "du", "des", "le", "la", "d")]
    if not core or " ".join(core) in _NOT_FIRST:
        return False
    return not (first and any(name_key(w) in _NOT_FIRST for w in first.split()))


def looks_like_name(last: str | None, first: str | None = None) -> bool:
    """Whether words read where a name is expected (a form's box, a model's guess) can be one: not a label,
    an acronym or a common word."""
    return bool(last and last.strip()) and _words_ok(_clean_last(last), first or None)


def find_people(text: str, *, source: str = "") -> list[PersonFound]:
    """People the text names by their shape (civilité, capitals), most specific reading first."""
    f = fold(text)
    found: list[PersonFound] = []
    for shape, rx in _SHAPES:
        for m in rx.finditer(text):
            if any(p.start <= m.start() < p.end or m.start() <= p.start < m.end() for p in found):
                continue
            last = _clean_last(m.group("last"))
            first = m.groupdict().get("first")
            if not _words_ok(last, first):
                continue
            if _ROLE_BEFORE_RE.search(f[max(0, m.start() - 25) : m.start()]):
                continue  # a doctor, a witness, a signatory: not the agent
            after = f[m.end() : m.end() + 80]
            birth_name = None
            seg = text[m.end() : m.end() + 60]
            b = _BIRTH_NAME_RE.match(fold(seg))
            end = m.end()
            if b:
                birth_name = _clean_last(seg[b.start("n") : b.end("n")])
                if b.group("how").startswith("ep"):
                    last, birth_name = birth_name, last
                end = m.end() + b.end()
                if first is None:
                    fm = re.match(rf"[ \t]+({_CAPS})\b", text[end : end + 40])
                    if fm and not _NOT_FIRST & {name_key(w) for w in fm.group(1).split()}:
                        first, end = fm.group(1), end + fm.end()
            born = None
            bd = _BORN_RE.match(after)
            if bd:
                born = _birth_date(bd)
            # Two capitalised words say nothing of their order: « Valette Marie s'est blessée » is as common as
            # « Marie Valette s'est blessée » (read in a fixed order, it made a second person of « VALETTE Marie »),
            # and a list item's « Bérard Paule (…) » as « Paule Bérard (…) ».
            order_known = shape not in ("civ_cap_cap", "cap_cap_item", "cap_cap_subject")
            mention = PersonMention(
                last_name=last, first_name=first, birth_name=birth_name, birth_date=born,
                civility=_civility(m.groupdict().get("civ")), order_known=order_known, source=source,
                confidence=_SHAPE_CONFIDENCE[shape], matricule=_matricule_after(f[end : end + 60]),
            )
            found.append(PersonFound(mention, m.start(), end, text[m.start() : end], shape))
    found.sort(key=lambda p: p.start)
    return found


def _name_regex(name: str) -> re.Pattern[str] | None:
    words = name_key(name).split()
    if not words or sum(len(w) for w in words) < 3:
        return None
    # Not a part of a compound name: "MARTIN" is not written in "Martin-Dupuis".
    return re.compile(r"(?<![a-z0-9])(?<![a-z0-9]-)" + r"[\s'-]*".join(re.escape(w) for w in words) + r"(?![a-z0-9]|-[a-z])")


def spot_agents(text: str, agents: Iterable[KnownName], *, source: str = "") -> list[PersonFound]:
    """Registry last names written in the text (any shape), with the first name when it stands beside."""
    f = fold(text)
    out: list[PersonFound] = []
    for a in agents:
        for reg_name in (a.last_name, a.birth_name):
            rx = _name_regex(reg_name) if reg_name else None
            if rx is None:
                continue
            for m in rx.finditer(f):
                written = text[m.start() : m.end()]
                line_start, line_end = f.rfind("\n", 0, m.start()) + 1, f.find("\n", m.end())
                line_end = len(f) if line_end < 0 else line_end
                around = f[max(line_start, m.start() - 40) : min(line_end, m.end() + 40)]
                first = a.first_name if _first_near(a.first_name, around) else None
                # « mr g. chambon »: the first name's initial may stand between the civilité and the name.
                # (a comma typed for the dot, « m, l, orsini », is the same civilité)
                civ = re.search(r"\b(m[.,]|mr|monsieur|mme|madame|mlle)\s*(?:[a-z][.,]?\s+)?$", f[max(0, m.start() - 16) : m.start()])
                if first is None and civ is None and not written.isupper():
                    # « un petit rappel », « vu avec Laurent »: a word, a first name or a place, unless written
                    # in capitals, after a civilité or beside the agent's first name (« karim le goff »).
                    continue
                bd = _BORN_RE.match(f[m.end() : m.end() + 80])
                mention = PersonMention(
                    last_name=text[m.start() : m.end()], first_name=first,
                    civility=_civility(civ.group(1)) if civ else None, source=source, confidence=0.8,
                    birth_date=_birth_date(bd) if bd else None,
                    matricule=_matricule_after(f[m.end() : m.end() + 60]),
                )
                out.append(PersonFound(mention, m.start(), m.end(), text[m.start() : m.end()], "registry"))
    # Homonyms spotted at one place: the one whose first name stands beside it is who is written there. The
    # others' bare surname there would tie both mentions of « CARON Marc … CARON Anne » into one person.
    named = {(q.start, q.end) for q in out if q.mention.first_name}
    return [q for q in out if q.mention.first_name or (q.start, q.end) not in named]


def split_capitals(p: PersonFound, agents: Iterable[KnownName]) -> PersonFound:
    """ "Mme CHAZAL LAETITIA": all capitals, no first name. Read as last + first name when a registered agent
    has exactly that last and first name (either order); otherwise the words stay one last name."""
    m = p.mention
    words = (m.last_name or "").split()
    if m.first_name or len(words) < 2:
        return p
    keys = {(name_key(a.last_name), name_key(a.first_name)) for a in agents}
    keys |= {(name_key(a.birth_name), name_key(a.first_name)) for a in agents if a.birth_name}
    if (name_key(m.last_name), "") in {(k, "") for k, _ in keys}:
        return p  # a compound last name of the registry ("DOS SANTOS")
    for i in range(1, len(words)):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        for last, first in ((head, tail), (tail, head)):
            if (name_key(last), name_key(first)) in keys:
                return replace(p, mention=replace(m, last_name=last, first_name=first))
    return p


def _first_near(first: str, around: str) -> bool:
    key = name_key(first)
    if not key:
        return False
    words = name_key(around).split()
    n = len(key.split())
    for i in range(len(words) - n + 1):
        cand = " ".join(words[i : i + n])
        if cand == key or (len(key) >= 5 and slips(cand, key) <= 1):
            return True
    return False


def same_person(a: PersonMention, b: PersonMention) -> bool:
    """Two mentions of one person: same last name (or one's last is the other's birth/first name)."""
    def keys(m: PersonMention) -> set[str]:
        ks = {name_key(x).replace(" ", "") for x in (m.last_name, m.birth_name) if x}
        if not m.order_known and m.first_name:
            ks.add(name_key(m.first_name).replace(" ", ""))
        return ks

    ka, kb = keys(a), keys(b)
    if not (ka & kb) and not any(len(x) >= 5 and slips(x, y) <= 1 for x in ka for y in kb):
        return False
    fa, fb = a.first_name, b.first_name
    if fa and fb and a.order_known and b.order_known:
        return name_key(fa).split()[0] == name_key(fb).split()[0] or slips(name_key(fa), name_key(fb)) <= 1
    return True


def group_people(found: Iterable[PersonFound]) -> list[list[PersonFound]]:
    """Mentions grouped by person, in order of first appearance."""
    groups: list[list[PersonFound]] = []
    for p in sorted(found, key=lambda x: x.start):
        for g in groups:
            if any(same_person(p.mention, q.mention) for q in g):
                g.append(p)
                break
        else:
            groups.append([p])
    return groups


def with_source(p: PersonFound, source: str) -> PersonFound:
    return replace(p, mention=replace(p.mention, source=source))


# Words that stand after a civilité or a name written in lower case and are no name: articles, pronouns,
# prepositions and the verbs a sentence about an agent's stop goes on with (« madame x est en arrêt »).
_NOT_A_LOWER_NAME = frozenset(
    "le la les l un une des du de d au aux et ou en a ont est sera seront etait etaient se s y ne n sur dans par "
    "pour avec sans qui que dont votre notre vos nos son sa ses leur leurs mon ma mes ce cet cette ces il elle "
    "nous vous ils elles je tu on absent absente absents arrete arretee arretes malade malades hospitalise "
    "hospitalisee place placee victime reprend reprendra beneficie beneficiera se trouve agent agente adjoint "
    "adjointe le maire maire directeur directrice president presidente secretaire responsable".split()
)
_LOWER_WORD = rf"[{_LO}](?:[{_LO}]|[-’'][{_LO}])+"
# « madame jouve », « mme orsini valerie », « m. roux »: a civilité (any case) and one or two words in lower case.
_CIV_LOWER = re.compile(rf"(?i:\b(?P<civ>m\.|mr\.?|monsieur|mme\.?|madame|mlle\.?|mademoiselle))[ \t]+"
                        rf"(?P<a>{_LOWER_WORD})(?:[ \t]+(?P<b>{_LOWER_WORD}))?(?![\w’'-])")
# « Karine berthod s'est blessée », opening a line: a capitalised first name, a surname in lower case, a verb.
_CAP_LOWER_SUBJECT = re.compile(rf"(?m:^)[ \t]*(?:-[ \t]*)?(?P<first>{_CAP_WORD})[ \t]+(?P<last>{_LOWER_WORD})"
                                rf"(?=[ \t]+(?:{_SUBJECT_VERB})\b)")


def _lower_name_ok(word: str) -> bool:
    return fold(word).replace("’", "'").strip("'-") not in _NOT_A_LOWER_NAME and looks_like_name(word.capitalize())


def find_lowercase_people(text: str, *, source: str = "") -> list[PersonFound]:
    """People written without capitals by a hurried writer: a civilité before one or two words in lower case
    (« mme orsini valerie »: which is the surname is not known), or a first name and a lower-case surname as
    the subject of a sentence. Weaker than the shapes of find_people, read only when those find nobody."""
    found: list[PersonFound] = []
    for m in _CIV_LOWER.finditer(text):
        a, b = m.group("a"), m.group("b")
        if not _lower_name_ok(a):
            continue
        two = bool(b) and _lower_name_ok(b)
        end = m.end() if two else m.end("a")
        mention = PersonMention(last_name=a, first_name=b if two else None, civility=_civility(m.group("civ")),
                                order_known=not two, source=source, confidence=0.5)
        found.append(PersonFound(mention, m.start(), end, text[m.start():end], "civ_lower"))
    for m in _CAP_LOWER_SUBJECT.finditer(text):
        first, last = m.group("first"), m.group("last")
        if any(p.start <= m.start("first") < p.end for p in found) or not _lower_name_ok(last) \
                or not looks_like_name(last.capitalize(), first):
            continue
        mention = PersonMention(last_name=last, first_name=first, source=source, confidence=0.5)
        found.append(PersonFound(mention, m.start("first"), m.end(), text[m.start("first"):m.end()], "cap_lower_subject"))
    found.sort(key=lambda p: p.start)
    return found
