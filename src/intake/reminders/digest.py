"""The daily digest of one collectivité: every claim awaiting pieces or a date de reprise, in one mail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from intake.mail.compose import ComposedMail, compose
from intake.replies import ReplyPlan
from intake.rules import RuleSet, document_label
from intake.settings import Settings
from intake.reminders.plan import REPRISE, OpenClaim, ReminderItem

KIND = "digest"  # mail_templates/digest.txt and digest.html


def _labels(rules: RuleSet, kinds: Sequence[str]) -> list[str]:
    labels = []
    for kind in kinds:
        try:
            labels.append(document_label(rules, kind))
        except ValueError:  # a kind the rules no longer know: still name it rather than drop it
            labels.append(kind)
    return labels


def digest_plan(rules: RuleSet, *, to: str, collectivite: str | None, items: Sequence[ReminderItem],
                awaiting: Sequence[OpenClaim], claims: dict[int, OpenClaim]) -> ReplyPlan:
    """The digest's template context. Claims with a reminder step today come first, then the other
    claims still awaiting pieces, then the dates de reprise asked for."""
    reminded = {item.claim_id: item for item in items if item.step != REPRISE}
    relances = []
    for item in sorted(reminded.values(), key=lambda i: i.reference):
        relances.append({"reference": item.reference, "agent": claims[item.claim_id].agent,
                         "missing": _labels(rules, item.missing_documents), "pieces_due": item.pieces_due,
                         "step": item.step, "last": item.states_forfeiture})
    others = [{"reference": c.reference, "agent": c.agent, "missing": _labels(rules, c.missing),
               "pieces_due": c.pieces_due}
              for c in sorted(awaiting, key=lambda c: c.reference) if c.id not in reminded]
    reprises = [{"reference": item.reference, "agent": claims[item.claim_id].agent, "period_end": item.period_end}
                for item in sorted(items, key=lambda i: i.reference) if item.step == REPRISE]
    references = {entry["reference"] for entry in relances + others + reprises}
    single = next(iter(references)) if len(references) == 1 else None
    context = {"collectivite": collectivite, "relances": relances, "others": others, "reprises": reprises,
               "single_reference": single, "count": len(references)}
    return ReplyPlan(kind=KIND, to=to, claim_reference=single, context=context)


def compose_digest(plan: ReplyPlan, *, settings: Settings, now: datetime | None = None,
                   key: bytes | None = None) -> ComposedMail:
    """One claim: sent from its plus-address with [reference] in the subject, so a plain reply threads.
    Several: from the mailbox, and the mail asks for one reply per claim with its reference in the subject."""
    return compose(plan, settings=settings, now=now, key=key)
