"""Reminder sweep over 100 000 open claims on PostgreSQL: time and query count, against a bare SELECT floor.

Run by hand:  .venv/bin/python benchmarks/bench_reminders.py [--claims 100000] [--collectivites 500]
The database is INTAKE_BENCH_POSTGRES_URL, else INTAKE_TEST_POSTGRES_URL, else the CI server. Everything
lives in a schema of its own, dropped at the end. Claims are bulk-loaded with COPY: declared over the
last 120 days, 80 % awaiting pieces, a fifth of the periods ended, one declaration message each.

Three sweeps are timed: the first ever (empty outbox: every claim past day 15 owes a step, every claim
past its deadline gets flagged), the next day's (the daily steady state), and a dry run of that day.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from pgschema import throwaway_schema
from sqlalchemy import create_engine, event, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from intake.reminders import apply, sweep  # noqa: E402
from intake.reminders.plan import OPEN  # noqa: E402
from intake.settings import Settings  # noqa: E402
from intake.store.db import get_engine, get_sessionmaker  # noqa: E402
from intake.store.migrate import upgrade  # noqa: E402

# (category, mandatory initial pieces) drawn for the claims; missing pieces are a non-empty subset
CATEGORIES = [("maladie_ordinaire", ["arret_travail"])] * 6 + [
    ("accident_service", ["certificat_at_mp", "declaration_accident", "enquete_administrative"]),
    ("longue_maladie", ["arret_travail", "arrete", "avis_conseil_medical"]),
    ("maternite", ["certificat_grossesse"]),
    ("maladie_professionnelle", ["certificat_at_mp", "declaration_maladie_professionnelle"]),
]
NOW = datetime.now(timezone.utc)


def copy_rows(raw, table: str, columns: list[str], rows) -> None:
    quoted = ", ".join(f'"{column}"' for column in columns)
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load(url: str, *, claims: int, collectivites: int, today: date, seed: int = 7) -> None:
    rnd = random.Random(seed)
    engine = create_engine(url)
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        copy_rows(driver, "collectivites", ["id", "code", "name", "affiliated", "created_at", "updated_at"],
                  ((i, f"B{i:05d}", f"Commune n°{i}", True, NOW, NOW) for i in range(1, collectivites + 1)))
        copy_rows(driver, "email_domains", ["id", "collectivite_id", "domain"],
                  ((i, i, f"commune-{i}.fr") for i in range(1, collectivites + 1)))
        copy_rows(driver, "contracts", ["id", "contract_number", "collectivite_id", "regime", "formulas", "start_date",
                                        "franchise_mo_days", "declaration_days", "documents_days", "created_at",
                                        "updated_at"],
                  ((i, f"BK-{i}", i, "CNRACL", "[1]", date(2020, 1, 1), 0, 90, rnd.choice((90, 90, 120)), NOW, NOW)
                   for i in range(1, collectivites + 1)))
        agents_per = 40
        copy_rows(driver, "agents", ["id", "collectivite_id", "matricule", "nir", "last_name", "first_name",
                                     "birth_date", "regime", "status", "created_at", "updated_at"],
                  ((c * agents_per + a + 1, c + 1, f"M{a:05d}", f"{1 + a % 2}85{c:05d}{a:05d}"[:13],
                    f"NOM{a}", f"Prénom{a}", date(1980, 1, 1) + timedelta(days=a), "CNRACL", "titulaire", NOW, NOW)
                   for c in range(collectivites) for a in range(agents_per)))

        claim_rows, period_rows, message_rows, link_rows = [], [], [], []
        for i in range(1, claims + 1):
            coll = rnd.randrange(collectivites) + 1
            agent = (coll - 1) * agents_per + rnd.randrange(agents_per) + 1
            category, pieces = rnd.choice(CATEGORIES)
            declared = today - timedelta(days=rnd.randrange(121))
            start = declared - timedelta(days=rnd.randrange(10))
            awaiting = rnd.random() < 0.8
            missing = sorted(rnd.sample(pieces, rnd.randint(1, len(pieces)))) if awaiting else []
            status = "brouillon" if awaiting or rnd.random() < 0.5 else "ouvert"
            end = start + timedelta(days=rnd.randrange(5, 200)) if rnd.random() < 0.6 else None
            claim_rows.append((i, f"SIN-{declared.year}-{i:06d}"[:20], status, coll, agent, coll, category, start,
                               declared, status == "ouvert", "[]", json.dumps(missing), "[]", "{}", NOW, NOW))
            period_rows.append((i, i, start, end, "initial", i, NOW))
            message_rows.append((i, f"<m{i}@commune-{coll}.fr>", f"{i:064x}", 1000, "smtp", "[]",
                                 f"rh{rnd.randrange(3)}@commune-{coll}.fr", NOW - timedelta(days=today.toordinal()
                                                                                       - declared.toordinal()),
                                 "processed", 1, "[]"))
            link_rows.append((i, i, i, "declaration", NOW))
        copy_rows(driver, "messages", ["id", "message_id", "sha256", "size", "source", "envelope_to", "from_addr",
                                       "received_at", "status", "attempts", "notes"], message_rows)
        copy_rows(driver, "claims", ["id", "reference", "status", "collectivite_id", "agent_id", "contract_id",
                                     "category", "event_date", "declared_on", "confirmed", "agent_candidates",
                                     "missing_documents", "flags", "provenance", "created_at", "updated_at"],
                  claim_rows)
        copy_rows(driver, "periods", ["id", "claim_id", "start", "end", "nature", "message_id", "created_at"],
                  period_rows)
        copy_rows(driver, "claim_messages", ["id", "claim_id", "message_id", "role", "created_at"], link_rows)
        with driver.cursor() as cursor:
            for table in ("collectivites", "email_domains", "contracts", "agents", "messages", "claims", "periods",
                          "claim_messages"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            cursor.execute("ANALYZE")
        driver.commit()
    finally:
        raw.close()
        engine.dispose()


class Queries:
    """Counts the statements sent: those SQLAlchemy executes (an executemany counts once), plus the
    COPY statements the sweep sends through the driver."""

    def __init__(self, engine) -> None:
        self.statements = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.statements += 1

    @property
    def count(self) -> int:
        return self.statements + apply.COPIES


def timed(label: str, queries: Queries, action) -> tuple[float, int, object]:
    before = queries.count
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:7.2f} s  {queries.count - before:6d} requêtes", flush=True)
    return elapsed, queries.count - before, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--collectivites", type=int, default=500)
    args = parser.parse_args()
    with throwaway_schema("bench_reminders") as url:
        return _measure(url, args)


def _measure(url: str, args: argparse.Namespace) -> int:
    today = date.today()
    upgrade(url)
    started = time.perf_counter()
    load(url, claims=args.claims, collectivites=args.collectivites, today=today)
    print(f"chargement de {args.claims} sinistres ({args.collectivites} collectivités) : "
          f"{time.perf_counter() - started:.1f} s")
    settings = Settings(database_url=url, mailbox="prestations@cdg-bench.fr", secret_key="bench")
    engine, factory = get_engine(url), get_sessionmaker(url)
    queries = Queries(engine)
    floor_sql = text("SELECT id, declared_on, missing_documents FROM claims WHERE status = ANY(:open)")

    def floor():
        with factory() as session:
            return [r for r in session.execute(floor_sql, {"open": list(OPEN)}) if r.missing_documents]

    floor_s = min(timed(f"plancher : SELECT des sinistres ouverts ({n})", queries, floor)[0] for n in (1, 2, 3))
    rows = floor()
    print(f"  {len(rows)} sinistres ouverts avec pièces manquantes ; plancher retenu {floor_s:.2f} s")
    cold_s, cold_q, cold = timed("1re passe (file vide, tout est dû)", queries,
                                 lambda: sweep(factory, settings, today=today))
    print(f"  {len(cold)} relances dans {len({i.collectivite_id for i in cold})} récapitulatifs")
    daily = []
    for offset in (1, 2, 3):  # the steady state: each day, the claims reaching a step that day
        day = today + timedelta(days=offset)
        dry_s, _, dry = timed(f"jour +{offset} à blanc (--dry-run)", queries,
                              lambda: sweep(factory, settings, today=day, dry_run=True))
        seconds, count, sent = timed(f"jour +{offset} (passe quotidienne)", queries,
                                     lambda: sweep(factory, settings, today=day))
        print(f"  {len(sent)} relances dans {len({i.collectivite_id for i in sent})} récapitulatifs")
        assert len(dry) == len(sent)
        daily.append(seconds)
        again_s, _, again = timed(f"jour +{offset}, 2e passe (rien à faire)", queries,
                                  lambda: sweep(factory, settings, today=day))
        assert again == []
    daily_s = sorted(daily)[1]
    print(f"rapport au plancher : 1re passe ×{cold_s / floor_s:.1f}, quotidienne (médiane) ×{daily_s / floor_s:.1f}, "
          f"à vide ×{again_s / floor_s:.1f}")
    print(f"charge de la machine (load average) : {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs")
    ok = daily_s <= 5.0
    print("objectif ≤ 5 s (passe quotidienne) :", "atteint" if ok else "MANQUÉ",
          f"; 1re passe {'≤' if cold_s <= 5.0 else '>'} 5 s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
