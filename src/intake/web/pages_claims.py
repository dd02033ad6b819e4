"""The work queue and the claim page with its actions (confirm, correct, reject, close, requalify)."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from intake.claims import bulk, lookup
from intake.claims.corrections import Correction, correct
from intake.claims.repair import duplicates_of
from intake.claims.service import ActionRefused, act, lock_claim
from intake.domain import ClaimStatus, DocumentKind, Flag, Nature
from intake.identify.audience import may_hear, registered
from intake.reminders.plan import read_recipients
from intake.web.auth import DB, PageCaller
from intake.web.deps import Blobs, Rules
from intake.web.filenames import content_disposition
from intake.web.history import readable
from intake.web.mailtext import highlight, mail_text
from intake.web.page import checked_form, form_date, redirect, render
from intake.web.present import claim_deadlines, claim_messages, history
from intake.web.queue import Filters, exact_reference, queue_page
from intake.web.render import page_count, page_png
from intake.web.repair_views import repair_context
from intake.web.scope import get_claim, get_document, visible_collectivite_list
from intake.web.viewer import page_turn, source_boxes

router = APIRouter(include_in_schema=False)
ACTIONS = {"confirmer": "confirmer", "rejeter": "rejeter", "clore": "clore", "requalifier": "requalifier"}


@router.get("/sinistres", response_class=HTMLResponse)
def work_queue(request: Request, caller: PageCaller, session: DB, rules: Rules, status: str | None = "brouillon",
               collectivite: str | None = None, category: str | None = None, flag: str | None = None,
               q: str | None = None, after: str | None = None):
    filters = Filters(status=status or None, collectivite=collectivite or None, category=category or None,
                      flag=flag or None, q=q or None)
    if q and exact_reference(q):
        # An exact reference opens its claim (when the caller may see it) instead of a list of one.
        found = lookup.visible_reference(session, reference=q, visible=caller.visible)
        if found is not None:
            return redirect(request, _claim_url_of(found))
    claims, cursor = queue_page(session, caller, filters, after=after, documents=False)
    params = {"status": status or "", "collectivite": collectivite, "category": category, "flag": flag, "q": q}
    return render(request, caller, "queue.html", claims=claims, cursor=cursor, params=params, first=after is None,
                  collectivites=visible_collectivite_list(session, caller), statuses=list(ClaimStatus),
                  categories=list(rules.categories), flags=[f.value for f in Flag] + ["prescrit"],
                  duplicates=duplicates_of(session, claims), bulk_threshold=bulk.threshold(session))


@router.post("/sinistres/confirmer-complets")
async def confirm_complete(request: Request, caller: PageCaller, session: DB, rules: Rules):
    """Confirm the complete drafts of the caller's collectivités at or above the admin's threshold."""
    await checked_form(request, caller)
    try:
        done = bulk.confirm_complete(session, visible=caller.visible, by=caller.email, rules=rules)
    except ActionRefused as refused:
        session.rollback()
        return redirect(request, "/sinistres", f"Refusé : {refused}")
    session.commit()
    notice = f"{len(done.confirmed)} sinistre(s) confirmé(s)"
    if done.confirmed:
        notice += " : " + ", ".join(done.confirmed[:10]) + (" …" if len(done.confirmed) > 10 else "")
    if done.skipped:
        notice += f" ; {done.skipped} laissé(s) à un gestionnaire (refus des règles ou doublon probable)"
    if done.more:
        notice += " ; d'autres attendent : cliquez de nouveau"
    return redirect(request, "/sinistres", notice + ".")


@router.get("/sinistres/{reference}", response_class=HTMLResponse)
def claim_page(reference: str, request: Request, caller: PageCaller, session: DB, rules: Rules, blobs: Blobs,
               agent_q: str | None = None):
    claim = get_claim(session, caller, reference, full=True)
    provenance = claim.provenance or {}
    words = [str(p.get("words")) for p in provenance.values() if isinstance(p, dict) and p.get("words")]
    # Who may hear about this claim, by the one rule replies and digests follow (audience.may_hear).
    domains, contacts = registered(session, claim.collectivite_id)
    digest_to = read_recipients(session, {claim.collectivite_id}).get(claim.collectivite_id) \
        if claim.collectivite_id is not None else None
    mails = []
    for link, message in claim_messages(session, claim):
        text = mail_text(blobs, message.sha256)
        mails.append({"link": link, "message": message, "text": text,
                      "segments": highlight(text.body, words) if text else [],
                      "unregistered": not may_hear(message.from_addr, domains=domains, contacts=contacts)})
    boxes = source_boxes(claim)
    documents = [{"doc": d, "pages": page_count(blobs, d.sha256) if _is_pdf(d) else 0,
                  "boxes": [b for b in boxes.values() if b.document_id == d.id]} for d in claim.documents]
    candidates = claim.agent_candidates or []
    matricules = [c.get("matricule") for c in candidates if isinstance(c, dict) and c.get("matricule")]
    candidate_agents = lookup.agents_by_matricule(session, collectivite_id=claim.collectivite_id, matricules=matricules)
    outbox = lookup.claim_outbox(session, claim_id=claim.id)
    return render(request, caller, "claim.html", claim=claim, mails=mails, documents=documents,
                  provenance=provenance, boxes=boxes, candidate_agents=candidate_agents,
                  scores={c.get("matricule"): c.get("score") for c in candidates if isinstance(c, dict)},
                  found_agents=lookup.agents_matching(session, collectivite_id=claim.collectivite_id, text=agent_q), agent_q=agent_q or "",
                  outbox=outbox, digest_to=digest_to, history=readable(session, history(session, claim)),
                  deadlines=claim_deadlines(claim, rules), categories=list(rules.categories), natures=list(Nature),
                  kinds=list(DocumentKind), today=date.today(), repair=repair_context(session, caller, claim))


def _is_pdf(document) -> bool:
    """PDF pages and images are shown inline (as PNG we render); other files are only downloadable."""
    kind = (document.content_type or "").lower()
    return kind.endswith("pdf") or kind.startswith("image/") or document.filename.lower().endswith(".pdf")


def _claim_url(claim) -> str:
    return _claim_url_of(claim.reference)


def _claim_url_of(reference: str) -> str:
    return f"/sinistres/{quote(reference)}"


@router.post("/sinistres/{reference}/{action}")
async def claim_action(reference: str, action: str, request: Request, caller: PageCaller, session: DB, rules: Rules):
    form = await checked_form(request, caller)
    lock_claim(session, reference=reference)  # before reading: decided on the state it changes
    claim = get_claim(session, caller, reference, full=True)
    try:
        if action == "corriger":
            try:
                wanted = _correction(form)
            except ValueError:
                raise ActionRefused("Formulaire de correction illisible.") from None
            changed = correct(session, claim, wanted, by=caller.email, rules=rules)
            message = ("Corrigé : " + "; ".join(changed)) if changed else "Aucune modification."
        elif action in ACTIONS:
            decision = act(session, claim, action=ACTIONS[action], by=caller.email, rules=rules,
                           reprise=form_date(form.get("reprise"), "date de reprise"),
                           reason=form.get("reason"), category=form.get("category"))
            message = " ".join(decision.reasons)
        else:
            raise HTTPException(404, "introuvable")
    except ActionRefused as refused:
        session.rollback()
        return redirect(request, _claim_url(claim), f"Refusé : {refused}")
    session.commit()
    return redirect(request, _claim_url(claim), message)


def _correction(form: dict[str, str]) -> Correction:
    correction = Correction(agent=form.get("agent") or None, category=form.get("category") or None,
                            event_date=form_date(form.get("event_date"), "date de survenance"))
    for key, value in form.items():
        if key.startswith("kind_") and value:
            correction.document_kinds[int(key[5:])] = value
        if key.startswith("start_") and value:
            ident = key[6:]
            correction.periods[int(ident)] = (form_date(value, "début"), form_date(form.get(f"end_{ident}"), "fin"),
                                              form.get(f"nature_{ident}") or "initial")
    return correction


@router.get("/pieces/{document_id}")
def document_file(document_id: int, caller: PageCaller, session: DB, blobs: Blobs):
    document = get_document(session, caller, document_id)
    data = blobs.get(document.sha256)
    # Always a download, never rendered by the browser in our origin (a hostile HTML or SVG piece): no
    # type to sniff, and a sandbox with nothing allowed should a browser show it all the same.
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": content_disposition(document.filename), "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'", "Cache-Control": "private, no-store"})


@router.get("/pieces/{document_id}/page/{page}.png")
def document_page(document_id: int, page: int, caller: PageCaller, session: DB, blobs: Blobs):
    document = get_document(session, caller, document_id)
    turn, skew = page_turn(document, page)
    png = page_png(blobs, document.sha256, page, turn, skew)
    if png is None:
        raise HTTPException(404, "introuvable")
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
