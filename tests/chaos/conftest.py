"""Chaos fixtures: a dedicated devstack on alternate ports, one isolated run per fault, a fault-free baseline.

The suite runs only when selected with ``-m chaos`` (``make chaos``): it moves this process's port registry to
the chaos stack, so it never shares a session with the other tiers.
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.chaos import stack
from tests.chaos.checks import catalog, drop_database, wipe
from tests.chaos.report import read, table
from tests.chaos.services import Run

RunFactory = Callable[..., Awaitable[Run]]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the chaos tests unless the marker expression names them (they need their own session)."""
    if "chaos" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="chaos suite: run with `make chaos` (pytest -m chaos)")
    for item in items:
        if item.get_closest_marker("chaos"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """The figures table of this session's faults."""
    started = getattr(config, "_chaos_started", None)
    if started is None:
        return
    rows = [row for row in read() if row.at.timestamp() >= started]
    if rows:
        terminalreporter.write_sep("=", "chaos figures")
        terminalreporter.write_line(table(rows))


@pytest.fixture(scope="session")
def chaos_stack(pytestconfig: pytest.Config) -> Iterator[None]:
    """The chaos devstack (Kafka, persistent store, moto, simulator with the chaos tenant) for the session.

    Started with empty data (the file store reloads everything it holds on each restart, so it must stay small) and
    stopped at the end (its two JVMs are not needed by anything else); ``MDSYNC_CHAOS_KEEP=1`` keeps it either way.
    """
    import mdsync_devstack

    pytestconfig._chaos_started = time.time()  # type: ignore[attr-defined]
    stack.prepare()
    stack.enter()
    keep = os.environ.get("MDSYNC_CHAOS_KEEP") == "1"
    if not keep:
        mdsync_devstack.down(wipe=True)
    mdsync_devstack.ensure_up(stack.TENANT)
    yield
    if not keep:
        mdsync_devstack.down()


@pytest.fixture
async def new_run(chaos_stack: None, request: pytest.FixtureRequest) -> AsyncIterator[RunFactory]:
    """Make a run on fresh topics, a fresh database and a fresh Glue region; its services stop with the test."""
    from mdsync_runtime.testing import isolated

    runs: list[Run] = []

    async def make(glue_writer_endpoint: str | None = None) -> Run:
        isolation = await isolated()
        run = Run.create(request.node.name.removeprefix("test_")[:40], isolation.topic_prefix, isolation.mongo_db,
                         glue_writer_endpoint)  # fmt: skip
        runs.append(run)
        wipe(run.region)
        return run

    yield make
    for run in runs:
        run.stop_all()
        await drop_database(run.mongo_db)


@dataclass(frozen=True)
class Baseline:
    """The fault-free sync of the chaos tenant: the catalog every faulted run must end with."""

    catalog: dict[str, Any]


@pytest.fixture(scope="session")
async def baseline(chaos_stack: None) -> Baseline:
    """Sync the tenant once without faults into its own region; its Glue catalog is the plan."""
    from mdsync_runtime.testing import isolated
    from tests.chaos.verify import settle

    isolation = await isolated()
    run = Run.create("baseline", isolation.topic_prefix, isolation.mongo_db)
    wipe(run.region)
    try:
        run.start_all()
        job_id = run.start_job()
        started = time.monotonic()
        from tests.chaos.verify import wait_terminal

        await wait_terminal(run, job_id)
        planned = catalog(run.region)
        await settle(run, job_id, "none (baseline)", "fault-free sync", started, planned)
    finally:
        run.stop_all()
        await drop_database(run.mongo_db)
    return Baseline(planned)
