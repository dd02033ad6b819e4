"""The JSON API of contract.md under /api: thin routes that parse, call a service and present."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from intake.claims import lookup
from intake.claims.corrections import Correction, correct
from intake.claims.service import ActionRefused, act, lock_claim
from intake.rules import RuleSet
from intake.web.auth import DB, ApiCaller
from intake.web.deps import Rules
from intake.web.limits import MAX_ID, NO_NUL, SafeText
from intake.web.present import claim_detail, claim_summary, message_detail, outbox_item
from intake.web.queue import Filters, queue_page, valid_cursor
from intake.web.scope import get_claim, get_message

router = APIRouter(prefix="/api", tags=["api"], responses={401: {"description": "authentification requise"}})


class PeriodOut(BaseModel):
    start: str
    end: str | None
    nature: str


class DocumentOut(BaseModel):
    kind: str
    filename: str


class ClaimOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    reference: str | None
    status: str
    collectivite: str | None
    agent: str | None
    category: str | None
    periods: list[PeriodOut]
    documents: list[DocumentOut]
    missing_documents: list[str]
    flags: list[str]
    deadlines: dict[str, Any]


class ClaimDetailOut(ClaimOut):
    messages: list[dict[str, Any]]
    history: list[dict[str, Any]]


class RejectIn(BaseModel):
    reason: SafeText = Field(min_length=1, max_length=2000)


class CloseIn(BaseModel):
    reprise: date


class RequalifyIn(BaseModel):
    category: SafeText = Field(min_length=1, max_length=40)


class DocumentKindIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int = Field(ge=1, le=MAX_ID)
    kind: SafeText = Field(max_length=40)


class CorrectIn(BaseModel):
    # An unknown field (« periods ») is refused (422), not ignored: the caller would believe it applied.
    model_config = ConfigDict(extra="forbid")

    agent: SafeText | None = Field(default=None, max_length=32, description="matricule dans la collectivité")
    category: SafeText | None = Field(default=None, max_length=40)
    date_survenance: date | None = None
    documents: list[DocumentKindIn] = Field(default_factory=list, max_length=100,
                                            description="nouveau type de pièces du sinistre (id, kind)")


Filter = Annotated[SafeText | None, Query(max_length=200, pattern=NO_NUL)]
NOT_FOUND = {404: {"description": "introuvable (ou hors de vos collectivités)"}}
REFUSED = {409: {"description": "action refusée par les règles ; le motif est en français"}}


@router.get("/claims", response_model=list[ClaimOut], responses={404: {"description": "curseur invalide"}})
def list_claims(caller: ApiCaller, session: DB, rules: Rules, response: Response, status: Filter = None,
                collectivite: Filter = None, agent: Filter = None, category: Filter = None,
                flag: Filter = None, q: Filter = None, after: Filter = None,
                limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> list[dict[str, Any]]:
    """Claims newest first; the next page's cursor (if any) is in the X-Next-Cursor header (?after=)."""
    if after and not valid_cursor(after):
        # The page a cursor we never gave names does not exist (and an overflowing id must not reach the query).
        raise HTTPException(404, "curseur invalide : reprenez à la première page")
    claims, cursor = queue_page(session, caller, Filters(status=status, collectivite=collectivite, agent=agent,
                                                         category=category, flag=flag, q=q), after=after, limit=limit)
    if cursor:
        response.headers["X-Next-Cursor"] = cursor
    return [claim_summary(c, rules) for c in claims]


@router.get("/claims/{reference}", response_model=ClaimDetailOut, responses=NOT_FOUND)
def one_claim(reference: str, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    claim = get_claim(session, caller, reference, full=True)
    return claim_detail(session, claim, rules)


def _act(session, caller, rules: RuleSet, reference: str, action: str, **kwargs) -> dict[str, Any]:
    lock_claim(session, reference=reference)  # before reading: the action is decided on the state it changes
    claim = get_claim(session, caller, reference, full=True)
    try:
        decision = act(session, claim, action=action, by=caller.email, rules=rules, **kwargs)
    except ActionRefused as refused:
        session.rollback()
        raise HTTPException(409, str(refused)) from None
    session.commit()
    out = claim_detail(session, claim, rules)
    out["decision"] = {"reasons": list(decision.reasons), "status": decision.value}
    return out


@router.post("/claims/{reference}/confirm", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def confirm(reference: str, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    return _act(session, caller, rules, reference, "confirmer")


@router.post("/claims/{reference}/reject", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def reject(reference: str, body: RejectIn, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    return _act(session, caller, rules, reference, "rejeter", reason=body.reason)


@router.post("/claims/{reference}/close", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def close(reference: str, body: CloseIn, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    return _act(session, caller, rules, reference, "clore", reprise=body.reprise)


@router.post("/claims/{reference}/requalify", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def requalify(reference: str, body: RequalifyIn, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    return _act(session, caller, rules, reference, "requalifier", category=body.category)


@router.post("/claims/{reference}/correct", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def correct_claim(reference: str, body: CorrectIn, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    """Correct the draft: agent (matricule), category (drafts only), date de survenance, document kinds."""
    lock_claim(session, reference=reference)
    claim = get_claim(session, caller, reference, full=True)
    try:
        correct(session, claim, Correction(agent=body.agent, category=body.category, event_date=body.date_survenance,
                                           document_kinds={d.id: d.kind for d in body.documents}), by=caller.email, rules=rules)
    except ActionRefused as refused:
        session.rollback()
        raise HTTPException(409, str(refused)) from None
    session.commit()
    return claim_detail(session, claim, rules)


@router.get("/messages/{message_id}", responses=NOT_FOUND)
def one_message(message_id: int, caller: ApiCaller, session: DB) -> dict[str, Any]:
    return message_detail(session, get_message(session, caller, message_id), caller.visible)


@router.get("/outbox")
def outbox(caller: ApiCaller, session: DB, status: Filter = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:
    """Mail sent and waiting, newest first, with the claim and step each belongs to."""
    return [outbox_item(mail, reference)
            for mail, reference in lookup.outbox(session, visible=caller.visible, status=status, limit=limit)]
