"""What every devstack component is: a named local process with an endpoint and a readiness probe."""

from __future__ import annotations

import hashlib
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from mdsync_devstack import procs
from mdsync_devstack.settings import DevstackSettings, StateDir
from mdsync_runtime import ports


class DevstackError(RuntimeError):
    """A component could not be prepared, started or reached; the message names the log to read."""


@dataclass(frozen=True)
class Launch:
    """How to run a component: its command line, extra environment and what else defines its configuration."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    config: str = ""

    def fingerprint(self) -> str:
        """A digest of everything that shapes the process; a running one with another digest is restarted."""
        parts = [*self.argv, *(f"{k}={v}" for k, v in sorted(self.env.items())), self.config]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Context:
    """What a component needs from the stack: settings and the state directory."""

    settings: DevstackSettings
    state: StateDir


class Component(ABC):
    """A devstack component; subclasses say how to prepare, launch and probe it, the base runs it by pid."""

    name: ClassVar[str]
    grace_seconds: ClassVar[float] = 10.0

    @abstractmethod
    def endpoint(self) -> str:
        """Where clients reach it (the string ``status`` reports)."""

    @abstractmethod
    def listens_on(self) -> list[ports.Port]:
        """Every local port it listens on; they must be free before it starts."""

    @abstractmethod
    def launch(self, ctx: Context) -> Launch:
        """Its command line; pure, so it can be compared with the running process's fingerprint."""

    @abstractmethod
    async def is_ready(self) -> bool:
        """Whether it answers like a healthy server right now (a short probe, never raising)."""

    async def prepare(self, ctx: Context) -> None:  # noqa: B027 - an optional hook, not an abstract step
        """Fetch, compile or format what the launch needs (idempotent); the default does nothing."""

    async def after_ready(self, ctx: Context) -> str | None:
        """Idempotent set-up once ready (e.g. topics); returns a progress note or None."""
        return None

    def log_file(self, ctx: Context) -> Path:
        """Its log file."""
        return ctx.state.log_file(self.name)

    def running(self, ctx: Context) -> procs.PidRecord | None:
        """The pid record of its live process, else None."""
        return procs.read_record(ctx.state.pid_file(self.name))

    async def start(self, ctx: Context) -> int:
        """Prepare and start it detached, recording the pid; return the pid."""
        log = self.log_file(ctx)
        if log.exists():
            log.replace(log.with_suffix(".log.1"))  # keep one previous run; the fresh log is this run's alone
        await self.prepare(ctx)
        launch = self.launch(ctx)
        pid = procs.spawn(launch.argv, {**os.environ, **launch.env}, ctx.state.root, self.log_file(ctx))
        procs.write_record(ctx.state.pid_file(self.name), pid, launch.fingerprint())
        return pid

    def stop(self, ctx: Context) -> int | None:
        """Stop its process by pid (SIGTERM, SIGKILL after the grace period); return the pid stopped."""
        record = self.running(ctx)
        if record is None:
            return None
        procs.terminate(record.pid, self.grace_seconds)
        ctx.state.pid_file(self.name).unlink(missing_ok=True)
        return record.pid

    def kill(self, ctx: Context) -> int | None:
        """SIGKILL its process by pid at once (a crash, no shutdown hook runs); return the pid killed."""
        record = self.running(ctx)
        if record is None:
            return None
        procs.kill(record.pid)
        ctx.state.pid_file(self.name).unlink(missing_ok=True)
        return record.pid
