"""Failed assets: transient failures retried with growing, capped delays up to a limit; others never."""

import random

from mdsync_extractor.core.retry import RetryPolicy
from mdsync_runtime.errors import Backoff


def test_transient_failures_are_retried_until_the_limit() -> None:
    policy = RetryPolicy(max_attempts=3, backoff=Backoff(1.0, 10.0))
    assert policy.delay_before_next(1, transient=True) is not None
    assert policy.delay_before_next(2, transient=True) is not None
    assert policy.delay_before_next(3, transient=True) is None


def test_permanent_failures_are_never_retried() -> None:
    assert RetryPolicy(max_attempts=5).delay_before_next(1, transient=False) is None


def test_delays_grow_exponentially_and_are_capped() -> None:
    policy = RetryPolicy(max_attempts=10, backoff=Backoff(1.0, 4.0))
    ceilings = []
    for attempt in range(1, 6):
        delays = [policy.delay_before_next(attempt, True, random.Random(seed)) for seed in range(200)]
        assert all(d is not None and d >= 0 for d in delays)
        ceilings.append(max(d for d in delays if d is not None))
    assert ceilings[0] <= 1.0 < ceilings[1] <= 2.0 < ceilings[2] <= 4.0
    assert max(ceilings[3:]) <= 4.0
