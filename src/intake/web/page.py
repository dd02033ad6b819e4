"""What every page shares: rendering with the user, CSRF token and flash notice; form CSRF checks."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, unquote

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from intake.claims.service import ActionRefused
from intake.web.auth import Caller, Visitor, csrf_ok, csrf_token, is_secure, visitor_of
from intake.web.limits import BAD_TEXT, storable

FLASH = "intake_flash"


def render(request: Request, caller: Caller | None, name: str, status_code: int = 200, visitor: Visitor | None = None,
           **context: Any) -> HTMLResponse:
    visitor = visitor or (caller.visitor if caller else visitor_of(request))
    context.update(request=request, user=caller.user if caller else None,
                   csrf=csrf_token(request.app.state.key, visitor) if visitor else "",
                   flash=unquote(request.cookies.get(FLASH, ""))[:500])
    response = request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)
    if context["flash"]:
        response.delete_cookie(FLASH, path="/")
    return response


def redirect(request: Request, url: str, flash: str | None = None) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    if flash:
        # The cookie only carries our own French text from one page to the next; it is escaped when shown.
        response.set_cookie(FLASH, quote(flash[:400]), httponly=True, samesite="lax", secure=is_secure(request),
                            path="/", max_age=60)
    return response


async def checked_form(request: Request, caller: Caller | None) -> dict[str, str]:
    """The posted form, after its CSRF token was checked against the session (403 otherwise)."""
    form = await request.form()
    visitor = caller.visitor if caller else visitor_of(request)
    if not csrf_ok(request.app.state.key, visitor, form.get("csrf")):
        raise HTTPException(403, "Formulaire expiré ou invalide : rechargez la page.")
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    if not all(storable(k) and storable(v) for k, v in values.items()):
        raise HTTPException(422, BAD_TEXT)
    return values


def form_date(value: str | None, label: str) -> date | None:
    """A date field of a desk form (AAAA-MM-JJ, empty: none); a wrong one refuses the action with its label."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ActionRefused(f"{label} « {value} » invalide (AAAA-MM-JJ).") from None
