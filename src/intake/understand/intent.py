"""What a message wants: declare a stop, send pieces for a known claim, ask a question, or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.domain import Intent
from intake.understand.text import fold


@dataclass(frozen=True, slots=True)
class IntentGuess:
    intent: str
    confidence: float
    evidence: tuple[str, ...]


_DECLARE = re.compile(
    r"nous vous declarons|je vous declare|vous declarer|declarons l|declaration (?:d'un |de l'|du |de )?(?:arret|conge|accident|deces|sinistre|rechute|prolongation)"
    r"|est en arret|sera en arret|a ete arrete|est arretee?\b|en arret (?:de travail|maladie|du|depuis|a compter)|arret de travail du"
    r"|place(?:e)? en (?:conge|clm|cld|cgm|arret)|placement en|beneficie d'un conge|prolonge|prolongation|rechute"
    r"|informer du deces|deces de|est decede|reprendra (?:ses fonctions )?(?:en|a) (?:tpt|temps partiel|mi-temps)"
    r"|je vous transmets l'arret|ci-joint l'arret|vous transmets (?:l'|un )?(?:avis d')?arret|arret maladie de"
    # a typed declaration's fields announced: « merci d'enregistrer la déclaration ci-dessous »
    r"|(?:enregistrer|saisir|prendre en compte) (?:la|cette|notre) declaration\b"
    r"|declaration (?:suivante|ci-dessous)"
)
_DOCUMENTS = re.compile(
    r"complement|ci-joint|ci-jointe|en piece jointe|veuillez trouver|vous trouverez|je vous transmets|pieces? (?:manquante|justificative|demandee)"
    r"|(?:je|nous) vous (?:adresse|adressons|envoie|envoyons|fais parvenir|faisons parvenir)|voici (?:le|la|les|l')"
    r"|suite a votre (?:demande|relance)|comme demande"
)
_QUESTION = re.compile(
    r"\?|\bcomment\b|\bpourriez-vous\b|\bpouvez-vous\b|\bsavoir si\b|\bquelle?s? (?:est|sont)\b|\bquand\b|\best-ce que\b"
    r"|\bje souhaiterais savoir\b|\bmerci de m'indiquer\b|\bou en (?:est|sont)\b|\bqu'en est-il\b"
)
# Words only French writes, and words only English, Spanish, Italian or German write (accents folded): a text
# with more of the latter is another language's, whatever French-looking word it holds (« /dev/il », « lorem et »);
# a question is one put to us in French (answering a stranger's would be backscatter).
_FRENCH_ONLY = frozenset(
    "je j tu il elle nous vous ils elles le les du des au aux une et est sont pour avec sur dans ce cette ces qui quel"
    " quelle quels quelles merci bonjour madame monsieur dossier sinistre arret agent pas ne mais ou votre vos notre nos"
    " ses leur leurs cordialement comment quand pourquoi etre avoir ete fait peut pouvez suis sommes avez avons vais"
    " veuillez trouver ci joint jointe piece pieces pj voir vu suite demande bien tres sans salutations cdt svp".split())
_FOREIGN_ONLY = frozenset(
    "the and is are you to of this that with for have has it be not your from will can we they what do does my if"
    " but at by was were hi hello thanks please would should there their which been"
    " el los las por para con una del lo como pero muy esta este gracias hola saludos usted"
    " der die das und ist nicht mit ich sie zu den dem ein eine auf fur von bitte danke"
    " di che per sono della gli grazie ciao".split())  # not y, me, an, or, non, su, es: French writes them too
_WORD = re.compile(r"[a-z]+")


def language_words(folded: str) -> tuple[int, int]:
    """How many words only French writes, and how many only other languages write."""
    words = _WORD.findall(folded)
    return sum(w in _FRENCH_ONLY for w in words), sum(w in _FOREIGN_ONLY for w in words)


# A mailing's own words: dates and absence words in it are news, not a declaration.
_MAILING = re.compile(r"desinscri|desabonn|newsletter|lettre d'information|dans ce numero|webinaire|ne pas repondre a ce")
_BACK_AT_WORK = re.compile(r"\ba repris (?:le travail|ses fonctions|son poste|son service)|\breprise (?:du travail|de ses fonctions|effective)")
_NEW_STOP_KINDS = frozenset({"arret_travail", "certificat_at_mp"})
# Thanks and acknowledgements: a reply about the file, not a new stop nor pieces.
_THANKS = re.compile(
    r"^\W*(?:merci(?: beaucoup| bien)?|je vous remercie|nous vous remercions)"
    r" (?:pour|de) (?:votre|vos|ce|cet|cette|le|la|l'|les)\b ?[^.!\n]{0,60}(?:[.!,\n]|$)"
    r"|\b(?:bien recu|bonne reception|accuse(?:r)? (?:de )?reception)\b",
    re.M,
)


# A question put to us: the stop or the person a question names is what is asked about, not news
# (« pouvez-vous me dire où en est le remboursement de Mme X (arrêt depuis le 13/12) ? », « faut-il envoyer
# l'arrêt de M. Y ? »). A sentence ends at . ! ? (not after « M. », « Dr. » or an initial), at a blank line,
# or at a line break before a capital (a new line of a mail written without stops).
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bDr)(?<!\bMM)(?<!\bMme)(?<!\bMlle)[.!?](?=\s)|\n[ \t]*(?=\n|[A-ZÀ-Ý])")
# Words asking for something known (an answer), not for something to be done.
_ASKING = re.compile(
    r"\b(?:ou en (?:est|sont|sommes)|qu'en est-il|est-ce qu|faut-il|dois-je|devons-nous|doit-on|doit-(?:il|elle)|puis-je"
    r"|savoir (?:si|ou|quand|comment|combien|pourquoi|quel)|(?:me|nous) (?:dire|indiquer|preciser|confirmer|renseigner)"
    r"|m'indiquer|m'informer|m'eclairer|quel(?:le)?s?|quand|comment|combien|pourquoi|avez-vous|auriez-vous|(?:y )?a-t-(?:il|elle)"
    r"|est-(?:il|elle)|sont-(?:ils|elles)|manque-t-il|s'agit-il)\b"
)
# A request put as a question (« pourriez-vous enregistrer l'arrêt de … du … au … ? ») still declares what it asks
# us to record; a stop stated as fact before the question (« Mme X est en arrêt du … au …, pouvez-vous
# confirmer ? ») is news too.
_ASKING_TO_ACT = re.compile(r"\b(?:pouvez|pourriez|voulez|voudriez)-vous\b|\bserait-il possible\b|\bmerci de\b")
_STATED = re.compile(
    r"\b(?:est|sont|sera|seront|a ete|ont ete|etait|se trouve)\b(?!-)[^.?!\n]{0,25}?"
    r"\b(?:en arret|arretee?s?|placee?s?|en conge|en clm|en cld|en cgm|prolongee?s?|decedee?s?)\b"
    r"|\b(?:je vous|nous vous) (?:declare|declarons|signale|signalons|informe|informons)\b|\bvous declarer\b"
)


# A question asked without its mark (« merci de me dire où en est le dossier de Mme X, en arrêt depuis le … »):
# what follows these words is asked about.
# Only asked of us: « le médecin vient de nous indiquer qu'elle est arrêtée du … au … » is news.
_ASKING_INDIRECTLY = re.compile(
    r"\b(?:merci de|pourriez-vous|pouvez-vous|veuillez|je vous remercie de|(?:je|nous) (?:souhaiterai[st]?|voudrai[st]?"
    r"|aimerai[st]?|souhaite|souhaitons|voudrions|aimerions)) (?:bien vouloir )?(?:me |nous )?"
    r"(?:dire|indiquer|preciser|faire savoir|informer|savoir|connaitre)\b|\bm'(?:indiquer|informer|eclairer)\b"
    r"|\bou en (?:est|sont)\b|\bqu'en est-il\b"
)


# A mail withdrawing an earlier one (« merci de ne pas tenir compte de mon précédent envoi », « l'arrêt de M. X
# est annulé », « le mail de ce matin est à supprimer ») declares nothing: the stop and the person it names are
# the cancelled mail's. The clause holding these words is what is withdrawn; what follows « remplacé par » or
# « nouvel arrêt » in it is new.
_CANCEL = re.compile(
    r"\bne (?:pas )?(?:en )?(?:tenez|tenir) (?:pas )?compte\b|\bn'en tenez pas compte\b"
    r"|\bne pas (?:prendre en compte|enregistrer|traiter)\b|\bannul(?:e|ee|es|ees|er|ez|ation|ons)\b"
    r"|\ba (?:supprimer|annuler|ignorer)\b"
    r"|\b(?:transmise?|envoyee?|adressee?)s? par erreur\b|\bn'a (?:finalement )?pas ete arretee?\b"
    r"|\baucune declaration n'est a (?:enregistrer|faire)\b|\bretir(?:er|ez|ons) (?:la|notre|ma|cette) declaration\b")
_CLAUSE_END = re.compile(r"[,;:()]|(?<!\bm)(?<!\bmme)(?<!\bmlle)(?<!\bdr)[.!?](?=\s|$)|\n")  # on folded text
_REPLACED = re.compile(r"\b(?:remplacee?s?|rectifiee?s?|nouvel(?:le)?|nouveaux?|au profit d)")


def cancelled_clauses(text: str) -> list[tuple[int, int]]:
    """The clauses of `text` that withdraw an earlier mail or stop, each up to its end or to words of a
    replacement (« annulé et remplacé par l'arrêt du … »: that arrêt is news)."""
    f = fold(text)
    out: list[tuple[int, int]] = []
    for m in _CANCEL.finditer(f):
        ends = [e.end() for e in _CLAUSE_END.finditer(f, 0, m.start())]
        start = ends[-1] if ends else 0
        stop_m = _CLAUSE_END.search(f, m.end())
        stop = stop_m.start() if stop_m else len(f)
        new = _REPLACED.search(f, m.end(), stop)
        out.append((start, new.start() if new else stop))
    return out


_MARK = re.compile(r"\?")


def question_spans(text: str) -> list[tuple[int, int]]:
    """The stretches of `text` that are questions put to us: each sentence ending with « ? », from its start
    (or from its asking words, when a request or a stated stop comes before them) to the question mark; in a
    sentence without one, from words asking to be told (« merci de m'indiquer où en est… ») to its end."""
    spans: list[tuple[int, int]] = []
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    for start, stop in zip(starts, starts[1:] + [len(text)], strict=True):
        marks = [m.end() for m in _MARK.finditer(text, start, stop)]
        if marks:
            stop = marks[-1]  # the sentence's own question mark (a « ? » ends a sentence only before a space)
            sentence = fold(text[start:stop])
            ask = _ASKING.search(sentence)
            if ask is None:
                if _ASKING_TO_ACT.search(sentence):
                    continue  # a request to record or do something, put as a question
            elif _ASKING_TO_ACT.search(sentence, 0, ask.start()) or _STATED.search(sentence, 0, ask.start()):
                start += ask.start()
        else:
            ask = _ASKING_INDIRECTLY.search(fold(text[start:stop]))
            if ask is None:
                continue
            start += ask.start()
        while start < stop and text[start].isspace():
            start += 1
        spans.append((start, stop))
    return spans


def in_question(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(a <= offset < b for a, b in spans)


def outside_questions(text: str) -> str:
    """The text with its questions blanked (length kept): what it states rather than asks."""
    for a, b in question_spans(text):
        text = text[:a] + " " * (b - a) + text[b:]
    return text


# « Pas d'arrêt de travail, uniquement des soins »: the words say the event made no stop.
_NO_STOP = re.compile(r"\b(?:pas|aucun|sans)(?: d'| de | )arret\b")


def intent_of(text: str, *, automatic: bool = False, has_stop: bool = False, has_person: bool = False,
              attachment_kinds: tuple[str, ...] = (), has_claim_words: bool = False,
              pieces_asked: bool = False, bulk: bool = False, accident: bool = False) -> IntentGuess:
    """The intent from the new text and what understanding found in it (stops, people, pieces).

    A handler's reading: a dated stop of a named person is a declaration; words saying the claim is already
    on file make what comes pieces; a dated stop with nobody absent in it (an address change "à compter
    du…", a newsletter) is no declaration. `bulk`: the reader judged the mail an envoi en nombre (a list's or a
    mailing's headers): its questions are a mailing's (« Vous partez en vacances ? »), asked of nobody."""
    if automatic:
        return IntentGuess(Intent.AUTO_REPLY, 1.0, ("message automatique",))
    f = fold(text)
    french_words, other_words = language_words(f)
    claim_pieces = any(k != "autre" for k in attachment_kinds)
    if other_words >= 3 and other_words > french_words and not claim_pieces:
        # Written in another language, with no arrêt, certificate or other piece of a claim attached: a
        # stranger's mail (a list reply, a hotel's answer) whatever name, date or « accident » it holds.
        return IntentGuess(Intent.OTHER, 0.7, ("texte dans une autre langue que le français, sans pièce d'un dossier",))
    mailing = _MAILING.search(f)
    if mailing and not claim_pieces:
        # A newsletter or circular (a centre de gestion's, a union's) speaks of congés and arrêts in general:
        # whatever name-like heading or date it holds, nobody's stop is declared to us.
        return IntentGuess(Intent.OTHER, 0.7, (f"envoi collectif « {text[mailing.start():mailing.end()]} »",))
    declare = _DECLARE.search(fold(outside_questions(text)))  # « faut-il déclarer l'arrêt de M. X ? » declares nothing
    if has_stop and (has_person or (declare and not mailing)):
        why = ("un arrêt avec ses dates" if has_person or not declare
               else f"« {text[declare.start():declare.end()]} »")
        return IntentGuess(Intent.DECLARATION, 0.9, (why,))
    question = _QUESTION.search(f)
    if pieces_asked and has_person and (attachment_kinds or not question):
        return IntentGuess(Intent.DOCUMENTS, 0.85, ("pièces pour un dossier déjà déclaré",))
    no_stop = _NO_STOP.search(fold(outside_questions(text)))
    if accident and has_person and no_stop and not question:
        # An accident told with the words that it made no stop (« pas d'arrêt, uniquement des soins ») is
        # declared all the same: its care is covered; the pieces sent with it (an enquête) do not make it pieces.
        return IntentGuess(Intent.DECLARATION, 0.8, (f"accident sans arrêt « {text[no_stop.start():no_stop.end()]} »",))
    if declare and has_person:
        return IntentGuess(Intent.DECLARATION, 0.85, (f"« {text[declare.start():declare.end()]} »",))
    if has_person and _NEW_STOP_KINDS & set(attachment_kinds) and not question:
        return IntentGuess(Intent.DECLARATION, 0.75, ("arrêt ou certificat joint",))
    # Files a reader could not tell from any other (« autre ») are pieces only beside some French words: a
    # stranger's short reply in Spanish with a hotel photo and a name in its signature sends us nothing.
    if has_person and (claim_pieces or ((attachment_kinds or _DOCUMENTS.search(f)) and french_words)) \
            and not (question and not attachment_kinds):
        return IntentGuess(Intent.DOCUMENTS, 0.8, ("pièces pour un dossier, sans nouvel arrêt",))
    if question and french_words and not bulk:  # « Do you like this message? » from a stranger is no business question
        return IntentGuess(Intent.QUESTION, 0.8, (f"question « {text[question.start():question.end()]} »",))
    thanks = _THANKS.search(f)
    if thanks and not attachment_kinds:
        return IntentGuess(Intent.OTHER, 0.7, (f"remerciement « {text[thanks.start():thanks.end()].strip()} »",))
    back = _BACK_AT_WORK.search(f)
    if back:
        return IntentGuess(Intent.OTHER, 0.6, (f"reprise du travail « {text[back.start():back.end()]} », sans nouvel arrêt",))
    if has_person and has_claim_words:
        return IntentGuess(Intent.DECLARATION, 0.6, ("un agent et une absence nommés",))
    return IntentGuess(Intent.OTHER, 0.6, ("ni arrêt, ni pièce, ni question",))
