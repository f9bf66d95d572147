"""The audit query API, operations side: jobs, events, approvals, conflicts, dead letters, KPIs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from mdsync_audit.api_deps import Cursor, Id, Limit, R, S, Text, not_found
from mdsync_audit.core.changes import ApprovalView
from mdsync_audit.core.stored import StoredEvent
from mdsync_audit.read_models import (
    ApprovalList,
    ConflictList,
    DeadLetterPage,
    EventPage,
    JobDetail,
    JobPage,
    KpiReport,
    OutcomePage,
    PlanList,
)
from mdsync_audit.store.read_assets import NotFoundError

router = APIRouter(tags=["operations"])


@router.get("/jobs", response_model=JobPage, summary="List jobs")
async def jobs(
    r: R,
    reach: S,
    status: Text = None,
    days: Annotated[int, Query(ge=1, le=90, description="How many days back.")] = 7,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JobPage:
    """Jobs of the last days, newest first."""
    return await r.ops.jobs(reach, status, days, limit, cursor)


@router.get("/jobs/{job_id}", response_model=JobDetail, summary="Job detail")
async def job(r: R, reach: S, job_id: Id) -> JobDetail:
    """A job with its reported and observed counts."""
    try:
        return await r.ops.job(job_id, reach)
    except NotFoundError as error:
        raise not_found(error) from error


@router.get("/jobs/{job_id}/outcomes", response_model=OutcomePage, summary="Per-asset outcomes of a job")
async def job_outcomes(
    r: R, reach: S, job_id: Id, outcome: Text = None, limit: Limit = 100, cursor: Cursor = None
) -> OutcomePage:
    """Each asset's final outcome in the job."""
    try:
        return await r.ops.outcomes(job_id, reach, outcome, limit, cursor)
    except NotFoundError as error:
        raise not_found(error) from error


@router.get("/jobs/{job_id}/events", response_model=EventPage, summary="Events of a job")
async def job_events(r: R, reach: S, job_id: Id, limit: Limit = 50, cursor: Cursor = None) -> EventPage:
    """Events carrying the job id, newest first."""
    return await r.ops.events("job", job_id, reach, limit, cursor)


@router.get("/jobs/{job_id}/plans", response_model=PlanList, summary="Dry-run plans of a job")
async def job_plans(r: R, reach: S, job_id: Id) -> PlanList:
    """What the dry run would change in Glue."""
    return await r.ops.plans(job_id, reach)


@router.get("/correlations/{correlation_id}/events", response_model=EventPage, summary="Events of a correlation")
async def correlation_events(r: R, reach: S, correlation_id: Id, limit: Limit = 50, cursor: Cursor = None) -> EventPage:
    """Events of one logical operation, newest first."""
    return await r.ops.events("correlation", correlation_id, reach, limit, cursor)


@router.get("/events/{event_id}", response_model=StoredEvent, summary="One stored event")
async def event(r: R, reach: S, event_id: Id) -> StoredEvent:
    """A stored event with its Kafka coordinates."""
    try:
        return await r.ops.event(event_id, reach)
    except NotFoundError as error:
        raise not_found(error) from error


@router.get("/approvals", response_model=ApprovalList, summary="Held changes awaiting a decision")
async def approvals(r: R, reach: S) -> ApprovalList:
    """Open held changes."""
    return await r.ops.approvals(reach)


@router.get("/approvals/{approval_id}", response_model=ApprovalView, summary="One approval")
async def approval(r: R, reach: S, approval_id: Id) -> ApprovalView:
    """A held change and its decision."""
    found = (await r.ops.approvals(reach, [approval_id])).items
    if not found:
        raise HTTPException(status_code=404, detail=f"approval {approval_id!r} not found")
    return found[0]


@router.get("/conflicts", response_model=ConflictList, summary="Open conflicts")
async def conflicts(r: R, reach: S) -> ConflictList:
    """Glue tables changed outside mdsync whose conflict is not resolved."""
    return await r.ops.conflicts(reach)


@router.get("/dead-letters", response_model=DeadLetterPage, summary="Dead letters")
async def dead_letters(
    r: R,
    reach: S,
    service: Text = None,
    days: Annotated[int, Query(ge=1, le=90)] = 7,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DeadLetterPage:
    """Messages a service gave up on, newest first."""
    return await r.ops.dead_letters(reach, service, days, limit, cursor)


@router.get("/kpis", response_model=KpiReport, summary="KPIs")
async def kpis(r: R, reach: S, minutes: Annotated[int, Query(ge=1, le=1440)] = 60) -> KpiReport:
    """Counts, throughput per minute, failures, last sync per space: of the caller's tenants (summed) and spaces."""
    return await r.ops.kpis(reach, minutes)
