"""Last sync per tenant's space: the `{tenant}/{space}` freshness documents, and those kept before the split."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.core.kpi import SpaceFreshness
from mdsync_audit.core.kpi_reach import with_legacy
from mdsync_audit.store import schema, sets
from mdsync_audit.store.docs import load_many
from mdsync_audit.store.project_index import TENANT_SPACES
from mdsync_runtime.store import Document

LEGACY_SPACES = "spaces:"
"""The listing of spaces (freshness documents keyed by space alone) written before freshness kept its tenant."""


async def last_synced(db: AsyncDatabase[Document], home_tenant: str) -> dict[str, str | None]:
    """Stamps keyed `{tenant}/{space}` (one listing read, one ``$in``); pre-split ones as ``home_tenant``'s.

    Until ``rebuild_views()`` drops them, documents kept before the split still say when a space of the service's
    own tenant last synced (so a space that has not synced since the upgrade can still be found stale).
    """
    listed = await sets.members(db[schema.SETS], [TENANT_SPACES, LEGACY_SPACES], 1)
    keys, legacy = sorted(listed[TENANT_SPACES]), sorted(listed[LEGACY_SPACES])
    found = await load_many(db[schema.KPI_SPACES], SpaceFreshness, [*keys, *legacy])
    stamps = {k: found[k].last_synced_at if k in found else None for k in keys}
    old = {s: found[s].last_synced_at if s in found else None for s in legacy}
    return with_legacy(stamps, old, home_tenant)
