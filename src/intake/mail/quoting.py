"""A body split into what the sender wrote now, quoted history, signature, disclaimers and forwarded messages."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from intake.mail import patterns as P
from intake.mail.headers import parse_addresses

_BLANKS = re.compile(r"\n{3,}")
_QUOTE_PREFIX = re.compile(r"^(?:\s?>)+\s?")
_HEADER_WINDOW = 12
_DISCLAIMER_LEAD = 2  # a disclaimer starting this far into its paragraph takes the whole paragraph
# A header value goes on over the next line only when its line was cut for length (plain-text clients wrap
# near 72-78 columns) or when the next line carries more addresses. HTML mail converts each header to its own
# line and may put the body right under them without a blank line: "Bonjour," is not the end of the subject.
_WRAPPED_AT = 60
_MORE_ADDRESSES = re.compile(r"^(?:[<;,]|[^\s@<>]+@[^\s@]+|[^<>@]{0,60}<[^<>\s]+@)")


@dataclass(slots=True)
class Forwarded:
    """One forwarded message: its headers when the client wrote them, and its text (content, not history)."""

    text: str
    headers: dict[str, str] = field(default_factory=dict)  # from, date, to, cc, subject
    origin: str = "transfert"  # "transfert" (in the body) or "eml:<name>" (an attached message)

    @property
    def from_line(self) -> str:
        return self.headers.get("from", "")

    @property
    def from_addresses(self) -> list[str]:
        return [a.addr for a in parse_addresses(self.from_line)]

    @property
    def subject(self) -> str:
        return self.headers.get("subject", "")


@dataclass(slots=True)
class BodyParts:
    new_text: str = ""
    quoted: str = ""
    signature: str = ""
    disclaimer: str = ""
    forwarded: list[Forwarded] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Cut:
    line: int  # first line of the history or forward (separator included)
    forward: bool
    headers_at: int | None  # where its header block starts, if any


def _bare(line: str) -> str:
    return _QUOTE_PREFIX.sub("", line).strip()


def _header_block(lines: list[str], start: int) -> tuple[dict[str, str], int] | None:
    """The header block ("De : … / Envoyé : … / Objet : …") starting at `start`, and the line after it."""
    i = start
    while i < len(lines) and not _bare(lines[i]):
        i += 1
    headers: dict[str, str] = {}
    last_key: str | None = None
    first = i
    while i < len(lines) and i - first < _HEADER_WINDOW:
        bare = _bare(lines[i])
        if not bare:
            break
        match = P.HEADER_LINE.match(bare)
        if match:
            key = P.HEADER_KEYS.get(match.group(1).lower().replace("  ", " "))
            if key is None:
                break
            headers.setdefault(key, match.group(2).strip())
            last_key = key
        elif last_key is not None and i > first and _continues(_bare(lines[i - 1]), bare, last_key):
            headers[last_key] = f"{headers[last_key]} {bare}".strip()  # a wrapped value
        else:
            break
        i += 1
    if "from" in headers and len(headers.keys() & {"date", "to", "subject", "cc"}) >= 2:
        return headers, i
    return None


def _continues(previous: str, line: str, key: str) -> bool:
    """Whether `line` wraps the header value of the line before it rather than starting the message's text."""
    if key in ("from", "to", "cc") and _MORE_ADDRESSES.search(line):
        return True
    return len(previous) >= _WRAPPED_AT


def _looks_sent(headers: dict[str, str]) -> bool:
    """A client's header block, not a letter's "De : / À : / Objet :" lines: it starts with the sender
    and names an address or a sending date."""
    return "@" in headers.get("from", "") or bool(re.search(r"\d", headers.get("date", "")))


def _attribution_end(lines: list[str], i: int) -> int | None:
    """The last line of a reply attribution that starts at line i (it may wrap over three lines)."""
    first = _bare(lines[i])
    if not first or len(first) > 300:
        return None
    if any(p.match(first) for p in P.ATTRIBUTION_OTHER):
        return i
    joined = first
    for j in range(i, min(i + 3, len(lines))):
        if j > i:
            nxt = _bare(lines[j])
            if not nxt:
                return None
            joined = f"{joined} {nxt}"
        if P.ATTRIBUTION_END.search(joined):
            plausible = P.ATTRIBUTION_START.match(first) or "@" in joined or re.search(r"\d", joined)
            return j if plausible and len(joined) < 400 else None
        if not P.ATTRIBUTION_START.match(first):
            return None
    return None


@dataclass(frozen=True, slots=True)
class _Envelope:
    """What the message's own headers say about the text below its new text."""

    reply_hint: bool  # "RE: TR: …": what follows is the history of a reply
    forward_hint: bool  # "TR: …", "Fwd: …"
    replied: bool  # In-Reply-To or References: the message answers an older one
    recipients: frozenset[str]  # this message's To and Cc addresses (ours among them)

    def forwards(self, headers: dict[str, str] | None) -> bool:
        """Whether the older mail below the new text is forwarded (content) rather than answered (history).

        The subject decides when it says it (« RE: » history, « TR: » forward). A subject saying neither
        (edited, or a centre de gestion's own wording: « Ci-dessous un mail de … qui vous était destiné »)
        over a client's header block: a message answering nothing (no In-Reply-To, no References) that
        carries someone else's mail forwards it. Quoting our own mail (sent from an address this message
        goes to) is answering it."""
        if self.reply_hint:
            return False
        if self.forward_hint or (headers and P.FORWARD_SUBJECT.match(headers.get("subject", ""))):
            return True
        if self.replied or not headers or not _looks_sent(headers):
            return False
        senders = {a.addr for a in parse_addresses(headers.get("from", ""))}
        return bool(senders) and not senders & self.recipients


def _find_cut(lines: list[str], context: _Envelope) -> tuple[_Cut | None, set[int]]:
    """The first separator of history or forward, and the attribution lines of marked ("> ") quotes."""
    attributions: set[int] = set()
    for i, line in enumerate(lines):
        if line.lstrip().startswith(">"):
            continue
        bare = line.strip()
        if not bare:
            continue
        if P.RULE_LINE.match(bare):
            following = next((k for k in range(i + 1, len(lines)) if lines[k].strip()), None)
            if following is not None and (any(p.match(_bare(lines[following])) for p in P.ATTRIBUTION_OTHER)
                                          or _header_block(lines, following)):
                return _Cut(i, False, None), attributions
            continue
        if any(p.match(bare) for p in P.FORWARD_SEPARATORS):
            return _Cut(i, True, i + 1 if _header_block(lines, i + 1) else None), attributions
        if any(p.match(bare) for p in P.ORIGINAL_SEPARATORS):
            block = _header_block(lines, i + 1)
            if block is None and bare.startswith("_"):
                continue  # a rule drawn in the text, not Outlook's separator
            return _Cut(i, context.forwards(block[0] if block else None), i + 1 if block else None), attributions
        starts = P.HEADER_LINE.match(bare)
        if starts and P.HEADER_KEYS.get(starts.group(1).lower()) == "from" and (
            (block := _header_block(lines, i)) and _looks_sent(block[0])
        ):
            return _Cut(i, context.forwards(block[0]), i), attributions
        end = _attribution_end(lines, i)
        if end is not None:
            following = next((ln for ln in lines[end + 1:] if ln.strip()), "")
            if following.lstrip().startswith(">"):
                attributions.update(range(i, end + 1))  # marked quote: text after it may be new
                continue
            return _Cut(i, False, None), attributions
    return None, attributions


def _disclaimer_lines(lines: list[str]) -> set[int]:
    """Indexes of the disclaimer lines: each paragraph from the line where a disclaimer begins to its end.

    A paragraph is not always one: HTML mail written in Outlook has no blank line anywhere, so the whole
    message is one block of lines and only what follows the disclaimer's first words is disclaimer. Its
    first two lines may still be a title or the start of a wrapped sentence ("AVERTISSEMENT :")."""
    found: set[int] = set()
    start = 0
    for end in range(len(lines) + 1):
        if end == len(lines) or not lines[end].strip():
            stripped = [line.strip() for line in lines[start:end]]
            paragraph = " ".join(stripped)
            hits = [m.start() for p in P.DISCLAIMERS if (m := p.search(paragraph))]
            if hits:
                starts = list(accumulate((len(x) + 1 for x in stripped[:-1]), initial=0))  # each line's offset
                line = bisect_right(starts, min(hits)) - 1
                found.update(range(start if line < _DISCLAIMER_LEAD else start + line, end))
            start = end + 1
    return found


def _signature_start(lines: list[str]) -> int | None:
    """Where the signature begins: "-- ", a mobile client's line, or short lines after a closing formula."""
    for i, line in enumerate(lines):
        bare = line.strip()
        if P.SIGNATURE_DELIMITER.match(line) or any(p.match(bare) for p in P.MOBILE_SIGNATURES):
            return i
    for i in range(len(lines) - 1, -1, -1):
        if P.VALEDICTION.match(lines[i].strip()):
            rest = [ln.strip() for ln in lines[i + 1:] if ln.strip()]
            if 0 < len(rest) <= 12 and all(len(ln) <= 90 for ln in rest):
                return i + 1
            return None
    return None


def _join(lines: list[str]) -> str:
    return _BLANKS.sub("\n\n", "\n".join(line.rstrip() for line in lines)).strip("\n")


def _forwarded(lines: list[str], cut: _Cut) -> Forwarded:
    headers: dict[str, str] = {}
    body_from = cut.line + 1
    if cut.headers_at is not None:
        block = _header_block(lines, cut.headers_at)
        if block:
            headers, body_from = block
    body = lines[body_from:]
    nonblank = [ln for ln in body if ln.strip()]
    if nonblank and all(ln.lstrip().startswith(">") for ln in nonblank):
        body = [_QUOTE_PREFIX.sub("", ln) for ln in body]  # Apple Mail quotes what it forwards
    drop = _disclaimer_lines(body)
    return Forwarded(text=_join([ln for k, ln in enumerate(body) if k not in drop]), headers=headers)


def split_body(text: str, *, subject: str = "", replied: bool = False, recipients: Iterable[str] = ()) -> BodyParts:
    """Set apart history, signature and disclaimers; keep forwarded messages as content.

    `replied`: the message's headers say it answers an older one (In-Reply-To, References); `recipients`:
    the addresses it is sent to (To, Cc)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")
    context = _Envelope(bool(P.REPLY_SUBJECT.match(subject)), bool(P.FORWARD_SUBJECT.match(subject)), replied,
                       frozenset(a.lower() for a in recipients))
    cut, attributions = _find_cut(lines, context)
    head = lines[: cut.line] if cut else lines
    parts = BodyParts()
    quoted: list[str] = []
    if cut and cut.forward:
        parts.forwarded.append(_forwarded(lines, cut))
    elif cut:
        quoted = lines[cut.line:]
    own: list[str] = []
    head_quoted: list[str] = []
    for i, line in enumerate(head):
        if i in attributions or line.lstrip().startswith(">"):
            head_quoted.append(line)
        else:
            own.append(line)
    disclaimer_idx = _disclaimer_lines(own)
    disclaimer = [own[i] for i in sorted(disclaimer_idx)]
    own = [ln if i not in disclaimer_idx else "" for i, ln in enumerate(own)]
    sig_at = _signature_start(own)
    if sig_at is not None:
        parts.signature = _join(own[sig_at:])
        own = own[:sig_at]
    parts.new_text = _join(own)
    parts.quoted = _join(head_quoted + ([""] if head_quoted and quoted else []) + quoted)
    parts.disclaimer = _join(disclaimer)
    return parts
