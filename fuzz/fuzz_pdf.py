"""atheris harness: the PDF reader (in-process, no OCR) on mutated PDFs must return a result or a French reason.

Run: .venv/bin/python fuzz/fuzz_pdf.py -max_total_time=120 -rss_limit_mb=3000
Reads in-process on purpose: a native crash here is a finding (in production the sandbox child absorbs it).
"""

from __future__ import annotations

import sys

import atheris

import common

with atheris.instrument_imports():
    from intake.documents.limits import Limits
    from intake.documents.reader import read_in_process

LIMITS = Limits(max_ocr_pages=0, max_pages=5, sandbox=False)  # OCR is tesseract's business, not this fuzzer's


def test_one(data: bytes) -> None:
    document = read_in_process("fuzz.pdf", data, "application/pdf", LIMITS)
    assert document.pages or document.unreadable


def main() -> None:
    corpus = common.ROOT / "fuzz" / "corpus" / "pdf"
    if not corpus.exists():
        from fuzz_seeds import pdf_seeds

        corpus.mkdir(parents=True)
        for name, data in pdf_seeds().items():
            (corpus / name).write_bytes(data)
    argv = sys.argv + ([str(corpus)] if not any(not a.startswith("-") for a in sys.argv[1:]) else [])
    atheris.Setup(argv, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
