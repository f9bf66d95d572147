"""up/status/down with small real processes in a private state directory: reuse, restart, failures."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mdsync_devstack import procs, stack
from mdsync_devstack.component import Component, Context, DevstackError, Launch
from mdsync_devstack.probes import tcp_open
from mdsync_devstack.settings import DevstackSettings
from mdsync_runtime.local_servers import free_port
from mdsync_runtime.ports import Port


class HttpServer(Component):
    """Python's http.server: starts in well under a second, ready when the port accepts."""

    name = "web"
    grace_seconds = 5.0

    def __init__(self, argv: list[str] | None = None) -> None:
        self.port = Port("web", free_port(), "MDSYNC_TEST_WEB_PORT")
        self.argv = argv or [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(self.port.value)]

    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port.value}"

    def listens_on(self) -> list[Port]:
        return [self.port]

    def launch(self, ctx: Context) -> Launch:
        return Launch(self.argv)

    async def is_ready(self) -> bool:
        return tcp_open("127.0.0.1", self.port.value)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    context = stack.context(DevstackSettings(state_dir=tmp_path, devstack_timeout=15))
    yield context
    for pid_file in context.state.pids.glob("*.pid"):
        record = procs.read_record(pid_file)
        if record is not None:
            procs.terminate(record.pid, 5)


async def test_up_starts_then_reuses_then_restarts_what_died(ctx: Context) -> None:
    web = HttpServer()

    first = (await stack.up(ctx, [web])).root["web"]
    again = (await stack.up(ctx, [web])).root["web"]
    assert first.pid is not None
    os.kill(first.pid, signal.SIGKILL)
    for _ in range(100):
        if not procs.alive(first.pid):
            break
        await asyncio.sleep(0.05)
    died = (await stack.status(ctx, [web])).root["web"]
    restarted = (await stack.up(ctx, [web])).root["web"]

    assert (first.state, again.pid) == ("running", first.pid)
    assert (died.state, died.pid) == ("stopped", None)
    assert restarted.state == "running"
    assert restarted.pid != first.pid


async def test_down_stops_by_pid_and_status_says_stopped(ctx: Context) -> None:
    web = HttpServer()
    pid = (await stack.up(ctx, [web])).root["web"].pid

    stopped = stack.down(ctx, [web])
    after = (await stack.status(ctx, [web])).root["web"]

    assert stopped == [f"web (pid {pid})"]
    assert after.state == "stopped"
    assert pid is not None
    assert not procs.alive(pid)
    assert stack.down(ctx, [web]) == []


async def test_a_process_that_exits_while_starting_is_reported_with_its_log(ctx: Context) -> None:
    broken = HttpServer([sys.executable, "-c", "import sys; print('bad setting FOO'); sys.exit(3)"])

    with pytest.raises(DevstackError) as raised:
        await stack.up(ctx, [broken])

    message = str(raised.value)
    assert "web: exited with code 3" in message
    assert str(ctx.state.log_file("web")) in message
    assert "bad setting FOO" in message


async def test_a_port_taken_by_a_stranger_is_named_with_its_variable(ctx: Context) -> None:
    web = HttpServer()
    with socket.socket() as stranger:
        stranger.bind(("127.0.0.1", web.port.value))
        stranger.listen()

        with pytest.raises(DevstackError, match=rf"port {web.port.value} \(set MDSYNC_TEST_WEB_PORT"):
            await stack.up(ctx, [web])


async def test_a_process_that_never_answers_times_out_naming_its_log(tmp_path: Path) -> None:
    ctx = stack.context(DevstackSettings(state_dir=tmp_path, devstack_timeout=1))
    silent = HttpServer([sys.executable, "-c", "import time; print('still thinking'); time.sleep(30)"])

    try:
        with pytest.raises(DevstackError, match=r"web: not ready after 1 s") as raised:
            await stack.up(ctx, [silent])
        unhealthy = (await stack.status(ctx, [silent])).root["web"]
    finally:
        stack.down(ctx, [silent])

    assert str(ctx.state.log_file("web")) in str(raised.value)
    assert unhealthy.state == "unhealthy"
