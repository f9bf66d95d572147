"""Settings of the audit service (environment variables `MDSYNC_AUDIT_*`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from mdsync_runtime.settings import Ordering, ServiceSettings


class AuditSettings(ServiceSettings):
    """What the audit service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_AUDIT_", extra="ignore", frozen=True)

    ordering: Ordering = Field(
        default=Ordering.KEY,
        description="Views need only each entity's order (KPI guards hold in any order): keys run in parallel.",
    )
    max_in_flight: int = Field(
        default=256,
        ge=1,
        le=1024,
        description="Keys handled at once; their view writes leave together, so more keys make larger bulk writes.",
    )
    history_bucket_size: int = Field(default=20, ge=1, le=500, description="Versions per asset-history bucket.")
    search_shards: int = Field(default=16, ge=1, le=64, description="Shards of each search posting list.")
    outcome_shards: int = Field(default=16, ge=1, le=64, description="Shards of a job's per-asset outcomes.")
    index_shards: int = Field(default=4, ge=1, le=64, description="Shards of a job's or correlation's event index.")
    max_lineage_depth: int = Field(default=10, ge=1, le=50, description="Deepest lineage walk the API allows.")
