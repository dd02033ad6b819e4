"""How French letters write dates and amounts: the one place for mail templates, digests and the desk."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")


def date_fr(value: date | None) -> str:
    """12 mars 2025 (1er for the first of the month, as French letters write it)."""
    if value is None:
        return ""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"


def euros(value: int | float | Decimal) -> str:
    """90 000 € (narrow no-break space between thousands, as French typography has it)."""
    amount = Decimal(str(value))
    text = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    if text.endswith(",00"):
        text = text[:-3]
    return f"{text} €"


def date_numeric(value: date | datetime) -> str:
    """12/03/2025, and 12/03/2025 14:05 for a moment (tables of the desk)."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")
