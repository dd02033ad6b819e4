"""References take the year of receipt with a counter per year, and `intake remind --now` ahead of today
refuses to write, through `intake serve` and the command line (issue 17, points 8 and 9)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime

from serving import serving
from sqlalchemy import func, select
from test_threaded_pieces import mail

from intake.store.outbox import OutboxMail

AGENTS = [("Sylvie RICHARD", "19/02/2001"), ("Virginie BRUNET", "11/09/1980"), ("Camille BONNAL", "12/03/2000")]


def declaration(n: int, written: datetime, start: date):
    name, born = AGENTS[n]
    message = mail(f"Bonjour,\n\n{name}, née le {born}, est en arrêt maladie du {start:%d/%m/%Y} au "
                   f"{start + timedelta(days=6):%d/%m/%Y}.\n\nCordialement", subject=f"Arrêt maladie {name.split()[1]}")
    message.replace_header("Date", format_datetime(written))
    return message


def reference_of(reply) -> str:
    return reply["Subject"].split("[", 1)[1].split("]", 1)[0]


def test_references_take_the_year_of_receipt_with_a_counter_per_year(settings_env, tmp_path) -> None:
    with serving(settings_env, tmp_path, day="2025-12-30") as town:
        # Received on 30 December 2025; the second mail's Date: says 2024 (an old draft sent late).
        [first] = town.exchange(declaration(0, datetime(2025, 12, 30, 8, tzinfo=timezone.utc), date(2025, 12, 29)))
        [second] = town.exchange(declaration(1, datetime(2024, 11, 2, 8, tzinfo=timezone.utc), date(2025, 12, 22)))
        town.restart("2026-01-05")
        [third] = town.exchange(declaration(2, datetime(2025, 12, 31, 18, tzinfo=timezone.utc), date(2026, 1, 2)))
    assert [reference_of(r) for r in (first, second, third)] == ["SIN-2025-00001", "SIN-2025-00002", "SIN-2026-00001"]


def test_remind_on_a_future_day_refuses_without_force(settings_env, tmp_path) -> None:
    today = date.today()
    with serving(settings_env, tmp_path) as town:
        town.exchange(declaration(0, datetime.now(timezone.utc), today - timedelta(days=3)))
        ahead = (today + timedelta(days=60)).isoformat()
        refused = town.remind(ahead)
        assert refused.returncode == 1 and "dans le futur" in refused.stderr and "--dry-run" in refused.stderr
        simulated = town.remind(ahead, "--dry-run")
        assert simulated.returncode == 0 and '"step": "relance_' in simulated.stdout
        with town.factory() as session:
            assert session.scalar(select(func.count()).select_from(OutboxMail)) == 1  # the acknowledgement only
        forced = town.remind(ahead, "--force")
        assert forced.returncode == 0, forced.stderr
        with town.factory() as session:
            assert session.scalar(select(func.count()).select_from(OutboxMail)
                                  .where(OutboxMail.step.like("relance_%"))) == 1
