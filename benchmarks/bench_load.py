"""Load: N generated mails over SMTP from concurrent client processes to `intake serve` on PostgreSQL, with a
real relay; every mail stored and processed once, no claim drafted twice, at most one reply per message and
claim; mails/s received and processed, arrival → reply p50/p95, peak memory of each process; and floors
measured in the same run (the same clients against an SMTP sink that does nothing, read_message alone).

Run:  .venv/bin/python benchmarks/bench_load.py [--n 2000] [--clients 4] [--workers 2] [--mix realistic|text]
      [--twin-rate 0.05] [--no-relay] [--corpus DIR]
--workers counts the processes that process mail: `intake serve` (receiver, sender, desk and its own worker
thread) plus workers - 1 `intake serve --worker`. The database is a throwaway schema of
INTAKE_BENCH_POSTGRES_URL (or INTAKE_TEST_POSTGRES_URL, or the local test database), dropped at the end.
Generated mails are kept in benchmarks/out/load/ and reused by the next run with the same options.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pgschema import throwaway_schema

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "load")]

from corpus_load import LoadMail, build_mails, load, save, with_redeliveries  # noqa: E402
from exactly_once import figures, verify  # noqa: E402
from loadrun import send_all, service_env, sink_rate, start_service, wait_processed  # noqa: E402

from corpus.registry import build_registry  # noqa: E402
from relay import Relay, free_port  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "load"
MIXES = {"realistic": (0.07, 0.02), "text": (0.0, 0.0)}  # (scan rate, photo rate): scans and photos go through OCR


def corpus(n: int, seed: int, mix: str, twin_rate: float, folder: Path | None) -> tuple[Path, list[LoadMail]]:
    folder = folder or OUT / f"corpus-{n}-{seed}-{mix}-{twin_rate}"
    registry_dir = folder / "registry"
    if (folder / "mails.json").exists() and registry_dir.exists():
        return registry_dir, load(folder)
    scan, photo = MIXES[mix]
    started = time.perf_counter()
    mails = build_mails(n, seed=seed, scan_rate=scan, photo_rate=photo, twin_rate=twin_rate,
                        processes=os.cpu_count() or 1)
    save(mails, folder)
    build_registry(11).write_csv(registry_dir)
    print(f"corpus : {n} courriels générés en {time.perf_counter() - started:.0f} s → {folder}")
    return registry_dir, mails


def read_rate(mails: list[LoadMail], sample: int) -> float:
    """The reading floor: read_message alone (MIME, and the attachments' text, OCR included), in this process."""
    from intake.mail.read import read_message

    chosen = mails[:: max(1, len(mails) // sample)][:sample]
    started = time.perf_counter()
    for mail in chosen:
        read_message(mail.raw)
    return len(chosen) / (time.perf_counter() - started)


def intake(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "intake.cli", *args], env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="processes that process mail (serve counts as one)")
    parser.add_argument("--mix", choices=sorted(MIXES), default="realistic")
    parser.add_argument("--twin-rate", type=float, default=0.05,
                        help="share of declarations sent a second time at the same moment")
    parser.add_argument("--redelivery-rate", type=float, default=0.02,
                        help="share of mails delivered twice, same bytes, at the same moment")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-relay", action="store_true", help="replies stay in the outbox")
    parser.add_argument("--corpus", type=Path, help="folder of the generated mails (made if missing)")
    parser.add_argument("--read-sample", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--rate", type=float, help="mails/s offered by all clients together (default: as fast as "
                        "the server takes them); below the processing rate, arrival → reply is one mail's own time")
    parser.add_argument("--out", type=Path, default=OUT / "bench_load.json")
    args = parser.parse_args()

    registry_dir, mails = corpus(args.n, args.seed, args.mix, args.twin_rate, args.corpus)
    mails = with_redeliveries(mails, args.redelivery_rate, args.seed)[:args.n]  # n SMTP deliveries in all
    work = Path(tempfile.mkdtemp(prefix="intake-load-"))
    print(f"plancher SMTP (puits aiosmtpd, {args.clients} clients)…", flush=True)
    sink = sink_rate(mails, clients=args.clients, folder=work / "mails")
    print(f"plancher lecture (read_message, {args.read_sample} courriels)…", flush=True)
    reading = read_rate(mails, args.read_sample)

    with throwaway_schema() as url:
        return run(args, url, registry_dir, mails, work, sink, reading)


def run(args, url: str, registry_dir: Path, mails: list[LoadMail], work: Path, sink: float, reading: float) -> int:
    from intake.store.db import get_sessionmaker

    relay = None if args.no_relay else Relay().start()
    env = service_env(url, work / "data", relay, free_port())
    intake(env, "init")
    for kind in ("collectivites", "contracts", "agents"):
        intake(env, "import", kind, str(registry_dir / f"{kind}.csv"))
    factory = get_sessionmaker(url)
    load_before = os.getloadavg()
    service = start_service(env, args.workers, work / "logs")
    service.sample_memory()
    cpu_at_start = service.cpu_with_readers()  # start-up (imports, rules) is not the mail's cost
    try:
        print(f"envoi de {len(mails)} courriels par {args.clients} clients à intake serve "
              f"({args.workers} processus de traitement)…", flush=True)
        sent = send_all(mails, service.smtp_port, clients=args.clients, folder=work / "mails", rate=args.rate)
        print(f"reçus : {sent.rate():.1f} courriels/s ; traitement…", flush=True)
        finished = wait_processed(factory, len({m.message_id for m in mails}), timeout=args.timeout, service=service,
                                  outbox_sent=relay is not None, progress=60)
    finally:
        service.stop()
        if relay is not None:
            relay.stop()
    load_after = os.getloadavg()
    verdict = verify(factory, mails, {i: r["code"] for i, r in sent.per_mail.items()},
                     relay.capture.message_ids() if relay is not None else None)
    result = figures(factory, sent.rate())
    retries = sum(r["retries"] for r in sent.per_mail.values())

    print()
    print(f"machine : {os.cpu_count()} CPU, charge moyenne {load_before[0]:.1f} avant, {load_after[0]:.1f} après "
          f"(machine partagée : les débits en dépendent, les rapports aux planchers moins)")
    print(f"courriels : {len(mails)} ({verdict.facts['twins']} redéclarés sous un autre Message-ID, "
          f"{verdict.facts['redeliveries']} livrés deux fois à l'identique), mélange {args.mix}, "
          f"{args.clients} clients, {args.workers} processus de traitement, relais : {'non' if relay is None else 'oui'}")
    print(f"réception SMTP : {result.received_per_s:.1f} courriels/s (plancher puits aiosmtpd {sink:.1f}/s, "
          f"rapport {result.received_per_s / sink:.2f}) ; 4xx ré-essayés : {retries}")
    print(f"traitement : {result.processed_per_s:.2f} courriels/s de la première arrivée au dernier traité "
          f"({result.span_s:.0f} s) ; plancher read_message seul {reading:.2f}/s sur un processus")
    print(f"arrivée → réponse en file : p50 {result.reply_p50_s:.1f} s, p95 {result.reply_p95_s:.1f} s, "
          f"min {result.reply_min_s:.2f} s ({verdict.facts['replies']} réponses ; "
          + (f"débit offert {args.rate:g}/s, au rythme des clients)" if args.rate else
             "toute la salve arrive avant d'être traitée : c'est surtout l'attente dans la file)"))
    cpu = {name: spent - cpu_at_start.get(name, 0.0) for name, spent in service.cpu_with_readers().items()}
    cpu_total = sum(cpu.values())
    for name in sorted(service.peak_kib):
        print(f"  {name:8} pic mémoire (VmHWM) {service.peak_kib[name] / 1024:7.1f} Mo, "
              f"CPU pendant la charge {cpu.get(name, 0):7.1f} s ; lecteurs de pièces (fils) "
              f"{service.child_peak_kib.get(name, 0) / 1024:6.1f} Mo au plus")
    print(f"  clients  pic mémoire {max(sent.client_peak_kib) / 1024:7.1f} Mo (le plus gros des {args.clients})")
    print(f"CPU des processus intake et de leurs lecteurs de pièces : {cpu_total / len({m.message_id for m in mails}) * 1000:.0f} ms par courriel")
    print(f"sinistres : {verdict.facts['claims']} ; arrêts attendus par le générateur retrouvés : "
          f"{verdict.facts['expected_stops_found']}/{verdict.facts['expected_stops']} ; issues : {verdict.facts['outcomes']}")
    logged = "\n".join(path.read_text(errors="replace") for path in (work / "logs").glob("*.log"))
    print(f"journaux : {logged.count(' ERROR ')} erreur(s), {logged.count(' WARNING ')} avertissement(s) "
          f"({work / 'logs'})")
    ok = finished and not verdict.problems
    print("exactement une fois : " + ("OK" if ok else "ÉCHEC"))
    for problem in verdict.problems:
        print(f"  - {problem}")
    if not finished:
        print("  - traitement inachevé dans le délai (--timeout)")
        print(service.logs())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "n": len(mails), "clients": args.clients, "workers": args.workers, "mix": args.mix, "relay": relay is not None,
        "cpu_count": os.cpu_count(), "load_before": load_before[0], "load_after": load_after[0],
        "received_per_s": result.received_per_s, "sink_per_s": sink, "processed_per_s": result.processed_per_s,
        "read_message_per_s": reading, "reply_p50_s": result.reply_p50_s, "reply_p95_s": result.reply_p95_s,
        "reply_min_s": result.reply_min_s, "span_s": result.span_s,
        "peak_mib": {k: v / 1024 for k, v in service.peak_kib.items()},
        "reader_peak_mib": {k: v / 1024 for k, v in service.child_peak_kib.items()}, "cpu_s": cpu,
        "client_peak_mib": [v / 1024 for v in sent.client_peak_kib], "retries": retries,
        "facts": verdict.facts, "problems": verdict.problems, "finished": finished,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
