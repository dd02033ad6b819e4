"""HTML mail bodies to readable text: blocks as lines, tables as rows, blockquotes marked "> "."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Written by hand on the stdlib parser rather than with a converter library because the quoting
# stage needs what those drop: <blockquote> depth as "> " prefixes and signature containers as "-- ".
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol dl dt dd table thead tbody tfoot tr section article header footer "
    "address center form fieldset pre blockquote main nav aside figure figcaption caption".split()
)
_SKIP = frozenset({"style", "script", "head", "title", "xml", "template", "noscript"})
_VOID = frozenset("br hr img meta link input col area base wbr source".split())
_SIGNATURE_MARKS = ("gmail_signature", "moz-signature", "signature")
_WS = re.compile(r"[ \t\r\n\f\v]+")
_BLANKS = re.compile(r"\n{3,}")
_RULE = "________________________________"
# A "<" that cannot start markup is text for the parser too, but handled one character per loop turn
# (1 MB of "<" took 10 s); as an entity it joins the text around it.
_STRAY_LT = re.compile(r"<(?![A-Za-z/!?])")
_RESCAN_BUDGET = 20_000_000  # "<" count × characters left unparsed: about a second of stdlib rescanning


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.has_content = False
        self.skip = 0
        self.pre = 0
        self.quote = 0
        self.lists: list[list[int | None]] = []  # per open list: [counter or None for bullets]
        self.cell_index: list[int] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, opened a signature)
        self.open: dict[str, int] = {}  # tag -> how many on the stack: a closing tag is checked in O(1)

    # -- output -------------------------------------------------------------------------------
    def _push(self, force: bool = False) -> None:
        if not (self.has_content or force):
            self.current = []
            return
        line = "".join(self.current).replace("\xa0", " ").rstrip()
        if line.strip() == "--" and self._last_nonblank() == "--":
            line = None  # a signature container that also writes its own "-- "
        if line is not None:
            self.lines.append(("> " * self.quote) + line if line or self.quote else line)
        self.current = []
        self.has_content = False

    def _last_nonblank(self) -> str | None:
        for line in reversed(self.lines):
            stripped = line.lstrip("> ").strip()
            if stripped:
                return stripped
        return None

    def _text(self, text: str) -> None:
        if not text:
            return
        if not self.current or (self.current and self.current[-1].endswith((" ", "\t"))):
            text = text.lstrip(" ")
        if text:
            self.current.append(text)
            if text.strip(" ") or "\xa0" in text:
                self.has_content = True

    # -- parser callbacks -----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        values = dict(attrs)
        if tag == "br":
            self._push(force=True)
            return
        if tag == "hr":
            self._push()
            self.lines.append(("> " * self.quote) + _RULE)
            return
        if tag in _VOID:
            return
        signature = False
        marks = f"{values.get('class') or ''} {values.get('id') or ''}".lower()
        if tag in ("div", "span", "table", "p") and any(m in marks for m in _SIGNATURE_MARKS):
            if "prefix" not in marks and self._last_nonblank() != "--":
                self._push()
                self.lines.append(("> " * self.quote) + "-- ")
                signature = True
        if tag == "blockquote":
            self._push()
            self.quote += 1
        elif tag in _BLOCKS or tag == "li":
            self._push()
        if tag == "pre":
            self.pre += 1
        elif tag in ("ul", "ol"):
            self.lists.append([0 if tag == "ol" else None])
        elif tag == "li":
            counter = self.lists[-1] if self.lists else [None]
            if counter[0] is None:
                self._text("- ")
            else:
                counter[0] += 1
                self._text(f"{counter[0]}. ")
        elif tag == "tr":
            self.cell_index.append(0)
        elif tag in ("td", "th"):
            if self.cell_index:
                if self.cell_index[-1] and self.current:
                    self.current.append("\t")
                self.cell_index[-1] += 1
        self.stack.append((tag, signature))
        self.open[tag] = self.open.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip or tag in _VOID:
            return
        # Close up to the matching open tag: mail HTML is often unbalanced.
        # (A scan of the stack here made 50 000 nested <div> take 80 s: found by fuzzing.)
        if not self.open.get(tag):
            return
        while self.stack:
            name, _ = self.stack.pop()
            self.open[name] -= 1
            self._close(name)
            if name == tag:
                break

    def _close(self, tag: str) -> None:
        if tag == "blockquote":
            self._push()
            self.quote = max(0, self.quote - 1)
        elif tag in _BLOCKS or tag == "li":
            self._push()
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "tr" and self.cell_index:
            self.cell_index.pop()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            for i, piece in enumerate(data.split("\n")):
                if i:
                    self._push(force=True)
                self.current.append(piece)
                if piece.strip():
                    self.has_content = True
            return
        self._text(_WS.sub(" ", data))

    def text(self) -> str:
        self._push()
        body = "\n".join(self.lines)
        return _BLANKS.sub("\n\n", body).strip("\n")


def html_to_text(html: str) -> str:
    """Readable text of an HTML body; never raises (a broken document gives what could be read)."""
    converter = _Converter()
    try:
        converter.feed(_STRAY_LT.sub("&lt;", html))
        rest = converter.rawdata  # what feed() left: it starts at a construct never terminated
        if rest.count("<") * len(rest) > _RESCAN_BUDGET:
            # At close() the stdlib parser takes such a rest one character at a time, rescanning to the
            # end for each "<": 60 kB of "<a " took 100 s (found by fuzzing). Past the budget the rest is
            # read as plain text, in linear time.
            converter.rawdata = ""
            converter.feed(rest.replace("<", "&lt;"))
        converter.close()
    except Exception:  # html.parser is lenient, but keep the promise on pathological input
        pass
    return converter.text()
