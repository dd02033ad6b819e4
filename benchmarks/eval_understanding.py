"""Accuracy of `intake parse` on the generated, labelled claims corpus (tests/corpus/claims.py).

Prints message accuracy (every field right; agent_confidence and agent_name ignored), per-field precision/recall,
the number of wrong agents (must be 0) and agent precision at confidence thresholds; writes everything, with the
failing cases, to benchmarks/out/eval_understanding.json.

Run: .venv/bin/python benchmarks/eval_understanding.py [--n 500] [--seed 7] [--scan-rate 0.07] [--photo-rate 0.02]
     [--save-cases DIR]   # also write NNNN.eml / .expected.json / .actual.json / .tags.json to look at
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpus.claims import generate  # noqa: E402
from corpus.claims_eval import analyser, evaluate  # noqa: E402
from corpus.registry import build_registry  # noqa: E402

OUT = ROOT / "benchmarks" / "out"


def print_report(report: dict[str, Any], threshold: float) -> None:
    print(f"messages: {report['messages']}   message accuracy: {report['message_accuracy']:.1%}")
    print(f"WRONG agents: {report['wrong_agents']}   agents named in spurious claims: {report['agents_in_spurious_claims']} "
          f"(of whom not in the mail at all: {report['spurious_agents_not_in_mail']})")
    at = report["agent_precision_at"]
    print("agent precision at confidence ≥ t: " + ", ".join(f"{t}: {v['precision']} (n={v['named']})" for t, v in at.items()))
    print(f"threshold in use (intake.identify.match.AGENT_THRESHOLD): {threshold}")
    print(f"{'field':<20}{'precision':>10}{'recall':>10}{'tp':>7}{'fp':>6}{'fn':>6}")
    for name, f in report["fields"].items():
        p = "-" if f["precision"] is None else f"{f['precision']:.3f}"
        r = "-" if f["recall"] is None else f"{f['recall']:.3f}"
        print(f"{name:<20}{p:>10}{r:>10}{f['tp']:>7}{f['fp']:>6}{f['fn']:>6}")
    if report["intent_confusion"]:
        print("intent confusion:", report["intent_confusion"])
    print("fields failing most:", dict(list(report["failed_fields"].items())[:10]))
    worst = [(t, v) for t, v in report["accuracy_by_tag"].items() if v["n"] >= 5][:12]
    print("weakest tags:", ", ".join(f"{t} {v['accuracy']:.0%} (n={v['n']})" for t, v in worst))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--registry-seed", type=int, default=11)
    parser.add_argument("--scan-rate", type=float, default=0.07)
    parser.add_argument("--photo-rate", type=float, default=0.02)
    parser.add_argument("--save-cases", type=Path)
    parser.add_argument("--out", type=Path, default=OUT / "eval_understanding.json")
    args = parser.parse_args()

    registry = build_registry(args.registry_seed)
    registry_dir = registry.write_csv(OUT / "registry")
    t0 = time.perf_counter()
    cases = generate(args.n, args.seed, registry=registry, scan_rate=args.scan_rate, photo_rate=args.photo_rate)
    generated = time.perf_counter() - t0
    analyse, how, threshold = analyser(registry_dir)
    score, spent = evaluate(cases, analyse, args.save_cases)
    report = score.report()
    report.update({"n": args.n, "seed": args.seed, "registry_seed": args.registry_seed, "scan_rate": args.scan_rate,
                   "photo_rate": args.photo_rate, "analyse": how, "agent_threshold": threshold,
                   "generation_seconds": round(generated, 1), "analyse_seconds": round(spent, 1),
                   "messages_per_second": round(args.n / spent, 2) if spent else None})
    print(f"corpus: {args.n} mails generated in {generated:.0f} s; {how}; analysed in {spent:.0f} s "
          f"({report['messages_per_second']} msg/s, OCR included)")
    print_report(report, threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
