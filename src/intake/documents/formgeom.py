"""The geometry of a form page, the same for a text layer and for OCR word boxes.

Words are grouped into lines; a label is found by a pattern over a line's folded text and keeps the box
of the words it covers; its value is what sits right of it on the same line (up to the next label) or,
when nothing does, what sits under it in its column on the next lines. Values spread over boxes one
character each ("1  6 4  1 1 …", "0 1   0 5   2 0 2 5") are single tokens here; value parsers join them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from intake.documents.model import Page, Word
from intake.documents.textnorm import fold_aligned as fold
from intake.documents.ticks import EMPTY, is_mark

# OCR reads box edges as '|', '[', ']' or '_': not words, and glued to a word they hide it.
_EDGES = "|[]_"
_EMPTY_BOX = "☐"
assert _EMPTY_BOX in EMPTY


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float


_SPECK_BEFORE_WORD = re.compile(r"(?<= )[.,·](?=[a-z])")


@dataclass(slots=True)
class Line:
    tokens: list[Token]
    _offsets: list[tuple[int, int]] = field(default_factory=list, repr=False)
    _folded: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return re.sub(r" ?([-,’']) ?", r"\1", " ".join(t.text for t in self.tokens))

    @property
    def joined(self) -> str:
        """Tokens joined by one space: offsets in it map back to tokens (see tokens_in)."""
        return " ".join(t.text for t in self.tokens)

    @property
    def folded(self) -> str:
        if self._folded is None:
            # A speck read as a point or a comma at a word's start (« Date .de début » off a fax) is no part of
            # the label: a space in its place keeps the offsets.
            self._folded = _SPECK_BEFORE_WORD.sub(" ", fold(self.joined))
            pos = 0
            self._offsets = []
            for t in self.tokens:
                self._offsets.append((pos, pos + len(t.text)))
                pos += len(t.text) + 1
        return self._folded

    def tokens_in(self, start: int, end: int) -> list[int]:
        """Indexes of the tokens overlapping the span [start, end) of the folded text."""
        self.folded  # noqa: B018 - computes the offsets
        return [i for i, (a, b) in enumerate(self._offsets) if a < end and start < b]

    @property
    def y(self) -> float:
        return sum((t.y0 + t.y1) / 2 for t in self.tokens) / len(self.tokens)

    @property
    def top(self) -> float:
        return min(t.y0 for t in self.tokens)

    @property
    def bottom(self) -> float:
        return max(t.y1 for t in self.tokens)

    @property
    def height(self) -> float:
        return max(1.0, max(t.y1 - t.y0 for t in self.tokens))


def lines_of(page: Page | Iterable[Word]) -> list[Line]:
    """Words grouped into lines by their vertical middle, fragments of one word glued back."""
    words_in = page.words if isinstance(page, Page) else list(page)
    cleaned = [Word(_EMPTY_BOX if w.text.replace(" ", "") in ("[]", "()") else w.text.strip(_EDGES),
                    w.x0, w.y0, w.x1, w.y1, w.confidence) for w in _pair_brackets(words_in)]
    words = sorted((w for w in cleaned if w.text), key=lambda w: ((w.y0 + w.y1) / 2, w.x0))
    rows: list[list[Word]] = []
    for w in words:
        mid = (w.y0 + w.y1) / 2
        if rows:
            last = rows[-1]
            top, bottom = min(x.y0 for x in last), max(x.y1 for x in last)
            slack = 0.15 * (bottom - top)
            if top - slack <= mid <= bottom + slack:  # punctuation sits low, capitals high: same line
                last.append(w)
                continue
        rows.append([w])
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        toks: list[Token] = []
        # Glyph boxes vary (x-height vs capitals): the row's tallest box stands for the font size.
        h = max(1.0, max(w.y1 - w.y0 for w in row))
        for w in row:
            if toks and w.x0 - toks[-1].x1 < 0.32 * h and not is_mark(w.text) and not is_mark(toks[-1].text) \
                    and not _box_digit(w.text) and not _box_digit(toks[-1].text) \
                    and not _letter_meets_digit(toks[-1].text, w.text):
                t = toks[-1]
                toks[-1] = Token(t.text + w.text, t.x0, min(t.y0, w.y0), w.x1, max(t.y1, w.y1),
                                 min(t.confidence, w.confidence))
            else:
                toks.append(Token(w.text, w.x0, w.y0, w.x1, w.y1, w.confidence))
        out.append(Line(toks))
    return out


def _pair_brackets(words: list[Word]) -> list[Word]:
    """'[' then ']' side by side: an empty box typed as text ("Initial [ ]  Prolongation [X]")."""
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if w.text == "]" and prev is not None and prev.text == "[" and 0 <= w.x0 - prev.x1 < 2 * (w.y1 - w.y0) \
                and abs(w.y0 - prev.y0) < 0.5 * (w.y1 - w.y0):
            out[-1] = Word("[]", prev.x0, min(prev.y0, w.y0), w.x1, max(prev.y1, w.y1), min(prev.confidence, w.confidence))
            continue
        out.append(w)
    return out


def _letter_meets_digit(before: str, after: str) -> bool:
    """Digits touching the letters before them: a label and its value (boxed digits re-read without their
    boxes sit close to the label), not two fragments of one word. Letters after digits may be one word
    (« 1er », Corsica's « 2A »)."""
    return before[-1:].isalpha() and after[:1].isdigit()


def _box_digit(text: str) -> bool:
    """One character of a digit box: kept apart, so that a box is never glued to the label before it."""
    return len(text) == 1 and text.isdigit()


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a label was found: its line, the tokens it covers and their box."""

    line: int
    first: int  # token indexes, inclusive
    last: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    start: int = 0  # the label's letters in the line's joined text
    end: int = 0


def find_labels(lines: list[Line], pattern: re.Pattern[str]) -> list[Hit]:
    """Every place the pattern matches a line's folded text, top to bottom."""
    hits: list[Hit] = []
    for i, ln in enumerate(lines):
        for m in pattern.finditer(ln.folded):
            if m.end() <= m.start():
                continue
            idx = ln.tokens_in(m.start(), m.end())
            if not idx:
                continue
            toks = [ln.tokens[j] for j in idx]
            hits.append(Hit(i, idx[0], idx[-1], min(t.x0 for t in toks), min(t.y0 for t in toks),
                            max(t.x1 for t in toks), max(t.y1 for t in toks), ln.joined[m.start():m.end()],
                            m.start(), m.end()))
    return hits


@dataclass(frozen=True, slots=True)
class Value:
    tokens: tuple[Token, ...]
    line: int
    where: str  # "right" | "below"

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (min(t.x0 for t in self.tokens), min(t.y0 for t in self.tokens),
                max(t.x1 for t in self.tokens), max(t.y1 for t in self.tokens))

    @property
    def confidence(self) -> float:
        return min(t.confidence for t in self.tokens)


_FILLER = re.compile(r"^[:.\-–…]+$|^\(?incluse?s?\)?:?$|^\(?jj/?mm/?aa(?:aa)?\)?:?$")


def values_of(lines: list[Line], hit: Hit, label_tokens: dict[int, set[int]], *, below: bool = True,
              max_lines_below: int = 2, after: int | None = None, upward: bool = False) -> list[Value]:
    """The candidate values of a label: right of it on its line first, then under it in its column.

    label_tokens: for each line, the tokens that belong to some label (a value stops at the next label).
    after: the last token of the labels glued to this one ("duPrénom(s)nom d'usage  KARIM"), if further.
    upward: the page prints its values over their labels (a value on a rule, its caption under it): the
    column is searched above the label instead of below.
    """
    out: list[Value] = []
    ln = lines[hit.line]
    taken = label_tokens.get(hit.line, set())
    right: list[Token] = []
    for j in range(max(hit.last, after or hit.last) + 1, len(ln.tokens)):
        if j in taken:
            break
        t = ln.tokens[j]
        if _FILLER.match(t.text.lower()) and not right:
            continue
        if right and t.x0 - right[-1].x1 > 6 * ln.height:
            if sum(c.isalnum() for x in right for c in x.text) > 1:
                break  # a column further right (two pages side by side on one sheet): another part's words
            right = []  # a speck or a colon read as a letter (« du i    24/07/2025 ») before the value
        right.append(t)
    if right:
        out.append(Value(tuple(right), hit.line, "right"))
    if not below:
        return out
    # The column of this label: from its left edge to the next label on its line (or the page's right).
    nxt = [ln.tokens[j].x0 for j in sorted(taken) if j > hit.last]
    prev = [ln.tokens[j].x1 for j in sorted(taken) if j < hit.first]
    h = ln.height
    col_left = max([hit.x0 - 3 * h] + [p + 0.5 * h for p in prev[-1:]])
    col_right = min(nxt) - 0.3 * h if nxt else float("inf")
    near = range(hit.line - 1, max(-1, hit.line - 1 - max_lines_below), -1) if upward else \
        range(hit.line + 1, min(len(lines), hit.line + 1 + max_lines_below))
    for k in near:
        below_line = lines[k]
        gap = ln.top - below_line.bottom if upward else below_line.top - ln.bottom
        if gap > 3.2 * max(h, below_line.height):
            break
        taken_below = label_tokens.get(k, set())
        toks = [t for j, t in enumerate(below_line.tokens)
                if j not in taken_below and t.x0 >= col_left and t.x0 < col_right and not _FILLER.match(t.text.lower())]
        labels_below = [below_line.tokens[j].x0 for j in taken_below if col_left <= below_line.tokens[j].x0 < col_right]
        if labels_below and (not toks or min(labels_below) <= toks[0].x0):
            break  # another label stands under this one: what follows is that label's value
        if toks:
            out.append(Value(tuple(toks), k, "below"))
            break
    return out


_CONNECTORS = {"de", "d'", "du", "la", ":"}  # "X de prolongation": words allowed between a box and its label


def ticked(lines: list[Line], choices: re.Pattern[str], *, ocr: bool) -> dict[str, tuple[Token, str]]:
    """Choices (named groups of `choices`) whose box carries a mark: label -> (the mark, its line's text).

    Boxes sit before their labels ("☒ Prolongation") or after them ("Prolongation : X", "Initial ☐
    Prolongation ☒"): an empty box glyph by the first label says which; otherwise each mark goes to the
    label it is nearer to (a box hugs its own label).
    """
    out: dict[str, tuple[Token, str]] = {}
    for ln in lines:
        toks = ln.tokens
        marks = [j for j, t in enumerate(toks) if is_mark(t.text, ocr=ocr)]
        if not marks:
            continue
        labels: list[tuple[int, int, str]] = []
        for m in choices.finditer(ln.folded):
            idx = ln.tokens_in(m.start(), m.end())
            if idx and not any(idx[0] <= j <= idx[-1] for j in marks):
                labels.append((idx[0], idx[-1], m.lastgroup or ""))
        if not labels:
            continue
        h = ln.height
        boxes = set(marks) | {j for j, t in enumerate(toks) if t.text.strip() in EMPTY}

        def skip(j: int, step: int, toks: list = toks) -> int:
            while 0 <= j < len(toks) and toks[j].text.lower().replace("’", "'") in _CONNECTORS:
                j += step
            return j

        side: str | None = None
        if skip(labels[0][0] - 1, -1) in boxes:
            side = "before"
        elif skip(labels[-1][1] + 1, 1) in boxes:
            side = "after"
        for j in marks:
            after_label = next((lab for lab in reversed(labels) if lab[1] < j), None)  # label left of the mark
            before_label = next((lab for lab in labels if lab[0] > j), None)  # label right of the mark
            if after_label and skip(after_label[1] + 1, 1) != j:
                after_label = None
            if before_label and skip(before_label[0] - 1, -1) != j:
                before_label = None
            gap_after = toks[j].x0 - toks[after_label[1]].x1 if after_label else None
            gap_before = toks[before_label[0]].x0 - toks[j].x1 if before_label else None
            if side == "before" or (side is None and gap_before is not None
                                    and (gap_after is None or gap_before <= gap_after)):
                chosen, gap = before_label, gap_before
            else:
                chosen, gap = after_label, gap_after
            if chosen is None or gap is None or gap > 8 * h or chosen[2] in out:
                continue
            out[chosen[2]] = (toks[j], ln.joined)
    return out


def word_lines_text(page: Page) -> str:
    """The page's words laid out again as lines (lines_of): on a page read by OCR, the boxed characters
    re-read without their boxes (digitboxes) are only in its words, not in the text of the first reading."""
    return "\n".join(line.text for line in lines_of(page))
