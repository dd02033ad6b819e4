"""Validators of registry fields: each turns a cell into a value or raises ValueError in French."""

from __future__ import annotations

import re
from datetime import date

from stdnum.exceptions import ValidationError
from stdnum.fr import nir as stdnum_nir

from intake.domain import AgentStatus, Regime

# Sex (1, 2; 3, 4, 7, 8 for provisional numbers), year, month (01-12, or 20-99 when unknown),
# department (2 digits, or 2A / 2B for Corsica), commune, order number.
# ASCII digits only: "８" (fullwidth) or "١" (Arabic-Indic) match \d but are no digit of a NIR.
_NIR13 = re.compile(r"[1-478]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2[AB])\d{6}", re.ASCII)
_SEPARATORS = re.compile(r"[\s.\-_]")
_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_EMAIL = re.compile(r"[^@\s]+@([^@\s]+)")


def required(value: str, label: str) -> str:
    if not value:
        raise ValueError(f"{label} manquant")
    return " ".join(value.split())


def nir(value: str) -> tuple[str, str | None]:
    """A NIR of 13 characters, or 15 with a correct key; returns (13 characters, key or None)."""
    compact = _SEPARATORS.sub("", value).upper()
    if not compact:
        raise ValueError("NIR manquant")
    if len(compact) not in (13, 15):
        raise ValueError(f"NIR « {value} » : {len(compact)} caractères, 13 ou 15 (avec la clé) attendus")
    body, key = compact[:13], compact[13:] or None
    if not _NIR13.fullmatch(body):
        raise ValueError(f"NIR « {value} » mal formé (sexe, année, mois, département 2A/2B, commune, ordre)")
    if key is not None:
        try:
            stdnum_nir.validate(compact)
        except ValidationError:
            raise ValueError(f"NIR « {value} » : la clé {key} ne correspond pas au numéro") from None
    return body, key


# Day first, as French spreadsheets write dates (12/05/1980: 12 May); a four-digit year only, since
# « 12/05/80 » leaves the century to a guess.
_FRENCH_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def iso_date(value: str, label: str, *, optional: bool = False) -> date | None:
    """AAAA-MM-JJ or JJ/MM/AAAA (also with '.' or '-')."""
    if not value and optional:
        return None
    try:
        french = _FRENCH_DATE.fullmatch(value.strip())
        parsed = (date(int(french[3]), int(french[2]), int(french[1])) if french
                  else date.fromisoformat(value.strip()))
    except ValueError:
        raise ValueError(f"{label} « {value} » invalide (format JJ/MM/AAAA ou AAAA-MM-JJ attendu)") from None
    if parsed.year < 1900:
        raise ValueError(f"{label} « {value} » invraisemblable")
    return parsed


def birth_date(value: str, *, today: date) -> date:
    parsed = iso_date(value, "date de naissance")
    assert parsed is not None
    if parsed >= today:
        raise ValueError(f"date de naissance « {value} » dans le futur")
    return parsed


def regime(value: str) -> str:
    try:
        return Regime(value.strip().upper()).value
    except ValueError:
        raise ValueError(f"régime « {value} » inconnu (CNRACL ou IRCANTEC)") from None


def agent_status(value: str) -> str:
    try:
        return AgentStatus(value.strip().lower()).value
    except ValueError:
        raise ValueError(f"statut « {value} » inconnu (titulaire, stagiaire ou contractuel)") from None


def boolean(value: str, label: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "vrai", "oui", "1", "yes"):
        return True
    if lowered in ("false", "faux", "non", "0", "no", ""):
        return False
    raise ValueError(f"{label} « {value} » : true ou false attendu")


def days(value: str, label: str, *, default: int | None = None) -> int:
    if not value and default is not None:
        return default
    if not value.isdigit():
        raise ValueError(f"{label} « {value} » : un nombre entier de jours attendu")
    return int(value)


def domains(value: str) -> list[str]:
    found = sorted({item.strip().lower().lstrip("@") for item in value.split() if item.strip()})
    for domain in found:
        if not _DOMAIN.fullmatch(domain):
            raise ValueError(f"domaine « {domain} » invalide")
    return found


def emails(value: str) -> list[str]:
    found = sorted({item.strip().lower() for item in value.split() if item.strip()})
    for email in found:
        match = _EMAIL.fullmatch(email)
        if not match or not _DOMAIN.fullmatch(match.group(1)):
            raise ValueError(f"adresse « {email} » invalide")
    return found


def formulas(value: str, *, regime_code: str, known: dict[int, str]) -> list[int]:
    """Formula numbers (`6 8 11`) that exist for the contract's regime."""
    numbers: list[int] = []
    for item in value.replace(",", " ").split():
        if not item.isdigit():
            raise ValueError(f"formule « {item} » : un numéro attendu")
        number = int(item)
        if number not in known:
            raise ValueError(f"formule {number} inconnue")
        if known[number] != regime_code:
            raise ValueError(f"formule {number} réservée au régime {known[number]}, pas {regime_code}")
        numbers.append(number)
    if not numbers:
        raise ValueError("formule manquante")
    return sorted(set(numbers))
