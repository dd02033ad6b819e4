"""The values of a filled PDF form (AcroForm) that was not flattened.

A form filled in on screen keeps its values in the form fields, not in the page content: pdfium's text
holds only the printed labels (« Nom de l'agent : ») and the values were lost. pypdf (BSD-3-Clause)
reads the field dictionaries; each value is given as text with its field's name, so the handler sees
where it came from and the understanding stage reads « Nom de l'agent : DUPONT » as it would on paper."""

from __future__ import annotations

import io
import logging
import re

log = logging.getLogger(__name__)

HEADING = "Champs du formulaire :"
_MAX_FIELDS = 300  # a form with more is read for its first ones
_MAX_VALUE = 500
_OFF = {"", "/Off", "Off", "/off", "/No", "No"}
_NAME_PART = re.compile(r"\[\d+\]$")


def _label(name: str, field: dict) -> str:
    """The field's user-facing name (/TU), else the last part of its qualified name (« form1[0].nom[0] » → nom)."""
    tooltip = str(field.get("/TU") or "").strip()
    if tooltip:
        return tooltip
    last = name.rsplit(".", 1)[-1]
    return _NAME_PART.sub("", last).replace("_", " ").strip() or name


def _value(field: dict) -> str | None:
    value = field.get("/V")
    if value is None:
        return None
    kind = str(field.get("/FT") or "")
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value).strip()
    if kind == "/Btn":  # check box or radio: its export name when on
        return None if text in _OFF else ("coché" if text in ("/Yes", "/On", "Yes", "On") else text.lstrip("/"))
    return text[:_MAX_VALUE] or None


def form_fields(data: bytes) -> list[tuple[str, str]]:
    """(label, value) of every filled field, in the form's order; [] for a PDF without a form."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if "/AcroForm" not in reader.trailer["/Root"]:
            return []
        fields = reader.get_fields() or {}
    except Exception:  # noqa: BLE001 - a broken form must not lose the page text pdfium read
        log.info("PDF form fields unreadable", exc_info=True)
        return []
    found: list[tuple[str, str]] = []
    for name, field in list(fields.items())[:_MAX_FIELDS]:
        value = _value(field)
        if value:
            found.append((_label(name, field), value))
    return found


def fields_text(fields: list[tuple[str, str]]) -> str:
    return "\n".join([HEADING, *(f"{label} : {value}" for label, value in fields)])
