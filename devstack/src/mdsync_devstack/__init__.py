"""The no-Docker devstack: Kafka, a MongoDB-wire store, moto (Glue) and, when registered, the Datasphere simulator.

The synchronous functions here are the Python API for tests and scripts; ``python -m mdsync_devstack`` is the CLI.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from mdsync_devstack import stack
from mdsync_devstack.component import DevstackError
from mdsync_devstack.components import registry
from mdsync_devstack.status import StackStatus

__all__ = [
    "DevstackError",
    "StackStatus",
    "async_ensure_up",
    "async_status",
    "down",
    "ensure_up",
    "start",
    "status",
    "stop",
]

T = TypeVar("T")


async def async_ensure_up(tenant: Path | None = None) -> StackStatus:
    """Start (or reuse) every component and wait until each answers; raise ``DevstackError`` otherwise."""
    return await stack.up(stack.context(), registry(), tenant)


async def async_status() -> StackStatus:
    """Each component's state, endpoint, pid and log."""
    return await stack.status(stack.context(), registry())


def ensure_up(tenant: Path | None = None) -> dict[str, dict[str, Any]]:
    """Start (or reuse) the devstack; return the status as plain JSON-shaped dicts."""
    return _run(async_ensure_up(tenant)).plain()


def status() -> dict[str, dict[str, Any]]:
    """The status as plain JSON-shaped dicts, exactly what ``python -m mdsync_devstack status`` prints."""
    return _run(async_status()).plain()


def down(wipe: bool = False) -> list[str]:
    """Stop every component by pid; ``wipe`` also deletes the data. Returns what was stopped."""
    return stack.down(stack.context(), registry(), wipe)


def start(*names: str) -> dict[str, dict[str, Any]]:
    """Start (or reuse) only the named components (``kafka``, ``mongo``, ``glue``, ``datasphere``); their status."""
    ctx = stack.context()
    return _run(stack.up(ctx, stack.select(registry(), names))).plain()


def stop(*names: str, kill: bool = False) -> list[str]:
    """Stop only the named components by pid (``kill``: SIGKILL at once, like a crash); return what was stopped."""
    ctx = stack.context()
    chosen = stack.select(registry(), names)
    return stack.kill(ctx, chosen) if kill else stack.down(ctx, chosen)


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion, also from code that already runs inside an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    outcome: list[T] = []
    failure: list[BaseException] = []

    def worker() -> None:
        try:
            outcome.append(asyncio.run(coroutine))
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=worker, name="mdsync-devstack")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]
