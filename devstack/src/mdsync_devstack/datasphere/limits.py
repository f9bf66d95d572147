"""Per-client sliding-window rate limit (the reference's ~300 requests per user per minute)."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class RateLimiter:
    """Counts accepted requests per client over the last minute."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}

    def check(self, client_id: str, per_minute: int) -> int | None:
        """Record a request, or return the Retry-After seconds when ``client_id`` is over the limit (0 = off)."""
        if per_minute <= 0:
            return None
        now = self.clock()
        window = self._seen.setdefault(client_id, deque())
        while window and window[0] <= now - WINDOW_SECONDS:
            window.popleft()
        if len(window) >= per_minute:
            return max(1, math.ceil(window[0] + WINDOW_SECONDS - now))
        window.append(now)
        return None

    def clear(self) -> None:
        """Forget every window."""
        self._seen.clear()
