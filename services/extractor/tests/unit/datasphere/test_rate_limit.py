"""The client-side limiter at the real default of 300 requests per minute, on an injected clock."""

from __future__ import annotations

import pytest

from mdsync_extractor.datasphere import TokenBucket

from .conftest import FakeClock, Sim

DEFAULT = 300


def test_default_allows_a_small_burst_then_spaces_requests() -> None:
    bucket = TokenBucket(DEFAULT, clock=lambda: 0.0)
    waits = [bucket.reserve() for _ in range(DEFAULT + 1)]
    assert bucket.burst == 5
    assert waits[:5] == [0.0] * 5
    assert waits[5] == pytest.approx(60 / 295)
    assert waits[DEFAULT - 1] == pytest.approx(60.0)  # the 300th request of a burst waits a full minute
    assert waits[DEFAULT] > 60.0
    assert sum(1 for wait in waits if wait < 60.0) <= DEFAULT  # at most 300 start within the first minute


async def test_no_sixty_second_window_holds_more_than_the_limit() -> None:
    clock = FakeClock(now=0.0)
    bucket = TokenBucket(DEFAULT, clock=clock)
    sent = []
    for _ in range(3 * DEFAULT):
        await bucket.acquire(clock.sleep)
        sent.append(clock.now)
    assert min(later - earlier for earlier, later in zip(sent, sent[DEFAULT:], strict=False)) >= 60.0
    assert sent[-1] == pytest.approx((3 * DEFAULT - 5) * 60 / 295)  # sustained at just under the limit


def test_refills_while_idle() -> None:
    clock = FakeClock(now=0.0)
    bucket = TokenBucket(DEFAULT, clock=clock)
    assert [bucket.reserve() for _ in range(5)] == [0.0] * 5
    assert bucket.reserve() > 0
    clock.now += 60.0
    assert bucket.reserve() == 0.0


def test_zero_turns_it_off() -> None:
    bucket = TokenBucket(0, clock=lambda: 0.0)
    assert not bucket.enabled
    assert {bucket.reserve() for _ in range(1000)} == {0.0}


def test_rejects_a_burst_as_large_as_the_limit() -> None:
    with pytest.raises(ValueError, match="burst"):
        TokenBucket(60, burst=60)


async def test_client_at_the_default_never_trips_the_simulators_default_limit(sim: Sim) -> None:
    assert sim.state.config.rate_limit_per_minute == DEFAULT
    async with sim.client() as client:
        assert client.config.requests_per_minute == DEFAULT
        for _ in range(DEFAULT + 20):
            await client.list_spaces()
        assert client.calls == DEFAULT + 20  # no retries: the simulator never answered 429
    assert sim.clock.now - 1_000_000.0 > 60.0  # the burst beyond the bucket was spread over more than a minute
    assert not [wait for wait in sim.clock.sleeps if wait > 1.0]  # spaced evenly, never a Retry-After pause
