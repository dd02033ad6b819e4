"""Errors as people and programs read them: a French HTML page for the desk, JSON with a stable
machine `code` and a French `message` for the API (`detail` kept: clients of contract.md read it)."""

from __future__ import annotations

from enum import StrEnum
from http import HTTPStatus

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException


class ErrorCode(StrEnum):
    """Stable machine codes of API errors; the `message` beside them is French and may change."""

    INVALID = "requete_invalide"
    UNAUTHENTICATED = "authentification_requise"
    FORBIDDEN = "interdit"
    NOT_FOUND = "introuvable"
    METHOD = "methode_non_permise"
    REFUSED = "action_refusee"
    TOO_LARGE = "trop_volumineux"
    TOO_MANY = "trop_de_tentatives"
    UNAVAILABLE = "indisponible"
    ERROR = "erreur"


CODES = {400: ErrorCode.INVALID, 401: ErrorCode.UNAUTHENTICATED, 403: ErrorCode.FORBIDDEN, 404: ErrorCode.NOT_FOUND,
         405: ErrorCode.METHOD, 409: ErrorCode.REFUSED, 413: ErrorCode.TOO_LARGE, 422: ErrorCode.INVALID,
         429: ErrorCode.TOO_MANY, 503: ErrorCode.UNAVAILABLE}
MESSAGES = {400: "Requête invalide.", 401: "Authentification requise.", 403: "Accès refusé.",
            404: "Introuvable (ou hors de vos collectivités).", 405: "Méthode non permise pour cette adresse.",
            409: "Action refusée.", 413: "Requête trop volumineuse.", 422: "Requête invalide.",
            429: "Trop de tentatives : réessayez plus tard.", 503: "Service momentanément indisponible."}
TITLES = {404: "Page introuvable", 403: "Accès refusé", 401: "Connexion requise", 409: "Action refusée",
          422: "Demande invalide", 405: "Demande invalide", 413: "Envoi trop volumineux"}

# Pydantic's error types, in French; the field is named beside the message, never the value sent.
VALIDATION_MESSAGES = {
    "missing": "champ obligatoire", "extra_forbidden": "champ inconnu",
    "int_parsing": "nombre entier attendu", "int_type": "nombre entier attendu",
    "float_parsing": "nombre attendu", "bool_parsing": "oui/non (true/false) attendu",
    "string_type": "texte attendu", "date_parsing": "date attendue (AAAA-MM-JJ)",
    "date_from_datetime_parsing": "date attendue (AAAA-MM-JJ)", "date_type": "date attendue (AAAA-MM-JJ)",
    "json_invalid": "JSON invalide", "model_attributes_type": "objet JSON attendu", "dict_type": "objet JSON attendu",
    "list_type": "liste attendue", "enum": "valeur inconnue", "literal_error": "valeur inconnue",
}


def _validation_message(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in VALIDATION_MESSAGES:
        return VALIDATION_MESSAGES[kind]
    if kind == "string_too_long":
        return f"texte trop long (au plus {ctx.get('max_length')} caractères)"
    if kind == "string_too_short":
        return "texte vide" if ctx.get("min_length") == 1 else f"texte trop court (au moins {ctx.get('min_length')} caractères)"
    if kind == "too_long":
        return f"trop d'éléments (au plus {ctx.get('max_length')})"
    if kind in ("greater_than_equal", "greater_than"):
        return f"valeur trop petite (minimum {ctx.get('ge', ctx.get('gt'))})"
    if kind in ("less_than_equal", "less_than"):
        return f"valeur trop grande (maximum {ctx.get('le', ctx.get('lt'))})"
    if kind == "value_error":  # our own validators raise French messages (limits.SafeText)
        return str(ctx.get("error") or "valeur invalide")
    return "valeur invalide"


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "requête"


def wants_json(request: Request) -> bool:
    """The API and machine endpoints answer JSON; every other address is a page a person reads."""
    path = request.url.path
    return path.startswith(("/api", "/openapi", "/healthz", "/readyz", "/metrics"))


def error_page(request: Request, status: int, message: str, headers: dict | None = None) -> HTMLResponse:
    context = {"request": request, "user": None, "csrf": "", "flash": "", "status": status,
               "title": TITLES.get(status, "Erreur"), "message": message}
    return request.app.state.templates.TemplateResponse(request, "error.html", context, status_code=status,
                                                        headers=headers)


def _message(status: int, detail) -> str:
    if isinstance(detail, str) and detail:
        try:
            english = HTTPStatus(status).phrase
        except ValueError:
            english = None
        if detail != english:  # Starlette's own defaults (« Not Found ») are English: use ours
            return MESSAGES[404] if detail == ErrorCode.NOT_FOUND else detail
    return MESSAGES.get(status, "Erreur.")


async def http_error(request: Request, exc: HTTPException) -> Response:
    message = _message(exc.status_code, exc.detail)
    headers = getattr(exc, "headers", None)
    if wants_json(request):
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail else message
        if exc.status_code == 422:  # one shape for every 422 (the schema's HTTPValidationError): a list
            detail = [{"loc": [], "msg": message, "type": "value_error"}]
        return JSONResponse({"code": CODES.get(exc.status_code, ErrorCode.ERROR), "message": message, "detail": detail},
                            status_code=exc.status_code, headers=headers)
    return error_page(request, exc.status_code, message, headers)


async def validation_error(request: Request, error: RequestValidationError) -> Response:
    """422 naming the fields and why in French, without the values sent (a 100 MB body is not echoed back)."""
    detail = [{"loc": list(e.get("loc", ())), "msg": _validation_message(e), "type": e.get("type", "")}
              for e in error.errors()][:20]
    summary = "; ".join(f"{_field(d['loc'])} : {d['msg']}" for d in detail)
    if wants_json(request):
        return JSONResponse({"code": ErrorCode.INVALID, "message": f"Requête invalide — {summary}.", "detail": detail},
                            status_code=422)
    if any(d["loc"][:1] == ["path"] for d in detail):  # /messages/abc: no such page, not a form to fix
        return error_page(request, 404, MESSAGES[404])
    return error_page(request, 422, f"Demande invalide — {summary}.")
