"""An ASGI app served over real HTTP on a free local port, for tests and benchmarks (uvicorn has no start event)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal

import uvicorn

from mdsync_runtime import ports

Lifespan = Literal["auto", "on", "off"]
START_SECONDS = 60.0


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((ports.HOST, 0))
        return int(probe.getsockname()[1])


def _server(app: Any, lifespan: Lifespan) -> tuple[uvicorn.Server, str]:
    port = free_port()
    config = uvicorn.Config(app, host=ports.HOST, port=port, log_level="warning", lifespan=lifespan)
    return uvicorn.Server(config), f"http://{ports.HOST}:{port}"


@contextlib.asynccontextmanager
async def serving(app: Any, lifespan: Lifespan = "auto") -> AsyncIterator[str]:
    """Serve ``app`` in this event loop; yields its base URL once it listens, stops it on exit."""
    server, url = _server(app, lifespan)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(START_SECONDS):
        while not server.started:
            if task.done():
                task.result()  # it failed to start: raise why
                raise RuntimeError(f"{url} stopped before it started")
            await asyncio.sleep(0.02)
    try:
        yield url
    finally:
        server.should_exit = True
        await task


@contextlib.contextmanager
def serving_in_thread(app: Any, lifespan: Lifespan = "auto") -> Iterator[str]:
    """Serve ``app`` in a thread of its own (for callers that block, e.g. Streamlit's AppTest); yields its base URL."""
    server, url = _server(app, lifespan)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + START_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not start")
            time.sleep(0.05)
        yield url
    finally:
        server.should_exit = True
        thread.join(START_SECONDS)
