"""Progress throttling, and the envelope of the messages a job publishes."""

import uuid
from datetime import UTC, datetime

from mdsync_contracts.base import Environment
from mdsync_contracts.jobs import JobStatus, Outcome, OutcomeCounts
from mdsync_extractor.core import events
from mdsync_extractor.core.jobs import JobRecord, JobSpec
from mdsync_extractor.core.progress import ProgressThrottle


def test_progress_is_emitted_when_counts_moved_and_the_interval_passed() -> None:
    throttle = ProgressThrottle(interval_seconds=2.0)
    assert throttle.due(None, 0, now=100.0, total=1)
    assert not throttle.due(100.0, 1, now=101.0, total=5)  # too soon
    assert throttle.due(100.0, 1, now=102.0, total=5)
    assert not throttle.due(100.0, 5, now=200.0, total=5)  # nothing new


def test_a_jobs_messages_carry_job_correlation_and_causation() -> None:
    request_id = uuid.uuid4()
    job = JobRecord(
        job_id="job-1",
        spec=JobSpec(),
        request_event_id=str(request_id),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        planned=3,
        counts=OutcomeCounts(created=2, failed=1),
    )
    envelope = events.envelope_of(job, Environment.DOG, "demo")
    outcome = events.outcome(envelope, "demo/S/A", Outcome.FAILED, "broken")
    finished = events.finished(job, envelope, JobStatus.FAILED, "1 of 3 assets failed")
    for message in (outcome, finished, events.started(job, envelope)):
        assert (message.job_id, message.correlation_id, message.causation_id) == ("job-1", "job-1", request_id)
    assert (outcome.asset_id, outcome.decided_by, outcome.key()) == ("demo/S/A", "extractor", "job-1")
    assert (finished.planned_assets, finished.counts.total) == (3, 3)
