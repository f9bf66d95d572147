"""Settings of the mapper service (environment variables `MDSYNC_MAPPER_*`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from mdsync_runtime.settings import Ordering, ServiceSettings

DEFAULT_RULES_DIR = Path(__file__).resolve().parents[2] / "rules"


class MapperSettings(ServiceSettings):
    """What the mapper service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_MAPPER_", extra="ignore", frozen=True)

    ordering: Ordering = Field(
        default=Ordering.KEY,
        description="Asset changes are keyed by asset and each asset is mapped under its own lock, so assets of one "
        "partition are mapped in parallel.",
    )
    rules_dir: Path = Field(default=DEFAULT_RULES_DIR, description="Directory of {dog,wolf,bear}.yaml.")
    glue_endpoint: str | None = Field(default=None, description="Glue endpoint URL (moto in the devstack); None: AWS.")
    glue_region: str = Field(default="eu-central-1", description="AWS region of the Glue catalog.")
    sts_endpoint: str | None = Field(default=None, description="STS endpoint URL for role assumption (tests).")
    role_arn: str | None = Field(
        default=None, description="Role to assume for Glue reads, if any; a tenant's own glue.role_arn wins."
    )
    role_session_name: str = Field(
        default="mdsync-mapper", description="Session name of the assumed role (a tenant's: `<name>-<tenant>`)."
    )
    glue_concurrency: int = Field(default=8, ge=1, le=64, description="Concurrent Glue reads.")
    replan_concurrency: int = Field(default=8, ge=1, le=64, description="Assets re-mapped at once after new rules.")
