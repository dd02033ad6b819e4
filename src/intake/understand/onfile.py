"""Words saying the stop is already on file: what the mail brings are pieces for it, not a new declaration.

« le bulletin de salaire … pour le calcul des indemnités de son arrêt débuté le 21/05 », « arrêt en cours
depuis le … »: the date names a stop the handlers know; only an attached arrêt or a stop with its end
date would be new.
"""

from __future__ import annotations

import re

_ON_FILE = re.compile(
    r"pour (?:le |un )?(?:calcul|calculer|traitement|traiter|verser|versement|liquidation|liquider)"
    r" (?:des |de ses |de leurs |les |ses )?(?:indemnites|ij\b|droits|prestations|remboursements?|indemnisation)"
    r"|(?:son|l'|cet|leur|votre) arret(?: de travail| maladie)? (?:en cours|debute|ayant debute|qui a debute|commence"
    r"|ayant commence|deja declare|declare le)"
    r"|arret (?:en cours|deja declare)|(?:dossier|sinistre) (?:en cours|deja ouvert)"
    r"|\b(?:dossier|sinistre|conge|arret)s? (?:a |ont )?deja (?:ete )?(?:declaree?s?|ouverte?s?|enregistree?s?)"
)
# « pour l'arrêt maladie de Mme X commencé le 21 février, je vous joins… »: with pieces attached, a stop said
# to have begun, the agent named in between.
_BEGUN = re.compile(r"\b(?:arret|conge)\b[^.\n]{0,70}?\b(?:debute|commence|ayant debute|ayant commence|en cours depuis)e?\b")
# « comme demandé, voici le bulletin de paie de M. X, en arrêt maladie depuis le 7 octobre », « pour compléter
# le dossier de Mme Y, en congé de longue maladie depuis le 26/02, voici l'avis du conseil médical »: pieces
# asked for, for a person said to be off since a day: the stop is the one the handler asked them for.
# The stop may be named by its abbreviation, alone in brackets: « (CLD depuis le 6 juillet) », « en TPT depuis le … ».
_SINCE = re.compile(r"\b(?:en arret|(?:en )?conge|(?:en )?(?:clm|cld|cgm|clo|tpt|mtt)|(?:en )?(?:temps partiel|mi-temps)"
                    r"(?: therapeutique)?)(?: [a-z']+){0,4}? depuis\b")
NEW_STOP_KINDS = frozenset({"arret_travail", "certificat_at_mp"})


def stop_on_file(folded: str, *, with_pieces: bool = False, asked: bool = False) -> str | None:
    """The words saying the stop is already known, or None; `folded` is the text through text.fold.
    `with_pieces`: the mail brings pieces (none of them an arrêt), so a stop said to have begun is on file;
    `asked`: the words say these pieces answer a request, so a stop said to run « depuis » a day is too."""
    m = _ON_FILE.search(folded) or (_BEGUN.search(folded) if with_pieces else None) \
        or (_SINCE.search(folded) if with_pieces and asked else None)
    return m.group(0) if m else None
