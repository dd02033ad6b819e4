"""The daily digest of one collectivité: its claims owing a reminder today in full, the others awaiting
pieces by reference, the dates de reprise asked for; rendered from mail_templates/digest.*.

The MIME is assembled here rather than by mail.compose.compose: a first sweep writes thousands of
digests, and the email package's header objects cost ~5 ms a mail, more than everything else of a
sweep together. The message has the same shape and headers as compose's (tests parse it back).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Sequence
from datetime import datetime, timezone
from email.utils import format_datetime, formataddr, make_msgid

from intake.mail.compose import ComposedMail, ReplyPlan, clean_header, recipient, render
from intake.mail.french import date_fr
from intake.mail.tokens import plus_address
from intake.reminders.plan import REPRISE, OpenClaim, ReminderItem
from intake.rules import RuleSet, document_label
from intake.settings import Settings

KIND = "digest"  # mail_templates/digest.txt and digest.html


def _lines(entries: list[str], width: int = 72) -> list[str]:
    """Comma-separated entries folded into lines of at most `width` characters (text part)."""
    lines, line = [], ""
    for entry in entries:
        if line and len(line) + len(entry) + 2 > width:
            lines.append(line + ",")
            line = entry
        else:
            line = f"{line}, {entry}" if line else entry
    return lines + [line] if line else lines


def _labels(rules: RuleSet, kinds: Sequence[str]) -> list[str]:
    labels = []
    for kind in kinds:
        try:
            labels.append(document_label(rules, kind))
        except ValueError:  # a kind the rules no longer know: still name it rather than drop it
            labels.append(kind)
    return labels


def digest_plan(rules: RuleSet, *, to: str, collectivite: str | None, items: Sequence[ReminderItem],
                awaiting: Sequence[OpenClaim], agents: dict[int, str]) -> ReplyPlan:
    """The digest's template context: claims with a reminder step today in full (reference, agent,
    pieces, due date), the collectivité's other claims awaiting pieces by reference and due date,
    then the dates de reprise asked for."""
    reminded = {item.claim_id: item for item in items if item.step != REPRISE}
    relances = [{"reference": i.reference, "agent": agents.get(i.claim_id, "agent non identifié"),
                 "missing": _labels(rules, i.missing_documents), "pieces_due": i.pieces_due, "step": i.step,
                 "last": i.states_forfeiture} for i in sorted(reminded.values(), key=lambda i: i.reference)]
    others = [c for c in awaiting if c.id not in reminded]
    others.sort(key=lambda c: (c.pieces_due, c.reference))
    entries = [f"{c.reference} ({date_fr(c.pieces_due)})" for c in others]
    reprises = [{"reference": i.reference, "agent": agents.get(i.claim_id, "agent non identifié"), "period_end": i.period_end}
                for i in sorted(items, key=lambda i: i.reference) if i.step == REPRISE]
    references = {e["reference"] for e in relances + reprises} | {c.reference for c in others}
    single = next(iter(references)) if len(references) == 1 else None
    context = {"collectivite": collectivite, "relances": relances, "reprises": reprises,
               # Joined here, not looped over in the template: a big employer has hundreds.
               "others": ", ".join(entries), "others_lines": _lines(entries),
               "single_reference": single, "example_reference": min(references), "count": len(references)}
    return ReplyPlan(kind=KIND, to=to, claim_reference=single, context=context)


def compose_digest(plan: ReplyPlan, *, settings: Settings, key: bytes, now: datetime | None = None) -> ComposedMail:
    """One claim: sent from its plus-address with [reference] in the subject, so a plain reply threads.
    Several: from the mailbox, and the mail asks for one reply per claim with its reference in the subject.
    ValueError for an address we cannot write to."""
    rendered = render(plan, settings=settings)
    to = recipient(plan.to)
    mailbox = settings.mailbox.strip()
    sender = plus_address(mailbox, plan.claim_reference, key=key) if plan.claim_reference else mailbox
    message_id = make_msgid(idstring="intake", domain=mailbox.rpartition("@")[2])
    name = clean_header(settings.mail_from_name)
    boundary = f"=_intake_{uuid.uuid4().hex}"
    headers = [
        ("From", formataddr((name, sender), charset="utf-8")),
        ("Reply-To", formataddr((name, sender), charset="utf-8")),
        ("To", to),
        ("Subject", _header(rendered.subject, "Subject")),
        ("Date", format_datetime(now or datetime.now(timezone.utc))),
        ("Message-ID", message_id),
        # RFC 3834: a reminder is generated, not a reply; robots (and our own reader) leave it alone.
        ("Auto-Submitted", "auto-generated"),
        ("X-Auto-Response-Suppress", "All"),
        ("MIME-Version", "1.0"),
        ("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
        ("Content-Language", "fr"),
    ]
    lines = [f"{field}: {value}" for field, value in headers] + [""]
    for subtype, body in (("plain", rendered.text), ("html", rendered.html)):
        lines += [f"--{boundary}", f'Content-Type: text/{subtype}; charset="utf-8"',
                  "Content-Transfer-Encoding: quoted-printable", "", _qp(body)]
    lines += [f"--{boundary}--", ""]
    return ComposedMail(plan.kind, plan.claim_reference, to, sender, rendered.subject, message_id,
                        "\r\n".join(lines))


def _header(value: str, name: str) -> str:
    """An unstructured header value, RFC 2047 base64 words of at most 45 bytes when not plain ASCII
    (email.header does the same at ten times the cost)."""
    value = clean_header(value)
    if value.isascii() and len(value) + len(name) + 2 <= 78:
        return value
    words, chunk = [], b""
    for char in value:
        encoded = char.encode("utf-8")
        if len(chunk) + len(encoded) > 45:
            words.append(chunk)
            chunk = b""
        chunk += encoded
    words.append(chunk)
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words)


def _qp(text: str) -> str:
    """Quoted-printable of a text (binascii, in C), CRLF line ends, soft breaks at 76 characters."""
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    encoded = binascii.b2a_qp(data, quotetabs=False, istext=True, header=False).decode("ascii")
    return encoded.replace("\n", "\r\n")
