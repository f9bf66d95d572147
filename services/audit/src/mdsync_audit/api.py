"""The audit query API, assets side: search, detail, history, diffs, lineage, provenance, OpenLineage.

Every read is a keyed lookup on a document shaped for it (see store/).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from mdsync_audit.api_deps import MAX_ID, MAX_LIST, MAX_TEXT, Cursor, Id, Limit, R, S, not_found
from mdsync_audit.core.asset_views import AssetView
from mdsync_audit.core.search import SearchQuery
from mdsync_audit.core.walk import Direction, Walk
from mdsync_audit.read_models import AssetPage, EventPage, HistoryPage, OpenLineageExport, Provenance, VersionDiff
from mdsync_audit.store.read_assets import NotFoundError

router = APIRouter(tags=["assets"])


@router.get("/assets", response_model=AssetPage, summary="Search assets")
async def search_assets(
    r: R,
    reach: S,
    q: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="Words of the name, label or a column name (all must match)."),
    ] = None,
    name: Annotated[str | None, Query(max_length=MAX_TEXT, description="Words of the technical name.")] = None,
    label: Annotated[str | None, Query(max_length=MAX_TEXT, description="Words of the business name.")] = None,
    column: Annotated[str | None, Query(max_length=MAX_TEXT, description="A column name.")] = None,
    space: Annotated[str | None, Query(max_length=MAX_TEXT, description="Space.")] = None,
    kind: Annotated[str | None, Query(max_length=MAX_TEXT, description="Asset kind.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AssetPage:
    """Assets matching every criterion, by asset id."""
    query = SearchQuery(text=q, name=name, label=label, column=column, space=space, kind=kind)
    return await r.assets.search(query, reach, limit, cursor)


@router.get("/assets/{asset_id:path}/history", response_model=HistoryPage, summary="Asset version history")
async def asset_history(
    r: R, reach: S, asset_id: Id, limit: Limit = 20, before: Annotated[int | None, Query(ge=2)] = None
) -> HistoryPage:
    """Versions of an asset, newest first, each with its column diff."""
    try:
        return await r.assets.history(asset_id, reach, limit, before)
    except NotFoundError as error:
        raise not_found(error) from error


@router.get("/assets/{asset_id:path}/diff", response_model=VersionDiff, summary="Diff two versions")
async def asset_diff(
    r: R, reach: S, asset_id: Id, from_version: Annotated[int, Query(ge=1)], to_version: Annotated[int, Query(ge=1)]
) -> VersionDiff:
    """Columns added, removed and changed between two versions."""
    try:
        return await r.assets.diff(asset_id, reach, from_version, to_version)
    except NotFoundError as error:
        raise not_found(error) from error


@router.get("/assets/{asset_id:path}/events", response_model=EventPage, summary="Events of an asset")
async def asset_events(r: R, reach: S, asset_id: Id, limit: Limit = 50, cursor: Cursor = None) -> EventPage:
    """Events about an asset, newest first."""
    return await r.ops.events("asset", asset_id, reach, limit, cursor)


@router.get("/assets/{asset_id:path}", response_model=AssetView, summary="Asset detail")
async def asset_detail(r: R, reach: S, asset_id: Id) -> AssetView:
    """Current definition, Glue state, last outcome, hashes and freshness of an asset."""
    try:
        return await r.assets.asset(asset_id, reach)
    except NotFoundError as error:
        raise not_found(error) from error


@router.get("/lineage/{node_id:path}", response_model=Walk, summary="Lineage walk")
async def lineage(
    r: R,
    reach: S,
    node_id: Id,
    direction: Direction = Direction.UPSTREAM,
    depth: Annotated[int, Query(ge=0, description="Hops to walk.")] = 3,
) -> Walk:
    """Nodes up- or downstream of `ds:{asset_id}` or `glue:{database}.{table}`, up to `depth` hops."""
    if depth > r.settings.max_lineage_depth:
        raise HTTPException(status_code=422, detail=f"depth may be at most {r.settings.max_lineage_depth}")
    try:
        return await r.assets.lineage(node_id, direction, depth, reach)
    except NotFoundError as error:
        raise not_found(error) from error


@router.get("/glue/{table}/provenance", response_model=Provenance, summary="Provenance of a Glue table")
async def provenance(
    r: R, reach: S, table: Id, version_id: Annotated[str | None, Query(max_length=MAX_ID)] = None
) -> Provenance:
    """Source hash → asset-change event → mapping and rule set → Glue VersionId → approval and operator."""
    try:
        return await r.provenance.provenance(table, reach, version_id)
    except NotFoundError as error:
        raise not_found(error) from error


@router.get("/openlineage", response_model=OpenLineageExport, summary="OpenLineage export")
async def openlineage(
    r: R,
    reach: S,
    space: Annotated[list[str] | None, Query(description=f"Spaces to export (at most {MAX_LIST}).")] = None,
    asset: Annotated[list[str] | None, Query(description=f"Assets to export (at most {MAX_LIST}).")] = None,
    limit: Limit = 200,
    cursor: Cursor = None,
) -> OpenLineageExport:
    """OpenLineage DatasetEvents (schema and column-lineage facets) for assets and their Glue tables."""
    named = [*(space or []), *(asset or [])]
    if len(named) > MAX_LIST or any(len(n) > MAX_ID for n in named):
        raise HTTPException(422, f"at most {MAX_LIST} spaces and assets, each at most {MAX_ID} characters")
    ids = await r.export.scope_assets(space or [], asset or [], reach)
    after = [i for i in ids if cursor is None or i > cursor]
    page = after[:limit]
    events = await r.export.export(page, reach)
    return OpenLineageExport(events=tuple(events), next_cursor=page[-1] if len(after) > limit else None)
