"""The outbox on both databases, delivered through a real SMTP relay (aiosmtpd) that goes down and up."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.mail.compose import ReplyPlan, compose
from intake.mail.send import backoff, deliver_due, enqueue, queue_replies, run_sender, utc
from intake.settings import Settings
from intake.store.db import get_sessionmaker
from intake.store.outbox import OutboxMail
from relay import Relay

T0 = datetime(2025, 3, 10, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def relay():
    server = Relay()
    yield server
    server.stop()


@pytest.fixture
def settings(settings_env, relay):
    return settings_env.model_copy(update={"smtp_relay": f"127.0.0.1:{relay.port}", "relay_timeout_seconds": 5.0})


@pytest.fixture
def factory(settings):
    return get_sessionmaker(settings.database_url)


def mail_to(to: str, settings, reference: str = "SIN-2025-00007"):
    plan = ReplyPlan("transmis_gestionnaire", to, reference, {"collectivite": "Syndicat des eaux du Lauragais"})
    return compose(plan, settings=settings, in_reply_to="<q-1@sivom-lauragais.fr>")


def put(factory, settings, to: str, key: str, **kwargs) -> OutboxMail | None:
    with factory() as session:
        row = enqueue(session, mail_to(to, settings), dedupe_key=key, kind="transmis_gestionnaire", **kwargs)
        session.commit()
        return row


def rows(factory) -> list[OutboxMail]:
    with factory() as session:
        return list(session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)  # SQLite gives naive UTC back


def test_the_same_dedupe_key_twice_makes_one_row(factory, settings) -> None:
    refusals: list[str] = []
    first = put(factory, settings, "rh@sivom-lauragais.fr", "message:12:accuse:SIN-2025-00007")
    second = put(factory, settings, "rh@sivom-lauragais.fr", "message:12:accuse:SIN-2025-00007", refusals=refusals)
    assert first is not None and first.id and second is None
    assert len(rows(factory)) == 1 and "déjà en file" in refusals[0]


def test_a_concurrent_insert_of_the_same_key_adds_nothing(factory, settings) -> None:
    holder = factory()
    try:
        assert enqueue(holder, mail_to("rh@sivom-lauragais.fr", settings), dedupe_key="k-concurrent") is not None
        holder.flush()  # the row exists, uncommitted: the other transaction cannot see it
        result: dict[str, object] = {}

        def other() -> None:
            with factory() as session:
                result["row"] = enqueue(session, mail_to("rh@sivom-lauragais.fr", settings), dedupe_key="k-concurrent")
                session.commit()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(0.7)
        assert thread.is_alive(), "the second insert should wait for the first transaction"
        holder.commit()
        thread.join(30)
        assert not thread.is_alive() and result["row"] is None
    finally:
        holder.close()
    assert [r.dedupe_key for r in rows(factory)] == ["k-concurrent"]


def test_the_daily_cap_per_address_delays_never_drops(factory, settings) -> None:
    assert settings.max_auto_replies_per_day == 5
    for n in range(5):
        assert put(factory, settings, "Secretariat@Mairie-Baziege.fr", f"cap-{n}", now=T0 + timedelta(hours=n))
    # The sixth and seventh wait for the slots the first and second free, 24 h after them.
    sixth = put(factory, settings, "secretariat@mairie-baziege.fr", "cap-5", now=T0 + timedelta(hours=6))
    seventh = put(factory, settings, "secretariat@mairie-baziege.fr", "cap-6", now=T0 + timedelta(hours=7))
    assert put(factory, settings, "accueil@mairie-baziege.fr", "cap-other", now=T0 + timedelta(hours=6))
    by_key = {r.dedupe_key: r for r in rows(factory)}
    assert utc(by_key["cap-5"].next_attempt_at) == T0 + timedelta(hours=24)
    assert utc(by_key["cap-6"].next_attempt_at) == T0 + timedelta(hours=25)
    assert "plafond de 5" in by_key["cap-5"].details["differe"] and sixth and seventh
    assert utc(by_key["cap-other"].next_attempt_at) == T0 + timedelta(hours=6)
    # Those delayed hold their slots: the next one after them waits for the third's.
    assert put(factory, settings, "secretariat@mairie-baziege.fr", "cap-7", now=T0 + timedelta(hours=8))
    assert utc(rows_by(factory, "cap-7").next_attempt_at) == T0 + timedelta(hours=26)
    assert put(factory, settings, "secretariat@mairie-baziege.fr", "cap-handler", now=T0 + timedelta(hours=9),
               daily_cap=None)  # a handler's own mail is not an automatic reply: it goes at once
    assert utc(rows_by(factory, "cap-handler").next_attempt_at) == T0 + timedelta(hours=9)
    assert len(rows(factory)) == 10


def rows_by(factory, key: str):
    return next(r for r in rows(factory) if r.dedupe_key == key)


def test_without_a_relay_mail_stays_pending(factory, settings) -> None:
    put(factory, settings, "rh@sivom-lauragais.fr", "no-relay", now=T0)
    counts = deliver_due(factory, settings.model_copy(update={"smtp_relay": ""}), now=T0 + timedelta(days=1))
    [row] = rows(factory)
    assert (counts.sent, counts.retried, row.status, row.attempts) == (0, 0, "pending", 0)


def test_a_relay_down_then_up_delivers_each_mail_exactly_once(factory, settings, relay) -> None:
    for n, to in enumerate(("rh@sivom-lauragais.fr", "paie@mairie-baziege.fr", "drh@ccas-muret.fr")):
        put(factory, settings, to, f"down-up-{n}", now=T0)

    counts = deliver_due(factory, settings, now=T0)  # nobody listens on the port
    assert (counts.sent, counts.retried) == (0, 3)
    for row in rows(factory):
        assert (row.status, row.attempts) == ("pending", 1)
        assert aware(row.next_attempt_at) == T0 + timedelta(seconds=60)
        assert "injoignable" in row.last_error

    assert deliver_due(factory, settings, now=T0 + timedelta(seconds=30)).retried == 0  # not due yet
    counts = deliver_due(factory, settings, now=T0 + timedelta(seconds=61))
    assert counts.retried == 3
    assert {aware(r.next_attempt_at) for r in rows(factory)} == {T0 + timedelta(seconds=61 + 120)}
    assert [len(r.details["attempts"]) for r in rows(factory)] == [2, 2, 2]

    relay.start()
    counts = deliver_due(factory, settings, now=T0 + timedelta(seconds=200))
    assert (counts.sent, counts.retried, counts.failed) == (3, 0, 0)
    # A later round, and one after the relay went down again, send nothing twice.
    assert deliver_due(factory, settings, now=T0 + timedelta(hours=2)).sent == 0
    relay.stop()
    put(factory, settings, "rh@sivom-lauragais.fr", "down-up-late", now=T0 + timedelta(hours=3))
    assert deliver_due(factory, settings, now=T0 + timedelta(hours=3)).retried == 1
    relay.start()
    assert deliver_due(factory, settings, now=T0 + timedelta(hours=4)).sent == 1

    stored = rows(factory)
    assert [r.status for r in stored] == ["sent"] * 4
    assert [r.attempts for r in stored] == [3, 3, 3, 2]
    received = relay.capture.message_ids()
    assert sorted(received) == sorted(r.message_id_header for r in stored)  # each one, once
    assert {tuple(rcpt) for _, rcpt, _ in relay.capture.received} == {(r.to_addr,) for r in stored}
    # The envelope sender is the claim's signed plus-address of the mailbox (VERP): reports come back
    # to the mailbox and name the claim even without our headers.
    local, _, domain = settings.mailbox.partition("@")
    senders = {sender for sender, _, _ in relay.capture.received}
    assert senders == {r.from_addr for r in stored}
    assert all(s.startswith(f"{local}+") and s.endswith(f"@{domain}") for s in senders)


def test_a_5xx_fails_for_good_and_a_4xx_is_retried(factory, settings, relay) -> None:
    relay.capture.refuse = {"parti@mairie-baziege.fr": "550 5.1.1 Destinataire inconnu",
                            "plein@mairie-baziege.fr": "452 4.2.2 Boite pleine"}
    relay.start()
    for n, to in enumerate(("parti@mairie-baziege.fr", "plein@mairie-baziege.fr", "rh@mairie-baziege.fr")):
        put(factory, settings, to, f"codes-{n}", now=T0)
    counts = deliver_due(factory, settings, now=T0)
    assert (counts.sent, counts.retried, counts.failed) == (1, 1, 1)
    gone, full, fine = rows(factory)
    assert (gone.status, full.status, fine.status) == ("failed", "pending", "sent")
    assert "550" in gone.last_error and "définitif" in gone.last_error
    assert "452" in full.last_error and "temporaire" in full.last_error
    assert aware(full.next_attempt_at) == T0 + timedelta(seconds=60)
    relay.capture.refuse = {}
    assert deliver_due(factory, settings, now=T0 + timedelta(days=1)).sent == 1  # the 4xx one; never the 5xx
    assert [r.status for r in rows(factory)] == ["failed", "sent", "sent"]
    assert len(relay.capture.received) == 2


def test_a_crash_between_the_relays_250_and_our_commit_resends_the_same_message(factory, settings, relay) -> None:
    """The documented at-least-once window: the copy carries the same Message-ID."""
    relay.start()
    put(factory, settings, "rh@sivom-lauragais.fr", "crash", now=T0)

    class CrashingSession(Session):
        def commit(self) -> None:
            raise RuntimeError("processus tué")

    crashing = get_sessionmaker(settings.database_url).kw | {"class_": CrashingSession}
    from sqlalchemy.orm import sessionmaker

    with pytest.raises(RuntimeError):
        deliver_due(sessionmaker(**crashing), settings, now=T0)
    [row] = rows(factory)
    assert (row.status, row.attempts) == ("pending", 0)
    assert deliver_due(factory, settings, now=T0).sent == 1
    first, second = relay.capture.message_ids()
    assert first == second == row.message_id_header


def test_backoff_doubles_from_a_minute_and_stops_at_an_hour() -> None:
    settings = Settings()
    assert [backoff(n, settings).total_seconds() for n in range(1, 9)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_the_sender_loop_delivers_and_stops(factory, settings, relay) -> None:
    relay.start()
    put(factory, settings, "rh@sivom-lauragais.fr", "loop")
    stop = threading.Event()
    loop = threading.Thread(target=run_sender, args=(settings.model_copy(update={"relay_poll_seconds": 0.1}), stop),
                            kwargs={"factory": factory})
    loop.start()
    deadline = time.monotonic() + 20
    while not relay.capture.received and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    loop.join(10)
    assert not loop.is_alive()
    assert len(relay.capture.received) == 1 and rows(factory)[0].status == "sent"
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMail)) == 1


def test_queue_replies_puts_one_reply_per_message_and_claim_even_when_replayed(factory, settings) -> None:
    from intake.replies.choose import choose_replies
    from intake.rules import get_rules
    from intake.store.messages import Message
    from replies.helpers import claim, facts

    with factory() as session:
        received = Message(message_id="<decl-9@mairie-baziege.fr>", sha256="b" * 64, size=10, source="smtp")
        session.add(received)
        session.commit()
        plans = choose_replies(facts(claim(), claim(reference="SIN-2025-00413", agent_identified=False)), get_rules())
        for _ in range(2):  # the second pass is a replay of the same message
            queued = queue_replies(session, plans, settings=settings, message_id=received.id,
                                   in_reply_to=received.message_id, now=T0)
            session.commit()
        assert queued == []
    stored = rows(factory)
    # One reply covering both claims (issue 17: one mail, one reply).
    assert [(r.kind, r.dedupe_key) for r in stored] == [("plusieurs_dossiers", f"reply:{received.id}:-")]
    assert all(r.in_reply_to_message == received.id and "<decl-9@mairie-baziege.fr>" in r.raw for r in stored)


def test_queue_replies_skips_an_address_it_cannot_write_to(factory, settings) -> None:
    from intake.mail.compose import ReplyPlan

    refusals: list[str] = []
    with factory() as session:
        plan = ReplyPlan("transmis_gestionnaire", "rh@mairie-baziege.fr, autre@pirate.example", None,
                         {"collectivite": None})
        assert queue_replies(session, [plan], settings=settings, message_id=1, in_reply_to=None,
                             refusals=refusals) == []
    assert rows(factory) == [] and "destinataire invalide" in refusals[0]
