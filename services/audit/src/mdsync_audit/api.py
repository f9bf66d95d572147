"""The audit query API: every read is a keyed lookup on a document shaped for it (see store/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request

from mdsync_audit.core.asset_views import AssetView
from mdsync_audit.core.changes import ApprovalView
from mdsync_audit.core.search import SearchQuery
from mdsync_audit.core.stored import StoredEvent
from mdsync_audit.core.walk import Direction, Walk
from mdsync_audit.read_models import (
    ApprovalList,
    AssetPage,
    ConflictList,
    DeadLetterPage,
    EventPage,
    HistoryPage,
    JobDetail,
    JobPage,
    KpiReport,
    OutcomePage,
    PlanList,
    Provenance,
    VersionDiff,
)
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.provenance import ProvenanceReads
from mdsync_audit.store.read_assets import AssetReads, NotFoundError, Spaces
from mdsync_audit.store.read_export import ExportReads
from mdsync_audit.store.read_ops import OpsReads

router = APIRouter(tags=["audit"])
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Cursor = Annotated[str | None, Query(description="Cursor from the previous page.")]


@dataclass(frozen=True)
class Reads:
    """The read sides, bound to the running service's store."""

    assets: AssetReads
    ops: OpsReads
    provenance: ProvenanceReads
    export: ExportReads
    settings: AuditSettings


def reads(request: Request) -> Reads:
    """Read sides for this request's app."""
    runtime = request.app.state.runtime
    settings: AuditSettings = runtime.settings
    db = runtime.db
    return Reads(
        assets=AssetReads(db, settings.search_shards, settings.history_bucket_size),
        ops=OpsReads(db, settings.outcome_shards, settings.index_shards, settings.search_shards),
        provenance=ProvenanceReads(db, settings.history_bucket_size),
        export=ExportReads(db, settings.search_shards),
        settings=settings,
    )


def caller_spaces(
    x_mdsync_spaces: Annotated[str | None, Header(description="Comma-separated spaces the caller may see.")] = None,
) -> Spaces:
    """The caller's spaces from `X-Mdsync-Spaces`; absent means every space."""
    if x_mdsync_spaces is None:
        return None
    return frozenset(s.strip() for s in x_mdsync_spaces.split(",") if s.strip())


R = Annotated[Reads, Depends(reads)]
S = Annotated[Spaces, Depends(caller_spaces)]


def _not_found(error: NotFoundError) -> HTTPException:
    return HTTPException(status_code=404, detail=str(error))


@router.get("/assets", response_model=AssetPage, summary="Search assets")
async def search_assets(
    r: R,
    spaces: S,
    q: Annotated[str | None, Query(description="Words of the name, label or a column name (all must match).")] = None,
    name: Annotated[str | None, Query(description="Words of the technical name.")] = None,
    label: Annotated[str | None, Query(description="Words of the business name.")] = None,
    column: Annotated[str | None, Query(description="A column name.")] = None,
    space: Annotated[str | None, Query(description="Space.")] = None,
    kind: Annotated[str | None, Query(description="Asset kind.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AssetPage:
    """Assets matching every criterion, by asset id."""
    query = SearchQuery(text=q, name=name, label=label, column=column, space=space, kind=kind)
    return await r.assets.search(query, spaces, limit, cursor)


@router.get("/assets/{asset_id:path}/history", response_model=HistoryPage, summary="Asset version history")
async def asset_history(
    r: R, spaces: S, asset_id: str, limit: Limit = 20, before: Annotated[int | None, Query(ge=2)] = None
) -> HistoryPage:
    """Versions of an asset, newest first, each with its column diff."""
    try:
        return await r.assets.history(asset_id, spaces, limit, before)
    except NotFoundError as error:
        raise _not_found(error) from error


@router.get("/assets/{asset_id:path}/diff", response_model=VersionDiff, summary="Diff two versions")
async def asset_diff(
    r: R, spaces: S, asset_id: str, from_version: Annotated[int, Query(ge=1)], to_version: Annotated[int, Query(ge=1)]
) -> VersionDiff:
    """Columns added, removed and changed between two versions."""
    try:
        return await r.assets.diff(asset_id, spaces, from_version, to_version)
    except NotFoundError as error:
        raise _not_found(error) from error


@router.get("/assets/{asset_id:path}/events", response_model=EventPage, summary="Events of an asset")
async def asset_events(r: R, spaces: S, asset_id: str, limit: Limit = 50, cursor: Cursor = None) -> EventPage:
    """Events about an asset, newest first."""
    return await r.ops.events("asset", asset_id, spaces, limit, cursor)


@router.get("/assets/{asset_id:path}", response_model=AssetView, summary="Asset detail")
async def asset_detail(r: R, spaces: S, asset_id: str) -> AssetView:
    """Current definition, Glue state, last outcome, hashes and freshness of an asset."""
    try:
        return await r.assets.asset(asset_id, spaces)
    except NotFoundError as error:
        raise _not_found(error) from error


@router.get("/lineage/{node_id:path}", response_model=Walk, summary="Lineage walk")
async def lineage(
    r: R,
    spaces: S,
    node_id: str,
    direction: Direction = Direction.UPSTREAM,
    depth: Annotated[int, Query(ge=0, description="Hops to walk.")] = 3,
) -> Walk:
    """Nodes up- or downstream of `ds:{asset_id}` or `glue:{database}.{table}`, up to `depth` hops."""
    if depth > r.settings.max_lineage_depth:
        raise HTTPException(status_code=422, detail=f"depth may be at most {r.settings.max_lineage_depth}")
    try:
        return await r.assets.lineage(node_id, direction, depth, spaces)
    except NotFoundError as error:
        raise _not_found(error) from error


@router.get("/glue/{table}/provenance", response_model=Provenance, summary="Provenance of a Glue table")
async def provenance(r: R, spaces: S, table: str, version_id: str | None = None) -> Provenance:
    """Source hash → asset-change event → mapping and rule set → Glue VersionId → approval and operator."""
    try:
        return await r.provenance.provenance(table, spaces, version_id)
    except NotFoundError as error:
        raise _not_found(error) from error


@router.get("/jobs", response_model=JobPage, summary="List jobs")
async def jobs(
    r: R,
    spaces: S,
    status: str | None = None,
    days: Annotated[int, Query(ge=1, le=90, description="How many days back.")] = 7,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JobPage:
    """Jobs of the last days, newest first."""
    return await r.ops.jobs(spaces, status, days, limit, cursor)


@router.get("/jobs/{job_id}", response_model=JobDetail, summary="Job detail")
async def job(r: R, spaces: S, job_id: str) -> JobDetail:
    """A job with its reported and observed counts."""
    try:
        return await r.ops.job(job_id, spaces)
    except NotFoundError as error:
        raise _not_found(error) from error


@router.get("/jobs/{job_id}/outcomes", response_model=OutcomePage, summary="Per-asset outcomes of a job")
async def job_outcomes(
    r: R, spaces: S, job_id: str, outcome: str | None = None, limit: Limit = 100, cursor: Cursor = None
) -> OutcomePage:
    """Each asset's final outcome in the job."""
    try:
        return await r.ops.outcomes(job_id, spaces, outcome, limit, cursor)
    except NotFoundError as error:
        raise _not_found(error) from error


@router.get("/jobs/{job_id}/events", response_model=EventPage, summary="Events of a job")
async def job_events(r: R, spaces: S, job_id: str, limit: Limit = 50, cursor: Cursor = None) -> EventPage:
    """Events carrying the job id, newest first."""
    return await r.ops.events("job", job_id, spaces, limit, cursor)


@router.get("/jobs/{job_id}/plans", response_model=PlanList, summary="Dry-run plans of a job")
async def job_plans(r: R, spaces: S, job_id: str) -> PlanList:
    """What the dry run would change in Glue."""
    return await r.ops.plans(job_id, spaces)


@router.get("/correlations/{correlation_id}/events", response_model=EventPage, summary="Events of a correlation")
async def correlation_events(
    r: R, spaces: S, correlation_id: str, limit: Limit = 50, cursor: Cursor = None
) -> EventPage:
    """Events of one logical operation, newest first."""
    return await r.ops.events("correlation", correlation_id, spaces, limit, cursor)


@router.get("/events/{event_id}", response_model=StoredEvent, summary="One stored event")
async def event(r: R, spaces: S, event_id: str) -> StoredEvent:
    """A stored event with its Kafka coordinates."""
    try:
        return await r.ops.event(event_id, spaces)
    except NotFoundError as error:
        raise _not_found(error) from error


@router.get("/approvals", response_model=ApprovalList, summary="Held changes awaiting a decision")
async def approvals(r: R, spaces: S) -> ApprovalList:
    """Open held changes."""
    return await r.ops.approvals(spaces)


@router.get("/approvals/{approval_id}", response_model=ApprovalView, summary="One approval")
async def approval(r: R, spaces: S, approval_id: str) -> ApprovalView:
    """A held change and its decision."""
    found = (await r.ops.approvals(spaces, [approval_id])).items
    if not found:
        raise HTTPException(status_code=404, detail=f"approval {approval_id!r} not found")
    return found[0]


@router.get("/conflicts", response_model=ConflictList, summary="Open conflicts")
async def conflicts(r: R, spaces: S) -> ConflictList:
    """Glue tables changed outside mdsync whose conflict is not resolved."""
    return await r.ops.conflicts(spaces)


@router.get("/dead-letters", response_model=DeadLetterPage, summary="Dead letters")
async def dead_letters(
    r: R,
    spaces: S,
    service: str | None = None,
    days: Annotated[int, Query(ge=1, le=90)] = 7,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DeadLetterPage:
    """Messages a service gave up on, newest first."""
    return await r.ops.dead_letters(spaces, service, days, limit, cursor)


@router.get("/kpis", response_model=KpiReport, summary="KPIs")
async def kpis(r: R, spaces: S, minutes: Annotated[int, Query(ge=1, le=1440)] = 60) -> KpiReport:
    """Counts, throughput per minute, failures, last sync per space."""
    return await r.ops.kpis(spaces, minutes)


@router.get("/openlineage", summary="OpenLineage export")
async def openlineage(
    r: R,
    spaces: S,
    space: Annotated[list[str] | None, Query(description="Spaces to export.")] = None,
    asset: Annotated[list[str] | None, Query(description="Assets to export.")] = None,
    limit: Limit = 200,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """OpenLineage DatasetEvents (schema and column-lineage facets) for assets and their Glue tables."""
    ids = await r.export.scope_assets(space or [], asset or [], spaces)
    after = [i for i in ids if cursor is None or i > cursor]
    page = after[:limit]
    events = await r.export.export(page)
    return {"events": events, "next_cursor": page[-1] if len(after) > limit else None}
