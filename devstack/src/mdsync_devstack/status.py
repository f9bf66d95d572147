"""The status report: each component's state, endpoint, pid and log, as one JSON object."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

State = Literal["running", "stopped", "unhealthy"]


class ComponentStatus(BaseModel):
    """One component as ``status`` reports it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    state: State = Field(description="running: its process is alive and answers; unhealthy: alive, not answering.")
    endpoint: str = Field(description="Where clients reach it.", examples=["127.0.0.1:19092"])
    pid: int | None = Field(description="Its process id, when alive.")
    log: str = Field(description="Absolute path of its log file.")


class StackStatus(RootModel[dict[str, ComponentStatus]]):
    """Every component by name (``kafka``, ``mongo``, ``glue``, ``datasphere``)."""

    def all_running(self) -> bool:
        """Whether every component is running."""
        return all(component.state == "running" for component in self.root.values())

    def to_json(self) -> str:
        """The one JSON object ``status`` prints."""
        return self.model_dump_json()

    def plain(self) -> dict[str, dict[str, object]]:
        """JSON-shaped dicts, for callers of the untyped Python API."""
        return {name: component.model_dump() for name, component in self.root.items()}


def classify(alive: bool, ready: bool) -> State:
    """The state of a component from whether its process lives and whether it answers."""
    if not alive:
        return "stopped"
    return "running" if ready else "unhealthy"
