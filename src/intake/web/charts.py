"""Charts drawn on the server as SVG markup: no script, no CDN, so the strict CSP stays as it is.

Every text is escaped here (names of collectivités come from the registry); the templates insert the
result with |safe. Colours come from classes in static/style.css."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640  # time axes
BARS_WIDTH = 420  # bar charts sit two or three to a row: narrower, so their text is not shrunk
BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 170


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str | None = None  # the figure printed at the bar's end (default: the value)
    href: str | None = None


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def hbars(bars: Sequence[Bar], *, title: str, maximum: float | None = None, css: str = "bar") -> str:
    """Horizontal bars, one per label, scaled to the largest value (or `maximum`, e.g. 1 for rates)."""
    if not bars:
        return f'<p class="chart-empty">{escape(title)} : aucune donnée.</p>'
    top = maximum if maximum is not None else max((b.value for b in bars), default=0)
    top = top or 1
    room = BARS_WIDTH - LABEL_WIDTH - 70
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for i, bar in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = max(0.0, min(1.0, bar.value / top)) * room
        label = escape(bar.label if len(bar.label) <= 28 else bar.label[:27] + "…")
        text = escape(bar.shown if bar.shown is not None else _number(bar.value))
        rect = (f'<rect class="{css}" x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}">'
                f'<title>{label} : {text}</title></rect>')
        if bar.href:
            rect = f'<a href="{escape(bar.href)}">{rect}</a>'
        rows.append(f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 6}" text-anchor="end">{label}</text>'
                    f'{rect}<text class="value" x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR_HEIGHT - 6}">{text}</text>')
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {BARS_WIDTH} {height}" '
            f'width="{BARS_WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
            + "".join(rows) + "</svg>")


def columns(points: Sequence[tuple[str, float]], *, title: str, every: int = 5, css: str = "bar") -> str:
    """Vertical bars along a time axis (e.g. mail per day); one label every `every` points."""
    if not points:
        return f'<p class="chart-empty">{escape(title)} : aucune donnée.</p>'
    height, bottom, left = 180, 24, 36
    top = max(v for _, v in points) or 1
    step = (WIDTH - left - 4) / len(points)
    parts = [f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{WIDTH}" y2="{height - bottom}"/>',
             f'<text class="value" x="{left - 4}" y="12" text-anchor="end">{_number(top)}</text>',
             f'<text class="value" x="{left - 4}" y="{height - bottom}" text-anchor="end">0</text>']
    for i, (label, value) in enumerate(points):
        h = (value / top) * (height - bottom - 14)
        x = left + i * step
        parts.append(f'<rect class="{css}" x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{max(step - 2, 1):.1f}" '
                     f'height="{h:.1f}"><title>{escape(label)} : {_number(value)}</title></rect>')
        if i % every == 0 or i == len(points) - 1:
            parts.append(f'<text class="label" x="{x + step / 2:.1f}" y="{height - 6}" text-anchor="middle">'
                         f'{escape(label)}</text>')
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
            + "".join(parts) + "</svg>")


def line(points: Sequence[tuple[str, float]], *, title: str, every: int = 5) -> str:
    """A polyline over the same axis as columns(), for a trend."""
    if len(points) < 2:
        return columns(points, title=title, every=every)
    height, bottom, left = 180, 24, 36
    top = max(v for _, v in points) or 1
    step = (WIDTH - left - 4) / (len(points) - 1)
    coords = " ".join(f"{left + i * step:.1f},{height - bottom - (v / top) * (height - bottom - 14):.1f}"
                      for i, (_, v) in enumerate(points))
    labels = "".join(f'<text class="label" x="{left + i * step:.1f}" y="{height - 6}" text-anchor="middle">{escape(k)}</text>'
                     for i, (k, _) in enumerate(points) if i % every == 0 or i == len(points) - 1)
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
            f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{WIDTH}" y2="{height - bottom}"/>'
            f'<text class="value" x="{left - 4}" y="12" text-anchor="end">{_number(top)}</text>'
            f'<polyline class="trend" points="{coords}"/>{labels}</svg>')
