"""`/jobs`: request, list, show and cancel sync jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mdsync_contracts.jobs import JobMode, JobScope, OutcomeCounts, Priority
from mdsync_extractor.api.access import ID_PATTERN, bounded, scope_for, sees_scope, tenant_for
from mdsync_extractor.api.deps import extractor
from mdsync_extractor.commands import UnknownError
from mdsync_extractor.composition import Extractor
from mdsync_extractor.core.jobs import AssetResult, JobPhase, JobRecord, JobSpec, SpaceError
from mdsync_extractor.tenancy import UnknownTenantError
from mdsync_runtime.auth import Principal
from mdsync_runtime.auth.api import Operator, Viewer

router = APIRouter(prefix="/jobs", tags=["jobs"])
Ex = Annotated[Extractor, Depends(extractor)]
JobId = Annotated[str, Path(pattern=ID_PATTERN)]


RECENT_SCAN = 500
"""Newest jobs scanned for a caller limited to some spaces (the rest are filtered out)."""


class JobCreate(BaseModel):
    """Body of `POST /jobs`."""

    model_config = ConfigDict(extra="forbid")

    scope: Annotated[JobScope, AfterValidator(bounded)] = Field(
        default_factory=JobScope, description="Spaces and/or assets; empty means every space the caller sees."
    )
    priority: Priority = Priority.MEDIUM
    mode: JobMode = JobMode.INCREMENTAL
    dry_run: bool = False
    tenant: str | None = Field(
        default=None, max_length=64, description="Datasphere tenant; default: the first one the caller sees."
    )
    requester: str | None = Field(
        default=None, max_length=256, description="Ignored: the job's requester is the token's subject."
    )


class JobAccepted(BaseModel):
    """Answer of `POST /jobs`."""

    job_id: str
    status: str
    tenant: str


class CancelBody(BaseModel):
    """Body of `POST /jobs/{id}/cancel`."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=2048)
    requester: str | None = Field(
        default=None, max_length=256, description="Ignored: the requester is the token's subject."
    )


class JobView(BaseModel):
    """One job: status, counts per outcome, and (on `GET /jobs/{id}`) every asset's outcome."""

    job_id: str
    tenant: str
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


def job_view(job: JobRecord, tenant: str, assets: list[AssetResult] | None = None) -> JobView:
    """The API view of ``job`` (of ``tenant``)."""
    spec: JobSpec = job.spec
    return JobView(
        job_id=job.job_id,
        tenant=tenant,
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
async def request_job(body: JobCreate, principal: Operator, ex: Ex) -> JobAccepted:
    """Queue a sync job (published as JobRequested) over spaces the caller sees (403 naming the others)."""
    scope = scope_for(principal, body.scope)
    tenant = tenant_for(ex, principal, body.tenant)
    exclude = {"scope", "requester", "tenant"}
    spec = JobSpec(**body.model_dump(exclude=exclude), scope=scope, requester=principal.subject)
    job = await ex.lane(tenant).commands.request_job(spec)
    return JobAccepted(job_id=job.job_id, status=job.phase.value, tenant=tenant)


@router.get("")
async def list_jobs(
    principal: Viewer,
    ex: Ex,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    tenant: Annotated[str | None, Query(max_length=64, description="Only this tenant's jobs.")] = None,
) -> list[JobView]:
    """The newest jobs over the caller's spaces and tenants first, without per-asset outcomes."""
    narrowed = principal.spaces is not None or principal.tenants is not None or tenant is not None
    fetch = RECENT_SCAN if narrowed else limit
    jobs = [
        job
        for job in await ex.state.jobs.recent(fetch)
        if sees_job(ex, principal, job) and tenant in (None, ex.tenant_of(job))
    ]
    return [job_view(job, ex.tenant_of(job)) for job in jobs[:limit]]


def sees_job(ex: Extractor, principal: Principal, job: JobRecord) -> bool:
    """Whether the caller sees the job's tenant and every one of its spaces."""
    return principal.sees_tenant(ex.tenant_of(job)) and sees_scope(principal, job.spec.scope)


async def visible_job(ex: Extractor, principal: Principal, job_id: str) -> JobRecord:
    """The job, if the caller sees its tenant and all of its spaces; 404 otherwise (existence is not revealed)."""
    job = await ex.state.jobs.get(job_id)
    if job is None or not sees_job(ex, principal, job):
        raise HTTPException(status_code=404, detail=f"no job {job_id!r}")
    return job


@router.get("/{job_id}")
async def show_job(job_id: JobId, principal: Viewer, ex: Ex) -> JobView:
    """One job with every asset's outcome so far."""
    job = await visible_job(ex, principal, job_id)
    return job_view(job, ex.tenant_of(job), await ex.state.outcomes.of_job(job_id))


@router.post("/{job_id}/cancel", status_code=202)
async def cancel_job(job_id: JobId, principal: Operator, ex: Ex, body: CancelBody | None = None) -> JobView:
    """Ask a job to stop (published as JobCancelRequested); a running job stops between assets."""
    body = body or CancelBody()
    tenant = ex.tenant_of(await visible_job(ex, principal, job_id))
    try:
        job = await ex.lane(tenant).commands.cancel_job(job_id, principal.subject, body.reason)
    except (UnknownError, UnknownTenantError) as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    return job_view(job, tenant)
