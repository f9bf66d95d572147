"""Job accounting: which message is an asset's final outcome, and when a job is done and how it ended."""

from __future__ import annotations

import json
from dataclasses import dataclass

from mdsync_contracts.base import Message
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.glue import ChangeHeld, ChangePlanned, TableApplied, TableConflict, TableFailed
from mdsync_contracts.jobs import AssetOutcome, JobStatus, Outcome
from mdsync_extractor.core.jobs import AssetResult, JobPhase, JobRecord

_GLUE_RESULTS = (TableApplied, ChangePlanned, ChangeHeld, TableConflict, TableFailed)


@dataclass(frozen=True)
class CountedOutcome:
    """An asset's final outcome, attributed to its job."""

    job_id: str
    result: AssetResult


def counted_outcome(message: Message) -> CountedOutcome | None:
    """The final outcome ``message`` reports for one asset of a job, or None when it reports none."""
    if isinstance(message, AssetOutcome):
        result = AssetResult(
            asset_id=message.asset_id,
            outcome=message.outcome,
            reason=message.reason,
            decided_by=message.decided_by,
            glue_table=message.glue_table,
        )
        return CountedOutcome(message.job_id, result)
    if isinstance(message, _GLUE_RESULTS):
        return _glue_outcome(message)
    if isinstance(message, DeadLetter):
        return _dead_letter_outcome(message)
    return None


GlueResult = TableApplied | ChangePlanned | ChangeHeld | TableConflict | TableFailed


def _glue_outcome(message: GlueResult) -> CountedOutcome | None:
    if message.job_id is None or message.asset_id is None:
        return None
    reason = getattr(message, "reason", None)
    result = AssetResult(
        asset_id=message.asset_id,
        outcome=message.outcome(),
        reason=reason,
        decided_by="glue-writer",
        glue_table=message.key(),
    )
    return CountedOutcome(message.job_id, result)


def _dead_letter_outcome(letter: DeadLetter) -> CountedOutcome | None:
    job_id, asset_id = letter.job_id, letter.asset_id
    if job_id is None or asset_id is None:
        job_id, asset_id = _ids_in_payload(letter.payload, job_id, asset_id)
    if job_id is None or asset_id is None:
        return None
    reason = f"dead-lettered by {letter.service} ({letter.error_kind}): {letter.error}"
    result = AssetResult(asset_id=asset_id, outcome=Outcome.DEAD_LETTERED, reason=reason, decided_by=letter.service)
    return CountedOutcome(job_id, result)


def _ids_in_payload(payload: str, job_id: str | None, asset_id: str | None) -> tuple[str | None, str | None]:
    """Job and asset ids of a message that could not even be decoded, when its JSON still names them."""
    try:
        data = json.loads(payload)
    except ValueError:
        return job_id, asset_id
    if not isinstance(data, dict):
        return job_id, asset_id
    return job_id or _text(data.get("job_id")), asset_id or _text(data.get("asset_id"))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def is_complete(job: JobRecord) -> bool:
    """True when the run dispatched everything and every dispatched asset is counted."""
    return job.phase is JobPhase.ACCOUNTING and job.expected is not None and job.counts.total >= job.expected


def final_status(job: JobRecord) -> tuple[JobStatus, str | None]:
    """How a completely accounted job ended, with a reason when it did not simply succeed."""
    if job.cancel_requested:
        return JobStatus.CANCELLED, job.reason or "cancelled"
    problems = [job.reason] if job.reason else []
    if job.space_errors:
        problems.append("listing failed for " + ", ".join(error.space for error in job.space_errors))
    if job.failed_assets:
        problems.append(f"{job.failed_assets} of {job.counts.total} assets failed")
    if problems:
        return JobStatus.FAILED, "; ".join(problems)
    return JobStatus.SUCCEEDED, None
