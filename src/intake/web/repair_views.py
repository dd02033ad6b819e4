"""The repair actions on the desk and the API: attach a message to a claim, move a piece, merge two claims,
split one, add or remove a period. Thin routes: parse, look up within the caller's collectivités (else 404), call
claims/repair.py, present; a refusal is a 409 (API) or a « Refusé : » notice (desk)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from intake.claims import lookup, repair
from intake.claims.service import ActionRefused, lock_claim
from intake.rules import RuleSet
from intake.store.claims import Claim
from intake.web.api import ClaimDetailOut
from intake.web.auth import DB, ApiCaller, Caller, PageCaller
from intake.web.deps import Blobs, Rules
from intake.web.limits import MAX_ID, SafeText
from intake.web.page import checked_form, form_date, redirect
from intake.web.present import claim_detail
from intake.web.scope import get_claim, get_document, get_message

api_router = APIRouter(prefix="/api", tags=["api"], responses={401: {"description": "authentification requise"}})
page_router = APIRouter(include_in_schema=False)
NOT_FOUND = {404: {"description": "introuvable (ou hors de vos collectivités)"}}
REFUSED = {409: {"description": "action refusée ; le motif est en français"}}
Reference = SafeText


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # an unknown field is an error, never silently ignored


class AttachIn(Strict):
    message_id: int = Field(ge=1, le=MAX_ID)


class MoveIn(Strict):
    document_id: int = Field(ge=1, le=MAX_ID)
    target: Reference = Field(min_length=1, max_length=40, description="référence du sinistre d'arrivée")


class MergeIn(Strict):
    into: Reference = Field(min_length=1, max_length=40, description="référence du sinistre qui reste")


class SplitIn(Strict):
    documents: list[int] = Field(default_factory=list, max_length=200, description="pièces du nouveau sinistre (n°)")
    periods: list[int] = Field(default_factory=list, max_length=200, description="périodes du nouveau sinistre (n°)")
    agent: SafeText | None = Field(default=None, max_length=40,
                                   description="matricule de l'agent du nouveau sinistre (vide : à identifier)")


class PeriodIn(Strict):
    start: date
    end: date | None = None
    nature: SafeText = Field(max_length=16)
    received_on: date | None = Field(default=None, description="reçue le (défaut : date de déclaration)")


# --- what both the desk and the API do ------------------------------------------------------------

def _locked(session, caller: Caller, *references: str) -> list[Claim]:
    """Lock the claims in one order (by reference) so two merges crossing each other cannot deadlock."""
    for reference in sorted({r.strip().upper() for r in references}):
        lock_claim(session, reference=reference)
    session.expire_all()  # what was read before the locks (a 404 check) is read again, as it is now
    return [get_claim(session, caller, r, full=True) for r in references]


def do_attach(session, caller: Caller, blobs, rules: RuleSet, reference: str, message_id: int) -> tuple[str, str]:
    message = get_message(session, caller, message_id)
    # 404 before reading the mail again; only the id, so the claim is loaded after its lock, not before.
    if len(reference) > 40 or lookup.visible_reference(session, reference=reference, visible=caller.visible) is None:
        raise HTTPException(404, "introuvable")
    files = repair.message_files(blobs, message)  # OCR of scans may take seconds: not while holding the claim
    (claim,) = _locked(session, caller, reference)
    added = repair.attach_message(session, claim=claim, message=message, files=files, by=caller.email,
                                  rules=rules)
    return claim.reference, f"Message rattaché à {claim.reference} : {added} pièce(s) ajoutée(s)."


def do_move(session, caller: Caller, rules: RuleSet, document_id: int, target: str) -> tuple[str, str]:
    document = get_document(session, caller, document_id)
    source_ref = lookup.reference_of(session, claim_id=document.claim_id)
    source, claim = _locked(session, caller, source_ref, target)
    document = next(d for d in source.documents if d.id == document_id)
    repair.move_document(session, document=document, target=claim, by=caller.email, rules=rules)
    return source.reference, f"Pièce « {document.filename} » déplacée vers {claim.reference}."


def do_merge(session, caller: Caller, rules: RuleSet, reference: str, into: str) -> tuple[str, str]:
    source, target = _locked(session, caller, reference, into)
    repair.merge(session, source=source, target=target, by=caller.email, rules=rules)
    return target.reference, f"{source.reference} fusionné dans {target.reference}."


def do_split(session, caller: Caller, rules: RuleSet, reference: str, body: SplitIn) -> tuple[str, str]:
    (claim,) = _locked(session, caller, reference)
    agent = None
    if body.agent and body.agent.strip():
        [agent] = lookup.agents_by_matricule(session, collectivite_id=claim.collectivite_id,
                                             matricules=[body.agent.strip()]) or [None]
        if agent is None:
            raise ActionRefused(f"Aucun agent de matricule « {body.agent.strip()} » dans la collectivité du sinistre.")
    new = repair.split(session, claim=claim, document_ids=set(body.documents), period_ids=set(body.periods),
                       agent=agent, by=caller.email, rules=rules)
    return new.reference, f"{claim.reference} scindé : {new.reference} créé avec les pièces et périodes choisies."


def do_add_period(session, caller: Caller, rules: RuleSet, reference: str, body: PeriodIn) -> tuple[str, str]:
    (claim,) = _locked(session, caller, reference)
    repair.add_period(session, claim=claim, start=body.start, end=body.end, nature=body.nature, by=caller.email,
                      rules=rules, received_on=body.received_on)
    return claim.reference, f"Période du {body.start:%d/%m/%Y} ajoutée."


def do_remove_period(session, caller: Caller, rules: RuleSet, reference: str, period_id: int) -> tuple[str, str]:
    (claim,) = _locked(session, caller, reference)
    repair.remove_period(session, claim=claim, period_id=period_id, by=caller.email, rules=rules)
    return claim.reference, "Période retirée."


def repair_context(session, caller: Caller, claim: Claim) -> dict[str, Any]:
    """What the claim page needs for its repair forms: duplicate warnings and the agent's other claims."""
    others = lookup.others_of_agent(session, claim=claim, visible=caller.visible)
    return {"duplicates": repair.duplicates_of(session, [claim]).get(claim.id, []), "same_agent": others}


# --- API --------------------------------------------------------------------------------------------

def _api(session, work) -> str:
    try:
        reference, _ = work()
    except ActionRefused as refused:
        session.rollback()
        raise HTTPException(409, str(refused)) from None
    session.commit()
    return reference


def _detail(session, caller, rules: RuleSet, reference: str) -> dict[str, Any]:
    return claim_detail(session, get_claim(session, caller, reference, full=True), rules)


@api_router.post("/claims/{reference}/messages", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def api_attach(reference: str, body: AttachIn, caller: ApiCaller, session: DB, rules: Rules,
               blobs: Blobs) -> dict[str, Any]:
    """Rattacher un message (et ses pièces) au sinistre ; même collectivité seulement."""
    ref = _api(session, lambda: do_attach(session, caller, blobs, rules, reference, body.message_id))
    return _detail(session, caller, rules, ref)


@api_router.post("/claims/{reference}/documents/move", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def api_move(reference: str, body: MoveIn, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    """Déplacer une pièce de ce sinistre vers un autre de la même collectivité ; renvoie le sinistre d'arrivée."""
    document = get_document(session, caller, body.document_id)
    if lookup.reference_of(session, claim_id=document.claim_id) != reference.strip().upper():
        raise HTTPException(404, "introuvable")
    _api(session, lambda: do_move(session, caller, rules, body.document_id, body.target))
    return _detail(session, caller, rules, body.target)


@api_router.post("/claims/{reference}/merge", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def api_merge(reference: str, body: MergeIn, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    """Fusionner ce sinistre dans `into` (même agent) ; il finit rejeté « fusionné dans … »."""
    ref = _api(session, lambda: do_merge(session, caller, rules, reference, body.into))
    return _detail(session, caller, rules, ref)


@api_router.post("/claims/{reference}/split", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def api_split(reference: str, body: SplitIn, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    """Scinder : les pièces et périodes choisies forment un nouveau brouillon (renvoyé), pour `agent` ou à identifier."""
    ref = _api(session, lambda: do_split(session, caller, rules, reference, body))
    return _detail(session, caller, rules, ref)


@api_router.post("/claims/{reference}/periods", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def api_add_period(reference: str, body: PeriodIn, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    ref = _api(session, lambda: do_add_period(session, caller, rules, reference, body))
    return _detail(session, caller, rules, ref)


@api_router.delete("/claims/{reference}/periods/{period_id}", response_model=ClaimDetailOut, responses=NOT_FOUND | REFUSED)
def api_remove_period(reference: str, period_id: int, caller: ApiCaller, session: DB, rules: Rules) -> dict[str, Any]:
    ref = _api(session, lambda: do_remove_period(session, caller, rules, reference, period_id))
    return _detail(session, caller, rules, ref)


# --- desk forms -----------------------------------------------------------------------------------------

def _claim_url(reference: str) -> str:
    return f"/sinistres/{quote(reference)}"


def _page(request: Request, session, back: str, work):
    try:
        reference, notice = work()
    except ActionRefused as refused:
        session.rollback()
        return redirect(request, back, f"Refusé : {refused}")
    except HTTPException as missing:
        if missing.status_code != 404:
            raise
        session.rollback()  # a reference typed in a form: the handler is told, on the page they were on
        return redirect(request, back, "Refusé : sinistre introuvable dans vos collectivités.")
    session.commit()
    return redirect(request, _claim_url(reference), notice)


def _int(value: str | None) -> int:
    try:
        number = int(value or "")
    except ValueError:
        raise HTTPException(422, "Formulaire illisible.") from None
    if not 0 < number < 2**31:
        raise HTTPException(404, "introuvable")
    return number


@page_router.post("/messages/{message_id}/rattacher")
async def page_attach(message_id: int, request: Request, caller: PageCaller, session: DB, rules: Rules,
                      blobs: Blobs):
    form = await checked_form(request, caller)
    get_message(session, caller, message_id)
    reference = (form.get("reference") or "").strip()
    return _page(request, session, f"/messages/{message_id}",
                 lambda: do_attach(session, caller, blobs, rules, reference, message_id))


@page_router.post("/pieces/{document_id}/deplacer")
async def page_move(document_id: int, request: Request, caller: PageCaller, session: DB, rules: Rules):
    form = await checked_form(request, caller)
    document = get_document(session, caller, document_id)
    back = _claim_url(lookup.reference_of(session, claim_id=document.claim_id))
    target = (form.get("target") or "").strip()
    return _page(request, session, back, lambda: do_move(session, caller, rules, document_id, target))


@page_router.post("/sinistres/{reference}/reparer/fusionner")
async def page_merge(reference: str, request: Request, caller: PageCaller, session: DB, rules: Rules):
    form = await checked_form(request, caller)
    get_claim(session, caller, reference)
    into = (form.get("into") or "").strip()
    return _page(request, session, _claim_url(reference), lambda: do_merge(session, caller, rules, reference, into))


@page_router.post("/sinistres/{reference}/reparer/scinder")
async def page_split(reference: str, request: Request, caller: PageCaller, session: DB, rules: Rules):
    form = await checked_form(request, caller)
    get_claim(session, caller, reference)
    chosen = {kind: [_int(key.split("_", 1)[1]) for key, value in form.items() if key.startswith(f"{kind}_") and value]
              for kind in ("piece", "periode")}
    body = SplitIn.model_construct(documents=chosen["piece"], periods=chosen["periode"],
                                   agent=(form.get("agent") or "").strip() or None)
    return _page(request, session, _claim_url(reference), lambda: do_split(session, caller, rules, reference, body))


@page_router.post("/sinistres/{reference}/reparer/ajouter-periode")
async def page_add_period(reference: str, request: Request, caller: PageCaller, session: DB, rules: Rules):
    form = await checked_form(request, caller)
    get_claim(session, caller, reference)

    def work():
        start = form_date(form.get("start"), "début")
        if start is None:
            raise ActionRefused("La date de début de la période est nécessaire.")
        body = PeriodIn.model_construct(start=start, end=form_date(form.get("end"), "fin"),
                                        nature=form.get("nature") or "", received_on=form_date(form.get("received_on"), "reçue le"))
        return do_add_period(session, caller, rules, reference, body)

    return _page(request, session, _claim_url(reference), work)


@page_router.post("/sinistres/{reference}/reparer/retirer-periode")
async def page_remove_period(reference: str, request: Request, caller: PageCaller, session: DB, rules: Rules):
    form = await checked_form(request, caller)
    get_claim(session, caller, reference)
    period_id = _int(form.get("period"))
    return _page(request, session, _claim_url(reference), lambda: do_remove_period(session, caller, rules, reference, period_id))
