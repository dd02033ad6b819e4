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
ATTRIBUTION_END = re.compile(r"(?:\ba\s+[ée]crit|\b[ée]crivait|\bwrote|\bhat\s+geschrieben|\bschrieb)\s*:?\s*$", _I)
ATTRIBUTION_START = re.compile(r"^(?:le|on|am|el)\s+\S", _I)
ATTRIBUTION_OTHER = (
    re.compile(r"^message\s+du\s+\d{1,2}/\d{1,2}/\d{2,4}", _I),  # Orange / laposte webmail
    re.compile(r"^(?:le|on)\s+.{4,120}\s+<[^>\s]+@[^>\s]+>\s*:$", _I),  # "Le …, X <x@y> :"
)

# Header lines of a quoted or forwarded message, mapped to one key.
HEADER_LINE = re.compile(
    r"^\s*\**\s*(de|from|exp[ée]diteur|date|envoy[ée](?:\s+le)?|sent|[àa]|to|pour|destinataires?"
    r"|cc|copie(?:\s+[àa])?|objet|subject|sujet)\s*\**\s*:\s*\**\s?(.*)$",
    _I,
)
HEADER_KEYS = {
    "de": "from", "from": "from", "expéditeur": "from", "expediteur": "from",
    "date": "date", "envoyé": "date", "envoye": "date", "envoyé le": "date", "envoye le": "date",
    "sent": "date",
    "à": "to", "a": "to", "to": "to", "pour": "to", "destinataire": "to", "destinataires": "to",
    "cc": "cc", "copie": "cc", "copie à": "cc", "copie a": "cc",
    "objet": "subject", "subject": "subject", "sujet": "subject",
}
FORWARD_SUBJECT = re.compile(r"^\s*(?:tr|fwd?|wg|rv|transf)\s*:", _I)
REPLY_SUBJECT = re.compile(r"^\s*(?:re|r[ée]f|aw|sv|rép|rep)\s*:", _I)

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
    r"^(?:(?:bien|tr[èe]s|tout)\s+)?(?:cordialement|sinc[èe]rement|amicalement)\b.{0,30}$"
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
