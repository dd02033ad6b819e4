"""Login throttling: failures counted per account and per client address over a sliding window; past the
limit every attempt is refused (429) without a password check, the right password included, so that a
guesser gains nothing and costs us no argon2 time. The failures are rows of the database (login_failures),
so every desk process sharing it counts the same: N processes give a guesser no N times the tries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from intake.store.users import LoginFailure


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)  # SQLite gives naive UTC back


class LoginThrottle:
    def __init__(self, factory: Callable[[], Session], max_failures: int, window_seconds: float) -> None:
        self.factory, self.max_failures, self.window = factory, max_failures, timedelta(seconds=window_seconds)

    def retry_after(self, account: str, address: str, at: datetime | None = None) -> int:
        """Seconds until an attempt is allowed again for this account and address; 0: allowed now.
        Blocking (a database read): call it from a worker thread."""
        at = at or _now()
        wait = timedelta(0)
        with self.factory() as session:
            for scope, key in (("account", account), ("address", address)):
                # The max_failures-th most recent failure within the window leaves it first.
                times = session.scalars(
                    select(LoginFailure.at).where(LoginFailure.scope == scope, LoginFailure.key == key,
                                                  LoginFailure.at > at - self.window)
                    .order_by(LoginFailure.at.desc()).limit(self.max_failures)).all()
                if len(times) >= self.max_failures:
                    wait = max(wait, _aware(times[-1]) + self.window - at)
        seconds = wait.total_seconds()
        return int(seconds) + 1 if seconds > 0 else 0

    def failed(self, account: str, address: str, at: datetime | None = None) -> None:
        at = at or _now()
        with self.factory() as session:
            # Failures out of the window count no more: gone, so a flood of made-up accounts keeps at most
            # one window of rows.
            session.execute(delete(LoginFailure).where(LoginFailure.at <= at - self.window))
            session.add_all([LoginFailure(scope="account", key=account[:320], at=at),
                             LoginFailure(scope="address", key=address[:320], at=at)])
            session.commit()

    def succeeded(self, account: str) -> None:
        with self.factory() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.scope == "account", LoginFailure.key == account))
            session.commit()


def refused_text(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return f"Trop de tentatives de connexion : réessayez dans {minutes} minute{'s' if minutes > 1 else ''}."
