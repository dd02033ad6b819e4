"""Outcomes that end a message's drafting: raised by drafting, caught by the pipeline runner alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from intake.domain import DraftOutcome, NoReply

if TYPE_CHECKING:
    from intake.store.models import Collectivite


class Stop(Exception):  # noqa: N818 (an outcome, not an error: Mailman's DiscardMessage is named so too)
    """Nothing (more) is drafted for this message; `outcome` is kept on it, `collectivite` when known."""

    def __init__(self, outcome: DraftOutcome, collectivite: Collectivite | None = None) -> None:
        super().__init__(outcome)
        self.outcome = outcome
        self.collectivite = collectivite


class Ignore(Stop):
    """Nothing to draft and nothing to tell: the message's processing ends here, with `no_reply` saying why
    no reply goes (an automatic mail, a replay of a message already drafted)."""

    def __init__(self, outcome: DraftOutcome, collectivite: Collectivite | None = None, *,
                 no_reply: NoReply) -> None:
        super().__init__(outcome, collectivite)
        self.no_reply = no_reply


class HoldForReview(Stop):
    """Nothing is drafted; a handler looks at the message (an unknown or unauthenticated sender, a question,
    a mail about nothing we file). The sender is still answered: the stages after drafting run."""
