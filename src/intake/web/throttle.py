"""Login throttling: failures counted per account and per client address over a sliding window; past the
limit every attempt is refused (429) without a password check, the right password included, so that a
guesser gains nothing and costs us no argon2 time. Kept in the desk process's memory."""

from __future__ import annotations

import threading
import time
from collections import deque

_MAX_KEYS = 100_000  # a flood of made-up account names must not grow memory without bound


class LoginThrottle:
    def __init__(self, max_failures: int, window_seconds: float) -> None:
        self.max_failures, self.window = max_failures, window_seconds
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], at: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= at - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, account: str, address: str, at: float | None = None) -> int:
        """Seconds until an attempt is allowed again for this account and address; 0: allowed now."""
        at = time.monotonic() if at is None else at
        wait = 0.0
        with self._lock:
            for key in (("account", account), ("address", address)):
                times = self._recent(key, at)
                if len(times) >= self.max_failures:
                    wait = max(wait, times[len(times) - self.max_failures] + self.window - at)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, account: str, address: str, at: float | None = None) -> None:
        at = time.monotonic() if at is None else at
        with self._lock:
            if len(self._failures) > _MAX_KEYS:
                self._failures.clear()
            for key in (("account", account), ("address", address)):
                self._failures.setdefault(key, deque()).append(at)

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._failures.pop(("account", account), None)


def refused_text(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return f"Trop de tentatives de connexion : réessayez dans {minutes} minute{'s' if minutes > 1 else ''}."
