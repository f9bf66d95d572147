"""When a failed asset is tried again, and after how long."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from mdsync_runtime.errors import Backoff


@dataclass(frozen=True)
class RetryPolicy:
    """Transient failures are retried with exponential backoff up to ``max_attempts`` tries; others never."""

    max_attempts: int = 3
    backoff: Backoff = field(default_factory=lambda: Backoff(base_seconds=0.5, cap_seconds=30.0))

    def delay_before_next(self, attempt: int, transient: bool, rng: random.Random | None = None) -> float | None:
        """Seconds to wait before trying again after attempt ``attempt`` (1-based) failed; None: give up."""
        if not transient or attempt >= self.max_attempts:
            return None
        return self.backoff.delay(attempt, rng)
