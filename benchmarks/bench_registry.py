"""Identification against a large registry: parse speed and memory of one process with 2 000 collectivités
and 300 000 agents against the same process with 40 collectivités and 1 500 agents, measured in the same
run, alternately, on the same mails of the claims corpus (tests/corpus: names, homonyms, forms).

Each registry is imported into its own database with the real `intake import` (SQLite, and PostgreSQL with
--postgres); each measurement is a fresh process running `analyse(raw)` as `intake parse` does, the
registry read through current_registry() (one version read per message, agents per collectivité). Both
registries are the corpus registry (12 collectivités) plus generated collectivités whose names and NIRs
appear in no mail, so both runs must give the same objects: the benchmark checks it. `--whole` also
measures the previous design (the whole registry loaded in each process) for comparison.

Run: .venv/bin/python benchmarks/bench_registry.py [--mails 200] [--rounds 3] [--postgres] [--whole]
Targets (issue 19): speed within 20 % of the small registry's, memory at most +150 MB.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

COLLECTIVITES = 2000
AGENTS = 300_000
SMALL = (40, 1500)  # the registry of today's figures
_SYLLABLES = ["bra", "cel", "dor", "fal", "gon", "lir", "mau", "nor", "pel", "quin", "ros", "sal", "tam", "vel",
              "zor", "bul", "cri", "dam", "fen", "gra", "lon", "mir", "nac", "pru", "ver", "tol", "sen", "rab"]
_KINDS = ["Mairie de", "CCAS de", "Communauté de communes de", "SIVOM de", "EHPAD de", "Syndicat des eaux de"]


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# --- the registries --------------------------------------------------------------------------------------


def _commune(rng: random.Random, taken: set[str]) -> str:
    while True:
        words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()
                 for _ in range(rng.randint(1, 2))]
        name = "-".join(words) + rng.choice(["", "", "-sur-Vellonne", "-les-Brasques"])
        if name not in taken:
            taken.add(name)
            return name


def write_large(small: Path, folder: Path, *, collectivites: int, agents: int, seed: int = 19) -> dict[str, int]:
    """The corpus registry's files plus generated collectivités (invented communes, their own domains) and
    agents (names of the corpus's lists, unique NIRs the corpus does not use), up to the sizes asked."""
    from corpus.claims_names import FIRST_F, FIRST_M, LAST

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for kind in ("collectivites", "contracts", "agents"):
        lines = (small / f"{kind}.csv").read_text(encoding="utf-8").splitlines()
        counts[kind] = len(lines) - 1
        (folder / f"{kind}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    taken_nirs = set()
    with open(small / "agents.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            taken_nirs.add(row["nir"].replace(" ", "").upper()[:13])
    extra = collectivites - counts["collectivites"]
    per = (agents - counts["agents"]) // extra
    communes: set[str] = set()
    with open(folder / "collectivites.csv", "a", newline="", encoding="utf-8") as cfh, \
            open(folder / "agents.csv", "a", newline="", encoding="utf-8") as afh:
        cw, aw = csv.writer(cfh), csv.writer(afh)
        made = 0
        for i in range(extra):
            code = f"G{i:05d}"
            commune = _commune(rng, communes)
            slug = commune.lower().replace("-", "")
            cw.writerow([code, f"{rng.choice(_KINDS)} {commune}", f"{slug}-{i}.fr",
                         f"rh.{slug}{i}@laposte.net" if rng.random() < 0.3 else "", "true"])
            count = per if i < extra - 1 else agents - counts["agents"] - made
            for n in range(count):
                sex = rng.choice([1, 2])
                born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 365 * 44))
                while True:
                    nir = (f"{sex}{born.year % 100:02d}{born.month:02d}{rng.randint(1, 95):02d}"
                           f"{rng.randint(1, 990):03d}{rng.randint(1, 999):03d}")
                    if nir[5:7] != "20" and nir not in taken_nirs:
                        taken_nirs.add(nir)
                        break
                aw.writerow([code, f"M{n:06d}", nir, rng.choice(LAST),
                             rng.choice(LAST) if sex == 2 and rng.random() < 0.2 else "",
                             rng.choice(FIRST_F if sex == 2 else FIRST_M), born.isoformat(),
                             "CNRACL" if rng.random() < 0.8 else "IRCANTEC", "titulaire"])
            made += count
    counts["collectivites"] += extra
    counts["agents"] += made
    return counts


def intake_cli(*args: str, url: str, data_dir: Path) -> str:
    env = {**os.environ, "INTAKE_DATABASE_URL": url, "INTAKE_DATA_DIR": str(data_dir)}
    result = subprocess.run([sys.executable, "-m", "intake.cli", *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"intake {' '.join(args)}: {result.stderr}")
    return result.stdout


def load(url: str, folder: Path, data_dir: Path) -> float:
    began = time.perf_counter()
    intake_cli("init", url=url, data_dir=data_dir)
    for kind in ("collectivites", "contracts", "agents"):
        intake_cli("import", kind, str(folder / f"{kind}.csv"), url=url, data_dir=data_dir)
    return time.perf_counter() - began


# --- one measuring process -------------------------------------------------------------------------------


def child(url: str, mails_dir: Path, rounds: int, whole: bool) -> None:
    """Runs in its own process: the figures of one registry."""
    os.environ["INTAKE_DATABASE_URL"] = url
    from intake.identify.registry import current_registry, load_registry
    from intake.pipeline.parse import analyse
    from intake.rules import get_rules
    from intake.store.db import get_sessionmaker

    mails = [path.read_bytes() for path in sorted(mails_dir.glob("*.eml"))]
    rules = get_rules()
    registry = None
    if whole:
        with get_sessionmaker(url)() as session:
            registry = load_registry(session)
    analyse(mails[0], registry=registry, rules=rules)  # imports, compiled patterns, models
    rss_ready = _rss_mb()
    best = float("inf")
    digest = hashlib.sha256()
    for round_ in range(rounds):
        began = time.perf_counter()
        objects = [analyse(raw, registry=registry, rules=rules) for raw in mails]
        best = min(best, time.perf_counter() - began)
        if round_ == 0:
            digest.update(json.dumps(objects, sort_keys=True, ensure_ascii=False).encode())
    stored = current_registry(url)
    print(json.dumps({
        "rate": len(mails) / best,
        "rss_ready_mb": rss_ready,
        "rss_end_mb": _rss_mb(),
        "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "digest": digest.hexdigest(),
        "loads": getattr(stored, "loads", None),
        "cached_agents": getattr(stored, "cached_agents", None),
    }))


def measure(url: str, mails_dir: Path, rounds: int, *, whole: bool = False) -> dict:
    args = [sys.executable, __file__, "--child", url, "--mails-dir", str(mails_dir), "--rounds", str(rounds)]
    result = subprocess.run(args + (["--whole"] if whole else []), capture_output=True, text=True,
                            env={**os.environ, "INTAKE_DATABASE_URL": url})
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=2, help="alternate small/large measurements this many times")
    parser.add_argument("--postgres", action="store_true",
                        help="also on PostgreSQL (INTAKE_BENCH_POSTGRES_URL, throwaway schemas)")
    parser.add_argument("--whole", action="store_true", help="also the previous design: whole registry per process")
    parser.add_argument("--collectivites", type=int, default=COLLECTIVITES)
    parser.add_argument("--agents", type=int, default=AGENTS)
    parser.add_argument("--child", default="")
    parser.add_argument("--mails-dir", default="")
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.mails_dir), args.rounds, "--whole" in sys.argv)
        return

    from corpus.claims import generate
    from corpus.registry import build_registry

    work = Path(tempfile.mkdtemp(prefix="bench-registry-"))
    corpus = build_registry(11)
    corpus_dir = corpus.write_csv(work / "corpus")
    small, large = work / "small", work / "large"
    small_sizes = write_large(corpus_dir, small, collectivites=SMALL[0], agents=SMALL[1])
    sizes = write_large(corpus_dir, large, collectivites=args.collectivites, agents=args.agents)
    mails_dir = work / "mails"
    mails_dir.mkdir()
    for n, case in enumerate(generate(args.mails, seed=2026, registry=corpus, scan_rate=0.0, photo_rate=0.0)):
        (mails_dir / f"{n:04d}.eml").write_bytes(case.raw)
    print(f"registries: small {small_sizes['collectivites']} collectivités / {small_sizes['agents']} agents; "
          f"large {sizes['collectivites']} / {sizes['agents']}; {args.mails} generated mails "
          f"(text PDFs), best of {args.rounds} rounds per process, {args.repeats} processes each, alternating")

    with ExitStack() as stack:
        databases = [("SQLite", f"sqlite:///{work / 'small.db'}", f"sqlite:///{work / 'large.db'}")]
        if args.postgres:
            from pgschema import throwaway_schema

            databases.append(("PostgreSQL", stack.enter_context(throwaway_schema("bench_registry_small")),
                              stack.enter_context(throwaway_schema("bench_registry_large"))))
        for label, small_url, large_url in databases:
            compare(label, small_url, large_url, small=small, large=large, work=work, mails_dir=mails_dir, args=args)


def compare(label: str, small_url: str, large_url: str, *, small: Path, large: Path, work: Path, mails_dir: Path,
            args: argparse.Namespace) -> None:
    took_small = load(small_url, small, work / "data")
    took_large = load(large_url, large, work / "data")
    print(f"\n{label}: `intake import` of the three files: small {took_small:.1f} s, large {took_large:.1f} s")
    runs: dict[str, list[dict]] = {"small": [], "large": []}
    for _ in range(args.repeats):
        runs["small"].append(measure(small_url, mails_dir, args.rounds))
        runs["large"].append(measure(large_url, mails_dir, args.rounds))
    same = {run["digest"] for run in runs["small"] + runs["large"]}
    for name, measured in runs.items():
        rates = ", ".join(f"{m['rate']:.1f}" for m in measured)
        print(f"  {name:5}: {rates} msg/s; RSS ready {measured[0]['rss_ready_mb']:.0f} MB, after "
              f"{measured[0]['rss_end_mb']:.0f} MB (peak {max(m['rss_peak_mb'] for m in measured):.0f} MB); "
              f"collectivités read {measured[0]['loads']}, agents cached {measured[0]['cached_agents']}")
    small_rate = max(m["rate"] for m in runs["small"])
    large_rate = max(m["rate"] for m in runs["large"])
    small_peak = max(m["rss_peak_mb"] for m in runs["small"])
    large_peak = max(m["rss_peak_mb"] for m in runs["large"])
    print(f"  large / small: speed {large_rate / small_rate:.2f} (target >= 0.80), "
          f"memory {large_peak - small_peak:+.0f} MB (target <= +150 MB); "
          f"same objects from both: {'yes' if len(same) == 1 else 'NO'}")
    if args.whole:
        previous = measure(large_url, mails_dir, args.rounds, whole=True)
        print(f"  previous design, the large registry whole in the process: {previous['rate']:.1f} msg/s, "
              f"RSS peak {previous['rss_peak_mb']:.0f} MB ({previous['rss_peak_mb'] - small_peak:+.0f} MB)")
    if len(same) != 1:
        raise SystemExit("the large registry changed what the mails are understood as")


if __name__ == "__main__":
    main()
