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
)
NEW_STOP_KINDS = frozenset({"arret_travail", "certificat_at_mp"})


def stop_on_file(folded: str) -> str | None:
    """The words saying the stop is already known, or None; `folded` is the text through text.fold."""
    m = _ON_FILE.search(folded)
    return m.group(0) if m else None
