"""`intake parse` speed: messages per second after start-up on mails with a one-page text PDF, and the
start-up time of `intake parse` on one message; each against the reading floor measured in the same run
(stdlib MIME parsing + pypdfium2 text extraction of the same files).

Run: .venv/bin/python benchmarks/bench_parse.py [--mails 200] [--rounds 3]
Targets (issue 4): ≥ 20 messages/s on one core after start-up; start-up ≤ 4 s.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from intake.identify.match import Registry  # noqa: E402
from intake.pipeline.parse import analyse  # noqa: E402
from intake.rules import get_rules  # noqa: E402
from support import REGISTRY  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_reading", Path(__file__).with_name("bench_reading.py"))
reading = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reading)


def parse_all(mails: list[bytes], registry: Registry, rules) -> int:
    claims = 0
    for raw in mails:
        claims += len(analyse(raw, registry=registry, rules=rules)["claims"])
    return claims


def start_up(sample: Path, rounds: int) -> float:
    """Wall time of a whole `intake parse` process on one message, the sample registry imported."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "INTAKE_DATABASE_URL": f"sqlite:///{folder}/intake.db", "INTAKE_DATA_DIR": folder}
        intake = [sys.executable, "-m", "intake.cli"]
        subprocess.run([*intake, "init"], env=env, check=True, capture_output=True)
        for kind in ("collectivites", "contracts", "agents"):
            subprocess.run([*intake, "import", kind, str(REGISTRY / f"{kind}.csv")], env=env, check=True,
                           capture_output=True)
        best = float("inf")
        for _ in range(rounds):
            began = time.perf_counter()
            subprocess.run([*intake, "parse", str(sample)], env=env, check=True, capture_output=True)
            best = min(best, time.perf_counter() - began)
        return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    mails = reading.make_mails(args.mails)
    registry, rules = Registry.from_csv_dir(REGISTRY), get_rules()
    parse_all(mails[:5], registry, rules)  # warm up: imports, compiled patterns, models
    floor_rate, _pages = reading.best_rate(reading.floor, mails, args.rounds)
    our_rate, _claims = reading.best_rate(lambda batch: parse_all(batch, registry, rules), mails, args.rounds)
    sample = Path(tempfile.mkdtemp()) / "one.eml"
    sample.write_bytes(mails[0])
    started = start_up(sample, args.rounds)
    print(f"mails with a one-page text PDF: {len(mails)}, best of {args.rounds} rounds, one process")
    print(f"floor (email.message_from_bytes + pypdfium2 text): {floor_rate:8.1f} messages/s")
    print(f"intake parse (read + understand + rules):           {our_rate:8.1f} messages/s  (target >= 20)")
    print(f"ratio (floor rate / our rate): {floor_rate / our_rate:.1f}x")
    print(f"start-up, `intake parse` of one message (whole process): {started:.2f} s  (target <= 4 s); "
          f"the floor parses that message in {1 / floor_rate * 1000:.1f} ms")


if __name__ == "__main__":
    main()
