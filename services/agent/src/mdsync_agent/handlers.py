"""Wiring of the agent service: it consumes nothing; it keeps its clients in the runtime state."""

from __future__ import annotations

from mdsync_agent.settings import AgentSettings
from mdsync_agent.state import build_state
from mdsync_runtime.router import Router
from mdsync_runtime.service import Runtime


def build_router(runtime: Runtime) -> Router | None:
    """Create the agent's clients; None: the agent consumes no topic."""
    settings = runtime.settings
    assert isinstance(settings, AgentSettings)
    runtime.state["agent"] = build_state(settings, runtime.common.tenant)
    return None


async def on_stop(runtime: Runtime) -> None:
    """Close the clients."""
    await runtime.state["agent"].close()
