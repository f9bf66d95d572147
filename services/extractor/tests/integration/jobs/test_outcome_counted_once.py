"""An outcome is counted exactly once, also when its first attempt stored it but lost the count (store outage)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mdsync_contracts.jobs import Outcome
from mdsync_extractor.core.accounting import CountedOutcome
from mdsync_extractor.core.jobs import AssetResult, JobPhase, JobRecord, JobSpec

pytestmark = pytest.mark.integration


async def test_a_retry_after_a_lost_count_counts_the_stored_outcome_once(make_stack: Any) -> None:
    stack = await make_stack()
    state, accountant = stack.extractor.state, stack.extractor.accountant
    job = JobRecord(job_id="job-outage", spec=JobSpec(), created_at=datetime.now(UTC), phase=JobPhase.RUNNING)
    await state.jobs.create(job)
    stored = AssetResult(asset_id="demo/SALES/A", outcome=Outcome.CREATED, decided_by="glue-writer")
    # The first attempt stored the outcome, then the store went away before the job's count was written.
    assert await state.outcomes.record_first(job.job_id, stored)

    retry = CountedOutcome(job.job_id, stored.model_copy(update={"outcome": Outcome.UNCHANGED}))
    await accountant.record(retry)
    await accountant.record(retry)

    counts = (await state.jobs.get(job.job_id)).counts
    assert (counts.created, counts.unchanged, counts.total) == (1, 0, 1)
