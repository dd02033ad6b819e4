"""Paths the tests share (importable from any test folder, unlike conftest modules)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SAMPLES = ROOT / "tests" / "cases"
REGISTRY = SAMPLES / "registry"
POSTGRES_URL = os.environ.get("INTAKE_TEST_POSTGRES_URL", "")
