"""Failures are classified into bounded retries, waiting for a dependency, or the dead-letter topic."""

import random

from pydantic import BaseModel, ValidationError
from pymongo.errors import AutoReconnect

from mdsync_runtime.errors import Backoff, PermanentError, TransientError, Treatment, classify


class _Model(BaseModel):
    number: int


def _validation_error() -> ValidationError:
    try:
        _Model(number="x")  # type: ignore[arg-type]
    except ValidationError as error:
        return error
    raise AssertionError("expected a validation error")


def test_transient_errors_are_retried_until_the_limit() -> None:
    assert classify(TransientError("429"), 1, 3) is Treatment.RETRY
    assert classify(TransientError("429"), 2, 3) is Treatment.RETRY
    assert classify(TransientError("429"), 3, 3) is Treatment.DEAD_LETTER


def test_unknown_errors_are_bounded_too() -> None:
    assert classify(RuntimeError("boom"), 3, 3) is Treatment.DEAD_LETTER


def test_permanent_and_invalid_input_go_to_dead_letter_at_once() -> None:
    assert classify(PermanentError("bad rule"), 1, 5) is Treatment.DEAD_LETTER
    assert classify(_validation_error(), 1, 5) is Treatment.DEAD_LETTER


def test_an_unreachable_store_is_waited_for_not_blamed_on_the_message() -> None:
    assert classify(AutoReconnect("store down"), 50, 3) is Treatment.WAIT_FOR_DEPENDENCY


def test_backoff_grows_exponentially_within_jitter_and_cap() -> None:
    backoff = Backoff(base_seconds=1.0, cap_seconds=5.0)
    rng = random.Random(7)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 5.0), (10, 5.0)]:
        delays = [backoff.delay(attempt, rng) for _ in range(200)]
        assert all(0 <= delay <= ceiling for delay in delays)
        assert max(delays) > ceiling * 0.8
