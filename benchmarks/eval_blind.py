"""Score the real `intake parse` on a blind corpus made by tests/blind (a generator written without
reading the parser).

    PYTHONPATH=tests .venv/bin/python -m blind.generate --seed 1 --out /tmp/blind1     # dev set
    .venv/bin/python benchmarks/eval_blind.py --dir /tmp/blind1 [--bin .venv/bin/intake] [--out FILE]

The CLI runs as a black box: a fresh SQLite database and data directory, `intake init`, the corpus's
registry imported, then one `intake parse` call with every message. Printed and written as JSON
(default benchmarks/out/eval_blind_<dir>.json):

* messages fully right: every field of the contract except agent_confidence and agent_name; claims
  are matched order-free (by agent, then name and dates), attachments and documents order-free;
* per field precision and recall; accuracy per tag group;
* wrong agents: a claim naming an agent who is not the expected one (health data under another name);
* agents on claims that should not exist: a claim naming an agent where the expected has no such claim,
  split into those naming someone the mail is not about and second claims for an expected agent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIM_FIELDS = ["agent", "nir", "category", "nature", "date_survenance", "arret_start", "arret_end"]


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFD", s or "")
    return "".join(c for c in s if unicodedata.category(c) != "Mn").upper()


def run_parse(binary: str, corpus: Path) -> tuple[list[dict], float, float]:
    emls = sorted(corpus.glob("*.eml"))
    with tempfile.TemporaryDirectory(prefix="eval-blind-") as tmp:
        env = dict(os.environ, INTAKE_DATABASE_URL=f"sqlite:///{tmp}/x.db", INTAKE_DATA_DIR=tmp)
        subprocess.run([binary, "init"], env=env, check=True, capture_output=True)
        for what in ("collectivites", "contracts", "agents"):
            r = subprocess.run([binary, "import", what, str(corpus / "registry" / f"{what}.csv")], env=env,
                               capture_output=True, text=True)
            if r.returncode:
                sys.exit(f"intake import {what} failed: {r.stderr.strip()}")
        t0, c0 = time.perf_counter(), _children_cpu()
        proc = subprocess.Popen([binary, "parse", *map(str, emls)], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        watcher = _TreeCpu(proc.pid)
        watcher.start()
        stdout, stderr = proc.communicate()
        watcher.stop()
        elapsed, cpu = time.perf_counter() - t0, watcher.seconds(_children_cpu() - c0)
        r = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    if r.returncode or len(lines) != len(emls):
        sys.stderr.write(r.stderr[-3000:])
        sys.exit(f"intake parse: exit {r.returncode}, {len(lines)} objects for {len(emls)} messages")
    return lines, elapsed, cpu


class _TreeCpu(threading.Thread):
    """CPU seconds of the parse and every process under it (worker pools, tesseract), sampled from /proc:
    the cost on one core, whatever the load of the shared machine. Worker processes that are terminated
    rather than waited for never reach getrusage(RUSAGE_CHILDREN), hence the sampling."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.seen, self._done = root, {}, threading.Event()
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def run(self) -> None:
        while not self._done.is_set():
            self._sample()
            self._done.wait(0.2)

    def _sample(self) -> None:
        try:
            stats = {}
            for d in os.listdir("/proc"):
                if d.isdigit():
                    try:
                        with open(f"/proc/{d}/stat") as f:
                            fields = f.read().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    # ppid and the process's own utime + stime (not cutime/cstime: its reaped children are
                    # sampled themselves, counting them twice would overstate)
                    stats[int(d)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
            tree, grew = {self.root}, True
            while grew:
                grew = False
                for pid, (ppid, _) in stats.items():
                    if ppid in tree and pid not in tree:
                        tree.add(pid)
                        grew = True
            for pid in tree:
                if pid in stats:
                    self.seen[pid] = max(self.seen.get(pid, 0), stats[pid][1])
        except OSError:
            pass

    def stop(self) -> None:
        self._done.set()
        self.join()

    def seconds(self, reaped: float) -> float:
        """Sampled (misses each process's last 0.2 s) or, when larger, what getrusage saw of reaped ones."""
        return max(sum(self.seen.values()) / self.tick, reaped)


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _pair_score(e: dict, a: dict) -> int:
    score = 0
    if e.get("agent") and e.get("agent") == a.get("agent"):
        score += 8
    en, an = _norm(e.get("agent_name")).split(), _norm(a.get("agent_name"))
    if en and en[0] and en[0] in an:
        score += 4
    for f in ("arret_start", "date_survenance", "arret_end", "category"):
        if e.get(f) and e.get(f) == a.get(f):
            score += 1
    if e.get("nir") and e.get("nir") == a.get("nir"):
        score += 4
    return score


def match_claims(expected: list[dict], actual: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Greedy best-first pairing; a pair needs some common evidence (agent, name, NIR or a date)."""
    cands = sorted(((_pair_score(e, a), i, j) for i, e in enumerate(expected) for j, a in enumerate(actual)),
                   reverse=True)
    used_e, used_a, pairs = set(), set(), []
    for score, i, j in cands:
        if score <= 0 or i in used_e or j in used_a:
            continue
        used_e.add(i)
        used_a.add(j)
        pairs.append((expected[i], actual[j]))
    return (pairs, [e for i, e in enumerate(expected) if i not in used_e],
            [a for j, a in enumerate(actual) if j not in used_a])


def _docs(c: dict) -> Counter:
    return Counter((d.get("filename"), d.get("kind")) for d in c.get("documents") or [])


def _atts(m: dict) -> Counter:
    return Counter((d.get("filename"), d.get("kind"), bool(d.get("ocr"))) for d in m.get("attachments") or [])


def claim_diffs(e: dict, a: dict) -> list[str]:
    out = [f for f in CLAIM_FIELDS if e.get(f) != a.get(f)]
    if _docs(e) != _docs(a):
        out.append("documents")
    if sorted(e.get("missing_documents") or []) != sorted(a.get("missing_documents") or []):
        out.append("missing_documents")
    return out


class PR:
    def __init__(self) -> None:
        self.tp_p = self.n_p = self.tp_r = self.n_r = 0

    def add(self, expected, actual) -> None:
        if actual is not None:
            self.n_p += 1
            self.tp_p += actual == expected
        if expected is not None:
            self.n_r += 1
            self.tp_r += actual == expected

    def add_multiset(self, expected: Counter, actual: Counter) -> None:
        common = sum((expected & actual).values())
        self.tp_p += common
        self.tp_r += common
        self.n_p += sum(actual.values())
        self.n_r += sum(expected.values())

    def as_dict(self) -> dict:
        return {"precision": round(self.tp_p / self.n_p, 3) if self.n_p else None,
                "recall": round(self.tp_r / self.n_r, 3) if self.n_r else None, "n_expected": self.n_r,
                "n_predicted": self.n_p}


def evaluate(corpus: Path, results: list[dict]) -> dict:
    emls = sorted(corpus.glob("*.eml"))
    fields = defaultdict(PR)
    by_tag: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    n_claims_ok = 0
    ok_messages = 0
    wrong_agents, agent_where_null, phantom_agents, failures = [], [], [], []
    intents = Counter()
    for eml, act in zip(emls, results):
        exp = json.loads(eml.with_name(eml.name.replace(".eml", ".expected.json")).read_text(encoding="utf-8"))
        tags = json.loads(eml.with_name(eml.name.replace(".eml", ".tags.json")).read_text(encoding="utf-8"))
        diffs = []
        for f in ("message_id", "from"):
            if (exp.get(f) or "").lower() != (act.get(f) or "").lower():
                diffs.append(f)
        for f in ("intent", "collectivite"):
            fields[f].add(exp.get(f), act.get(f))
            if exp.get(f) != act.get(f):
                diffs.append(f)
        intents[(exp["intent"], act.get("intent"))] += 1
        ec, ac = exp["claims"], act.get("claims") or []
        n_claims_ok += len(ec) == len(ac)
        if len(ec) != len(ac):
            diffs.append(f"claims {len(ec)}→{len(ac)}")
        pairs, missed, extra = match_claims(ec, ac)
        for e, a in pairs:
            for f in CLAIM_FIELDS:
                fields[f].add(e.get(f), a.get(f))
            fields["documents"].add_multiset(Counter(k for _, k in _docs(e).elements()), Counter(k for _, k in _docs(a).elements()))
            fields["missing_documents"].add_multiset(Counter(e.get("missing_documents") or []),
                                                     Counter(a.get("missing_documents") or []))
            d = claim_diffs(e, a)
            if d:
                diffs.append(f"claim[{e.get('agent_name')}]: " + ",".join(d))
            if a.get("agent") and e.get("agent") and a["agent"] != e["agent"]:
                wrong_agents.append({"mail": eml.name, "expected": e["agent"], "got": a["agent"],
                                     "got_name": a.get("agent_name"), "confidence": a.get("agent_confidence")})
            elif a.get("agent") and not e.get("agent"):
                agent_where_null.append({"mail": eml.name, "expected_name": e.get("agent_name"), "got": a["agent"],
                                         "got_name": a.get("agent_name"), "confidence": a.get("agent_confidence")})
        for e in missed:
            for f in CLAIM_FIELDS:
                fields[f].add(e.get(f), None)
            fields["documents"].add_multiset(Counter(k for _, k in _docs(e).elements()), Counter())
            fields["missing_documents"].add_multiset(Counter(e.get("missing_documents") or []), Counter())
        for a in extra:
            for f in CLAIM_FIELDS:
                fields[f].add(None, a.get(f))
            fields["documents"].add_multiset(Counter(), Counter(k for _, k in _docs(a).elements()))
            fields["missing_documents"].add_multiset(Counter(), Counter(a.get("missing_documents") or []))
            if a.get("agent"):
                # a second claim for a person the mail is about is a duplicate; for anyone else it is health
                # data filed under a person the mail is not about
                subject = a["agent"] in {e.get("agent") for e in ec}
                phantom_agents.append({"mail": eml.name, "got": a["agent"], "got_name": a.get("agent_name"),
                                       "confidence": a.get("agent_confidence"), "expected_intent": exp["intent"],
                                       "duplicate_of_expected_agent": subject})
        fields["attachment kinds"].add_multiset(Counter((f, k) for f, k, _ in _atts(exp).elements()),
                                                Counter((f, k) for f, k, _ in _atts(act).elements()))
        fields["attachment ocr"].add_multiset(Counter((f, o) for f, _, o in _atts(exp).elements()),
                                              Counter((f, o) for f, _, o in _atts(act).elements()))
        if _atts(exp) != _atts(act):
            diffs.append("attachments")
        right = not diffs
        ok_messages += right
        for t in tags:
            by_tag[t][0] += right
            by_tag[t][1] += 1
        if not right:
            failures.append({"mail": eml.name, "tags": tags, "diffs": diffs})
    n = len(emls)
    return {
        "messages": n,
        "fully_right": ok_messages,
        "fully_right_share": round(ok_messages / n, 4) if n else None,
        "number_of_claims_accuracy": round(n_claims_ok / n, 4) if n else None,
        "fields": {k: v.as_dict() for k, v in sorted(fields.items())},
        "intent_confusion": {f"{e}→{a}": c for (e, a), c in sorted(intents.items()) if e != a},
        "wrong_agents": wrong_agents,
        "agent_named_where_expected_null": agent_where_null,
        "agents_on_claims_that_should_not_exist": phantom_agents,
        "agents_on_claims_that_should_not_exist_not_a_subject": sum(not x["duplicate_of_expected_agent"]
                                                                    for x in phantom_agents),
        "by_tag": {t: {"right": r, "total": tot, "share": round(r / tot, 3)} for t, (r, tot) in
                   sorted(by_tag.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0]))},
        "failures": failures,
    }


def report(res: dict) -> str:
    lines = [f"messages fully right: {res['fully_right']}/{res['messages']} ({100 * res['fully_right_share']:.1f} %)",
             f"parse time: {res.get('parse_seconds', 0):.1f} s wall, {res.get('parse_cpu_seconds', 0):.1f} s CPU "
             f"(one intake parse call for all messages)",
             f"number of claims right: {100 * res['number_of_claims_accuracy']:.1f} %",
             f"wrong agents: {len(res['wrong_agents'])}; agent named where expected null: "
             f"{len(res['agent_named_where_expected_null'])}; agents on claims that should not exist: "
             f"{len(res['agents_on_claims_that_should_not_exist'])} (of whom "
             f"{res['agents_on_claims_that_should_not_exist_not_a_subject']} not a subject of the mail, the others "
             "a second claim for an expected agent)", "", "field                precision  recall"]
    for k, v in res["fields"].items():
        p = "   -  " if v["precision"] is None else f"{v['precision']:.3f}"
        r = "   -  " if v["recall"] is None else f"{v['recall']:.3f}"
        lines.append(f"  {k:<20} {p:>8} {r:>8}   (expected {v['n_expected']}, predicted {v['n_predicted']})")
    if res["intent_confusion"]:
        lines.append("intent confusions: " + ", ".join(f"{k} ×{v}" for k, v in res["intent_confusion"].items()))
    lines += ["", "by tag (right/total):"]
    lines += [f"  {t:<28} {v['right']:>3}/{v['total']:<3} {100 * v['share']:5.1f} %" for t, v in res["by_tag"].items()]
    for title, key in (("wrong agents", "wrong_agents"), ("agents on claims that should not exist",
                                                          "agents_on_claims_that_should_not_exist")):
        if res[key]:
            lines.append(f"\n{title}:")
            lines += [f"  {json.dumps(x, ensure_ascii=False)}" for x in res[key]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", type=Path, required=True, help="a directory written by blind.generate")
    p.add_argument("--bin", default=str(ROOT / ".venv" / "bin" / "intake"), help="the intake executable")
    p.add_argument("--out", type=Path, help="JSON result (default benchmarks/out/eval_blind_<dir>.json)")
    args = p.parse_args(argv)
    results, elapsed, cpu = run_parse(args.bin, args.dir)
    res = evaluate(args.dir, results)
    res["parse_seconds"] = round(elapsed, 1)
    res["parse_cpu_seconds"] = round(cpu, 1)
    res["corpus"] = str(args.dir)
    res["bin"] = args.bin
    out = args.out or ROOT / "benchmarks" / "out" / f"eval_blind_{args.dir.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(report(res))
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
