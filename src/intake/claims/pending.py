"""« À vérifier »: a change to an existing claim from a sender the registry does not give its collectivité.

Only a collectivité's own addresses (a contact address or one of its mail domains, not failing sender
authentication) change its claims from mail: anyone can write a reference in a subject or name an
agent. Another sender's pieces, periods and links are kept here, with what they would have done, and
applied only by a handler, who is then the audit's actor."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake.claims import service
from intake.domain import ClaimStatus
from intake.identify.audience import normalise
from intake.rules import RuleSet
from intake.store.claims import Claim, ClaimMessage, within
from intake.store.messages import Message
from intake.store.pending import PendingChange, PendingStatus

# identify.EmployerMatch.source values that name the sender by its own address.
REGISTERED_SOURCES = frozenset({"contact", "domain"})


def registered_sender(employer: Any) -> bool:
    """The sender is the collectivité's own (contact address or mail domain) and not failing authentication
    (understanding turns a failing one into the source « unauthenticated »)."""
    return getattr(employer, "source", None) in REGISTERED_SOURCES


def repeats_own(session: Session, claim: Claim, *, sender: str | None, stop: tuple[date, date | None] | None,
                files: list[service.StoredFile]) -> bool:
    """The message only repeats what this very sender already put on the claim: the same stop (or none),
    no file the claim lacks, and a message of the same address already linked to it. The same declaration
    resent under another Message-ID (or written to two of our addresses) then joins its claim like its
    original instead of going « à vérifier »: it changes nothing a handler would have to judge, and it
    gives its sender nothing it did not already have (the claim came from its own mail)."""
    who = normalise(sender)
    if not who or "@" not in who:
        return False
    if stop is not None and not any((p.start, p.end) == stop for p in claim.periods):
        return False
    known = {d.sha256 for d in claim.documents}
    if any(f.sha256 not in known for f in files):
        return False
    senders = session.scalars(select(Message.from_addr).join(ClaimMessage, ClaimMessage.message_id == Message.id)
                              .where(ClaimMessage.claim_id == claim.id))
    return any(normalise(addr) == who for addr in senders)


def _attachment_json(a: service.StoredFile) -> dict[str, Any]:
    return {"filename": a.filename, "kind": a.kind, "sha256": a.sha256, "size": a.size,
            "content_type": a.content_type, "ocr": a.ocr, "evidence": list(a.evidence),
            "pages": [list(p) for p in a.pages]}


def propose(session: Session, *, claim: Claim, message_id: int, sender: str | None, role: str,
            period: tuple[date, date | None, str] | None, files: list[service.StoredFile],
            notes: list[str], why: str) -> PendingChange:
    proposal = {
        "role": role,
        "period": None if period is None else {"start": period[0].isoformat(),
                                                 "end": period[1].isoformat() if period[1] else None,
                                                 "nature": period[2]},
        "documents": [_attachment_json(a) for a in files],
        "notes": list(notes),
    }
    row = PendingChange(claim_id=claim.id, message_id=message_id, sender=(sender or "")[:320] or None,
                        reason=why, proposal=proposal, status=PendingStatus.A_VERIFIER)
    session.add(row)
    session.flush()
    return row


def describe(row: PendingChange) -> list[str]:
    """The proposed change in French, one line each (desk and API)."""
    p = row.proposal or {}
    lines = []
    if p.get("period"):
        period = p["period"]
        end = date.fromisoformat(period["end"]).strftime("%d/%m/%Y") if period.get("end") else "?"
        lines.append(f"période {period['nature']} du {date.fromisoformat(period['start']):%d/%m/%Y} au {end}")
    lines += [f"pièce {d['filename']} ({d['kind']})" for d in p.get("documents", [])]
    if not lines:
        lines.append("rattacher le message au sinistre")
    return lines


def _decide(session: Session, row: PendingChange, status: str, by: str) -> None:
    """Conditional on the row still waiting: two handlers deciding together, one wins, the other is refused."""
    changed = session.execute(
        update(PendingChange)
        .where(PendingChange.id == row.id, PendingChange.status == PendingStatus.A_VERIFIER)
        .values(status=status, decided_by=by, decided_at=datetime.now(timezone.utc))
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise service.ActionRefused("Cette modification a déjà été traitée par un autre gestionnaire.")
    session.refresh(row)


def apply(session: Session, row: PendingChange, *, by: str, rules: RuleSet) -> Claim:
    """Make the proposed change, the handler being its author; raises ActionRefused."""
    service.lock_claim(session, claim_id=row.claim_id)
    session.refresh(row)
    claim = session.get(Claim, row.claim_id)
    session.refresh(claim)
    if claim.status == ClaimStatus.REJETE:
        raise service.ActionRefused("Le sinistre est rejeté : la modification ne peut plus s'appliquer.")
    _decide(session, row, PendingStatus.APPLIQUE, by)
    before = service.snapshot(claim)
    p = row.proposal or {}
    service.link(session, claim, row.message_id, p.get("role") or "documents")
    if p.get("period"):
        period = p["period"]
        service.add_period(session, claim, start=date.fromisoformat(period["start"]),
                           end=date.fromisoformat(period["end"]) if period.get("end") else None,
                           nature=period["nature"], message_id=row.message_id, rules=rules)
    files = [service.StoredFile(d["filename"], d["kind"], d["sha256"], d["size"], d.get("content_type"),
                                bool(d.get("ocr")), tuple(d.get("evidence") or ()),
                                tuple((int(t), float(k)) for t, k in d.get("pages") or ())) for d in p.get("documents", [])]
    service.attach(session, claim, files, message_id=row.message_id)
    service.refresh(session, claim, rules)
    service.audit(session, claim, actor=by, action="appliquer_a_verifier", before=before,
                  reason=f"message #{row.message_id} de {row.sender or 'expéditeur inconnu'} vérifié ; {row.reason}",
                  rules_version=rules.version)
    return claim


def dismiss(session: Session, row: PendingChange, *, by: str) -> None:
    _decide(session, row, PendingStatus.ECARTE, by)
    claim = session.get(Claim, row.claim_id)
    snap = service.snapshot(claim)
    service.audit(session, claim, actor=by, action="ecarter_a_verifier", before=snap,
                  reason=f"message #{row.message_id} de {row.sender or 'expéditeur inconnu'} écarté")


def waiting(session: Session, visible: frozenset[int] | None, *, limit: int = 200) -> list[PendingChange]:
    stmt = (select(PendingChange).join(Claim, Claim.id == PendingChange.claim_id)
            .where(PendingChange.status == PendingStatus.A_VERIFIER)
            .order_by(PendingChange.created_at.desc(), PendingChange.id.desc()).limit(limit))
    return list(session.scalars(within(stmt, visible)))


def get_visible(session: Session, visible: frozenset[int] | None, pending_id: int) -> PendingChange | None:
    row = session.get(PendingChange, pending_id)
    if row is None:
        return None
    claim = session.get(Claim, row.claim_id)
    if visible is not None and (claim is None or claim.collectivite_id not in visible):
        return None
    return row
