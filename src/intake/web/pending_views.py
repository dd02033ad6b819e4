"""« À vérifier » on the desk and in the API: changes to claims proposed by unregistered senders, applied
or dismissed only by a handler of the claim's collectivité (the audit names them)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from intake.claims import pending
from intake.claims.lookup import reference_of
from intake.claims.service import ActionRefused
from intake.rules import RuleSet
from intake.store.pending import PendingChange
from intake.web.auth import DB, ApiCaller, Caller, PageCaller
from intake.web.deps import Rules
from intake.web.page import checked_form, redirect, render
from intake.web.scope import not_found

api_router = APIRouter(prefix="/api", tags=["api"], responses={401: {"description": "authentification requise"}})
page_router = APIRouter(include_in_schema=False)
_MAX_ID = 2**31


def as_dict(session, row: PendingChange) -> dict[str, Any]:
    return {"id": row.id, "claim": reference_of(session, claim_id=row.claim_id), "message_id": row.message_id,
            "sender": row.sender, "reason": row.reason, "status": row.status, "proposal": row.proposal,
            "description": pending.describe(row), "created_at": row.created_at.isoformat(),
            "decided_by": row.decided_by}


def _get(session, caller: Caller, pending_id: int) -> PendingChange:
    row = pending.get_visible(session, caller.visible, pending_id) if 0 < pending_id < _MAX_ID else None
    if row is None:
        raise not_found()
    return row


def _decide(session, caller: Caller, rules: RuleSet, pending_id: int, apply: bool) -> PendingChange:
    row = _get(session, caller, pending_id)
    try:
        if apply:
            pending.apply(session, row, by=caller.email, rules=rules)
        else:
            pending.dismiss(session, row, by=caller.email)
    except ActionRefused as refused:
        session.rollback()
        raise HTTPException(409, str(refused)) from None
    session.commit()
    return row


@api_router.get("/pending")
def list_pending(caller: ApiCaller, session: DB) -> list[dict[str, Any]]:
    """Changes waiting for a handler (« à vérifier »), newest first."""
    return [as_dict(session, row) for row in pending.waiting(session, caller.visible)]


@api_router.post("/pending/{pending_id}/apply", responses={404: {"description": "introuvable"},
                                                          409: {"description": "déjà traitée"}})
def apply_pending(pending_id: int, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    return as_dict(session, _decide(session, caller, rules, pending_id, True))


@api_router.post("/pending/{pending_id}/dismiss", responses={404: {"description": "introuvable"},
                                                            409: {"description": "déjà traitée"}})
def dismiss_pending(pending_id: int, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    return as_dict(session, _decide(session, caller, rules, pending_id, False))


@page_router.get("/a-verifier", response_class=HTMLResponse)
def pending_page(request: Request, caller: PageCaller, session: DB):
    rows = [as_dict(session, row) for row in pending.waiting(session, caller.visible)]
    return render(request, caller, "pending.html", rows=rows)


async def _form_decide(request: Request, caller: Caller, session, rules: RuleSet, pending_id: int, apply: bool):
    await checked_form(request, caller)
    try:
        row = _decide(session, caller, rules, pending_id, apply)
    except HTTPException as error:
        if error.status_code != 409:
            raise
        return redirect(request, "/a-verifier", str(error.detail))
    done = "Modification appliquée" if apply else "Modification écartée"
    return redirect(request, "/a-verifier", f"{done} ({reference_of(session, claim_id=row.claim_id)}).")


@page_router.post("/a-verifier/{pending_id}/appliquer")
async def apply_form(pending_id: int, request: Request, caller: PageCaller, session: DB, rules: Rules):
    return await _form_decide(request, caller, session, rules, pending_id, True)


@page_router.post("/a-verifier/{pending_id}/ecarter")
async def dismiss_form(pending_id: int, request: Request, caller: PageCaller, session: DB, rules: Rules):
    return await _form_decide(request, caller, session, rules, pending_id, False)
