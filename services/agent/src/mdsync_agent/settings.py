"""Settings of the agent service (environment variables `MDSYNC_AGENT_*`)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from mdsync_runtime.settings import ServiceSettings


class AgentSettings(ServiceSettings):
    """What the agent service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_AGENT_", extra="ignore", frozen=True)
