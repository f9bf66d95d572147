"""Job accounting: which messages are final outcomes, when a job is complete, and how it ended."""

import json
import uuid
from datetime import UTC, datetime

import pytest

from mdsync_contracts.base import Environment
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.glue import (
    AppliedAction,
    ChangeClass,
    ChangeHeld,
    ConflictPolicy,
    TableApplied,
    TableConflict,
    TableFailed,
)
from mdsync_contracts.jobs import AssetOutcome, JobFinished, JobStatus, Outcome, OutcomeCounts
from mdsync_extractor.core.accounting import counted_outcome, final_status, is_complete
from mdsync_extractor.core.jobs import JobPhase, JobRecord, JobSpec, SpaceError

ENVELOPE = {"environment": Environment.DOG, "tenant": "demo", "job_id": "job-1", "asset_id": "demo/SALES/ORDERS"}


def job(**changes: object) -> JobRecord:
    base = JobRecord(job_id="job-1", spec=JobSpec(), created_at=datetime(2026, 1, 1, tzinfo=UTC))
    return base.model_copy(update=changes)


def test_asset_outcome_counts_as_its_outcome() -> None:
    message = AssetOutcome(**ENVELOPE, outcome=Outcome.EXCLUDED, reason="kind data_flow", decided_by="mapper")
    counted = counted_outcome(message)
    assert counted is not None
    assert counted.job_id == "job-1"
    assert counted.result.asset_id == "demo/SALES/ORDERS"
    assert (counted.result.outcome, counted.result.decided_by) == (Outcome.EXCLUDED, "mapper")


@pytest.mark.parametrize(
    ("message", "outcome"),
    [
        (TableApplied(**ENVELOPE, database="sales", table="orders", action=AppliedAction.CREATED), Outcome.CREATED),
        (TableApplied(**ENVELOPE, database="s", table="orders", action=AppliedAction.DEPRECATED), Outcome.DEPRECATED),
        (TableFailed(**ENVELOPE, database="sales", table="orders", reason="too long"), Outcome.FAILED),
        (
            TableConflict(**ENVELOPE, database="sales", table="orders", policy=ConflictPolicy.FAIL, reason="drift"),
            Outcome.CONFLICT,
        ),
        (
            ChangeHeld(
                **ENVELOPE,
                database="sales",
                table="orders",
                approval_id="apr-1",
                reason="major",
                change_class=ChangeClass.MAJOR,
                held_command_id=uuid.uuid4(),
            ),
            Outcome.HELD,
        ),
    ],
)
def test_glue_results_are_outcomes_of_their_asset(message: TableApplied, outcome: Outcome) -> None:
    counted = counted_outcome(message)
    assert counted is not None
    assert counted.result.outcome is outcome
    assert counted.result.glue_table in {"sales.orders", "s.orders"}
    assert counted.result.decided_by == "glue-writer"


def test_glue_result_without_job_or_asset_is_not_counted() -> None:
    message = TableApplied(environment=Environment.DOG, tenant="demo", database="s", table="t", action="created")
    assert counted_outcome(message) is None


def dead_letter(**changes: object) -> DeadLetter:
    values: dict[str, object] = {
        **ENVELOPE,
        "service": "mapper",
        "original_topic": "mdsync.datasphere.asset-changes.v1",
        "original_partition": 0,
        "original_offset": 7,
        "error_kind": "handler-failed",
        "error": "KeyError: 'x'",
        "attempts": 3,
        "payload": "{}",
    }
    return DeadLetter.model_validate({**values, **changes})


def test_dead_letter_counts_as_dead_lettered_with_the_error() -> None:
    counted = counted_outcome(dead_letter())
    assert counted is not None
    assert counted.result.outcome is Outcome.DEAD_LETTERED
    assert "KeyError" in (counted.result.reason or "")


def test_undecodable_dead_letter_is_attributed_through_its_payload() -> None:
    payload = json.dumps({"job_id": "job-9", "asset_id": "demo/S/X", "broken": True})
    counted = counted_outcome(dead_letter(job_id=None, asset_id=None, payload=payload, error_kind="invalid"))
    assert counted is not None
    assert (counted.job_id, counted.result.asset_id) == ("job-9", "demo/S/X")
    assert counted_outcome(dead_letter(job_id=None, asset_id=None, payload="not json")) is None


def test_job_lifecycle_messages_are_not_outcomes() -> None:
    finished = JobFinished(
        environment=Environment.DOG, tenant="demo", job_id="job-1", status=JobStatus.SUCCEEDED,
        planned_assets=0, counts=OutcomeCounts(),
    )  # fmt: skip
    assert counted_outcome(finished) is None


def test_complete_only_when_the_run_is_done_and_every_dispatched_asset_is_counted() -> None:
    counts = OutcomeCounts(created=2, unchanged=1)
    assert not is_complete(job(phase=JobPhase.RUNNING, expected=None, counts=counts))
    assert not is_complete(job(phase=JobPhase.ACCOUNTING, expected=4, counts=counts))
    assert is_complete(job(phase=JobPhase.ACCOUNTING, expected=3, counts=counts))
    assert not is_complete(job(phase=JobPhase.FINISHED, expected=3, counts=counts))
    assert is_complete(job(phase=JobPhase.ACCOUNTING, expected=0))


def test_final_status() -> None:
    assert final_status(job(counts=OutcomeCounts(created=3))) == (JobStatus.SUCCEEDED, None)
    status, reason = final_status(job(counts=OutcomeCounts(created=3, failed=1, dead_lettered=1)))
    assert status is JobStatus.FAILED
    assert reason == "2 of 5 assets failed"
    status, reason = final_status(job(space_errors=(SpaceError(space="HR", error="403"),)))
    assert (status, reason) == (JobStatus.FAILED, "listing failed for HR")
    status, _ = final_status(job(cancel_requested=True, counts=OutcomeCounts(failed=1)))
    assert status is JobStatus.CANCELLED
