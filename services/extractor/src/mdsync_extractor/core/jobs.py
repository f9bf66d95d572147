"""What the extractor knows about a job: its request, phase, counts and per-asset results."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from pydantic import Field

from mdsync_contracts.asset_model import Frozen
from mdsync_contracts.jobs import JobMode, JobScope, JobStatus, Outcome, OutcomeCounts, Priority
from mdsync_extractor.core.polling import SpacePoll

FAILURE_OUTCOMES: frozenset[Outcome] = frozenset({Outcome.FAILED, Outcome.DEAD_LETTERED, Outcome.CONFLICT})
"""Outcomes that mean an asset did not make it; the CLI exits 1 when any asset ends in one."""


class JobPhase(StrEnum):
    """Where a job is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    ACCOUNTING = "accounting"
    FINISHED = "finished"


class JobSpec(Frozen):
    """What was asked for: scope, priority, mode, dry run, and by whom."""

    scope: JobScope = Field(default_factory=JobScope, description="Spaces and/or assets; empty means every space.")
    priority: Priority = Field(default=Priority.MEDIUM, description="Queue priority.")
    mode: JobMode = Field(default=JobMode.INCREMENTAL, description="full or incremental.")
    dry_run: bool = Field(default=False, description="Plan through the mapper; publish and advance nothing.")
    requester: str = Field(default="operator:anonymous", description="Who asked.")
    schedule_id: str | None = Field(default=None, description="Schedule that asked, if any.")
    tenant: str | None = Field(default=None, description="Tenant to run it for; None: the commands' own.")


class SpaceError(Frozen):
    """A space whose listing failed: none of its assets were read and no deletion was inferred in it."""

    space: str = Field(description="The space.")
    error: str = Field(description="What went wrong and what to check.")


class AssetResult(Frozen):
    """The one final outcome of one asset of a job."""

    asset_id: str = Field(description="`{tenant}/{space}/{technical_name}`.")
    outcome: Outcome = Field(description="The outcome.")
    reason: str | None = Field(default=None, description="Why, for failures, exclusions and holds.")
    decided_by: str = Field(description="Service that decided it.")
    glue_table: str | None = Field(default=None, description="`{database}.{table}` when there is one.")


class JobRecord(Frozen):
    """A job as the extractor stores and serves it."""

    job_id: str
    spec: JobSpec
    tenant: str | None = Field(default=None, description="Tenant of the job; None: the deployment's default.")
    request_event_id: str | None = Field(default=None, description="event_id of the JobRequested, if any.")
    phase: JobPhase = JobPhase.QUEUED
    status: JobStatus | None = None
    planned: int = Field(default=0, ge=0, description="Assets the run expects to account for.")
    expected: int | None = Field(default=None, description="Assets dispatched; known once the run is done.")
    counts: OutcomeCounts = Field(default_factory=OutcomeCounts)
    created_at: datetime
    started_at: datetime | None = None
    run_ended_at: datetime | None = None
    finished_at: datetime | None = None
    reason: str | None = None
    space_errors: tuple[SpaceError, ...] = ()
    phase_seconds: dict[str, float] = Field(default_factory=dict, description="Seconds per phase of the run.")
    cancel_requested: bool = False
    polls: tuple[SpacePoll, ...] = Field(default=(), description="Changes found per listed space (adaptive polling).")

    @property
    def failed_assets(self) -> int:
        """Assets that ended in a failure outcome."""
        return sum(getattr(self.counts, outcome.value) for outcome in FAILURE_OUTCOMES)


def new_job_id(now: datetime) -> str:
    """A sortable, unique job id such as ``job-20261126-080000-3f2a1c``."""
    return f"job-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


class CancelEffect(StrEnum):
    """What a cancel request does to a job in a given phase."""

    FINISH_NOW = "finish-now"
    STOP_BETWEEN_ASSETS = "stop-between-assets"
    ALREADY_FINISHED = "already-finished"


def cancel_effect(phase: JobPhase) -> CancelEffect:
    """A queued or accounting job ends at once; a running one stops before its next asset; a finished one stays."""
    if phase is JobPhase.RUNNING:
        return CancelEffect.STOP_BETWEEN_ASSETS
    if phase is JobPhase.FINISHED:
        return CancelEffect.ALREADY_FINISHED
    return CancelEffect.FINISH_NOW
