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


@pytest.fixture
def proxy(chaos_stack: None) -> Iterator[GlueFaultProxy]:
    running = GlueFaultProxy(ports.glue_endpoint(), share=SHARE).start()
    yield running
    running.stop()


def test_the_proxy_faults_the_share_asked_and_only_while_storming() -> None:
    proxy = GlueFaultProxy("http://unused", share=0.3)

    assert proxy.fault_for("UpdateTable", 0.1, 0.2) == "ConcurrentModificationException"
    assert proxy.fault_for("UpdateTable", 0.1, 0.7) == "ThrottlingException"
    assert proxy.fault_for("GetTable", 0.1, 0.2) == "ThrottlingException"
    assert proxy.fault_for("GetTable", 0.3, 0.2) is None
    proxy.storming = False
    assert proxy.fault_for("UpdateTable", 0.0, 0.0) is None


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
    happened = f"{int(SHARE * 100)} % of glue-writer calls faulted until 60 % of the job: {injected}"
    _, produced = await settle(run, job_id, "glue throttling and ConcurrentModification storm", happened, ended,
                               baseline.catalog)  # fmt: skip
    assert proxy.injected["ThrottlingException"] > 0
    assert proxy.injected["ConcurrentModificationException"] > 0
    assert {key: n for key, n in writes_per_table(produced).items() if n > 1} == {}
