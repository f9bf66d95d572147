"""Client-side token bucket that keeps every 60-second window within the tenant's request limit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class TokenBucket:
    """A token bucket of ``burst`` tokens refilled at ``(per_minute - burst) / 60`` per second.

    Refilling at the full rate would let ``burst + per_minute`` requests through in the first minute;
    holding the burst back from the rate keeps any 60 s window at ``per_minute`` at most.
    ``per_minute == 0`` turns the limiter off.
    """

    def __init__(self, per_minute: int, burst: int | None = None, clock: Clock = time.monotonic) -> None:
        self.per_minute = per_minute
        self.burst = burst if burst is not None else max(1, per_minute // 60)
        if per_minute and not 0 < self.burst < per_minute:
            raise ValueError(f"burst must be between 1 and {per_minute - 1}, got {self.burst}")
        self._rate = (per_minute - self.burst) / 60.0 if per_minute else 0.0
        self._clock = clock
        self._tokens = float(self.burst)
        self._updated = clock()

    @property
    def enabled(self) -> bool:
        """False when the limit is 0 (off)."""
        return self.per_minute > 0

    def reserve(self) -> float:
        """Take one token and return how many seconds the caller must wait before sending (0 = now).

        Tokens may go negative: each caller reserves its own slot, so concurrent callers queue up fairly.
        """
        if not self.enabled:
            return 0.0
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._updated) * self._rate)
        self._updated = now
        self._tokens -= 1.0
        return 0.0 if self._tokens >= 0 else -self._tokens / self._rate

    async def acquire(self, sleep: Sleep = asyncio.sleep) -> float:
        """Wait for a slot; returns the seconds waited."""
        wait = self.reserve()
        if wait > 0:
            await sleep(wait)
        return wait
