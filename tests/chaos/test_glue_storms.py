"""Glue throttling and ConcurrentModification storms (a faulting proxy before moto): Glue still ends as planned."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from mdsync_runtime import ports
from tests.chaos.conftest import Baseline, RunFactory
from tests.chaos.glue_proxy import GlueFaultProxy
from tests.chaos.verify import settle, wait_progress, writes_per_table

pytestmark = pytest.mark.chaos
SHARE = 0.3
TABLE_WRITES = frozenset({"CreateTable", "UpdateTable"})


@pytest.fixture
def proxy(chaos_stack: None) -> Iterator[GlueFaultProxy]:
    # Table writes only: a ConcurrentModificationException on CreateDatabase is the finding of the test below.
    running = GlueFaultProxy(ports.glue_endpoint(), share=SHARE, cas_operations=TABLE_WRITES).start()
    yield running
    running.stop()


@pytest.fixture
def database_cas_proxy(chaos_stack: None) -> Iterator[GlueFaultProxy]:
    only = frozenset({"CreateDatabase"})
    running = GlueFaultProxy(ports.glue_endpoint(), share=1.0, cas_share=1.0, throttle=False, cas_operations=only)
    yield running.start()
    running.stop()


async def test_throttling_and_cas_storms_lose_nothing(
    new_run: RunFactory, baseline: Baseline, proxy: GlueFaultProxy
) -> None:
    run = await new_run(glue_writer_endpoint=proxy.url)
    run.start_all()
    job_id = run.start_job()
    await wait_progress(run, job_id, 0.6)
    proxy.storming = False
    ended = time.monotonic()

    injected = ", ".join(f"{n} x {kind}" for kind, n in sorted(proxy.injected.items()))
    happened = f"{SHARE:.0%} of glue-writer calls faulted until 60 % of the job (CAS streaks <= 3): {injected}"
    _, produced = await settle(run, job_id, "glue throttling and ConcurrentModification storm", happened, ended,
                               baseline.catalog)  # fmt: skip
    assert proxy.injected["ThrottlingException"] > 0
    assert proxy.injected["ConcurrentModificationException"] > 0
    assert {key: n for key, n in writes_per_table(produced).items() if n > 1} == {}


async def test_a_cas_conflict_on_create_database_is_retried_not_dead_lettered(
    new_run: RunFactory, baseline: Baseline, database_cas_proxy: GlueFaultProxy
) -> None:
    run = await new_run(glue_writer_endpoint=database_cas_proxy.url)
    run.start_all()
    job_id = run.start_job()
    await wait_progress(run, job_id, 0.6)
    database_cas_proxy.storming = False
    ended = time.monotonic()

    happened = f"CreateDatabase answered {database_cas_proxy.injected['ConcurrentModificationException']} x CME"
    await settle(run, job_id, "glue CreateDatabase ConcurrentModification", happened, ended, baseline.catalog)
