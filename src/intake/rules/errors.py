"""The one error of the rule engine: a bad rules folder, located as `FILE:LINE: what is wrong`."""

from __future__ import annotations

from pathlib import Path


class RulesError(Exception):
    """Raised at load time; str() is exactly `FILE:LINE: message` (French) so a CLI can print it."""

    def __init__(self, file: Path | str, line: int, message: str) -> None:
        self.file = Path(file)
        self.line = line
        self.message = message
        super().__init__(f"{self.file}:{self.line}: {message}")

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"
