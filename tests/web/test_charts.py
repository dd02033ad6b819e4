"""The SVG helpers: scaled bars, escaped labels, an empty chart said in words; no script ever."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from intake.web.charts import Bar, columns, hbars, line

SVG = "{http://www.w3.org/2000/svg}"


def _widths(svg: str) -> list[float]:
    return [float(r.get("width")) for r in ET.fromstring(svg).iter(f"{SVG}rect")]


def test_bars_are_scaled_to_the_largest_value_or_the_given_maximum() -> None:
    widths = _widths(hbars([Bar("a", 10), Bar("b", 5), Bar("c", 0)], title="t"))
    assert widths[0] > 0 and abs(widths[1] - widths[0] / 2) < 0.2 and widths[2] == 0
    rates = _widths(hbars([Bar("agent", 0.25)], title="t", maximum=1))
    full = _widths(hbars([Bar("agent", 1.0)], title="t", maximum=1))
    assert abs(rates[0] - full[0] / 4) < 0.2


def test_labels_are_escaped_and_no_script_is_emitted() -> None:
    svg = hbars([Bar("<script>alert(1)</script> & Cie", 3, href="/sinistres?a=1&b=2")], title="« t »")
    ET.fromstring(svg)  # well-formed XML
    assert "<script" not in svg and "&lt;script&gt;" in svg and "a=1&amp;b=2" in svg
    assert "<script" not in columns([("<b>", 1)], title="x")


def test_columns_and_line_draw_one_mark_per_day_and_label_some() -> None:
    days = [(f"{d:02d}/11", d % 4) for d in range(1, 31)]
    svg = columns(days, title="Messages", every=5)
    assert len(_widths(svg)) == 30
    labels = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text and "/" in t.text]
    assert labels[0] == "01/11" and labels[-1] == "30/11" and len(labels) == 7
    points = re.search(r'points="([^"]+)"', line(days, title="Messages")).group(1).split()
    assert len(points) == 30


def test_an_empty_chart_says_so() -> None:
    assert "aucune donnée" in hbars([], title="Par catégorie")
    assert "aucune donnée" in columns([], title="Messages")
