"""Which channels a notice goes to: routes per environment and severity (pure)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mdsync_contracts.alerts import Severity
from mdsync_contracts.base import Environment


class ChannelName(StrEnum):
    """A delivery channel."""

    WEBHOOK = "webhook"
    SLACK = "slack"
    EMAIL = "email"


class Route(BaseModel):
    """Alerts of these environments at or above ``min_severity`` go to ``channels``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    environments: tuple[Environment, ...] = Field(
        default=tuple(Environment), description="Environments it applies to.", examples=[["bear"]]
    )
    min_severity: Severity = Field(default=Severity.INFO, description="Lowest severity it carries.")
    channels: tuple[ChannelName, ...] = Field(description="Where to.", examples=[["slack", "email"]])


def channels_for(
    routes: tuple[Route, ...], configured: tuple[ChannelName, ...], environment: Environment, severity: Severity
) -> tuple[ChannelName, ...]:
    """Channels an alert of ``severity`` in ``environment`` goes to (each once, in configured order)."""
    if not routes:
        return configured
    wanted = {
        channel
        for route in routes
        if environment in route.environments and severity.rank >= route.min_severity.rank
        for channel in route.channels
    }
    return tuple(c for c in configured if c in wanted)
