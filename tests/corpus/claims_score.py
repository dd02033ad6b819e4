"""Scoring `intake parse` objects against the corpus's expected ones: message accuracy, per-field P/R, wrong agents.

Claims are aligned by agent, NIR, then name (never by order); agent_confidence and agent_name are not judged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from corpus.claims_names import fold

CLAIM_FIELDS = ["agent", "nir", "category", "nature", "date_survenance", "arret_start", "arret_end"]
SET_FIELDS = ["documents", "missing_documents"]
THRESHOLDS = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99]


def _pair_score(e: dict[str, Any], a: dict[str, Any]) -> float:
    score = 0.0
    if e.get("agent") and e.get("agent") == a.get("agent"):
        score += 8
    if e.get("nir") and e.get("nir") == a.get("nir"):
        score += 4
    words_e = set(fold(e.get("agent_name") or "").split())
    words_a = set(fold(a.get("agent_name") or "").split())
    score += 2 * len(words_e & words_a) / max(1, len(words_e))
    score += 0.5 * (e.get("category") == a.get("category")) + 0.5 * (e.get("arret_start") == a.get("arret_start"))
    return score


def align(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> list[tuple[dict | None, dict | None]]:
    """Greedy best-first pairing; what is left on either side stays unpaired (missed or spurious claims)."""
    scores = sorted(((_pair_score(e, a), i, j) for i, e in enumerate(expected) for j, a in enumerate(actual)), reverse=True)
    used_e: set[int] = set()
    used_a: set[int] = set()
    pairs: list[tuple[dict | None, dict | None]] = []
    for _score, i, j in scores:
        if i not in used_e and j not in used_a:
            used_e.add(i)
            used_a.add(j)
            pairs.append((expected[i], actual[j]))
    pairs += [(e, None) for i, e in enumerate(expected) if i not in used_e]
    pairs += [(None, a) for j, a in enumerate(actual) if j not in used_a]
    return pairs


def _items(claim: dict | None, name: str) -> Counter:
    if not claim:
        return Counter()
    if name == "documents":
        return Counter((d.get("filename"), d.get("kind")) for d in claim.get("documents") or [])
    return Counter(claim.get(name) or [])


@dataclass
class Score:
    messages: int = 0
    correct: int = 0
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # field → tp/fp/fn
    intent: Counter = field(default_factory=Counter)  # (expected, actual)
    wrong_agents: list[dict[str, Any]] = field(default_factory=list)
    spurious_agents: int = 0
    spurious_cases: list[dict[str, Any]] = field(default_factory=list)
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    by_tag: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    failures: list[dict[str, Any]] = field(default_factory=list)

    def _value(self, name: str, e: Any, a: Any) -> bool:
        c = self.counts[name]
        if a is not None and a == e:
            c["tp"] += 1
            return True
        if a is not None:
            c["fp"] += 1
        if e is not None:
            c["fn"] += 1
        return a == e

    def _bag(self, name: str, e: Counter, a: Counter) -> bool:
        c = self.counts[name]
        c["tp"] += sum((e & a).values())
        c["fp"] += sum((a - e).values())
        c["fn"] += sum((e - a).values())
        return e == a

    def add(self, name: str, expected: dict[str, Any], actual: dict[str, Any], tags: tuple[str, ...] = ()) -> bool:
        self.messages += 1
        wrong: list[str] = []
        for key in ("message_id", "from"):
            if (str(expected.get(key) or "").lower()) != (str(actual.get(key) or "").lower()):
                wrong.append(key)
        self.intent[(expected["intent"], actual.get("intent"))] += 1
        if not self._value("intent", expected["intent"], actual.get("intent")):
            wrong.append("intent")
        if not self._value("collectivite", expected.get("collectivite"), actual.get("collectivite")):
            wrong.append("collectivite")
        att = lambda m: Counter((x.get("filename"), x.get("kind"), bool(x.get("ocr"))) for x in m.get("attachments") or [])  # noqa: E731
        if not self._bag("attachments", att(expected), att(actual)):
            wrong.append("attachments")
        pairs = align(expected.get("claims") or [], actual.get("claims") or [])
        for e, a in pairs:
            if e is None:
                wrong.append("spurious_claim")
                if a.get("agent"):
                    # the same person twice is a duplicate; anyone else is a person the mail does not speak of
                    known = {c.get("agent") for c in expected.get("claims") or []}
                    self.spurious_agents += 1
                    self.spurious_cases.append({"case": name, "agent": a["agent"], "duplicate": a["agent"] in known})
            elif a is None:
                wrong.append("missed_claim")
            for f in CLAIM_FIELDS:
                if not self._value(f, (e or {}).get(f), (a or {}).get(f)) and e is not None and a is not None:
                    wrong.append(f)
            for f in SET_FIELDS:
                if not self._bag(f, _items(e, f), _items(a, f)) and e is not None and a is not None:
                    wrong.append(f)
            if a is not None and a.get("agent"):
                right = e is not None and e.get("agent") == a["agent"]
                conf = a.get("agent_confidence")
                self.confidences.append((float(conf) if conf is not None else 1.0, right))
                if e is not None and not right:
                    self.wrong_agents.append({"case": name, "expected": e.get("agent"), "actual": a["agent"],
                                              "expected_name": e.get("agent_name"), "actual_name": a.get("agent_name")})
        ok = not wrong
        self.correct += ok
        for tag in tags or ("untagged",):
            self.by_tag[tag]["n"] += 1
            self.by_tag[tag]["ok"] += ok
        if not ok:
            self.failures.append({"case": name, "fields": sorted(set(wrong)), "tags": list(tags)})
        return ok

    def report(self) -> dict[str, Any]:
        fields = {}
        for name, c in sorted(self.counts.items()):
            tp, fp, fn = c["tp"], c["fp"], c["fn"]
            fields[name] = {"precision": round(tp / (tp + fp), 4) if tp + fp else None,
                            "recall": round(tp / (tp + fn), 4) if tp + fn else None, "tp": tp, "fp": fp, "fn": fn}
        at = {}
        for t in THRESHOLDS:
            kept = [right for conf, right in self.confidences if conf >= t]
            at[str(t)] = {"named": len(kept), "precision": round(sum(kept) / len(kept), 4) if kept else None}
        return {
            "messages": self.messages,
            "message_accuracy": round(self.correct / self.messages, 4) if self.messages else None,
            "fields": fields,
            "intent_confusion": {f"{e}->{a}": n for (e, a), n in sorted(self.intent.items()) if e != a},
            "wrong_agents": len(self.wrong_agents),
            "wrong_agent_cases": self.wrong_agents[:50],
            "agents_in_spurious_claims": self.spurious_agents,
            "spurious_agents_not_in_mail": sum(not x["duplicate"] for x in self.spurious_cases),
            "spurious_agent_cases": self.spurious_cases[:50],
            "agent_precision_at": at,
            "accuracy_by_tag": {t: {"n": c["n"], "accuracy": round(c["ok"] / c["n"], 3)}
                                for t, c in sorted(self.by_tag.items(), key=lambda kv: kv[1]["ok"] / kv[1]["n"])},
            "failed_fields": dict(Counter(f for x in self.failures for f in x["fields"]).most_common()),
            "failures": self.failures[:200],
        }
