"""What a handler's action does to a claim besides its status: the effects rules/statuts.yaml lists for it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from intake.claims.periods import record_reprise
from intake.domain import StatusEffect
from intake.store.claims import Claim


@dataclass(frozen=True, slots=True)
class Given:
    """What the handler gave with the action."""

    reprise: date | None = None
    reason: str | None = None
    category: str | None = None


def _confirmation(claim: Claim, given: Given) -> None:
    claim.confirmed = True


def _reprise(claim: Claim, given: Given) -> None:
    record_reprise(claim, given.reprise)


def _reason(claim: Claim, given: Given) -> None:
    claim.reject_reason = given.reason


def _unconfirm(claim: Claim, given: Given) -> None:
    # A rejected draft is no longer a confirmed claim: the API and the exports must not say both.
    claim.confirmed = False


def _done_for_every_action(claim: Claim, given: Given) -> None:
    """The pieces are recomputed (service.refresh) and the claim's previous state kept (the audit entry's
    `before`) after every action: declaring these effects documents them, there is nothing more to do."""


EFFECTS: dict[StatusEffect, Callable[[Claim, Given], None]] = {
    StatusEffect.ENREGISTRER_CONFIRMATION: _confirmation,
    StatusEffect.ENREGISTRER_REPRISE: _reprise,
    StatusEffect.ENREGISTRER_MOTIF: _reason,
    StatusEffect.RETIRER_CONFIRMATION: _unconfirm,
    StatusEffect.RECALCULER_PIECES: _done_for_every_action,
    StatusEffect.CONSERVER_HISTORIQUE: _done_for_every_action,
}
assert set(EFFECTS) == set(StatusEffect), "every effect the rules may name has its implementation"


def apply_effects(claim: Claim, effects: Iterable[str], given: Given) -> None:
    for effect in effects:
        EFFECTS[StatusEffect(effect)](claim, given)
