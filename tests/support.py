"""Paths the tests share (importable from any test folder, unlike conftest modules)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SAMPLES = ROOT / "tests" / "cases"
REGISTRY = SAMPLES / "registry"
POSTGRES_URL = os.environ.get("INTAKE_TEST_POSTGRES_URL", "")

# The Unicode font the tests' own PDF pieces are written in (accents, « », ☒).
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def prose_pdf(lines: list[str]) -> bytes:
    """A one-page text PDF with these lines as paragraphs (a certificate, a letter written in sentences)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=10)
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def registry_of(folder: Path, collectivites: str, agents: str):
    """The registry of the CSV texts given, written in `folder` (contract.md's formats)."""
    from intake.identify.match import Registry

    (folder / "collectivites.csv").write_text(collectivites, encoding="utf-8")
    (folder / "agents.csv").write_text(agents, encoding="utf-8")
    return Registry.from_csv_dir(folder)
