"""Writes the quoted-history shapes of the awkward corpus: replies whose history follows a reply header
that clients write in other languages or forms, with the history unmarked (no "> "), as HTML mail
converted to text gives it. Run from the repository root: .venv/bin/python tests/mail/awkward/build_quoting.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEW = "Bonjour,\n\nVoici l'arrêt de travail de M. Roux, du 02/03 au 13/03.\n\nCordialement,\nClaire Martin\n"
OLD = "Bonjour,\n\nIl manque encore l'avis d'arrêt de travail de l'agent pour compléter le dossier.\n\nLe service prestations\n"

SHAPES = {
    "quote-gmail-iso-date": ("2026-03-09 16:32 GMT+01:00 Prestations <prestations@cdg-exemple.fr>:", "Gmail's ISO-dated reply header"),
    "quote-webmail-equals": ("========================================\nMessage du : 09/03/2026 16:32\nDe : \"Prestations\" <prestations@cdg-exemple.fr>\n"
                             "A : rh@commune-exemple.fr\nObjet : Pieces manquantes\n========================================",
                             "a French webmail's ==== block with « Message du : »"),
    "quote-webmail-message-du": ("Message du : 09/03/2026 16:32", "a French webmail's « Message du : » header alone"),
    "quote-dutch": ("Op ma 9 mrt. 2026 om 16:32 schreef Prestations <prestations@cdg-exemple.fr>:", "Dutch « Op … schreef »"),
    "quote-italian": ("Il giorno lun 9 mar 2026 alle ore 16:32 Prestations <prestations@cdg-exemple.fr> ha scritto:", "Italian « Il … ha scritto »"),
    "quote-german": ("Am 09.03.2026 um 16:32 schrieb Prestations <prestations@cdg-exemple.fr>:", "German « Am … schrieb »"),
    "quote-portuguese": ("Em seg., 9 de mar. de 2026 às 16:32, Prestations <prestations@cdg-exemple.fr>\nescreveu:", "Portuguese « Em … escreveu » wrapped over two lines"),
    "quote-spanish": ("El lun, 9 mar 2026 a las 16:32, Prestations (<prestations@cdg-exemple.fr>) escribió:", "Spanish « El … escribió »"),
    "quote-polish": ("W dniu 9.03.2026 o 16:32, Prestations <prestations@cdg-exemple.fr> napisał:", "Polish « W dniu … napisał »"),
    "quote-russian": ("9 марта 2026 г., в 16:32, Prestations <prestations@cdg-exemple.fr> написал:", "Russian « … написал »"),
    "quote-swedish": ("Den 9 mars 2026 16:32 skrev Prestations <prestations@cdg-exemple.fr>:", "Swedish « Den … skrev »"),
    "quote-outlook-french": ("De : Prestations <prestations@cdg-exemple.fr>\nEnvoyé : lundi 9 mars 2026 16:32\nÀ : rh@commune-exemple.fr\nObjet : Pièces manquantes",
                             "Outlook in French without the separator line"),
    "quote-outlook-english": ("From: Prestations <prestations@cdg-exemple.fr>\nSent: Monday, March 9, 2026 4:32 PM\nTo: rh@commune-exemple.fr\nSubject: Missing documents",
                              "Outlook in English without the separator line"),
    "quote-outlook-german": ("Von: Prestations <prestations@cdg-exemple.fr>\nGesendet: Montag, 9. März 2026 16:32\nAn: rh@commune-exemple.fr\nBetreff: Pièces manquantes",
                             "Outlook in German"),
    "quote-outlook-spanish": ("De: Prestations <prestations@cdg-exemple.fr>\nEnviado el: lunes, 9 de marzo de 2026 16:32\nPara: rh@commune-exemple.fr\nAsunto: Pièces manquantes",
                              "Outlook in Spanish"),
    "quote-outlook-italian": ("Da: Prestations <prestations@cdg-exemple.fr>\nInviato: lunedì 9 marzo 2026 16:32\nA: rh@commune-exemple.fr\nOggetto: Pièces manquantes",
                              "Outlook in Italian"),
    "quote-outlook-dutch": ("Van: Prestations <prestations@cdg-exemple.fr>\nVerzonden: maandag 9 maart 2026 16:32\nAan: rh@commune-exemple.fr\nOnderwerp: Pièces manquantes",
                            "Outlook in Dutch"),
}


def main() -> None:
    for name, (header, why) in SHAPES.items():
        body = f"{NEW}\n{header}\n\n{OLD}"
        raw = (f"From: Claire Martin <c.martin@commune-exemple.fr>\nTo: prestations@cdg-exemple.fr\nSubject: RE: Pieces manquantes\n"
               f"Date: Tue, 10 Mar 2026 09:12:00 +0100\nMessage-ID: <{name}@awkward.test>\nMIME-Version: 1.0\n"
               f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{body}")
        (HERE / f"{name}.eml").write_bytes(raw.replace("\n", "\r\n").encode("utf-8"))
        expected = {"shape": f"{why}: the history after it is quoted, not new text",
                    "new_text_contains": ["Voici l'arrêt de travail de M. Roux, du 02/03 au 13/03."],
                    "new_text_excludes": ["Il manque encore", "prestations@cdg-exemple.fr"],
                    "quoted_contains": ["Il manque encore l'avis d'arrêt de travail"]}
        (HERE / f"{name}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(SHAPES)} shapes written")


if __name__ == "__main__":
    main()
