"""The per-client rate limit: a low configured value, the window sliding with time, and the real default."""

from __future__ import annotations

from collections.abc import Callable

from mdsync_devstack.datasphere.settings import DEFAULT_RATE_LIMIT, SimConfig

from .conftest import SALES, SYNC, Sim

SPACES = "/dwaas-core/api/v1/spaces"


async def test_low_limit_answers_429_with_retry_after_until_the_window_moves(make_sim: Callable[..., Sim]) -> None:
    sim = make_sim(config=SimConfig(rate_limit_per_minute=3))
    headers = await sim.bearer()
    statuses = [(await sim.api.get(SPACES, headers=headers)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = await sim.api.get(SPACES, headers=headers)
    assert limited.headers["retry-after"] == "60"
    sim.clock.advance(30)
    assert (await sim.api.get(SPACES, headers=headers)).headers["retry-after"] == "30"
    sim.clock.advance(30)
    assert (await sim.api.get(SPACES, headers=headers)).status_code == 200


async def test_limit_is_per_client(make_sim: Callable[..., Sim]) -> None:
    sim = make_sim(config=SimConfig(rate_limit_per_minute=1))
    sync, sales = await sim.bearer(SYNC), await sim.bearer(SALES)
    assert (await sim.api.get(SPACES, headers=sync)).status_code == 200
    assert (await sim.api.get(SPACES, headers=sync)).status_code == 429
    assert (await sim.api.get(SPACES, headers=sales)).status_code == 200


async def test_limit_can_be_lifted_at_run_time(make_sim: Callable[..., Sim]) -> None:
    sim = make_sim(config=SimConfig(rate_limit_per_minute=1))
    headers = await sim.bearer()
    await sim.api.get(SPACES, headers=headers)
    assert (await sim.api.get(SPACES, headers=headers)).status_code == 429
    await sim.api.patch("/_sim/config", json={"rate_limit_per_minute": 0})
    assert (await sim.api.get(SPACES, headers=headers)).status_code == 200


async def test_default_limit_is_300_per_minute(make_sim: Callable[..., Sim]) -> None:
    sim = make_sim(config=SimConfig())
    assert sim.state.config.rate_limit_per_minute == DEFAULT_RATE_LIMIT == 300
    headers = await sim.bearer()
    statuses = [(await sim.api.get(SPACES, headers=headers)).status_code for _ in range(301)]
    assert statuses.count(200) == 300
    assert statuses[-1] == 429
