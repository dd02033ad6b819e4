"""The admin's pages: who handles which collectivités (assignments), the desk's settings (the bulk
confirmation threshold); both audited. Others get 404."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from intake.claims import bulk
from intake.claims.service import ActionRefused
from intake.domain import UserRole
from intake.web.accounts import UserError, assign, list_users, unassign
from intake.web.auth import DB, Caller, PageCaller
from intake.web.page import checked_form, redirect, render
from intake.web.scope import not_found, visible_collectivite_list

router = APIRouter(include_in_schema=False)


def _admin(caller: Caller) -> None:
    if caller.user.role != UserRole.ADMIN:
        raise not_found()


@router.get("/admin/affectations", response_class=HTMLResponse)
def assignments(request: Request, caller: PageCaller, session: DB):
    _admin(caller)
    return render(request, caller, "assignments.html", users=list_users(session),
                  collectivites=visible_collectivite_list(session, caller))


@router.post("/admin/affectations")
async def change_assignment(request: Request, caller: PageCaller, session: DB):
    _admin(caller)
    form = await checked_form(request, caller)
    email, code = form.get("email", ""), form.get("code", "")
    try:
        if form.get("do") == "retirer":
            done = unassign(session, email, code, by=caller.email)
            message = f"{code} retirée à {email}." if done else "Rien à retirer."
        else:
            done = assign(session, email, [code], by=caller.email)
            message = f"{code} confiée à {email}." if done else "Déjà confiée."
    except UserError as error:
        session.rollback()
        return redirect(request, "/admin/affectations", f"Refusé : {error}")
    session.commit()
    return redirect(request, "/admin/affectations", message)


@router.get("/admin/reglages", response_class=HTMLResponse)
def settings_page(request: Request, caller: PageCaller, session: DB):
    _admin(caller)
    return render(request, caller, "settings.html", threshold=bulk.threshold(session), minimum=bulk.MINIMUM,
                  batch=bulk.BATCH)


@router.post("/admin/reglages")
async def change_settings(request: Request, caller: PageCaller, session: DB):
    _admin(caller)
    form = await checked_form(request, caller)
    raw = (form.get("seuil") or "").strip().replace(",", ".").rstrip("% ")
    try:
        try:
            value = None if form.get("do") == "desactiver" or not raw else float(raw) / 100
        except ValueError:
            raise ActionRefused(f"Seuil « {raw} » illisible : un pourcentage, par exemple 95.") from None
        bulk.set_threshold(session, value, by=caller.email)
    except ActionRefused as refused:
        session.rollback()
        return redirect(request, "/admin/reglages", f"Refusé : {refused}")
    session.commit()
    notice = "Confirmation groupée désactivée." if value is None else \
        f"Seuil de confirmation groupée : {value * 100:g} %."
    return redirect(request, "/admin/reglages", notice)
