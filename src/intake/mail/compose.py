"""Rendering a ReplyPlan from mail_templates/ into the RFC 5322 message we will send."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses, make_msgid
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from intake.mail.french import date_fr, euros
from intake.mail.tokens import load_key, plus_address
from intake.settings import Settings, get_settings

# Everything a mail header or str.splitlines() could take for the end of a line: a value carrying one
# could start a header of its own (Bcc: …), so it becomes a space.
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x00\x1c-\x1e\x85\u2028\u2029]+")
_MSGID = re.compile(r"<[^<>\s@]+@[^<>\s@]+>")
_MAX_REFERENCES = 20  # long threads: the first and the latest ids are what threading needs
# Message ids are no text: folded as a header object, an id longer than a line (Lotus Notes writes
# 84 characters) became an encoded-word, « =?utf-8?q?=3COF0C…?= », which no client matches, and our
# reply left the thread. The id headers are written pre-folded (set_raw) and kept as written.
_AS_WRITTEN = SMTP.clone(refold_source="none")


@lru_cache(maxsize=4)
def environment(directory: Path) -> Environment:
    """The templates of one folder, loaded once per process; HTML autoescaped, undefined is an error."""
    env = Environment(
        loader=FileSystemLoader(str(directory)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date_fr"] = date_fr
    env.filters["euros"] = euros
    return env


@dataclass(frozen=True)
class ReplyPlan:
    """A mail to write from a template of mail_templates/ (a reply, a reminder, a digest): the template,
    the recipient, the claim it is about and what the template shows."""

    kind: str
    to: str
    claim_reference: str | None
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class ComposedMail:
    kind: str
    claim_reference: str | None
    to: str
    from_addr: str
    subject: str
    message_id: str
    raw: str  # the whole message, CRLF line ends, ASCII (bodies quoted-printable, headers RFC 2047)


def render(plan: ReplyPlan, *, settings: Settings | None = None) -> Rendered:
    """Subject (set in the text template), text and HTML bodies of a plan."""
    settings = settings or get_settings()
    env = environment(Path(settings.mail_templates_dir).resolve())
    context = {**plan.context, "sender_name": settings.mail_from_name, "organisation": settings.organisation,
               "mailbox": settings.mailbox}
    text_module = env.get_template(f"{plan.kind}.txt").make_module(context)
    subject = clean_header(str(getattr(text_module, "subject", "")))
    if not subject:
        raise ValueError(f"le modèle {plan.kind}.txt ne définit pas « subject »")
    html = env.get_template(f"{plan.kind}.html").render({**context, "subject": subject})
    return Rendered(subject, _tidy(str(text_module)), html)


def compose(
    plan: ReplyPlan,
    *,
    settings: Settings | None = None,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    now: datetime | None = None,
    key: bytes | None = None,
) -> ComposedMail:
    """The reply as it will go to the relay: plus-address of its claim, thread headers, text + HTML."""
    settings = settings or get_settings()
    rendered = render(plan, settings=settings)
    to = recipient(plan.to)
    mailbox = settings.mailbox.strip()
    sender = plus_address(mailbox, plan.claim_reference, key=key or load_key(settings)) if plan.claim_reference else mailbox
    domain = mailbox.rpartition("@")[2]
    message_id = make_msgid(idstring="intake", domain=domain)

    msg = EmailMessage(policy=SMTP)
    msg["From"] = Address(display_name=clean_header(settings.mail_from_name), addr_spec=sender)
    msg["Reply-To"] = Address(display_name=clean_header(settings.mail_from_name), addr_spec=sender)
    msg["To"] = to
    msg["Subject"] = rendered.subject
    msg["Date"] = format_datetime(now or datetime.now(timezone.utc))
    msg["Message-ID"] = message_id
    parent = _msgids(in_reply_to or "")
    thread = _msgids(" ".join(references))
    if parent:
        msg.set_raw("In-Reply-To", _id_list(parent[-1:]))
        if parent[-1] not in thread:
            thread.append(parent[-1])
    if thread:
        kept = thread if len(thread) <= _MAX_REFERENCES else thread[:1] + thread[-(_MAX_REFERENCES - 1):]
        msg.set_raw("References", _id_list(kept))
    # RFC 3834: tells other robots (out-of-office, our own reader) this is not a person writing.
    msg["Auto-Submitted"] = "auto-replied"
    # Exchange/Outlook: no out-of-office or delivery receipts in answer to a robot.
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(rendered.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8", cte="quoted-printable")
    msg["Content-Language"] = "fr"  # after set_content, which drops every Content-* header
    raw = msg.as_bytes(policy=_AS_WRITTEN).decode("ascii")
    return ComposedMail(plan.kind, plan.claim_reference, to, sender, rendered.subject, message_id, raw)


def clean_header(value: str) -> str:
    """A header value on one line: line breaks (header injection) become one space."""
    return _LINE_BREAKS.sub(" ", value).strip()


def recipient(value: str) -> str:
    """The one address a reply goes to, bare and ASCII; anything else is refused (ValueError)."""
    cleaned = clean_header(value)
    pairs = [(name, addr) for name, addr in getaddresses([cleaned]) if addr]
    if len(pairs) != 1:
        raise ValueError(f"destinataire invalide : {cleaned!r}")
    addr = pairs[0][1]
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain or re.search(r"[\s<>,;:\"()\[\]\\]", addr):
        raise ValueError(f"destinataire invalide : {cleaned!r}")
    if not local.isascii():
        raise ValueError(f"destinataire non ASCII non pris en charge : {cleaned!r}")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"domaine invalide : {cleaned!r}") from None
    return f"{local}@{domain.lower()}"


def _msgids(value: str) -> list[str]:
    """The ids of a thread header; an id that is not printable ASCII cannot be written and is dropped."""
    return [i for i in dict.fromkeys(_MSGID.findall(clean_header(value))) if i.isascii() and i.isprintable()]


def _id_list(ids: Sequence[str]) -> str:
    """Ids folded as RFC 5322 allows (white space between ids, never inside one): one a line, the
    first on its own line when long, so a line exceeds 78 characters only when one id does (limit 998)."""
    first = ids[0] if len(ids[0]) <= 60 else f"\n {ids[0]}"
    return "\n ".join([first, *ids[1:]])


def _tidy(text: str) -> str:
    """At most one blank line in a row, none at the ends: templates' conditionals leave gaps."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
