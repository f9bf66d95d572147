"""The audit query API, bulk catalogue: every visible asset with columns, lineage sources and sync state."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from mdsync_audit.api_deps import Cursor, Limit, S
from mdsync_audit.catalog_models import CatalogPage
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.read_catalog import CatalogReads

router = APIRouter(tags=["assets"])


@router.get("/catalog", response_model=CatalogPage, summary="Catalogue page")
async def catalog(request: Request, reach: S, limit: Limit = 200, cursor: Cursor = None) -> Response:
    """Assets by id with their columns, sources, Glue table, last outcome, freshness and lossy columns."""
    runtime = request.app.state.runtime
    settings: AuditSettings = runtime.settings
    page = await CatalogReads(runtime.db, settings.search_shards).page(reach, limit, cursor)
    # Built and typed here already: serialized once, not dumped and validated again against the response model.
    return Response(page.model_dump_json(), media_type="application/json")
