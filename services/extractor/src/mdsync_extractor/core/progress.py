"""Throttling of JobProgress events: often enough to watch, rarely enough not to flood the topic."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProgressThrottle:
    """Emit at most once per ``interval_seconds``, and only when the count moved."""

    interval_seconds: float = 2.0

    def due(self, last_emitted_at: float | None, last_total: int, now: float, total: int) -> bool:
        """True when a progress event for ``total`` counted assets should go out at ``now``."""
        if total == last_total:
            return False
        return last_emitted_at is None or now - last_emitted_at >= self.interval_seconds
