"""Shared set-up of the atheris harnesses: the source tree on the path, seeds from the samples."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
SAMPLES = ROOT.parent / "shared" / "samples" / "cases"
