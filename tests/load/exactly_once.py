"""What a load run must leave behind: each mail stored once, processed once, no claim drafted twice, at most
one reply per message and claim; and the run's figures, from the database's own timestamps."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from corpus_load import LoadMail
from sqlalchemy import select


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    def fail(self, what: str, items) -> None:
        items = list(items)
        if items:
            self.problems.append(f"{what}: {len(items)} ({items[:5]})")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def verify(factory, mails: list[LoadMail], codes: dict[int, int], delivered_ids: list[str] | None) -> Verdict:
    """codes: the SMTP answer each mail finally got (index → code); delivered_ids: the Message-ID headers
    the relay took (None without a relay)."""
    from intake.store.claims import Claim, ClaimMessage, ClaimPeriod
    from intake.store.messages import Message
    from intake.store.models import Agent
    from intake.store.outbox import OutboxMail

    verdict = Verdict()
    with factory() as session:
        messages = session.execute(select(Message.id, Message.message_id, Message.status, Message.attempts,
                                          Message.outcome)).all()
        links = session.execute(select(ClaimMessage.message_id, ClaimMessage.claim_id)).all()
        claims = session.execute(select(Claim.id, Claim.reference, Claim.category, Agent.matricule)
                                 .join(Agent, Claim.agent_id == Agent.id, isouter=True)).all()
        periods = session.execute(select(ClaimPeriod.claim_id, ClaimPeriod.start)).all()
        replies = session.execute(select(OutboxMail.in_reply_to_message, OutboxMail.claim_id,
                                         OutboxMail.message_id_header, OutboxMail.status)).all()

    verdict.fail("mails refusés par SMTP", [m.message_id for m in mails if codes.get(m.index) != 250])
    stored = Counter(row.message_id.strip("<>") for row in messages if row.message_id)
    verdict.fail("mails absents de la base", [m.message_id for m in mails if stored[m.message_id] == 0])
    verdict.fail("mails enregistrés deux fois", [mid for mid, n in stored.items() if n > 1])
    verdict.facts["redeliveries"] = sum(1 for m in mails if m.redelivery)
    verdict.fail("messages en trop", [mid for mid in stored if mid not in {m.message_id for m in mails}])
    verdict.fail("messages non traités", [(r.id, r.status) for r in messages if r.status != "processed"])
    verdict.fail("messages traités plus d'une fois", [(r.id, r.attempts) for r in messages if r.attempts != 1])

    by_mid = {row.message_id.strip("<>"): row.id for row in messages if row.message_id}
    claims_of: dict[int, set[int]] = defaultdict(set)
    for message_id, claim_id in links:
        claims_of[message_id].add(claim_id)
    # A twin repeats its original: both must name the very same claims.
    twins = [m for m in mails if m.twin_of and not m.redelivery]
    def claims_by_mid(mid: str) -> set[int]:
        return claims_of.get(by_mid.get(mid, -1), set())

    verdict.fail("déclarations en double ayant ouvert un second sinistre",
                 [(m.twin_of, sorted(claims_by_mid(m.twin_of)), sorted(claims_by_mid(m.message_id)))
                  for m in twins if claims_by_mid(m.twin_of) != claims_by_mid(m.message_id)])
    verdict.facts["twins"] = len(twins)
    verdict.facts["twins_on_claims"] = sum(1 for m in twins if claims_by_mid(m.message_id))

    # The generator's own expectation: one claim per agent, category and stop start at most.
    starts: dict[int, set[date]] = defaultdict(set)
    for claim_id, start in periods:
        starts[claim_id].add(start)
    on_file: dict[tuple, set[int]] = defaultdict(set)
    for claim in claims:
        for start in starts[claim.id]:
            on_file[(claim.matricule, claim.category, start)].add(claim.id)
    expected_keys = {(c["agent"], c["category"], date.fromisoformat(c["arret_start"]))
                     for m in mails for c in m.expected["claims"] if c["agent"] and c["arret_start"]}
    verdict.fail("arrêts attendus une fois, portés par plusieurs sinistres",
                 [(key, sorted(on_file[key])) for key in sorted(expected_keys, key=str) if len(on_file[key]) > 1])
    verdict.fail("sinistres en double (même agent, catégorie et début d'arrêt)",
                 [(key, sorted(ids)) for key, ids in on_file.items() if key[0] and len(ids) > 1])
    verdict.fail("références de sinistre en double",
                 [ref for ref, n in Counter(c.reference for c in claims).items() if n > 1])
    verdict.facts["claims"] = len(claims)
    verdict.facts["expected_stops"] = len(expected_keys)
    verdict.facts["expected_stops_found"] = sum(1 for key in expected_keys if on_file[key])

    per_reply = Counter((r.in_reply_to_message, r.claim_id) for r in replies if r.in_reply_to_message)
    verdict.fail("plusieurs réponses pour un même message et sinistre", [k for k, n in per_reply.items() if n > 1])
    per_message = Counter(r.in_reply_to_message for r in replies if r.in_reply_to_message)
    verdict.fail("plus de réponses que de sinistres pour un message",
                 [mid for mid, n in per_message.items() if n > max(1, len(claims_of[mid]))])
    verdict.facts["replies"] = len(replies)
    if delivered_ids is not None:
        verdict.fail("réponses remises deux fois au relais", [i for i, n in Counter(delivered_ids).items() if n > 1])
        verdict.fail("réponses en file jamais remises", [r.message_id_header for r in replies
                                                        if r.message_id_header not in set(delivered_ids)])
        verdict.facts["delivered"] = len(delivered_ids)
    verdict.facts["outcomes"] = dict(Counter(r.outcome for r in messages))
    return verdict


@dataclass
class Figures:
    received_per_s: float  # SMTP: first send → last 250
    processed_per_s: float  # first arrival → last processed
    reply_p50_s: float  # arrival → reply in the outbox
    reply_p95_s: float
    reply_min_s: float  # the first mail's: processing alone, no queue yet
    span_s: float


def figures(factory, sent_rate: float) -> Figures:
    from intake.store.messages import Message
    from intake.store.outbox import OutboxMail

    with factory() as session:
        times = session.execute(select(Message.id, Message.received_at, Message.processed_at)).all()
        replied = session.execute(select(OutboxMail.in_reply_to_message, OutboxMail.created_at)
                                  .where(OutboxMail.in_reply_to_message.is_not(None))).all()
    arrival = {row.id: row.received_at for row in times}
    first_reply: dict[int, object] = {}
    for message_id, created in replied:
        if message_id not in first_reply or created < first_reply[message_id]:
            first_reply[message_id] = created
    delays = [(created - arrival[mid]).total_seconds() for mid, created in first_reply.items()]
    start = min(row.received_at for row in times)
    end = max(row.processed_at for row in times if row.processed_at)
    span = (end - start).total_seconds()
    return Figures(sent_rate, len(times) / max(span, 1e-9), percentile(delays, 50), percentile(delays, 95),
                   min(delays, default=float("nan")), span)
