"""atheris harness: html_to_text on any text must return a string, never raise.

Run: .venv/bin/python fuzz/fuzz_html.py -max_total_time=120
"""

from __future__ import annotations

import sys

import atheris

import common  # noqa: F401  (the path)

with atheris.instrument_imports():
    from intake.mail.html import html_to_text


def test_one(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    assert isinstance(html_to_text(text), str)


def main() -> None:
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
