"""OCR speed: seconds per scanned page through read_document vs plain `tesseract page.png - -l fra` on the same image.

    .venv/bin/python benchmarks/bench_ocr.py [--pages 12] [--seed 5]

The page image given to plain tesseract is the one read_document renders for OCR (same resolution),
so the ratio measures what the reading adds: orientation and skew analysis, an orientation probe or
second pass on turned pages, TSV parsing. Plain tesseract is timed twice: as installed (OpenMP
threads on) and with OMP_THREAD_LIMIT=1, which read_document uses; the ratio is given against both.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import pypdfium2 as pdfium  # noqa: E402

from corpus.documents import KINDS, make_scan, make_text_pdf  # noqa: E402
from intake.documents import read_document  # noqa: E402
from intake.documents.reader import page_image as ocr_page_image  # noqa: E402


def page_image(scan: bytes, path: Path) -> None:
    document = pdfium.PdfDocument(scan)
    page = document[0]
    image, _dpi = ocr_page_image(page)
    image.save(path)
    page.close()
    document.close()


def plain_tesseract(path: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(["tesseract", str(path), "-", "-l", "fra"], capture_output=True, check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--rotated", type=float, default=0.2, help="share of pages turned 90/180/270°")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    env_default = dict(os.environ)
    env_default.pop("OMP_THREAD_LIMIT", None)
    env_single = {**env_default, "OMP_THREAD_LIMIT": "1"}
    ours = plain = plain_single = 0.0
    upright = [0.0, 0.0]
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.pages):
            turned = rng.random() < args.rotated
            scan = make_scan(make_text_pdf(rng.choice(KINDS), rng), rng,
                             rotation=rng.choice([90, 180, 270]) if turned else 0)
            path = Path(tmp) / f"page{i}.png"
            page_image(scan, path)
            start = time.perf_counter()
            doc = read_document("scan.pdf", scan)
            mine = time.perf_counter() - start
            assert doc.ocr and not doc.unreadable
            base = plain_tesseract(path, env_default)
            base1 = plain_tesseract(path, env_single)
            ours, plain, plain_single = ours + mine, plain + base, plain_single + base1
            if not turned:
                upright[0] += mine
                upright[1] += base1
            print(f"page {i:2d} {'turned ' if turned else 'upright'}  read_document {mine:5.2f} s   "
                  f"tesseract {base:5.2f} s   tesseract(OMP=1) {base1:5.2f} s")
    n = args.pages
    print(f"\nseconds per page: read_document {ours / n:.2f}   plain tesseract {plain / n:.2f}   "
          f"plain tesseract OMP_THREAD_LIMIT=1 {plain_single / n:.2f}")
    print(f"ratio vs plain tesseract (as installed): {ours / plain:.2f}x")
    print(f"ratio vs plain tesseract (OMP_THREAD_LIMIT=1): {ours / plain_single:.2f}x   (target <= 1.2x)")
    if upright[1]:
        print(f"ratio on upright pages only (OMP_THREAD_LIMIT=1): {upright[0] / upright[1]:.2f}x")


if __name__ == "__main__":
    main()
