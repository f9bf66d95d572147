"""Messages on the sync-jobs topic: a job's life, and per-asset outcomes decided before Glue."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Self

from pydantic import Field, field_validator, model_validator

from mdsync_contracts.asset_model import AssetKind, Frozen, ObjectRef
from mdsync_contracts.base import Command, Message
from mdsync_contracts.topics import SYNC_JOBS, job_key


class Priority(StrEnum):
    """Job priority; a higher one is always started first."""

    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"

    @property
    def rank(self) -> int:
        """0 for CRITICAL up to 3 for LOW: sorts the most urgent first."""
        return list(Priority).index(self)


class JobMode(StrEnum):
    """Full runs republish everything and reconcile deletions; incremental runs publish changes only."""

    FULL = "full"
    INCREMENTAL = "incremental"


class JobStatus(StrEnum):
    """How a job ended."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    TIMED_OUT = "timed_out"


class Outcome(StrEnum):
    """The one final outcome each asset of a job ends in."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    EXCLUDED = "excluded"
    HELD = "held"
    PLANNED = "planned"
    FAILED = "failed"
    DEAD_LETTERED = "dead_lettered"
    DEPRECATED = "deprecated"
    DELETED = "deleted"
    CONFLICT = "conflict"


class OutcomeCounts(Frozen):
    """How many assets of a job ended in each outcome."""

    created: int = Field(default=0, ge=0, description="Glue tables created.", examples=[12])
    updated: int = Field(default=0, ge=0, description="Glue tables updated.", examples=[3])
    unchanged: int = Field(default=0, ge=0, description="Nothing to write.", examples=[140])
    excluded: int = Field(default=0, ge=0, description="Excluded by mapping rules (flows included).", examples=[5])
    held: int = Field(default=0, ge=0, description="Held for approval.", examples=[1])
    planned: int = Field(default=0, ge=0, description="Planned by a dry run.", examples=[0])
    failed: int = Field(default=0, ge=0, description="Failed.", examples=[0])
    dead_lettered: int = Field(default=0, ge=0, description="Sent to the dead-letter topic.", examples=[0])
    deprecated: int = Field(default=0, ge=0, description="Glue tables deprecated.", examples=[0])
    deleted: int = Field(default=0, ge=0, description="Glue tables deleted.", examples=[0])
    conflict: int = Field(
        default=0, ge=0, description="Stopped by a conflict with changes made outside mdsync.", examples=[0]
    )

    @property
    def total(self) -> int:
        """Assets counted so far."""
        return sum(getattr(self, outcome.value) for outcome in Outcome)

    def add(self, outcome: Outcome, count: int = 1) -> OutcomeCounts:
        """Return these counts with ``count`` more assets in ``outcome``."""
        return self.model_copy(update={outcome.value: getattr(self, outcome.value) + count})


class JobScope(Frozen):
    """What a job covers: whole spaces and/or single assets (both empty: every space the requester sees), of the
    named kinds only (none named: every kind)."""

    spaces: tuple[str, ...] = Field(default=(), description="Spaces to sync.", examples=[["SALES", "FINANCE"]])
    assets: tuple[ObjectRef, ...] = Field(
        default=(),
        description="Single assets to sync.",
        examples=[[{"space": "SALES", "technical_name": "SALES_ORDERS"}]],
    )
    kinds: tuple[AssetKind, ...] = Field(
        default=(),
        description="Only objects of these kinds are listed, synced and (when gone) deleted; empty means every "
        "kind. Objects of other kinds are left as they are.",
        examples=[["view"]],
    )

    @field_validator("kinds")
    @classmethod
    def _distinct_kinds(cls, kinds: tuple[AssetKind, ...]) -> tuple[AssetKind, ...]:
        return tuple(sorted(set(kinds)))


class _JobMessage(Message):
    """A message about one job: keyed by, and requiring, its job id."""

    job_id: str = Field(description="The job this message belongs to.", examples=["job-20261126-0001"])

    def key(self) -> str:
        """The job id."""
        return job_key(self.job_id)


class _JobCommand(Command):
    """A command about one job: keyed by, and requiring, its job id."""

    job_id: str = Field(description="The job this command concerns.", examples=["job-20261126-0001"])

    def key(self) -> str:
        """The job id."""
        return job_key(self.job_id)


class JobRequested(_JobCommand):
    """Someone (or a schedule) asks for a sync job."""

    CE_TYPE: ClassVar[str] = "mdsync.sync.job.requested"
    TOPIC: ClassVar[str] = SYNC_JOBS

    scope: JobScope = Field(description="Spaces and assets to sync.", examples=[{"spaces": ["SALES"]}])
    priority: Priority = Field(default=Priority.MEDIUM, description="Queue priority.", examples=["HIGH"])
    mode: JobMode = Field(default=JobMode.INCREMENTAL, description="full or incremental.", examples=["incremental"])
    dry_run: bool = Field(
        default=False, description="Plan only: nothing is published publicly or written to Glue.", examples=[False]
    )
    schedule_id: str | None = Field(
        default=None, description="Schedule that requested the job, if any.", examples=["nightly-sales"]
    )


class JobStarted(_JobMessage):
    """A job left the queue and began; it now knows how many assets it covers."""

    CE_TYPE: ClassVar[str] = "mdsync.sync.job.started"
    TOPIC: ClassVar[str] = SYNC_JOBS

    planned_assets: int = Field(ge=0, description="Assets the job will account for.", examples=[161])
    mode: JobMode = Field(description="full or incremental.", examples=["full"])
    dry_run: bool = Field(default=False, description="Whether this is a dry run.", examples=[False])


class JobProgress(_JobMessage):
    """Counts so far of a running job."""

    CE_TYPE: ClassVar[str] = "mdsync.sync.job.progress"
    TOPIC: ClassVar[str] = SYNC_JOBS

    planned_assets: int = Field(ge=0, description="Assets the job will account for.", examples=[161])
    counts: OutcomeCounts = Field(description="Assets counted per outcome so far.", examples=[{"created": 12}])


class JobCancelRequested(_JobCommand):
    """Someone asks a running or queued job to stop between assets."""

    CE_TYPE: ClassVar[str] = "mdsync.sync.job.cancel-requested"
    TOPIC: ClassVar[str] = SYNC_JOBS

    reason: str | None = Field(default=None, description="Why.", examples=["wrong scope"])


class JobFinished(_JobMessage):
    """A job ended, with its final counts."""

    CE_TYPE: ClassVar[str] = "mdsync.sync.job.finished"
    TOPIC: ClassVar[str] = SYNC_JOBS

    status: JobStatus = Field(description="How it ended.", examples=["succeeded"])
    planned_assets: int = Field(ge=0, description="Assets the job was to account for.", examples=[161])
    counts: OutcomeCounts = Field(description="Final assets per outcome.", examples=[{"created": 12, "unchanged": 149}])
    reason: str | None = Field(
        default=None, description="Why it failed, was cancelled or timed out.", examples=["cancelled by operator:jane"]
    )


class AssetOutcome(_JobMessage):
    """The final outcome of one asset of a job, when it is decided before Glue (or not by the glue-writer)."""

    CE_TYPE: ClassVar[str] = "mdsync.sync.asset.outcome"
    TOPIC: ClassVar[str] = SYNC_JOBS

    asset_id: str = Field(
        description="The asset `{tenant}/{space}/{technical_name}`.", examples=["acme/SALES/SALES_ORDERS"]
    )
    outcome: Outcome = Field(description="The outcome.", examples=["excluded"])
    reason: str | None = Field(
        default=None,
        description="Why, e.g. the rule that excluded it or the error.",
        examples=["kind data_flow excluded"],
    )
    glue_table: str | None = Field(
        default=None, description="`{database}.{table}` it maps to, when it does.", examples=["sales.sales_orders"]
    )
    decided_by: str = Field(description="Service that decided it.", examples=["mapper"])

    @model_validator(mode="after")
    def _reason_for_failures(self) -> Self:
        if self.outcome in (Outcome.FAILED, Outcome.CONFLICT, Outcome.DEAD_LETTERED) and not self.reason:
            raise ValueError(f"outcome {self.outcome.value} needs a reason")
        return self
