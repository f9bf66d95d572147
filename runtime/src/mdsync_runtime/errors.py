"""How a handler failure is treated: retried, retried until the dependency is back, or dead-lettered."""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError
from pymongo.errors import ConnectionFailure


class TransientError(Exception):
    """A failure worth retrying a bounded number of times (throttling, a timeout, a 5xx)."""


class PermanentError(Exception):
    """A failure retrying cannot fix (bad input, a rule that rejects it): dead-letter at once."""


class Treatment(StrEnum):
    """What the consumer does after a handler raised."""

    RETRY = "retry"
    WAIT_FOR_DEPENDENCY = "wait-for-dependency"
    DEAD_LETTER = "dead-letter"


INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (ConnectionFailure, ConnectionError)


def classify(error: BaseException, attempt: int, max_attempts: int) -> Treatment:
    """Decide what to do after attempt number ``attempt`` (1-based) failed with ``error``.

    An unreachable store or broker is not the message's fault, so it is waited for rather than
    dead-lettered; anything else gets ``max_attempts`` tries at most.
    """
    if isinstance(error, PermanentError | ValidationError):
        return Treatment.DEAD_LETTER
    if isinstance(error, INFRASTRUCTURE_ERRORS):
        return Treatment.WAIT_FOR_DEPENDENCY
    return Treatment.RETRY if attempt < max_attempts else Treatment.DEAD_LETTER


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter, capped."""

    base_seconds: float = 0.2
    cap_seconds: float = 30.0

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait before attempt ``attempt + 1``: uniform in [0, min(cap, base * 2**(attempt-1))]."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** max(attempt - 1, 0))
        return (rng or random).uniform(0, ceiling)
