"""Settings of the agent service (environment variables `MDSYNC_AGENT_*`)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from mdsync_runtime import ports
from mdsync_runtime.settings import ServiceSettings


class AgentSettings(ServiceSettings):
    """What the agent service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_AGENT_", extra="ignore", frozen=True)

    audit_url: str = Field(default_factory=lambda: ports.service_url("audit"), description="Audit API base URL.")
    audit_timeout_seconds: float = Field(default=10.0, gt=0, description="Timeout of one audit API call.")
    spaces: str = Field(default="", description="Comma-separated caller spaces when no header names them; empty = all.")
    cache_seconds: float = Field(default=60.0, ge=0, description="How long a caller's indexed catalog is reused.")
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible API base URL; unset = offline only.")
    llm_model: str = Field(default="gpt-4o-mini", description="Model name.")
    llm_api_key: SecretStr | None = Field(default=None, description="API key.")
    llm_timeout_seconds: float = Field(default=8.0, gt=0, description="Timeout of one LLM call.")
