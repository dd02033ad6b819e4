"""The wording of mail clients, as data: reply and forward separators, header blocks, signatures, disclaimers."""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Lines that open a forwarded message (French and English clients). What follows is content.
FORWARD_SEPARATORS = tuple(
    re.compile(p, _I)
    for p in (
        r"^-{2,}\s*(?:message|courriel|mail|e-?mail)\s+(?:transf[ée]r[ée]|r[ée]exp[ée]di[ée])\s*-{2,}$",
        r"^-{2,}\s*forwarded\s+(?:message|e-?mail)\s*-{2,}$",
        r"^-{2,}\s*(?:original\s+)?message\s+forwarded\s*-{2,}$",
        r"^d[ée]but\s+du\s+message\s+r[ée]exp[ée]di[ée]\s*:?$",
        r"^begin\s+forwarded\s+message\s*:?$",
        r"^-{2,}\s*mail\s+transf[ée]r[ée]\s*-{2,}$",
        r"^-{2,}\s*transf[ée]r[ée]\s+(?:par|le)\b.*-{2,}$",
    )
)

# Lines that open a quoted original (reply). Outlook uses the same line for forwards: the subject
# of the header block that follows decides (TR:/Fwd: → forward).
ORIGINAL_SEPARATORS = tuple(
    re.compile(p, _I)
    for p in (
        r"^-{2,}\s*message\s+d'origine\s*-{2,}$",
        r"^-{2,}\s*original\s+message\s*-{2,}$",
        r"^-{2,}\s*message\s+original\s*-{2,}$",
        r"^-{2,}\s*mail\s+original\s*-{2,}$",
        r"^-{2,}\s*courriel\s+original\s*-{2,}$",
        r"^-{2,}\s*reply\s+message\s*-{2,}$",
        r"^_{10,}$",
    )
)

# "Le 12 mars 2025 à 10:02, X a écrit :", "On Tue, Mar 11, 2025 at 10:02 AM X wrote:" (may wrap).
# Reply headers of clients in French, English and the languages collectivités' correspondents write in:
# nl « Op … schreef », it « Il giorno … ha scritto », de « Am … schrieb », pt « Em … escreveu »,
# es « El … escribió », pl « W dniu … napisał », cs « Dne … napsal », ru « … написал », sv/da/no « … skrev ».
ATTRIBUTION_END = re.compile(
    r"(?:\ba\s+[ée]crit|\b[ée]crivait|\bwrote|\bhat\s+geschrieben|\bschrieb|\bschreef|\bha\s+scritto|\bescreveu|\bescribi[óo]"
    r"|\bnapisa[łl](?:a|\(a\))?|\bnapsal(?:a|\(a\))?|написал(?:а|\(а\))?|\bskrev|\bkirjoitti|\byazd[ıi])\s*:?\s*$",
    _I,
)
# Android's mail opens with the date and time whatever the language (« 02.04.2012 14:20 пользователь "x" <x@y>
# написал: », « 2/4/2012 2:20 PM, "x" <x@y> wrote: »), wrapped like the others.
ATTRIBUTION_START = re.compile(r"^(?:(?:le|on|am|el|op|em|il\s+giorno|w\s+dniu|dne|den)\s+\S"
                               r"|\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+\d{1,2}[:h]\d{2}\b)", _I)
ATTRIBUTION_OTHER = (
    re.compile(r"^message\s+du\s*:?\s*\d{1,2}/\d{1,2}/\d{2,4}", _I),  # Orange / laposte webmail
    re.compile(r"^(?:le|on)\s+.{4,120}\s+<[^>\s]+@[^>\s]+>\s*:$", _I),  # "Le …, X <x@y> :"
    # The date after the verb: "X <x@y> a écrit le 21/08/2025 06:11 :" (quoted without « > »)
    re.compile(r"^.{1,160}\s+a\s+[ée]crit\s+le\s+\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}(?:,?\s+(?:a\s+|à\s+)?\d{1,2}[:h]\d{2}(?::\d{2})?)?\s*:$", _I),
    re.compile(r"^\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}\s+(?:GMT|UTC)\s*[+-]\d{1,2}(?::?\d{2})?\s+.{1,160}:$", _I),  # Gmail: "2017-11-24 16:32 GMT+01:00 X <x@y>:"
    # The verb before the name: "Am 09.03.2026 um 16:32 schrieb X <x@y>:", "Op … schreef X <x@y>:", "Den … skrev X <x@y>:"
    re.compile(r"^(?:am|op|den|on)\s+.{4,80}\s+(?:schrieb|schreef|skrev|wrote)\s+.{1,160}:$", _I),
)
# A line of '=' that opens a webmail's quoted block (the header lines follow it).
RULE_LINE = re.compile(r"^={4,}\s*$")

# Header lines of a quoted or forwarded message, mapped to one key.
HEADER_LINE = re.compile(
    r"^\s*\**\s*(de|from|von|van|da|exp[ée]diteur|date|datum|envoy[ée](?:\s+le)?|sent|gesendet|verzonden|enviado(?:\s+el)?"
    r"|enviada(?:\s+em)?|inviato|[àa]|to|an|aan|para|pour|destinataires?|cc|copie(?:\s+[àa])?|objet|subject|sujet|betreff"
    r"|onderwerp|asunto|oggetto|assunto)\s*\**\s*:\s*\**\s?(.*)$",
    _I,
)
HEADER_KEYS = {
    "de": "from", "from": "from", "expéditeur": "from", "expediteur": "from",
    "von": "from", "van": "from", "da": "from",
    "date": "date", "envoyé": "date", "envoye": "date", "envoyé le": "date", "envoye le": "date",
    "sent": "date", "datum": "date", "gesendet": "date", "verzonden": "date", "enviado": "date", "enviado el": "date",
    "enviada": "date", "enviada em": "date", "inviato": "date",
    "à": "to", "a": "to", "to": "to", "pour": "to", "destinataire": "to", "destinataires": "to",
    "an": "to", "aan": "to", "para": "to",
    "cc": "cc", "copie": "cc", "copie à": "cc", "copie a": "cc",
    "objet": "subject", "subject": "subject", "sujet": "subject",
    "betreff": "subject", "onderwerp": "subject", "asunto": "subject", "oggetto": "subject", "assunto": "subject",
}
FORWARD_SUBJECT = re.compile(r"^\s*(?:tr|fwd?|wg|rv|transf)\s*:", _I)
REPLY_SUBJECT = re.compile(r"^\s*(?:re|r[ée]f|aw|sv|rép|rep|antw|odp|rif|res)\s*:", _I)

# A signature delimiter, and the lines mobile clients append.
SIGNATURE_DELIMITER = re.compile(r"^--\s*$")
MOBILE_SIGNATURES = tuple(
    re.compile(p, _I)
    for p in (
        r"^envoy[ée]\s+(?:de|depuis|à partir de)\s+(?:mon|ma|mon appareil|outlook|yahoo|l'application)\b",
        r"^sent\s+from\s+(?:my|outlook|yahoo|mail for)\b",
        r"^(?:obtenir|get)\s+outlook\s+(?:pour|for)\b",
        r"^provenance\s*:\s*courrier\s+pour\s+windows",
        r"^t[ée]l[ée]charg(?:ez|er)\s+outlook\b",
    )
)
# Closing formulas after which short lines are the sender's signature (no "-- " written).
VALEDICTION = re.compile(
    # (« Cdlt », « Cdt », « Slts », « Bàv »: the same formulas abbreviated)
    r"^(?:(?:bien|tr[èe]s|tout)\s+)?(?:cordialement|sinc[èe]rement|amicalement|cdlt|cdt)\b.{0,30}$"
    r"|^(?:slts?|b[àa]v)\b[ .,!]*$"
    r"|^(?:bien\s+)?(?:[àa]\s+vous|bonne\s+(?:journ[ée]e|soir[ée]e))\b.{0,20}$"
    r"|^(?:salutations|sentiments)\b.{0,40}$"
    r"|^(?:(?:best|kind|warm)\s+)?regards\b.{0,20}$"
    r"|^(?:je\s+vous\s+(?:prie|remercie)|veuillez\s+agr[ée]er|dans\s+l'attente)\b.{0,120}[.,]?$",
    _I,
)

# Legal and environmental disclaimers: the paragraph that holds one of these is set apart.
DISCLAIMERS = tuple(
    re.compile(p, _I)
    for p in (
        r"\bce\s+(?:message|courriel|mail|e-?mail|courrier\s+[ée]lectronique)\b.{0,120}\b(?:confidentiel|strictement\s+r[ée]serv|destin[ée]s?\s+(?:exclusivement|uniquement)|[àa]\s+l'usage\s+exclusif|l'intention\s+exclusive)",
        r"\bles\s+informations\s+contenues\s+dans\s+ce\s+(?:message|courriel|mail|e-?mail)",
        r"\bsi\s+vous\s+(?:avez\s+re[çc]u|recevez|n'[êe]tes\s+pas\s+le\s+destinataire).{0,60}\b(?:message|courriel|mail)",
        r"\b(?:pensez|pensons)\s+[àa]\s+l'environnement|\bpr[ée]servons\s+l'environnement|\bavant\s+d'imprimer|\bn'imprimez\s+(?:ce|cet)\b|\bmerci\s+de\s+n'imprimer\b|\brespect\s+de\s+l'environnement",
        r"\btoute\s+(?:utilisation|diffusion|publication|copie|modification)\b.{0,80}\binterdite",
        r"\bthis\s+(?:e-?mail|message)\b.{0,120}\b(?:confidential|intended\s+(?:solely|only|exclusively))",
        r"\bif\s+you\s+(?:have\s+received|received|are\s+not\s+the\s+intended)\b.{0,60}\b(?:e-?mail|message|recipient)",
        r"\bplease\s+consider\s+the\s+environment\b",
        r"\bl'int[ée]grit[ée]\s+de\s+ce\s+message\s+n'[ée]tant\s+pas\s+assur[ée]e",
    )
)
