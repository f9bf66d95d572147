"""`/jobs`: request, list, show and cancel sync jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from mdsync_contracts.jobs import JobMode, JobScope, OutcomeCounts, Priority
from mdsync_extractor.api.deps import extractor
from mdsync_extractor.commands import UnknownError
from mdsync_extractor.composition import Extractor
from mdsync_extractor.core.jobs import AssetResult, JobPhase, JobRecord, JobSpec, SpaceError

router = APIRouter(prefix="/jobs", tags=["jobs"])
Ex = Annotated[Extractor, Depends(extractor)]


class JobCreate(BaseModel):
    """Body of `POST /jobs`."""

    model_config = ConfigDict(extra="forbid")

    scope: JobScope = Field(default_factory=JobScope, description="Spaces and/or assets; empty means every space.")
    priority: Priority = Priority.MEDIUM
    mode: JobMode = JobMode.INCREMENTAL
    dry_run: bool = False
    requester: str = Field(default="operator:anonymous", description="Who asks (shown in the job and its events).")


class JobAccepted(BaseModel):
    """Answer of `POST /jobs`."""

    job_id: str
    status: str


class CancelBody(BaseModel):
    """Body of `POST /jobs/{id}/cancel`."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = None
    requester: str = "operator:anonymous"


class JobView(BaseModel):
    """One job: status, counts per outcome, and (on `GET /jobs/{id}`) every asset's outcome."""

    job_id: str
    status: str = Field(description="queued, running, accounting, or how it ended: succeeded, failed, cancelled, …")
    phase: JobPhase
    priority: Priority
    mode: JobMode
    dry_run: bool
    scope: JobScope
    requester: str
    schedule_id: str | None
    planned: int
    expected: int | None
    counted: int
    failed_assets: int
    counts: OutcomeCounts
    reason: str | None
    space_errors: tuple[SpaceError, ...]
    phase_seconds: dict[str, float] = Field(description="Seconds per phase of the run: list, read, plan, dispatch.")
    created_at: datetime
    started_at: datetime | None
    run_ended_at: datetime | None = Field(description="When the run had dispatched everything (then accounting).")
    finished_at: datetime | None
    assets: list[AssetResult] | None = None


def job_view(job: JobRecord, assets: list[AssetResult] | None = None) -> JobView:
    """The API view of ``job``."""
    spec: JobSpec = job.spec
    return JobView(
        job_id=job.job_id,
        status=job.status.value if job.status else job.phase.value,
        phase=job.phase,
        priority=spec.priority,
        mode=spec.mode,
        dry_run=spec.dry_run,
        scope=spec.scope,
        requester=spec.requester,
        schedule_id=spec.schedule_id,
        planned=job.planned,
        expected=job.expected,
        counted=job.counts.total,
        failed_assets=job.failed_assets,
        counts=job.counts,
        reason=job.reason,
        space_errors=job.space_errors,
        phase_seconds=job.phase_seconds,
        created_at=job.created_at,
        started_at=job.started_at,
        run_ended_at=job.run_ended_at,
        finished_at=job.finished_at,
        assets=assets,
    )


@router.post("", status_code=202)
async def request_job(body: JobCreate, ex: Ex) -> JobAccepted:
    """Queue a sync job (published as JobRequested)."""
    spec = JobSpec(**body.model_dump())
    job = await ex.commands.request_job(spec)
    return JobAccepted(job_id=job.job_id, status=job.phase.value)


@router.get("")
async def list_jobs(ex: Ex, limit: int = 50) -> list[JobView]:
    """The newest jobs first, without per-asset outcomes."""
    return [job_view(job) for job in await ex.state.jobs.recent(max(1, min(limit, 500)))]


@router.get("/{job_id}")
async def show_job(job_id: str, ex: Ex) -> JobView:
    """One job with every asset's outcome so far."""
    job = await ex.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(status_code=404, detail=f"no job {job_id!r}")
    return job_view(job, await ex.state.outcomes.of_job(job_id))


@router.post("/{job_id}/cancel", status_code=202)
async def cancel_job(job_id: str, ex: Ex, body: CancelBody | None = None) -> JobView:
    """Ask a job to stop (published as JobCancelRequested); a running job stops between assets."""
    body = body or CancelBody()
    try:
        job = await ex.commands.cancel_job(job_id, body.requester, body.reason)
    except UnknownError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    return job_view(job)
