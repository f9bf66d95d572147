"""Devstack settings (``MDSYNC_*`` environment variables) and the state directory layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVSTACK_DIR = Path(__file__).resolve().parents[2]
REPO_ROOT = DEVSTACK_DIR.parent
TENANT_ENV = "MDSYNC_DATASPHERE_TENANT"


class DevstackSettings(BaseSettings):
    """What the devstack reads from the environment; ports come from ``mdsync_runtime.ports``."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_", extra="ignore", frozen=True)

    state_dir: Path = Field(default=REPO_ROOT / ".devstack", description="Logs, pids, cache and data.")
    topic_prefix: str = Field(default="", description="Prefix of every topic name, e.g. 'dev.'.")
    topic_partitions: int = Field(default=6, ge=1, description="Partitions of each topic created up front.")
    store_persist: bool = Field(default=False, description="Keep the Mongo-wire store in an H2 file under data/.")
    store_heap: str = Field(
        default="2g", pattern=r"^[1-9][0-9]*[mg]$", description="Largest heap of the Mongo-wire store (JVM -Xmx)."
    )
    devstack_timeout: float = Field(default=120.0, gt=0, description="Seconds to wait for each component.")


@dataclass(frozen=True)
class StateDir:
    """The git-ignored folder holding everything the devstack writes."""

    root: Path

    @property
    def logs(self) -> Path:
        """Process output, one file per component."""
        return self.root / "logs"

    @property
    def pids(self) -> Path:
        """Pid files, one per component."""
        return self.root / "pids"

    @property
    def cache(self) -> Path:
        """Downloaded jars and the compiled launcher; safe to keep across resets."""
        return self.root / "cache"

    @property
    def data(self) -> Path:
        """Broker and store data."""
        return self.root / "data"

    def log_file(self, name: str) -> Path:
        """Log file of one component."""
        return self.logs / f"{name}.log"

    def pid_file(self, name: str) -> Path:
        """Pid file of one component."""
        return self.pids / f"{name}.pid"

    def create(self) -> StateDir:
        """Create the folders; return self."""
        for folder in (self.logs, self.pids, self.cache, self.data):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def state_dir(settings: DevstackSettings | None = None) -> StateDir:
    """The state directory in force (``$MDSYNC_STATE_DIR`` or ``<repo>/.devstack``)."""
    return StateDir((settings or DevstackSettings()).state_dir.resolve())
