"""atheris harness: read_message on mutated mails must return, never raise.

Run: .venv/bin/python fuzz/fuzz_mime.py -max_total_time=120 [corpus_dir]
(seeds: the sample mails, written to fuzz/corpus/mime on first run).
"""

from __future__ import annotations

import sys

import atheris

import common

with atheris.instrument_imports():
    from intake.mail.read import read_message


def test_one(data: bytes) -> None:
    read = read_message(data)
    # The lenient parser takes any bytes: a fallback to the strict one means our code raised on the way.
    fallback = [p for p in read.problems if p.startswith("première analyse MIME impossible")]
    if fallback and "RecursionError" not in fallback[0]:
        raise AssertionError(fallback[0])
    for attachment in read.attachments:
        assert attachment.document.pages or attachment.document.unreadable is not None or attachment.kind


def main() -> None:
    corpus = common.ROOT / "fuzz" / "corpus" / "mime"
    if not corpus.exists():
        corpus.mkdir(parents=True)
        for sample in sorted(common.SAMPLES.glob("*.eml")):
            raw = sample.read_bytes()
            if len(raw) < 60_000 and b"image/" not in raw.lower():  # scans: seconds of OCR per run
                (corpus / sample.name).write_bytes(raw)
    argv = sys.argv + ([str(corpus)] if not any(not a.startswith("-") for a in sys.argv[1:]) else [])
    atheris.Setup(argv, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
