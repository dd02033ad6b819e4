"""A person as a message names them, and the registry names that spotting them in the text needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol


class KnownName(Protocol):
    """The names of a registered agent (identify.match.AgentRecord): understanding looks for them in the
    text without depending on the registry that holds them."""

    last_name: str
    birth_name: str | None
    first_name: str


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person as the message names them; any part may be missing. Source says where it was read."""

    last_name: str | None = None
    first_name: str | None = None
    birth_name: str | None = None
    birth_date: date | None = None
    nir: str | None = None  # 13 characters
    nir_has_key: bool = False
    civility: str | None = None  # 'M' or 'F'
    matricule: str | None = None  # the employer's number for the agent, when written beside the name
    order_known: bool = True  # False when we could not tell which word is the last name
    source: str = ""
    confidence: float = 1.0
