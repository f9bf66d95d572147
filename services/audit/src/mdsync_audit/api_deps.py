"""What every route of the audit API shares: the read sides, what the caller may see, bounded parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Path, Query, Request

from mdsync_audit.core.tenant_scope import Reach, narrowed, within
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.provenance import ProvenanceReads
from mdsync_audit.store.read_assets import AssetReads, NotFoundError
from mdsync_audit.store.read_export import ExportReads
from mdsync_audit.store.read_ops import OpsReads
from mdsync_runtime.auth.api import Viewer

MAX_TEXT = 200
MAX_ID = 512
MAX_LIST = 100

Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Cursor = Annotated[str | None, Query(max_length=MAX_ID, description="Cursor from the previous page.")]
Text = Annotated[str | None, Query(max_length=MAX_TEXT)]
Id = Annotated[str, Path(min_length=1, max_length=MAX_ID)]


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
        ops=OpsReads(db, settings.outcome_shards, settings.index_shards, settings.search_shards, runtime.common.tenant),
        provenance=ProvenanceReads(db, settings.history_bucket_size),
        export=ExportReads(db, settings.search_shards),
        settings=settings,
    )


def caller_reach(
    principal: Viewer,
    x_mdsync_spaces: Annotated[
        str | None, Header(max_length=4000, description="Comma-separated spaces to narrow the answer to.")
    ] = None,
    x_mdsync_tenants: Annotated[
        str | None, Header(max_length=4000, description="Comma-separated tenants to narrow the answer to.")
    ] = None,
    tenant: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Only this tenant (narrows what the token allows).")
    ] = None,
) -> Reach:
    """What this request may touch: the token's spaces and tenants narrowed by the headers, then by `?tenant=`."""
    spaces, tenants = _listed(x_mdsync_spaces), _listed(x_mdsync_tenants)
    return Reach(spaces=principal.visible(spaces), tenants=narrowed(within(principal.tenants, tenants), tenant))


def _listed(header: str | None) -> frozenset[str] | None:
    return None if header is None else frozenset(s.strip() for s in header.split(",") if s.strip())


R = Annotated[Reads, Depends(reads)]
S = Annotated[Reach, Depends(caller_reach)]


def not_found(error: NotFoundError) -> HTTPException:
    """The 404 for a missing (or invisible) record."""
    return HTTPException(status_code=404, detail=str(error))
