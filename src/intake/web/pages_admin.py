"""The admin's page: who handles which collectivités (assignments, audited). Others get 404."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

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
