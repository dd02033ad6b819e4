"""Facts and plans the reply tests share: a varied cast, none taken from the samples."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from email import message_from_string, policy
from email.message import EmailMessage

from intake.replies.choose import ClaimSummary, ReplyFacts

SENDER = "drh@mairie-saint-orens.fr"
COLLECTIVITE = "Mairie de Saint-Orens"
AGENT = "LEFEBVRE-NGUYEN Aurélie"
NIR = "2870931555123"
START, END, DUE, DECL_DUE = date(2025, 2, 3), date(2025, 2, 21), date(2025, 5, 6), date(2025, 5, 4)


def claim(**changes) -> ClaimSummary:
    base = ClaimSummary(
        reference="SIN-2025-00412", agent_identified=True, agent_name=AGENT, category="accident_service",
        nature="initial", period_start=START, period_end=END,
        missing=("enquete_administrative", "declaration_accident"), pieces_due=DUE, declaration_due=DECL_DUE,
    )
    return replace(base, **changes)


def facts(*claims: ClaimSummary, **changes) -> ReplyFacts:
    base = ReplyFacts(intent="declaration", automatic=False, sender=SENDER, sender_known=True,
                      collectivite_name=COLLECTIVITE, claims=claims or (claim(),))
    return replace(base, **changes)


def parsed(raw: str) -> EmailMessage:
    return message_from_string(raw, policy=policy.default)


def bodies(raw: str) -> tuple[str, str]:
    message = parsed(raw)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html
