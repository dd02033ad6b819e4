"""A stored mail as the claim page shows it: headers and body as plain text (never rendered HTML)."""

from __future__ import annotations

import email
from dataclasses import dataclass

from intake.identify.authentication import SenderAuth, judge_with
from intake.mail.html import html_to_text
from intake.mail.parts import parse_bytes_strict
from intake.store.blobs import BlobStore

MAX_CHARS = 50_000


@dataclass(frozen=True)
class MailText:
    sender: str
    to: str
    date: str
    subject: str
    body: str
    attachments: tuple[str, ...]
    auth: SenderAuth | None = None  # what our MTA said of the From domain


def _sender_auth(message: email.message.Message, settings: object) -> SenderAuth | None:
    try:
        headers = {"authentication-results": [str(v) for v in message.get_all("Authentication-Results", [])]}
        domains = [a.domain.lower() for a in message["From"].addresses] if message["From"] is not None else []
    except Exception:  # noqa: BLE001 - a From no parser can take: no verdict, the page still shows
        return None
    return judge_with(settings, headers, domains[:1])


def mail_text(blobs: BlobStore, digest: str, settings: object = None) -> MailText | None:
    try:
        raw = blobs.get(digest)
    except OSError:
        return None
    message = parse_bytes_strict(raw)  # the reader's bounded parser: a mail nested 1 000 deep is no RecursionError
    body = ""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        if part is not None:
            content = part.get_content()
            body = html_to_text(content) if part.get_content_type() == "text/html" else content
    except (LookupError, ValueError, KeyError):
        body = "(corps illisible)"
    names = tuple(p.get_filename() or "" for p in message.iter_attachments() if p.get_filename())
    return MailText(sender=str(message.get("From", "")), to=str(message.get("To", "")),
                    date=str(message.get("Date", "")), subject=str(message.get("Subject", "")),
                    body=body[:MAX_CHARS], attachments=names,
                    auth=_sender_auth(message, settings) if settings is not None else None)


def highlight(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """The text cut into (segment, highlighted) pairs where any of `words` occurs (case-insensitive)."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for word in {w.strip().lower() for w in words if w and len(w.strip()) >= 2}:
        start = lowered.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = lowered.find(word, start + len(word))
    spans.sort()
    segments: list[tuple[str, bool]] = []
    position = 0
    for start, end in spans:
        if start < position:
            start = position
        if start >= end:
            continue
        segments.append((text[position:start], False))
        segments.append((text[start:end], True))
        position = end
    segments.append((text[position:], False))
    return [s for s in segments if s[0]]
