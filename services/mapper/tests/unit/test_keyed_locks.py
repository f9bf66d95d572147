"""Per-asset mutual exclusion: one asset's work runs one at a time and in arrival order, others in parallel."""

from __future__ import annotations

import asyncio

from mdsync_mapper.keyed import KeyedLocks


async def _work(locks: KeyedLocks, key: str, name: str, log: list[str], gate: asyncio.Event) -> None:
    async with locks.hold(key):
        log.append(f"{name} start")
        await gate.wait()
        log.append(f"{name} end")


async def test_work_on_one_key_runs_one_at_a_time_in_arrival_order() -> None:
    locks, log, gate = KeyedLocks(), list[str](), asyncio.Event()
    first = asyncio.create_task(_work(locks, "acme/SALES/M", "stale", log, gate))
    await asyncio.sleep(0)
    second = asyncio.create_task(_work(locks, "acme/SALES/M", "fresh", log, gate))
    await asyncio.sleep(0)
    assert log == ["stale start"]
    gate.set()
    await asyncio.gather(first, second)
    assert log == ["stale start", "stale end", "fresh start", "fresh end"]


async def test_other_keys_do_not_wait_and_no_lock_outlives_its_users() -> None:
    locks, log, gate = KeyedLocks(), list[str](), asyncio.Event()
    tasks = [asyncio.create_task(_work(locks, f"acme/SALES/{n}", n, log, gate)) for n in ("A", "B")]
    await asyncio.sleep(0)
    assert sorted(log) == ["A start", "B start"]
    assert len(locks) == 2
    gate.set()
    await asyncio.gather(*tasks)
    assert len(locks) == 0


async def test_a_failing_holder_releases_the_key() -> None:
    locks = KeyedLocks()
    try:
        async with locks.hold("k"):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    async with asyncio.timeout(5), locks.hold("k"):
        assert len(locks) == 1
    assert len(locks) == 0
