"""/healthz, /readyz and /metrics: what a supervisor, a load balancer and Prometheus ask a running intake.

No personal data here: counts, ages and reasons only. /metrics answers a bearer token
(INTAKE_METRICS_TOKEN) or, when none is set, loopback clients only."""

from __future__ import annotations

import hmac
import ipaddress
from collections import Counter as Tally
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select, text

from intake.store.audit import AuditEntry
from intake.store.messages import Message, MessageStatus
from intake.store.outbox import OutboxMail, OutboxStatus
from intake.telemetry import HEARTBEATS, REGISTRY

router = APIRouter(include_in_schema=False)

# Actions of the audit log that a handler takes to put right what the assistant drafted.
CORRECTING_ACTIONS = ("corriger", "requalifier")


def _age_seconds(moment: datetime | None, now: datetime) -> float:
    if moment is None:
        return 0.0
    if moment.tzinfo is None:  # SQLite gives naive datetimes back
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (now - moment).total_seconds())


class StoreCollector:
    """Gauges and counters read from the database at each scrape, so they hold for every process
    sharing it (workers on other machines included), not only for the one scraped."""

    def __init__(self, factory) -> None:
        self.factory = factory

    def describe(self):
        return []  # computed at scrape time only: never queried at registration

    def collect(self):
        now = datetime.now(UTC)
        with self.factory() as session:
            messages = GaugeMetricFamily("intake_messages", "Received messages by status", labels=["status"])
            oldest = GaugeMetricFamily("intake_messages_oldest_age_seconds",
                                       "Age of the oldest message waiting or processing", labels=["status"])
            for status, count, first in session.execute(
                    select(Message.status, func.count(), func.min(Message.received_at)).group_by(Message.status)):
                messages.add_metric([status], count)
                if status in (MessageStatus.RECEIVED, MessageStatus.PROCESSING):
                    oldest.add_metric([status], _age_seconds(first, now))
            outbox = GaugeMetricFamily("intake_outbox", "Outgoing mail by status", labels=["status"])
            for status, count in session.execute(select(OutboxMail.status, func.count()).group_by(OutboxMail.status)):
                outbox.add_metric([status], count)
            pending = session.scalar(select(func.min(OutboxMail.created_at)).where(OutboxMail.status == OutboxStatus.PENDING))
            outbox_age = GaugeMetricFamily("intake_outbox_oldest_pending_age_seconds", "Age of the oldest unsent mail")
            outbox_age.add_metric([], _age_seconds(pending, now))
            replies = CounterMetricFamily("intake_replies", "Mail queued by kind (replies, reminders, digests)",
                                          labels=["kind"])
            for kind, count in session.execute(select(OutboxMail.kind, func.count()).group_by(OutboxMail.kind)):
                replies.add_metric([kind], count)
            corrections = CounterMetricFamily("intake_corrections", "Fields handlers corrected on drafted claims",
                                              labels=["field"])
            for field, count in sorted(_corrected_fields(session).items()):
                corrections.add_metric([field], count)
        yield from (messages, oldest, outbox, outbox_age, replies, corrections)


def _corrected_fields(session) -> Tally:
    """How often each field was corrected: the keys whose value changed in a handler's correction."""
    tally: Tally = Tally()
    rows = session.execute(select(AuditEntry.action, AuditEntry.before, AuditEntry.after)
                           .where(AuditEntry.action.in_(CORRECTING_ACTIONS)))
    for action, before, after in rows:
        before, after = before or {}, after or {}
        changed = [key for key in set(before) | set(after) if before.get(key) != after.get(key)]
        tally.update(changed or [action])
    return tally


def store_registry(factory) -> CollectorRegistry:
    """An app's own registry of the database figures (tests build several apps on several databases in
    one process; the process-wide REGISTRY holds what this process measured itself)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(factory))
    return registry


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process answers: enough for a supervisor's liveness probe."""
    return {"statut": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """Ready to take traffic: the database answers, no thread of this process is stuck, and the outbox
    is not backing up. 503 with the reasons otherwise."""
    settings = request.app.state.settings
    problems: dict[str, str] = {}
    try:
        with request.app.state.factory() as session:
            session.execute(text("SELECT 1"))
            pending = session.scalar(select(func.min(OutboxMail.created_at))
                                     .where(OutboxMail.status == OutboxStatus.PENDING))
    except Exception as error:  # noqa: BLE001 - any failure of the database is "not ready"; its type only (the text may quote the URL)
        problems["base"] = f"injoignable ({type(error).__name__})"
        pending = None
    problems.update(HEARTBEATS.stale(idle_after=settings.ready_idle_seconds, busy_after=settings.worker_lease_seconds))
    age = _age_seconds(pending, datetime.now(UTC))
    if settings.smtp_relay and age > settings.ready_outbox_age_seconds:
        problems["envoi"] = f"courrier en attente depuis {age:.0f} s"
    body = {"statut": "pret" if not problems else "pas pret", "problemes": problems, "threads": HEARTBEATS.names()}
    return JSONResponse(body, status_code=200 if not problems else 503)


def _metrics_allowed(request: Request) -> bool:
    token = request.app.state.settings.metrics_token
    if token:
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    try:
        return ipaddress.ip_address(request.client.host).is_loopback if request.client else False
    except ValueError:
        return False


@router.get("/metrics")
def metrics(request: Request) -> PlainTextResponse:
    if not _metrics_allowed(request):
        return PlainTextResponse("accès refusé : jeton de métriques requis\n", status_code=403)
    body = generate_latest(REGISTRY) + generate_latest(request.app.state.metrics)
    return PlainTextResponse(body, media_type=CONTENT_TYPE_LATEST)
